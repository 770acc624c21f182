"""Which addresses a fetch may reach: public unicast only (unless private ones are allowed).

Checked before a request (the host's DNS answers, :func:`check_address`) and again on the socket a
connection actually reached (:mod:`.fetch`'s backend, against DNS rebinding), with one test,
:func:`is_public`, that also sees through IPv6 addresses carrying an IPv4 one.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from ..errors import FetchError


def check_address(url: str, allow_private: bool = False) -> None:
    """Raise FetchError unless ``url`` is http(s) and its host resolves only to public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: not an http(s) URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve {parts.hostname} ({exc})") from None
    for info in infos:
        if not is_public(info[4][0]):
            raise FetchError(f"{url}: refusing non-public address {info[4][0]} (use --allow-private)")


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def is_public(address: str) -> bool:
    """Whether an IP address is globally routable unicast (not private, loopback, link-local, …).
    An IPv6 address that carries an IPv4 one (mapped, compatible, translated, NAT64, 6to4,
    Teredo) is judged by the IPv4 address it reaches: ``64:ff9b::7f00:1`` is 127.0.0.1."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    addresses = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        addresses = _embedded_ipv4(ip) or addresses
    return all(a.is_global and not a.is_multicast for a in addresses)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    packed = ip.packed
    last = ipaddress.IPv4Address(packed[12:])
    if ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    if packed[:12] == bytes(12) or packed[:12] == bytes(8) + b"\xff\xff\0\0":  # ::a.b.c.d, ::ffff:0:a.b.c.d
        return [last]
    if any(ip in net for net in _NAT64):
        return [last]
    if ip.sixtofour:
        return [ip.sixtofour]
    if ip.teredo:
        return list(ip.teredo)
    return []


__all__ = ["check_address", "is_public"]
