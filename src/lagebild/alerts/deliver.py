"""Delivery channels: one method, ``send(delivery)``, looked up by name.

Built in: ``webhook`` (signed JSON POST), ``email`` (SMTP) and ``atom`` (an Atom 1.0 file per
alert), registered in ``registry.channels`` (:mod:`lagebild.registry`). A plug-in registers its own::

    @registry.channels.register("slack")
    class Slack:
        def __init__(self, settings: AlertSettings, *, allow_private: bool = False): ...
        def send(self, delivery: Delivery) -> None: ...   # raise DeliveryError on failure

:func:`deliver_pending` drains the outbox (:mod:`lagebild.archive.monitor`): each pending delivery
is sent, marked done on success, or deferred with exponential backoff, so a receiver that is down
gets the same delivery, with the same ``Idempotency-Key``, once it is back.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import smtplib
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Protocol

import httpx

from ..times import parse_iso
from ..errors import DeliveryError, FetchError, InputError, LagebildError
from ..model import Alert, Article
from ..registry import registry
from ..settings import AlertSettings, FetchSettings
from ..sources.urls import is_http

ATOM = "http://www.w3.org/2005/Atom"
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(slots=True)
class Delivery:
    alert: Alert
    article: Article
    key: str  # Idempotency-Key: alert name + article id, the same on every retry


class Channel(Protocol):
    """Made with ``(alert_settings, allow_private=…)``; may offer ``check_target(target) -> target``
    (a static method) to validate and normalise an alert's target when the alert is made."""

    def send(self, delivery: Delivery) -> None: ...


def get_channel(name: str, settings: AlertSettings | None = None, *, allow_private: bool = False) -> Channel:
    """The channel registered as ``name``, made with ``(settings, allow_private=…)``; an unknown name
    is a :class:`DeliveryError` naming the known ones."""
    return registry.channels.get(name)(settings or AlertSettings(), allow_private=allow_private)


def payload(d: Delivery) -> dict:
    a = d.article
    return {
        "alert": d.alert.name,
        "query": d.alert.query,
        "idempotency_key": d.key,
        "article": {"id": a.id, "title": a.title, "url": a.canonical_url or a.url, "published": a.published,
                    "language": a.language, "lead": a.lead[:500]},
    }


def sign(secret: str, body: bytes) -> str:
    """The ``X-Lagebild-Signature`` value: ``sha256=<hex HMAC-SHA256 of the body>``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class Webhook:
    """POST the match as JSON, signed with the alert's secret."""

    def __init__(self, settings: AlertSettings, *, allow_private: bool = False) -> None:
        self.settings, self.allow_private = settings, allow_private

    @staticmethod
    def check_target(target: str) -> str:
        """The URL as given (a signed URL must keep its exact query), if it is an http(s) URL."""
        url = target.strip()
        if not is_http(url):
            raise InputError(f"not an http(s) URL: {url[:200]!r}")
        return url

    def send(self, d: Delivery) -> None:
        from ..sources.fetch import check_address, guarded_transport

        url = d.alert.target
        try:
            check_address(url, self.allow_private)
        except FetchError as exc:
            raise DeliveryError(str(exc)) from None
        body = json.dumps(payload(d), ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            "User-Agent": FetchSettings().user_agent,
            "Idempotency-Key": d.key,
            "X-Lagebild-Signature": sign(d.alert.secret, body),
        }
        try:
            with httpx.Client(transport=guarded_transport(self.allow_private), timeout=self.settings.delivery_timeout,
                              follow_redirects=False, trust_env=False) as client:
                r = client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"{url}: {type(exc).__name__}: {exc or 'failed'}") from None
        if not 200 <= r.status_code < 300:
            raise DeliveryError(f"{url}: HTTP {r.status_code}")


class Email:
    """One plain-text e-mail per match through the SMTP server of the settings / environment."""

    def __init__(self, settings: AlertSettings, *, allow_private: bool = False) -> None:
        self.settings = settings

    @staticmethod
    def check_target(target: str) -> str:
        if not _EMAIL.match(target):
            raise InputError(f"{target!r} is no e-mail address")
        return target

    def send(self, d: Delivery) -> None:
        s, a = self.settings, d.article
        msg = EmailMessage()
        msg["From"] = s.smtp_from
        msg["To"] = d.alert.target
        msg["Subject"] = _one_line(f"[lagebild] {d.alert.name}: {a.title or a.url or 'new article'}")[:200]
        msg["Message-ID"] = make_msgid(idstring=re.sub(r"[^\w.-]", "-", d.key), domain="lagebild")
        msg["X-Lagebild-Idempotency-Key"] = _one_line(d.key)
        lines = [a.title or "(untitled)", a.canonical_url or a.url or "", a.published or "", "", a.lead or a.text[:500],
                 "", f"Alert {d.alert.name!r}: {d.alert.query}"]
        msg.set_content(_XML_INVALID.sub("", "\n".join(lines)))
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.delivery_timeout) as smtp:
                if s.smtp_starttls:
                    smtp.starttls()
                user, password = os.environ.get("LAGEBILD_SMTP_USER"), os.environ.get("LAGEBILD_SMTP_PASSWORD")
                if user and password:
                    smtp.login(user, password)
                smtp.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"smtp://{s.smtp_host}:{s.smtp_port} to {d.alert.target}: {exc}") from None


FEED_NAME = re.compile(r"\w[\w.-]{0,63}")


class AtomFile:
    """Keep an Atom 1.0 file per alert: newest entry first, at most ``atom_max_entries``. The
    alert names its feed; the file is ``<atom_dir>/<name>.xml`` — never a path taken from the
    API or a form (which would let a request replace any file the process may write)."""

    def __init__(self, settings: AlertSettings, *, allow_private: bool = False) -> None:
        self.settings = settings

    @staticmethod
    def check_target(target: str) -> str:
        """The feed's file name (``name.xml``) for a target ``name`` or ``name.xml``; InputError else."""
        name = target.strip().removesuffix(".xml")
        if not FEED_NAME.fullmatch(name) or ".." in name:
            raise InputError(f"Atom feed {target!r}: give a feed name (1-64 letters, digits, '.', '-', '_'), not a "
                             "path; it is written to <atom_dir>/<name>.xml (LAGEBILD_ATOM_DIR) and served at /feeds/<name>")
        return name + ".xml"

    def path(self, target: str) -> Path:
        try:
            return Path(self.settings.atom_dir) / self.check_target(target)
        except InputError as exc:  # an alert saved before feeds had names: refused, not written anywhere
            raise DeliveryError(str(exc)) from None

    def send(self, d: Delivery) -> None:
        path = self.path(d.alert.target)
        entries = [e for e in _read_entries(path) if e.findtext(f"{{{ATOM}}}id") != _entry_id(d.key)]
        feed = _feed(d.alert)
        feed.append(_entry(d))
        for old in entries[: self.settings.atom_max_entries - 1]:
            feed.append(old)
        ET.indent(feed)
        data = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
        try:
            _write_atomically(path, data)
        except OSError as exc:
            raise DeliveryError(f"{path}: {exc.strerror or exc}") from None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _text(parent: ET.Element, tag: str, text: str, **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrib)
    el.text = _XML_INVALID.sub("", text)
    return el


def _entry_id(key: str) -> str:
    return "urn:lagebild:alert:" + re.sub(r"[^\w.:-]", "-", key)


def _feed(alert: Alert) -> ET.Element:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", "urn:lagebild:alert:" + re.sub(r"[^\w.-]", "-", alert.name))
    _text(feed, "title", f"lagebild: {alert.name}")
    _text(feed, "subtitle", alert.query)
    _text(feed, "updated", _now())
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "lagebild")
    _text(feed, "generator", "lagebild")
    return feed


def _entry(d: Delivery) -> ET.Element:
    a = d.article
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "id", _entry_id(d.key))
    _text(entry, "title", _one_line(a.title) or "(untitled)")
    url = a.canonical_url or a.url
    if url and url.lower().startswith(("http://", "https://")):
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": _XML_INVALID.sub("", url)})
    _text(entry, "updated", _now())
    published = _rfc3339(a.published)
    if published:
        _text(entry, "published", published)
    if a.lead or a.text:
        _text(entry, "summary", (a.lead or a.text)[:1000])
    return entry


def _rfc3339(value: str | None) -> str | None:
    stamp = parse_iso(value)
    return stamp.isoformat(timespec="seconds") if stamp else None


def _read_entries(path: Path) -> list[ET.Element]:
    if not path.exists():
        return []
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return []  # not ours or damaged: start afresh rather than refuse every delivery
    return root.findall(f"{{{ATOM}}}entry")


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # a feed is for readers (mkstemp makes 0600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def deliver_pending(monitor, load: Callable[[int], Article], settings: AlertSettings | None = None, *,
                    allow_private: bool = False, log: Callable[[str], None] = print,
                    stop: Callable[[], bool] = lambda: False, now: float | None = None) -> tuple[int, int]:
    """Send every due delivery of the outbox; return ``(sent, deferred)``."""
    settings = settings or AlertSettings()
    sent = deferred = 0
    channels: dict[str, Channel] = {}
    for p in monitor.pending(now):
        if stop():
            break
        try:
            channel = channels.get(p.alert.channel) or get_channel(p.alert.channel, settings, allow_private=allow_private)
            channels[p.alert.channel] = channel
            channel.send(Delivery(p.alert, load(p.article_id), p.key))
        except LagebildError as exc:
            wait = min(settings.delivery_backoff * 2 ** p.attempts, settings.delivery_max_backoff)
            monitor.deferred(p.id, str(exc), (now or time.time()) + wait)
            log(f"alert {p.alert.name}: delivery of article {p.article_id} failed, retry in {wait:g} s: {exc}")
            deferred += 1
        else:
            monitor.delivered(p.id)
            sent += 1
    return sent, deferred


__all__ = ["AtomFile", "Channel", "Delivery", "Email", "Webhook", "deliver_pending", "get_channel", "payload", "sign"]
