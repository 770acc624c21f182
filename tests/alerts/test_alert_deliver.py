"""Delivery channels: signed webhook, SMTP mail (aiosmtpd), Atom file; the outbox drain."""

from __future__ import annotations

import hashlib
import hmac
import xml.etree.ElementTree as ET

import pytest

from lagebild.errors import DeliveryError
from lagebild.model import Alert, Article
from lagebild.settings import AlertSettings
from lagebild.alerts.deliver import ATOM, Delivery, get_channel
from lagebild.registry import registry

ARTICLE = Article(id=7, title="Klima <b>&</b> \"Gesetz\"\x07", url="https://example.org/a?x=1&y=2",
                  published="2026-11-24T10:00:00+01:00", lead="Die Regierung beschließt.", language="de")


def test_webhook_is_signed_and_keyed(receiver):
    alert = Alert("klima", "Klima", "webhook", receiver.url("/hook"), secret="s3cret")
    get_channel("webhook", allow_private=True).send(Delivery(alert, ARTICLE, "klima:7"))
    (headers, body), = receiver.accepted
    raw = receiver.requests[-1][1]["_body"]
    expected = "sha256=" + hmac.new(b"s3cret", raw, hashlib.sha256).hexdigest()
    assert headers["X-Lagebild-Signature"] == expected
    assert headers["Idempotency-Key"] == "klima:7"
    assert body["alert"] == "klima" and body["article"]["id"] == 7 and body["article"]["url"] == ARTICLE.url


def test_webhook_failure_and_private_guard(receiver):
    alert = Alert("klima", "Klima", "webhook", receiver.url("/hook"), secret="s")
    receiver.failing = True
    with pytest.raises(DeliveryError, match="HTTP 500"):
        get_channel("webhook", allow_private=True).send(Delivery(alert, ARTICLE, "k"))
    with pytest.raises(DeliveryError, match="non-public"):
        get_channel("webhook").send(Delivery(alert, ARTICLE, "k"))


def test_email_arrives(smtp):
    settings = AlertSettings(smtp_host="127.0.0.1", smtp_port=smtp.port)
    alert = Alert("klima", "Klima", "email", "leser@example.org")
    get_channel("email", settings).send(Delivery(alert, ARTICLE, "klima:7"))
    (msg,) = smtp.messages
    assert msg["To"] == "leser@example.org" and "Klima" in msg["Subject"] and "\n" not in msg["Subject"]
    assert "https://example.org/a?x=1&y=2" in msg.get_payload()


def test_atom_file_valid_newest_first_bounded_and_escaped(tmp_path):
    path = tmp_path / "out" / "klima.xml"
    alert = Alert("klima", "Klima", "atom", "klima")
    channel = get_channel("atom", AlertSettings(atom_max_entries=3, atom_dir=str(tmp_path / "out")))
    for i in range(5):
        a = Article(id=i, title=f"Titel {i} <script>", url="javascript:alert(1)" if i == 4 else f"https://e.org/{i}")
        channel.send(Delivery(alert, a, f"klima:{i}"))
    channel.send(Delivery(alert, Article(id=4, title="again"), "klima:4"))  # a retry replaces, not duplicates
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{ATOM}}}feed"
    entries = root.findall(f"{{{ATOM}}}entry")
    assert [e.findtext(f"{{{ATOM}}}id") for e in entries] == ["urn:lagebild:alert:klima:4", "urn:lagebild:alert:klima:3",
                                                              "urn:lagebild:alert:klima:2"]
    assert entries[1].findtext(f"{{{ATOM}}}title") == "Titel 3 <script>"  # escaped in the file, intact when parsed
    assert entries[0].find(f"{{{ATOM}}}link") is None  # no javascript: links
    assert root.find(f"{{{ATOM}}}author/{{{ATOM}}}name").text == "lagebild"
    assert not list(path.parent.glob(".klima.xml.*"))  # no temp files left
    channel.send(Delivery(alert, ARTICLE, "klima:7"))
    assert "\x07" not in path.read_text()


def test_channels_are_looked_up_by_name():
    sent = []
    with registry.channels.temporary():

        @registry.channels.register("memory")
        class Memory:
            def __init__(self, settings, *, allow_private=False):
                pass

            def send(self, delivery):
                sent.append(delivery.key)

        get_channel("memory").send(Delivery(Alert("a", "x", "memory", "-"), ARTICLE, "a:7"))
        assert sent == ["a:7"]
        with pytest.raises(DeliveryError, match=r"unknown delivery channel 'pigeon' \(known: atom, email, memory, webhook\)"):
            get_channel("pigeon")
    assert "memory" not in registry.channels
