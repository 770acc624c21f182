"""The fetcher against the local site: robots, private addresses, retries, caps, redirects."""

from __future__ import annotations

import time

import httpx
import pytest

from lagebild.errors import FetchError
from lagebild.settings import FetchSettings
from lagebild.sources.fetch import Fetcher, check_address, retry_after


def test_fetches_page_with_user_agent_and_charset(site, fetch_settings):
    with Fetcher(fetch_settings) as f:
        r = f.fetch(site.url("/de/regierung-klima.html"))
    assert r.status == 200 and b"Klimagesetz" in r.content
    assert r.encoding == "utf-8" and r.content_type == "text/html"
    ua = [h for p, h in site.requests if p == "/de/regierung-klima.html"][-1]["User-Agent"]
    assert ua.startswith("lagebild/0.1 (+https://github.com/")


def test_robots_forbidden_path_is_not_requested(site, fetch_settings):
    before = site.hits["/private/secret.html"]
    with Fetcher(fetch_settings) as f:
        with pytest.raises(FetchError, match="robots.txt"):
            f.fetch(site.url("/private/secret.html"))
        with pytest.raises(FetchError, match="robots.txt"):
            f.fetch(site.url("/to-private"))  # a redirect into a forbidden path
    assert site.hits["/private/secret.html"] == before


def test_private_addresses_refused_unless_allowed(site):
    with Fetcher(FetchSettings(per_host_delay=0)) as f:
        with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
            f.fetch(site.url("/de/hafen-streik.html"))
    for url in ("http://10.1.2.3/", "http://169.254.169.254/latest", "http://[::1]/", "http://0.0.0.0/"):
        with pytest.raises(FetchError, match="non-public"):
            check_address(url)
    with pytest.raises(FetchError, match="http"):
        check_address("file:///etc/passwd")


def test_redirect_hop_into_private_network_is_refused():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://127.0.0.1/admin"})

    # 93.184.215.14 is public; check_address sees a literal, so no DNS is needed.
    with Fetcher(FetchSettings(per_host_delay=0), transport=httpx.MockTransport(handler)) as f:
        with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
            f.fetch("http://93.184.215.14/start")


def test_http_errors_name_the_url(site, fetch_settings):
    with Fetcher(fetch_settings) as f:
        with pytest.raises(FetchError, match=r"/nowhere: HTTP 404"):
            f.fetch(site.url("/nowhere"))
        before = site.hits["/500"]
        with pytest.raises(FetchError, match=r"/500: HTTP 500"):
            f.fetch(site.url("/500"))
        assert site.hits["/500"] - before == 3  # one try + two retries


def test_429_retry_after_is_honoured(site, fetch_settings):
    slept = []
    with Fetcher(fetch_settings, sleep=slept.append) as f:
        r = f.fetch(site.url("/429"))
    assert r.content == b"ok now" and 1.0 in slept


def test_retry_after_forms_and_cap():
    assert retry_after("7") == 7.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after("soon") is None
    slept = []

    def handler(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(503, headers={"Retry-After": "86400"})

    s = FetchSettings(per_host_delay=0, retries=1, max_retry_after=5.0, allow_private=True)
    with Fetcher(s, transport=httpx.MockTransport(handler), sleep=slept.append) as f:
        with pytest.raises(FetchError, match="HTTP 503"):
            f.fetch("http://example.test/x")
    assert slept == [5.0]


def test_slow_response_times_out(site, fetch_settings):
    start = time.monotonic()
    with Fetcher(fetch_settings) as f:
        with pytest.raises(FetchError, match="timed out"):
            f.fetch(site.url("/slow"))
    assert time.monotonic() - start < 5


def test_huge_body_is_cut_off(site, fetch_settings):
    with Fetcher(fetch_settings) as f:
        with pytest.raises(FetchError, match="cap"):
            f.fetch(site.url("/huge"))


def test_redirects_followed_and_loops_detected(site, fetch_settings):
    with Fetcher(fetch_settings) as f:
        r = f.fetch(site.url("/redirect"))
        assert r.url.endswith("/en/storm-coast.html")
        with pytest.raises(FetchError, match="redirect loop"):
            f.fetch(site.url("/loop-a"))


def test_conditional_get(site, fetch_settings):
    with Fetcher(fetch_settings) as f:
        first = f.fetch(site.url("/conditional"))
        again = f.fetch(site.url("/conditional"), etag=first.etag)
    assert first.etag == '"v1"' and not first.not_modified
    assert again.not_modified and again.content == b""


def test_per_host_delay_spaces_requests(site):
    s = FetchSettings(allow_private=True, per_host_delay=0.2, per_host_concurrency=1)
    with Fetcher(s) as f:
        f.fetch(site.url("/robots.txt"))
        start = time.monotonic()
        for _ in range(3):
            f.fetch(site.url("/en/storm-coast.html"))
    assert time.monotonic() - start >= 0.4


def test_connection_to_private_peer_is_refused_after_dns(site):
    """DNS rebinding: even if a name resolved to a public address when checked, the address the
    connection reaches is checked again."""
    from lagebild.sources.fetch import _GuardedBackend

    port = int(site.base.rsplit(":", 1)[1])
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        _GuardedBackend(public_only=True).connect_tcp("127.0.0.1", port, timeout=2)
