"""State institutions named through their country: "die türkische Armee", "des türkischen
Geheimdienstes", "Russlands Regierung", "die Regierung der Ukraine", "US-Regierung",
"the Russian government", "Russia's foreign ministry", "the government of Iran".

A phrase is a country adjective or a country genitive (both resolved by places.py) next to an
institution noun from the small bilingual table below. Every country and institution is one
organisation: id ``ORG:<alpha-2>:<institution>`` ("ORG:TR:army"), ``Entity.country`` the country.

Display names are "<country adjective> <institution>" in the article's language (German for "de",
English otherwise): "Türkische Armee", "Turkish Armed Forces"; the aliases hold both languages.
The word naming the country stays a mention of the country too, nested in the phrase's
(:func:`countries_inside`, run by names.canonicalise once every mention has its id).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Mention
from ..textnorm import fold
from . import places
from .alias_trust import in_english_title
from .tokens import Span, tokens

# key -> (German display noun, its gender, English display noun, German forms, English forms).
# German forms list the inflections that occur after an adjective; a trailing "*" marks a form that
# is also a plural of persons ("türkische Militärs" are officers), accepted only after "des".
INSTITUTIONS: dict[str, tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = {
    "government": ("Regierung", "f", "Government", ("Regierung",), ("government", "administration")),
    "army": ("Armee", "f", "Armed Forces", (
        "Armee", "Streitkräfte", "Streitkräften", "Militär", "Militärs*", "Heer", "Heeres"),
        ("army", "armed forces", "military")),
    "navy": ("Marine", "f", "Navy", ("Marine", "Kriegsmarine"), ("navy",)),
    "air-force": ("Luftwaffe", "f", "Air Force", ("Luftwaffe",), ("air force",)),
    "intelligence": ("Geheimdienst", "m", "Intelligence Service", (
        "Geheimdienst", "Geheimdienstes", "Geheimdiensts", "Geheimdienste", "Geheimdiensten",
        "Nachrichtendienst", "Nachrichtendienstes", "Nachrichtendienste", "Nachrichtendiensten"),
        ("intelligence", "intelligence service", "intelligence services", "intelligence agency",
         "secret service")),
    "foreign-ministry": ("Außenministerium", "n", "Foreign Ministry", ("Außenministerium", "Außenministeriums",
                                                                       "Aussenministerium", "Aussenministeriums"),
                         ("foreign ministry", "ministry of foreign affairs", "foreign office")),
    "defence-ministry": ("Verteidigungsministerium", "n", "Defence Ministry", (
        "Verteidigungsministerium", "Verteidigungsministeriums"),
        ("defence ministry", "defense ministry", "ministry of defence", "ministry of defense")),
    "interior-ministry": ("Innenministerium", "n", "Interior Ministry", ("Innenministerium", "Innenministeriums"),
                          ("interior ministry", "ministry of the interior", "ministry of interior")),
    "central-bank": ("Zentralbank", "f", "Central Bank", ("Zentralbank", "Notenbank"), ("central bank",)),
    "parliament": ("Parlament", "n", "Parliament", ("Parlament", "Parlaments", "Parlamentes"), ("parliament",)),
    "police": ("Polizei", "f", "Police", ("Polizei",), ("police",)),
    "judiciary": ("Justiz", "f", "Judiciary", ("Justiz",), ("judiciary",)),
}
_ENDING = {"f": "e", "m": "er", "n": "es"}
# adjectives that share too little with the country's name to be picked or spelled by rule
_IRREGULAR = {"GB": ("britisch", "British"), "FR": ("französisch", "French"), "US": ("amerikanisch", "American"),
              "CH": ("schweizerisch", "Swiss"), "NL": ("niederländisch", "Dutch")}


@dataclass(slots=True)
class Institution:
    id: str
    name: str
    country: str
    aliases: list[str]


@lru_cache(maxsize=1)
def _nouns() -> tuple[dict[str, tuple[str, bool]], dict[tuple[str, ...], str]]:
    """German form -> (key, only after "des"); English folded word tuple -> key."""
    de: dict[str, tuple[str, bool]] = {}
    en: dict[tuple[str, ...], str] = {}
    for k, (_n, _g, _e, de_forms, en_forms) in INSTITUTIONS.items():
        for f in de_forms:
            de[f.rstrip("*")] = (k, f.endswith("*"))
        for f in en_forms:
            en[tuple(f.split())] = k
    return de, en


@lru_cache(maxsize=1)
def _en_first() -> frozenset[str]:
    return frozenset(words[0] for words in _nouns()[1])


def _country_of(word: str, language: str | None = None) -> str | None:
    """The country a genitive or compound prefix names: "Russlands", "Russia's", "US" (a name trusted in a
    text of ``language``, when given: :func:`places.readings`)."""
    w = word.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s") and len(w) > 4:
        w = w[:-1]
    else:
        if not (w.isupper() and len(w) >= 2):
            return None
    place = places.lookup(w, language)
    if place is None and w.isupper():
        place = places.lookup({"US": "USA"}.get(w, w), language)
    return place.id[4:] if place is not None and not place.id.startswith("LOC:city:") else None


def _country_name(word: str, language: str | None = None) -> str | None:
    """The country a capitalised country name names ("Ukraine", "Iran", "USA"); with ``language``, only by a
    name trusted in a text of that language (English "Island" is no Iceland: :mod:`.alias_trust`)."""
    if not word[:1].isupper():
        return None
    place = places.lookup(word, language)
    return place.id[4:] if place is not None and not place.id.startswith("LOC:city:") else None


def _en_noun(toks: list[Span], i: int) -> tuple[str, int] | None:
    """The institution whose English name starts at token i (longest first), and its last token."""
    _de, en = _nouns()
    if i >= len(toks) or re.sub(r"['’]s$", "", toks[i].text.casefold()) not in _en_first():
        return None
    for n in (4, 3, 2, 1):
        words = tuple(re.sub(r"['’]s$", "", fold(t.text)) for t in toks[i:i + n])
        if len(words) == n and words in en:
            return en[words], i + n - 1
    return None


def scan(text: str, mentions: list[Mention], language: str | None = None) -> list[Mention]:
    """``mentions`` with every institution phrase as one ORG mention (``entity_id`` set); the country
    adjective or name mentions inside a phrase give way to it."""
    toks = [t for t in tokens(text) if t.text[:1].isalnum()]
    found = _phrases(text, toks)
    out = list(mentions)
    for s, e, code, k in found:
        if text[e - 2:e] in ("'s", "’s"):  # "the Russian government's plan"
            e -= 2
        inside = [m for m in out if m.start < e and m.end > s]
        if any(m.start < s or m.end > e or m.type == "PER" for m in inside):
            continue  # a longer name (or a person) already covers it
        out = [m for m in out if not (m.start < e and m.end > s)]
        out.append(Mention(s, e, text[s:e], "ORG", f"ORG:{code}:{k}"))
    return sorted(out, key=lambda m: (m.start, m.end))


def countries_inside(text: str, mentions: list[Mention], language: str | None = None) -> list[Mention]:
    """The country named inside an organisation's mention, as a mention of the country of its own
    (type LOC, ``entity_id`` ``LOC:<alpha-2>``), nested in the organisation's, which keeps its id:
    "Russia" in "Russia's Defense Ministry", "Ukrainian" in "the Ukrainian Air Force", "russische"
    in "das russische Verteidigungsministerium", "Venezuela" in "Petróleos de Venezuela". The country
    is named there, so an analyst's search for it finds the article, and a reader counts it.

    In a state institution (``ORG:<alpha-2>:<key>``) it is the word naming that very country: its
    name, genitive, adjective or compound head ("US-Regierung"); in any other organisation only a
    country's name or genitive, since an adjective there is often just the name's ("Deutsche Bank").
    A word another mention already covers, or the whole mention, is no such country."""
    out: list[Mention] = []
    for m in mentions:
        if not (m.entity_id or "").startswith("ORG:") or m.type == "PER":
            continue
        own = m.entity_id.split(":")[1] if institution(m.entity_id) is not None else None
        for s, e, code in _country_words(text, m, own is not None, language):
            if (own and code != own) or (s, e) == (m.start, m.end):
                continue
            if in_english_title(text, s, e, language):  # "Desert Island Discs" in a German text names no Iceland
                continue
            if any(k is not m and k.start < e and k.end > s for k in mentions) or \
                    any(k.start < e and k.end > s for k in out):
                continue
            out.append(Mention(s, e, text[s:e], "LOC", f"LOC:{code}"))
    return out


_POSSESSIVE = re.compile(r"['’]s$")


def _country_words(text: str, m: Mention, adjectives: bool, language: str | None = None
                   ) -> list[tuple[int, int, str]]:
    """(start, end, code) of every word in ``m`` naming a country in a text of ``language`` ("Island Line", a
    railway, names no Iceland in English); a genitive's "'s" stays outside."""
    toks = [t for t in tokens(text[m.start:m.end], m.start) if t.text[:1].isalnum()]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        dotted = re.match(r"(?:[A-Z]\.){2,}", text[t.start:m.end])  # "U.S.", which the tokenizer splits
        code = _country_name(dotted.group(), language) if dotted else None
        if code and re.fullmatch(r"[A-Z]{2}", code):
            out.append((t.start, t.start + dotted.end(), code))
            while i < len(toks) and toks[i].start < t.start + dotted.end():
                i += 1
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) and _adjacent(text, t, toks[i + 1]) else None
        two = _country_name(f"{t.text} {_POSSESSIVE.sub('', nxt.text)}", language) if nxt else None
        if two:  # "United States", "Saudi Arabia's"; "North America" a continent, no country in it
            if re.fullmatch(r"[A-Z]{2}", two):
                out.append((t.start, nxt.end - (2 if _POSSESSIVE.search(nxt.text) else 0), two))
            i += 2
            continue
        word = _POSSESSIVE.sub("", t.text)
        e = t.start + len(word)
        if "-" in word:  # "US-Regierung": the head names the country
            word = word.split("-")[0]
            e = t.start + len(word)
            code = _country_of(word, language) or _country_name(word, language)
        else:  # "Russia", "Russia's", "Russlands"
            code = _country_name(word, language) or (_country_of(t.text, language) if t.text[:1].isupper() else None)
            if code is None and adjectives and word[:1].isalpha():
                code = places.adjective(word)  # "Ukrainian", "russische"
        if code and re.fullmatch(r"[A-Z]{2}", code):
            out.append((t.start, e, code))
        i += 1
    return out


def _phrases(text: str, toks: list[Span]) -> list[tuple[int, int, str, str]]:
    de, _en = _nouns()
    out: list[tuple[int, int, str, str]] = []
    for i, tok in enumerate(toks):
        hit = None
        code = places.adjective(tok.text) if tok.text[:1].isalpha() else None
        if code is None and "-" in tok.text:  # "US-Regierung", "Russland-Regierung"
            head, _, rest = tok.text.rpartition("-")
            c = _country_of(head) or _country_name(head)
            if c and rest in de and not de[rest][1]:
                hit = (tok.start, tok.end, c, de[rest][0])
        elif code is None and tok.text[:1].isupper():
            code = _country_of(tok.text)  # "Russlands Regierung", "Russia's government"
        if code and hit is None and i + 1 < len(toks) and _adjacent(text, tok, toks[i + 1]):
            nxt = toks[i + 1]
            if nxt.text in de:
                k, des_only = de[nxt.text]
                if not des_only or (i > 0 and toks[i - 1].text.lower() == "des"):
                    hit = (tok.start, nxt.end, code, k)
            elif tok.text[:1].isupper():
                en = _en_noun(toks, i + 1)
                if en:
                    hit = (tok.start, toks[en[1]].end, code, en[0])
        if hit is None:
            hit = _postnominal(text, toks, i)
        if hit and not (out and out[-1][1] > hit[0]):
            out.append(hit)
    return out


def _postnominal(text: str, toks: list[Span], i: int) -> tuple[int, int, str, str] | None:
    """"Regierung Russlands", "Regierung der Ukraine", "government of Iran"."""
    de, _en = _nouns()
    tok = toks[i]
    if tok.text in de and not de[tok.text][1]:
        k, last = de[tok.text][0], i
    else:
        en = _en_noun(toks, i) if tok.text[:1].islower() or tok.text.istitle() else None
        if en is None:
            return None
        k, last = en
    j = last + 1
    if j < len(toks) and toks[j].text == ("der" if toks[last].text in de else "of"):
        j += 1 + (j + 1 < len(toks) and toks[j + 1].text == "the")
        code = _country_name(toks[j].text) if j < len(toks) else None
    elif j < len(toks) and toks[last].text in de:
        code = _country_of(toks[j].text) if toks[j].text.endswith("s") else None
    else:
        code = None
    if code is None or not all(_adjacent(text, a, b) for a, b in zip(toks[i:j], toks[i + 1:j + 1])):
        return None
    return tok.start, toks[j].end, code, k


def _adjacent(text: str, a: Span, b: Span) -> bool:
    gap = text[a.end:b.start]
    return bool(re.fullmatch(r"[ \t]+|[ \t]*\n?[ \t]*", gap)) and "\n\n" not in gap and gap != ""


def bare(name: str) -> str | None:
    """The institution a name without its country names ("Air Force", "the Defense Ministry",
    "Luftwaffe"): its key, else None. Which country's it is, the article says (names.canonicalise:
    the one country whose institution of that kind it names)."""
    words = re.sub(r"^(?:the|die|der|das|des|dem|den)\s+", "", name.strip(), flags=re.IGNORECASE).split()
    de, en = _nouns()
    if len(words) == 1 and words[0] in de and not de[words[0]][1]:
        return de[words[0]][0]
    return en.get(tuple(re.sub(r"['’]s$", "", fold(w)) for w in words)) if words and words[0][:1].isupper() else None


@lru_cache(maxsize=4096)
def institution(eid: str, language: str | None = None, adjective: str | None = None) -> Institution | None:
    """The organisation an ``ORG:<alpha-2>:<key>`` id stands for; ``adjective`` is the German
    adjective as the article spells it (its umlauts), when there is one."""
    parts = eid.split(":")
    if len(parts) != 3 or parts[0] != "ORG" or parts[2] not in INSTITUTIONS:
        return None
    code, k = parts[1], parts[2]
    de_noun, gender, en_noun, de_forms, en_forms = INSTITUTIONS[k]
    de_adj, en_adj = _adjectives(code, adjective)
    if de_adj is None and en_adj is None:
        return None
    de_name = f"{de_adj.capitalize()}{_ENDING[gender]} {de_noun}" if de_adj else None
    en_name = f"{en_adj} {en_noun}" if en_adj else None
    name = (de_name if language == "de" else en_name) or de_name or en_name
    aliases = {n for n in (de_name, en_name) if n}
    if de_adj:
        aliases.update(f"{de_adj.capitalize()}{_ENDING[gender]} {f.rstrip('*')}" for f in de_forms[:1])
    if en_adj:
        aliases.update(f"{en_adj} {f}" for f in en_forms)
    return Institution(eid, name, code, sorted(aliases))


@lru_cache(maxsize=512)
def _adjectives(code: str, seen: str | None) -> tuple[str | None, str | None]:
    """The German base adjective ("türkisch") and English adjective ("Turkish") of a country."""
    if code in _IRREGULAR:
        return _IRREGULAR[code]
    forms = {a for a, c in places._data()["adjectives"].items() if c == code and "-" not in a}
    data = places._data()["countries"].get(code, {})
    de = [a for a in forms if a + "en" in forms and a + "er" in forms]
    inflected = {b + suffix for b in de for suffix in ("", "e", "em", "en", "er", "es")}
    en = [a for a in forms if a not in inflected]
    de_adj = _restore(max(de, key=lambda a: (_prefix(a, fold(data.get("de", ""))), -len(a))), data.get("de", "")) \
        if de else None
    if seen and de_adj and fold(seen).startswith(fold(de_adj)):
        de_adj = seen[:len(de_adj)].lower()
    en_adj = max(en, key=lambda a: (_prefix(a, fold(data.get("en", ""))), -len(a))).capitalize() if en else None
    return de_adj, en_adj


def _prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _restore(folded: str, name: str) -> str:
    """Umlauts back from the country's name where the adjective shares its start ("türk" + "isch")."""
    n = _prefix(folded, fold(name))
    head = name[:n].lower() if len(fold(name[:n])) == n else folded[:n]
    return head + folded[n:]
