"""An article's source as search sees it: the host of its URL, and a ``source:`` value against it."""

from lagebild.sources.urls import host_of, source_host, source_matches


def test_host_of_drops_www_and_case_and_survives_bad_urls():
    assert host_of("https://WWW.Spiegel.de/politik/x.html") == "spiegel.de"
    assert host_of("https://news.bbc.co.uk/a") == "news.bbc.co.uk"
    assert host_of(None) is None and host_of("") is None and host_of("not a url") is None
    assert host_of("http://[::1") is None  # urlsplit raises ValueError on this


def test_source_host_reads_urls_and_bare_hosts():
    assert source_host("https://www.spiegel.de/politik/") == "spiegel.de"
    assert source_host(" www.Spiegel.de ") == "spiegel.de"
    assert source_host("spiegel.de/politik") == "spiegel.de"


def test_source_matches_host_subdomain_first_label_or_publisher():
    assert source_matches("spiegel.de", None, "www.spiegel.de")
    assert source_matches("news.bbc.co.uk", None, "bbc.co.uk")
    assert source_matches("spiegel.de", None, "spiegel")
    assert not source_matches("spiegel.de", None, "bbc.co.uk")
    assert source_matches(None, "Süddeutsche Zeitung", "suddeutsche zeitung")
    assert not source_matches(None, None, "spiegel.de")
