"""A polite, defensive HTTP fetcher for feeds, sitemaps and article pages.

Synchronous httpx behind a small thread pool (the caller's): the watch loop is one SQLite writer
running a CPU-bound pipeline page by page, so threads for the network waits are all the
concurrency it can use, and signals, retries and sleeps stay plain code.

Every request
- goes only to public addresses unless ``allow_private`` (the host is resolved and checked, and
  again at every redirect hop);
- honours robots.txt (cached per host; 4xx = allowed, 5xx / unreachable = disallowed);
- waits its turn per host (``per_host_concurrency`` in flight, ``per_host_delay`` or robots'
  Crawl-delay apart);
- follows at most ``max_redirects`` redirects and detects loops;
- retries 429 / 5xx / timeouts with exponential backoff, honouring Retry-After up to a cap;
- streams the body and aborts past ``max_bytes``; connect, headers and body share one deadline
  (``deadline``, else 3x the timeout), enforced on every socket operation.

Failures raise :class:`~lagebild.errors.FetchError` whose message is one line of reason.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from ..errors import FetchError, TransientFetchError
from ..model import Origin, Page
from ..settings import FetchSettings
from .addresses import check_address, is_public
from .sniff import head_text, looks_like_html

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 30.0


@dataclass(slots=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    content: bytes
    headers: httpx.Headers

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str | None:
        value = self.headers.get("content-type")
        return value.split(";")[0].strip().lower() if value else None

    @property
    def encoding(self) -> str | None:
        """The charset the Content-Type header declares, if any."""
        for param in (self.headers.get("content-type") or "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'").lower()
        return None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


_deadline = threading.local()  # when the request this thread is making must be done (monotonic)


def _left(timeout: float | None) -> float | None:
    """A socket operation's timeout, shortened to what is left of the request's overall deadline:
    httpx's timeouts are per read, so a server sending its headers a byte at a time never trips
    them; this does (one deadline for connect, headers and body)."""
    end = getattr(_deadline, "at", None)
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("overall deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _left(timeout)))

    def get_extra_info(self, info):
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Every socket under the request's overall deadline; and, unless private addresses are
    allowed, the address a connection actually reached checked, closing the gap between
    :func:`check_address`'s DNS look-up and httpx's own (DNS rebinding)."""

    def __init__(self, public_only: bool) -> None:
        self.public_only = public_only

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = super().connect_tcp(host, port, _left(timeout), local_address, socket_options)
        sock = stream.get_extra_info("socket")
        peer = sock.getpeername()[0] if sock is not None else None
        if self.public_only and peer is not None and not is_public(peer):
            stream.close()
            raise FetchError(f"{host}: connected to non-public address {peer}; refused (use --allow-private)")
        return _DeadlineStream(stream)


def guarded_transport(allow_private: bool) -> httpx.BaseTransport:
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    if pool is not None and hasattr(pool, "_network_backend"):
        pool._network_backend = _GuardedBackend(public_only=not allow_private)
    return transport


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class _Host:
    def __init__(self, slots: int) -> None:
        self.slots = threading.Semaphore(slots)
        self.lock = threading.Lock()
        self.next_at = 0.0
        self.robots: RobotFileParser | None = None
        self.robots_until = 0.0


class Fetcher:
    """Fetch URLs politely. Thread-safe; use one per watch loop and :meth:`close` it."""

    def __init__(self, settings: FetchSettings | None = None, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], object] = time.sleep) -> None:
        self.settings = settings or FetchSettings()
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        timeout = httpx.Timeout(self.settings.timeout)
        self._client = httpx.Client(
            transport=transport or guarded_transport(self.settings.allow_private), timeout=timeout, follow_redirects=False, trust_env=False,
            headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the public call ---------------------------------------------------------------------
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              accept: str | None = None) -> Response:
        """GET ``url`` (conditionally, given validators). 2xx and 304 return; all else raises."""
        check_address(url, self.settings.allow_private)
        if not self.allowed(url):
            raise FetchError(f"{url}: disallowed by robots.txt")
        headers = {"Accept": accept or "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self._with_retries(url, headers, self.settings.max_bytes)
        if response.status == 304 or 200 <= response.status < 300:
            return response
        error = TransientFetchError if response.status in RETRY_STATUS else FetchError
        raise error(f"{url}: HTTP {response.status}")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s host lets our user agent fetch it."""
        robots = self._robots(url)
        return robots.can_fetch(self.settings.user_agent, url)

    # -- robots.txt --------------------------------------------------------------------------
    def _robots(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        host = self._host(origin)
        with host.lock:
            if host.robots is not None and time.monotonic() < host.robots_until:
                return host.robots
        robots, ttl = self._load_robots(origin + "/robots.txt")
        with host.lock:
            host.robots, host.robots_until = robots, time.monotonic() + ttl
        return robots

    def _load_robots(self, robots_url: str) -> tuple[RobotFileParser, float]:
        robots = RobotFileParser(robots_url)
        try:
            response = self._with_retries(robots_url, {"Accept": "text/plain"}, ROBOTS_MAX_BYTES, retries=1,
                                         check_robots=False)
        except FetchError:
            robots.disallow_all = True  # unreachable: assume complete disallow (RFC 9309), retry soon
            return robots, min(300.0, self.settings.robots_ttl)
        if 400 <= response.status < 500:
            robots.allow_all = True
        elif response.status >= 500:
            robots.disallow_all = True
            return robots, min(300.0, self.settings.robots_ttl)
        else:
            robots.parse(response.content.decode("utf-8", "replace").splitlines())
        return robots, self.settings.robots_ttl

    # -- politeness --------------------------------------------------------------------------
    def _host(self, origin: str) -> _Host:
        with self._lock:
            host = self._hosts.get(origin)
            if host is None:
                host = self._hosts[origin] = _Host(self.settings.per_host_concurrency)
            return host

    @contextmanager
    def _turn(self, url: str):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        host = self._host(origin)
        delay = self.settings.per_host_delay
        if host.robots is not None and not url.endswith("/robots.txt"):
            crawl = host.robots.crawl_delay(self.settings.user_agent)
            if crawl:
                delay = max(delay, min(float(crawl), MAX_CRAWL_DELAY))
        with host.slots:
            with host.lock:
                wait = host.next_at - time.monotonic()
                host.next_at = max(host.next_at, time.monotonic()) + delay
            if wait > 0:
                self._sleep(wait)
            yield

    # -- retries, redirects, streaming --------------------------------------------------------
    def _with_retries(self, url: str, headers: dict, max_bytes: int, retries: int | None = None,
                      check_robots: bool = True) -> Response:
        retries = self.settings.retries if retries is None else retries
        for attempt in range(retries + 1):
            try:
                response = self._follow(url, headers, max_bytes, check_robots)
            except _Transient as exc:
                if attempt >= retries:
                    raise TransientFetchError(f"{url}: {exc}") from None
                self._sleep(self.settings.backoff * 2**attempt)
                continue
            if response.status not in RETRY_STATUS or attempt >= retries:
                return response
            wait = retry_after(response.headers.get("retry-after"))
            wait = self.settings.backoff * 2**attempt if wait is None else wait
            self._sleep(min(wait, self.settings.max_retry_after))
        raise AssertionError("unreachable")

    def _follow(self, url: str, headers: dict, max_bytes: int, check_robots: bool) -> Response:
        first, seen = url, {url}
        for hop in range(self.settings.max_redirects + 1):
            check_address(url, self.settings.allow_private)
            if hop and check_robots and not self.allowed(url):
                raise FetchError(f"{url}: disallowed by robots.txt (redirected from {first})")
            response = self._get(url, headers, max_bytes)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUS or not location:
                return response
            target = urljoin(url, location.strip())
            if target in seen:
                raise FetchError(f"{first}: redirect loop at {target}")
            seen.add(target)
            url = target
        raise FetchError(f"{first}: more than {self.settings.max_redirects} redirects")

    def _get(self, url: str, headers: dict, max_bytes: int) -> Response:
        with self._turn(url):
            overall = self.settings.deadline or 3 * self.settings.timeout
            deadline = _deadline.at = time.monotonic() + overall  # read by the sockets (_left)
            try:
                with self._client.stream("GET", url, headers=headers) as r:
                    declared = r.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"{url}: body of {int(declared)} bytes is over the {max_bytes}-byte cap")
                    chunks, size = [], 0
                    for chunk in r.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"{url}: body over the {max_bytes}-byte cap")
                        if time.monotonic() > deadline:
                            raise _Transient(f"no complete response within {overall:g} s")
                        chunks.append(chunk)
                    return Response(url=str(r.url), status=r.status_code, content=b"".join(chunks), headers=r.headers)
            except httpx.TimeoutException:
                if time.monotonic() >= deadline:
                    raise _Transient(f"no complete response within {overall:g} s") from None
                raise _Transient(f"timed out after {self.settings.timeout:g} s") from None
            except httpx.DecodingError as exc:
                raise FetchError(f"{url}: undecodable body ({exc})") from None
            except httpx.UnsupportedProtocol as exc:
                raise FetchError(f"{url}: {exc}") from None
            except (httpx.TransportError, httpx.StreamError) as exc:
                raise _Transient(f"{type(exc).__name__}: {exc or 'connection failed'}") from None
            except (httpx.InvalidURL, httpx.HTTPError, ValueError) as exc:
                raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
            finally:
                _deadline.at = None


class _Transient(Exception):
    """A failure worth retrying (timeout, connection reset)."""


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def to_page(response: Response, origin: Origin | None = None) -> Page:
    """The fetched body as a :class:`Page` to extract: scraped text when the server calls it
    ``text/plain`` (or names no type and the body does not start with markup), else the HTML bytes
    with the charset the header declares. ``origin`` defaults to the final URL."""
    ctype = response.content_type
    sniffed_text = ctype is None and not looks_like_html(head_text(response.content[:4096]))
    kind = "text" if ctype == "text/plain" or sniffed_text else "html"
    content: bytes | str = response.content
    if kind == "text":
        try:
            content = response.content.decode(response.encoding or "utf-8", "replace")
        except LookupError:  # a charset Python does not know
            content = response.content.decode("utf-8", "replace")
    return Page(content=content, kind=kind, url=response.url, declared_encoding=response.encoding,
                origin=origin or Origin(url=response.url), fetched=now_iso())


__all__ = ["Fetcher", "Response", "check_address", "guarded_transport", "is_public", "now_iso", "retry_after",
           "to_page"]
