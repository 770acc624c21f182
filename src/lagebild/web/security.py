"""What keeps the server safe to run: response headers, the write token, CSRF for dashboard forms.

- Every response carries a Content-Security-Policy without inline script or style, plus
  ``X-Content-Type-Options``, ``Referrer-Policy`` and ``X-Frame-Options``.
- A server bound to a loopback address answers only to loopback host names (no DNS rebinding).
- With a token, every write (POST/DELETE) under ``/api`` needs ``Authorization: Bearer <token>``;
  dashboard forms need a session cookie from ``/login`` instead. :func:`check_bind` refuses a
  non-loopback address without a token.
- A write request that a browser sends from another origin is refused (``Origin`` / ``Referer``),
  and a dashboard form must echo the CSRF cookie it was served with (double submit).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from ..errors import LagebildError

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # not no-referrer: that makes a form post's Origin "null",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
CSRF_COOKIE, SESSION_COOKIE = "lb_csrf", "lb_session"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server on this machine."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without a token."""
    if not is_loopback(host) and not token:
        raise LagebildError(f"--host {host} is reachable from other machines: give --token TOKEN (or bind 127.0.0.1)")


def allowed_hosts(bound: str, extra: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The Host header names a server bound to ``bound`` answers: on a loopback address, the
    loopback names plus the address itself (``127.0.0.2`` is loopback too) plus ``extra``
    (``--allowed-host``), so a DNS-rebinding page cannot reach it; elsewhere any name, unless
    ``extra`` lists them."""
    bound = bound.strip("[]").lower()
    own = (bound, f"[{bound}]") if ":" in bound else (bound,)
    names = tuple(n.strip().lower() for n in extra if n.strip())
    if is_loopback(bound):
        return tuple(dict.fromkeys((*LOOPBACK_NAMES, *own, *names)))
    return tuple(dict.fromkeys((*own, *names))) if names else None


def host_allowed(request: Request, allowed: tuple[str, ...] | None) -> bool:
    if not allowed:
        return True
    host = (request.headers.get("host") or "").lower()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name in allowed


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another origin (Origin, else Referer)."""
    claimed = request.headers.get("origin")
    if claimed is None:
        claimed = request.headers.get("referer")
        if not claimed:
            return True  # not sent by a browser from some page (curl, scripts, the TestClient)
    parts = urlsplit(claimed)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == (request.headers.get("host") or "").lower()


# ---------------------------------------------------------------- request bodies

class Outermost:
    """ASGI wrapper around the whole application, FastAPI's own middleware included:

    - with a token, an API write without ``Authorization: Bearer <token>`` is answered 401 before
      a byte of its body is read (a stranger's 300 MB upload is never buffered);
    - a declared Content-Length over ``max_body`` is answered 413 at once (bodies without one, sent
      chunked, are counted as they stream: ``FastAPI(max_body_size=…)``);
    - every response, whoever makes it (an error page, a 500 of the server's last resort), gets
      the security headers.
    """

    def __init__(self, app, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _unauthorized_api_write(scope):
            await _refuse(scope, receive, send, 401, "write needs Authorization: Bearer <token>",
                          {"WWW-Authenticate": "Bearer"})
            return
        length = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body:
            await _refuse(scope, receive, send, 413, f"request body over {self.max_body // 2**20} MiB", {})
            return
        api = scope.get("path", "").startswith("/api/")

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = {**HEADERS, **({"Cache-Control": "no-store"} if api else {})}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k.lower().encode(), v.encode()) for k, v in extra.items()
                                                    if k.lower().encode() not in present)]}
            await send(message)

        await self.app(scope, receive, with_headers)


def _unauthorized_api_write(scope) -> bool:
    app = scope.get("app")
    token = getattr(getattr(getattr(app, "state", None), "config", None), "token", None)
    if not token or scope.get("method") not in WRITE_METHODS or not scope.get("path", "").startswith("/api/"):
        return False
    given = dict(scope.get("headers") or []).get(b"authorization", b"")
    return not hmac.compare_digest(given, f"Bearer {token}".encode())


async def _refuse(scope, receive, send, status: int, message: str, headers: dict) -> None:
    from fastapi.responses import JSONResponse

    response = JSONResponse({"error": message}, status_code=status,
                            headers={**HEADERS, "Cache-Control": "no-store", **headers})
    await response(scope, receive, send)


# ---------------------------------------------------------------- the token

def session_value(token: str) -> str:
    """The session cookie's value for ``token`` (the token itself never goes into a cookie)."""
    return hmac.new(token.encode(), b"lagebild-dashboard-session", hashlib.sha256).hexdigest()


def bearer_ok(request: Request, token: str | None) -> bool:
    if not token:
        return True
    given = request.headers.get("authorization") or ""
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def token_matches(given: str, token: str) -> bool:
    """Constant-time comparison of a token typed into the login form."""
    return hmac.compare_digest(given.encode(), token.encode())


def session_ok(request: Request, token: str | None) -> bool:
    if not token:
        return True
    cookie = request.cookies.get(SESSION_COOKIE) or ""
    return hmac.compare_digest(cookie.encode(), session_value(token).encode())


def may_write(request: Request) -> bool:
    """Whether this request carries the right to write (always, on a server without a token)."""
    token = request.app.state.config.token
    return bearer_ok(request, token) if request.url.path.startswith("/api/") else session_ok(request, token)


def redact(target: str) -> str:
    """An alert's destination for readers who may not write: a URL keeps only its scheme and host
    (webhook URLs often carry a secret in the path), an address or path only its first characters."""
    parts = urlsplit(target)
    if parts.scheme in ("http", "https") and parts.hostname:
        return f"{parts.scheme}://{parts.hostname}/…"
    return target[:3] + "…" if len(target) > 3 else "…"


def require_api_write(request: Request) -> None:
    """FastAPI dependency of every API write: same origin and, with a token, the bearer token."""
    if not same_origin(request):
        raise HTTPException(403, "cross-origin write refused")
    if not bearer_ok(request, request.app.state.config.token):
        raise HTTPException(401, "write needs Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"})


# ---------------------------------------------------------------- CSRF for dashboard forms

def csrf_token(request: Request) -> str:
    """The CSRF token of this browser (its cookie), or a new one set on the response by the page."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or len(token) != 43:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def check_form(request: Request, form_token: str | None, *, need_session: bool = True) -> None:
    """A dashboard form post: same origin, the CSRF cookie echoed, and (with a token) a session."""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    if not same_origin(request) or not cookie or not hmac.compare_digest(cookie.encode(), (form_token or "").encode()):
        raise HTTPException(403, "form expired or sent from another site: reload the page and try again")
    if need_session and not session_ok(request, request.app.state.config.token):
        raise HTTPException(401, "sign in with the server's token first")


def set_cookies(request: Request, response) -> None:
    """Set the CSRF cookie a page just handed out (HttpOnly, SameSite=Strict)."""
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict", path="/")


__all__ = [
    "CSP", "Outermost", "CSRF_COOKIE", "HEADERS", "LOOPBACK_NAMES", "SESSION_COOKIE", "allowed_hosts", "bearer_ok", "check_bind", "check_form",
    "csrf_token", "host_allowed", "is_loopback", "may_write", "redact", "require_api_write", "same_origin",
    "session_ok", "session_value", "set_cookies", "token_matches",
]
