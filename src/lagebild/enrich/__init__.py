"""enrich: an extracted :class:`Article` in, the same article with mentions, canonical entities,
quotes, events and topics out.

The work is a pipeline of components, spaCy-style: each is a callable over the article,
registered by name in ``registry.components`` with :func:`component` and declaring the fields it
requires and assigns; :func:`build` checks, before any article is touched, that every field a
component requires is filled by extract or by a component before it. The default
order is ``ner`` (mentions from :mod:`lagebild.enrich.ner`, when its model is installed) →
``places`` (country names and country adjectives the gazetteer finds) → ``institutions``
(state institutions named through their country: "die türkische Armee") → ``orgs`` (well-known
organisations NER missed: "IS-Miliz", "Islamischen Staates") → ``entities``
(canonical identities, names.py) → ``quotes`` → ``events`` → ``topics``.

:func:`enrich` never raises on an article: a component that fails is logged with the article
and skipped (and counted by component and reason in ``failures``, when given), and the article
keeps what the earlier components gave it.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ConfigError, ModelError
from ..model import Article, Mention
from ..registry import registry
from ..settings import EnrichSettings

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Context:
    """What every component may read besides the article."""

    settings: EnrichSettings
    language: str | None
    ner: list[Mention] | None = None  # NER's mentions when computed for a batch of articles (enrich_many)


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    func: Callable[[Article, Context], None]
    assigns: tuple[str, ...]
    requires: tuple[str, ...] = ()


PIPELINE: tuple[str, ...] = EnrichSettings().pipeline  # the default order
# What an article holds when it reaches enrich: every field but those enrich, stories and the archive fill.
EXTRACTED = frozenset(f.name for f in dataclasses.fields(Article)) - {
    "mentions", "entities", "quotes", "events", "topics", "id", "duplicate_of", "story_id"}


def component(name: str, *, assigns: tuple[str, ...], requires: tuple[str, ...] = ()):
    """Register ``func(article, context)`` as the component ``name`` (a plug-in may too)."""

    def register(func: Callable[[Article, Context], None]) -> Callable[[Article, Context], None]:
        registry.components.register(name, Component(name, func, assigns, requires))
        return func

    return register


def build(names: tuple[str, ...] = PIPELINE) -> list[Component]:
    """The components ``names``, in order, once each one's required fields are known to be filled
    (by extract or an earlier component); else :class:`ConfigError` naming component and field."""
    comps = [registry.components.get(name) for name in names]
    filled = set(EXTRACTED)
    for comp in comps:
        missing = [f for f in comp.requires if f not in filled]
        if missing:
            raise ConfigError(f"enrich component {comp.name!r} requires {', '.join(missing)}, which no component "
                              f"before it assigns (pipeline: {', '.join(names)})")
        filled.update(comp.assigns)
    return comps


def enrich(article: Article, settings: EnrichSettings | None = None, *,
           failures: Counter[str] | None = None) -> Article:
    """Fill the enrichment fields of ``article`` (in place) and return it. A component that fails is
    logged, skipped and counted in ``failures`` as ``"<component>: <exception type>"``."""
    return enrich_many([article], settings, failures=failures)[0]


def enrich_many(articles: list[Article], settings: EnrichSettings | None = None, *,
                failures: Counter[str] | None = None) -> list[Article]:
    """:func:`enrich` for several articles; NER runs once over all of them (its encoder batches
    sentences across articles), the other components article by article."""
    settings = settings or EnrichSettings()
    for article in articles:
        if not isinstance(article.text, str):
            article.text = str(article.text or "")
    found: list = [None] * len(articles)
    languages = [guess_language(article) for article in articles]
    if len(articles) > 1 and "ner" in settings.pipeline and settings.ner != "off":
        found = _recognize_all(articles, settings.ner, languages, settings.ner_languages)
    comps = build(settings.pipeline)
    for article, language, mentions in zip(articles, languages, found):
        _run_components(article, comps, Context(settings, language, mentions), failures)
    return articles


def _recognize_all(articles: list[Article], mode: str, languages: list, trained: tuple[str, ...]) -> list:
    """Mentions of every article's text in one NER call; ``None`` each (NER then runs per article,
    where a failure is counted against the article) when the batch cannot be tagged."""
    recognize = _recognizer()
    if recognize is None:
        return [None] * len(articles)
    from .ner import floored, recognize_many

    try:  # confidences only when some article's language gets the floor (enrich/ner/floor.py)
        return recognize_many([a.text for a in articles], mode, any(floored(lang, trained) for lang in languages),
                              languages)  # English text has its own head (enrich/ner/accurate.py)
    except Exception as exc:  # noqa: BLE001 - the per-article path reports it
        log.debug("enrich: batch NER failed (%s), tagging article by article", exc)
        return [None] * len(articles)


def _run_components(article: Article, comps: list[Component], ctx: Context, failures: Counter[str] | None) -> None:
    for comp in comps:
        try:
            comp.func(article, ctx)
        except Exception as exc:  # noqa: BLE001 - one component's bug must not lose the article
            log.warning("enrich: component %r failed on %s: %s: %s", comp.name, article.origin.label(),
                        type(exc).__name__, exc)
            if failures is not None:
                failures[f"{comp.name}: {type(exc).__name__}"] += 1


_DE_WORDS = {"der", "die", "und", "das", "nicht", "mit", "ist", "den", "ein", "eine", "sich", "auf", "für", "von"}
_EN_WORDS = {"the", "and", "of", "to", "is", "in", "that", "with", "for", "was", "on", "said", "by", "a"}


def guess_language(article: Article) -> str | None:
    """The article's language as extract set it, else as extract's detector reads its text (an article
    handed over without one: the API, an old archive), else German or English by function words (a text
    too short to tell). Guessing German or English for a Polish text would skip the NER's floor for
    languages it was not trained on."""
    if article.language:
        return article.language.split("-")[0].lower()
    from ..extract.finish import detect_language

    try:
        detected = detect_language((article.title + "\n" + article.text)[:5000])
    except Exception:  # noqa: BLE001 - a detector that fails leaves the guess below
        detected = None
    if detected:
        return detected
    words = re.findall(r"\w+", (article.title + " " + article.text[:5000]).casefold())
    de = sum(w in _DE_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if de == en == 0:
        return None
    return "de" if de >= en else "en"


# --- components ---------------------------------------------------------------------------------

_ner_warned = False


def _recognizer():
    """``lagebild.enrich.ner.recognize`` or None (logged once) when the model is not there."""
    global _ner_warned
    try:
        from .ner import recognize
    except (ImportError, ModelError) as exc:
        if not _ner_warned:
            log.warning("enrich: no NER model (%s); entities come from the gazetteer only", exc)
            _ner_warned = True
        return None
    return recognize


@component("ner", assigns=("mentions",))
def _ner(article: Article, ctx: Context) -> None:
    global _ner_warned
    if ctx.settings.ner == "off" or not article.text:
        return
    recognize = _recognizer()
    if recognize is None:
        return
    try:
        from .ner import floored

        found = ctx.ner if ctx.ner is not None else recognize(
            article.text, language=ctx.language, mode=ctx.settings.ner,
            confidence=floored(ctx.language, ctx.settings.ner_languages))
    except (ImportError, ModelError) as exc:
        if not _ner_warned:
            log.warning("enrich: NER unavailable (%s); entities come from the gazetteer only", exc)
            _ner_warned = True
        return
    from .consistency import compounds, family_names, honorifics, lead_ins, repeats, split_joined
    from .ner import confident

    n = len(article.text)
    kept = [m for m in article.mentions]
    found = confident(found, ctx.language, ctx.settings.ner_floor, ctx.settings.ner_languages)
    for m in found:
        if 0 <= m.start < m.end <= n and not any(m.start < k.end and m.end > k.start for k in kept):
            kept.append(Mention(m.start, m.end, article.text[m.start:m.end], m.type, confidence=m.confidence))
    from . import places
    from .acronyms import expansions
    from .particles import strip_case_endings, strip_particles

    known = lambda name: bool(places.readings(name, ctx.language))  # noqa: E731
    kept = strip_particles(article.text, kept, known)  # "대한민국을"
    kept = compounds(article.text, split_joined(article.text, lead_ins(kept, ctx.language)), ctx.language)
    kept = expansions(article.text, kept, ctx.language)  # "Высший совет правосудия" beside "ВСП"  # "Trump University", twice: named after a person, no person
    kept += honorifics(article.text, kept)  # "スミス氏": a katakana name before an honorific
    kept += repeats(article.text, kept)  # the names NER tagged once, wherever else they stand
    kept += family_names(article.text, kept)  # "이 대통령" after "이재명 대통령"
    kept = strip_case_endings(article.text, kept, known, ctx.language)  # "Venäjän", after repeats found each
    article.mentions = sorted(kept, key=lambda m: (m.start, m.end))


@component("places", assigns=("mentions",), requires=("mentions",))
def _places(article: Article, ctx: Context) -> None:
    from .local_places import scan_local
    from .places import scan

    if not article.text:
        return
    taken = [(m.start, m.end) for m in article.mentions]
    found = scan(article.text, taken, ctx.language)
    found += scan_local(article.text, taken + [(m.start, m.end) for m in found], ctx.language)  # "Saksan", "カタール"
    article.mentions = sorted(article.mentions + found, key=lambda m: (m.start, m.end))


@component("institutions", assigns=("mentions",), requires=("mentions",))
def _institutions(article: Article, ctx: Context) -> None:
    from .institutions import scan

    if article.text:
        article.mentions = scan(article.text, article.mentions, ctx.language)


@component("orgs", assigns=("mentions",), requires=("mentions",))
def _orgs(article: Article, ctx: Context) -> None:
    from .orgs import scan_orgs

    if not article.text:
        return
    taken = [(m.start, m.end) for m in article.mentions]
    article.mentions = sorted(article.mentions + scan_orgs(article.text, taken, ctx.language), key=lambda m: (m.start, m.end))


@component("entities", assigns=("mentions", "entities"), requires=("mentions",))
def _entities(article: Article, ctx: Context) -> None:
    from .names import canonicalise

    n = len(article.text)
    valid = [m for m in article.mentions if 0 <= m.start < m.end <= n]
    article.mentions, article.entities = canonicalise(article.text, valid, ctx.language)


@component("quotes", assigns=("quotes",), requires=("mentions", "entities"))
def _quotes(article: Article, ctx: Context) -> None:
    from .quotes import find_quotes

    if not ctx.settings.quotes or not article.text:
        return
    found = find_quotes(article.text, article.mentions, ctx.language)
    article.quotes = [f.quote(article.text) for f in found]


@component("events", assigns=("events",), requires=("mentions", "entities"))
def _events(article: Article, ctx: Context) -> None:
    from .events import find_events

    article.events = find_events(article.text, article.mentions, ctx.language) if article.text else []


@component("topics", assigns=("topics",), requires=("mentions",))
def _topics(article: Article, ctx: Context) -> None:
    from .topics import key_terms

    article.topics = key_terms(article.text, article.title, article.mentions, ctx.language)


__all__ = ["EXTRACTED", "PIPELINE", "Component", "Context", "build", "component", "enrich", "enrich_many",
           "guess_language"]
