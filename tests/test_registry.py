"""The registry: built-ins resolve lazily, unknown names list the known ones, plug-ins register the same way."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lagebild.enrich import Component, build, component
from lagebild.errors import ConfigError, DeliveryError, InputError, ModelError
from lagebild.registry import TABLES, registry


def test_every_builtin_resolves():
    for name in TABLES:
        table = registry.table(name)
        for entry in table:
            assert table.get(entry) is not None, (name, entry)


def test_an_unknown_name_lists_the_known_ones():
    with pytest.raises(DeliveryError, match=r"unknown delivery channel 'pigeon' \(known: atom, email, webhook\)"):
        registry.channels.get("pigeon")
    with pytest.raises(ModelError, match=r"unknown embedder 'x' \(known: e5, use, off\)"):
        registry.embedders.get("x")
    with pytest.raises(InputError, match="unknown source kind 'rss'"):
        registry.discoverers.get("rss")
    with pytest.raises(ConfigError, match="unknown registry table 'plugins'"):
        registry.table("plugins")
    assert registry.channels.get("pigeon", None) is None


def test_looking_up_a_backend_or_channel_does_not_import_torch():
    code = ("import sys; from lagebild.registry import registry; registry.backends.get('sqlite');"
            " registry.channels.get('atom'); registry.readers.get('warc'); print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_plugin_registers_like_a_builtin(tmp_path, monkeypatch):
    (tmp_path / "lb_plugin.py").write_text("def load():\n    return lambda texts: None\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with registry.embedders.temporary():
        registry.embedders.register("plugin", "lb_plugin:load")
        assert "plugin" in registry.embedders
        assert callable(registry.embedders.get("plugin")())
        registry.embedders.register("broken", "lb_plugin:nothing")
        with pytest.raises(ModelError, match="lb_plugin:nothing names nothing"):
            registry.embedders.get("broken")
    assert "plugin" not in registry.embedders


def test_the_pipeline_checks_what_components_require():
    assert [c.name for c in build()][:2] == ["ner", "places"]
    with registry.components.temporary():

        @component("sentiment", assigns=("topics",), requires=("quotes",))
        def _sentiment(article, ctx):
            pass

        assert isinstance(registry.components.get("sentiment"), Component)
        assert [c.name for c in build(("ner", "entities", "quotes", "sentiment"))][-1] == "sentiment"
        with pytest.raises(ConfigError, match="enrich component 'sentiment' requires quotes"):
            build(("ner", "sentiment", "quotes"))
    with pytest.raises(ConfigError, match="unknown enrich component 'sentiment'"):
        build(("ner", "sentiment"))
