"""A local news site and a local webhook receiver on 127.0.0.1, started per test module.

The site serves our own feeds (RSS 2.0, Atom, JSON Feed), sitemaps (index + news sitemap), a URL
list, small German and English article pages, and the awkward cases: slow responses, 404 / 500 /
429 with Retry-After, a redirect loop, a huge body, a malformed feed and a robots.txt that
forbids /private/.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lagebild.settings import FetchSettings

ARTICLES = {
    "/de/regierung-klima.html": (
        "Regierung beschließt neues Klimagesetz",
        "de",
        "Die Bundesregierung hat am Mittwoch in Berlin ein neues Klimagesetz beschlossen. "
        "Die Ministerin sagte, das Gesetz solle den Ausstoß von Treibhausgasen deutlich senken. "
        "Umweltverbände begrüßten den Beschluss, forderten aber schnellere Schritte beim Ausbau der Windenergie.",
    ),
    "/de/hafen-streik.html": (
        "Streik legt Hamburger Hafen lahm",
        "de",
        "Ein Streik der Hafenarbeiter hat am Dienstag den Hamburger Hafen weitgehend lahmgelegt. "
        "Die Gewerkschaft fordert höhere Löhne für die Beschäftigten. Die Reedereien warnten vor "
        "Verzögerungen bei den Lieferketten in ganz Europa.",
    ),
    "/en/central-bank-rates.html": (
        "Central bank holds interest rates steady",
        "en",
        "The central bank kept interest rates unchanged on Thursday, citing easing inflation. "
        "Its governor said further cuts would depend on wage growth and energy prices in the coming months. "
        "Markets had expected the decision and stocks closed slightly higher.",
    ),
    "/en/storm-coast.html": (
        "Storm batters the northern coast",
        "en",
        "A powerful storm brought heavy rain and strong winds to the northern coast overnight. "
        "Emergency services said several roads were closed and thousands of homes lost power. "
        "Forecasters expect the storm to weaken by the weekend.",
    ),
    "/private/secret.html": (
        "Geheimes Klimapapier",
        "de",
        "Dieses Klimapapier darf kein Crawler lesen, denn robots.txt verbietet den Pfad.",
    ),
}


def article_html(title: str, lang: str, text: str) -> bytes:
    paras = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip())
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="2026-11-24T10:00:00+01:00"></head>'
        f"<body><nav><a href='/'>Start</a></nav><article><h1>{title}</h1>{paras}</article>"
        f"<footer>Impressum</footer></body></html>"
    ).encode("utf-8")


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{ARTICLES[p][0]}</title><link>{base}{p}</link>"
        f"<pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate></item>" for p in paths
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title>'
            f"<link>{base}/</link><description>d</description>{items}</channel></rss>").encode()


def atom(base: str, paths: list[str]) -> bytes:
    entries = "".join(
        f"<entry><title>{ARTICLES[p][0]}</title><link href='{p}'/><id>{base}{p}</id>"
        f"<updated>2026-11-24T09:00:00Z</updated></entry>" for p in paths
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}/">'
            f"<title>Test</title><id>{base}/atom</id><updated>2026-11-24T09:00:00Z</updated>{entries}</feed>").encode()


def json_feed(base: str, paths: list[str]) -> bytes:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Test", "home_page_url": base + "/",
        "items": [{"id": p, "url": base + p, "title": ARTICLES[p][0], "date_published": "2026-11-24T09:00:00+01:00"} for p in paths],
    }).encode()


class Site:
    """Routes: path -> (status, headers, body) or a callable(handler) -> same."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict]] = []
        self.server: ThreadingHTTPServer | None = None
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def _serve(self, body_wanted: bool) -> None:
            path = self.path.split("?")[0]
            site.hits[path] += 1
            length = int(self.headers.get("content-length") or 0)
            payload = self.rfile.read(length) if length else b""
            site.requests.append((path, {**dict(self.headers), "_body": payload}))
            route = site.routes.get(path)
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            else:
                status, headers, body = route(self) if callable(route) else route
            if body is None:  # the route wrote its own response
                return
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body_wanted:
                self.wfile.write(body)

        def do_GET(self) -> None:
            self._serve(True)

        def do_POST(self) -> None:
            self._serve(True)

    return Handler


def start(site: Site) -> Site:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.server = server
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return site


def news_site() -> Site:
    site = Site()
    base = lambda: site.base  # noqa: E731  (the port is known only after start)
    html = {"Content-Type": "text/html; charset=utf-8"}
    for path, (title, lang, text) in ARTICLES.items():
        site.routes[path] = (200, html, article_html(title, lang, text))
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    site.routes["/feed.rss"] = lambda h: (200, {"Content-Type": "application/rss+xml", "ETag": '"rss-1"'},
                                         rss(base(), ["/de/regierung-klima.html", "/private/secret.html"]))
    site.routes["/feed.atom"] = lambda h: (200, {"Content-Type": "application/atom+xml"}, atom(base(), ["/en/central-bank-rates.html"]))
    site.routes["/feed.json"] = lambda h: (200, {"Content-Type": "application/feed+json"}, json_feed(base(), ["/en/storm-coast.html"]))
    site.routes["/sitemap_index.xml"] = lambda h: (200, {"Content-Type": "application/xml"}, (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base()}/news-sitemap.xml</loc></sitemap></sitemapindex>").encode())
    site.routes["/news-sitemap.xml"] = lambda h: (200, {"Content-Type": "application/xml"}, (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{base()}/de/hafen-streik.html</loc><news:news><news:publication>"
        "<news:name>Test</news:name><news:language>de</news:language></news:publication>"
        "<news:publication_date>2026-11-24T08:30:00+01:00</news:publication_date>"
        "<news:title>Streik legt Hamburger Hafen lahm</news:title></news:news></url>"
        f"<url><loc>{base()}/de/regierung-klima.html?utm_source=sitemap</loc></url></urlset>").encode())
    site.routes["/urls.txt"] = lambda h: (200, {"Content-Type": "text/plain"}, f"# list\n{base()}/en/storm-coast.html\n\n/missing.html\n".encode())
    site.routes["/malformed.rss"] = (200, {"Content-Type": "application/rss+xml"}, b"<rss><channel><item><title>broken")
    site.routes["/500"] = (500, {"Content-Type": "text/plain"}, b"boom")
    site.routes["/loop-a"] = (302, {"Location": "/loop-b"}, b"")
    site.routes["/loop-b"] = (302, {"Location": "/loop-a"}, b"")
    site.routes["/redirect"] = (301, {"Location": "/en/storm-coast.html"}, b"")
    site.routes["/to-private"] = (302, {"Location": "/private/secret.html"}, b"")

    def slow(h):
        time.sleep(1.5)
        return 200, {"Content-Type": "text/plain"}, b"late"

    def huge(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        try:
            for _ in range(64):  # 4 MiB in 64 KiB chunks, no Content-Length
                h.wfile.write(b"x" * 65536)
        except (BrokenPipeError, ConnectionResetError):
            pass
        h.close_connection = True
        return 200, {}, None

    def too_many(h):
        if site.hits["/429"] == 1:
            return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
        return 200, {"Content-Type": "text/plain"}, b"ok now"

    def conditional(h):
        if h.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"', "Content-Type": "text/plain"}, b"fresh"

    site.routes["/slow"] = slow
    site.routes["/huge"] = huge
    site.routes["/429"] = too_many
    site.routes["/conditional"] = conditional
    return start(site)


class Receiver(Site):
    """A webhook receiver that answers 500 while ``failing`` and records what it accepted."""

    def __init__(self) -> None:
        super().__init__()
        self.failing = False
        self.accepted: list[tuple[dict, dict]] = []  # (headers, JSON body)
        self.routes["/hook"] = self._hook

    def _hook(self, h):
        if self.failing:
            return 500, {"Content-Type": "text/plain"}, b"down"
        headers, body = self.requests[-1][1], self.requests[-1][1]["_body"]
        self.accepted.append((headers, json.loads(body)))
        return 200, {"Content-Type": "text/plain"}, b"ok"


@pytest.fixture(scope="module")
def site():
    s = news_site()
    yield s
    s.server.shutdown()
    s.server.server_close()


@pytest.fixture
def receiver():
    r = start(Receiver())
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.fixture
def fetch_settings() -> FetchSettings:
    return FetchSettings(allow_private=True, timeout=0.5, retries=2, backoff=0.01, max_retry_after=2.0,
                         per_host_delay=0.0, max_bytes=1024 * 1024, per_host_concurrency=4)


class Mailbox:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        import email

        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port
    yield box
    controller.stop()
