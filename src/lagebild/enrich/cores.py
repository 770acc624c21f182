"""A mention reduced to its core name: surrounding punctuation, titles ("Dr.", "Herr"), descriptor
words ("Terror-Miliz ISIS", "IS-Miliz") and a genitive ending ("Cavusoglus", "Merkel's") cut.
names.py lets cores meet; orgs.py looks them up in the table of well-known organisations."""

from __future__ import annotations

import re

from ..textnorm import fold

_TITLES = {
    "herr", "herrn", "frau", "dr", "prof", "mr", "mrs", "ms", "sir", "dame", "lord", "graf", "von",
}
DESCRIPTORS = {
    "terror", "miliz", "milizen", "terrormiliz", "gruppe", "gruppierung", "organisation", "organization",
    "terrororganisation", "terrorgruppe", "terrornetzwerk", "netzwerk", "extremistenmiliz", "islamistenmiliz",
    "dschihadistenmiliz", "jihadistenmiliz", "rebellengruppe", "extremistengruppe", "militia", "militias",
    "group", "terrorist", "jihadist", "islamist", "the", "die", "der", "des", "dem", "den", "das", "movement",
    "bewegung", "partei", "party", "sender", "fernsehsender", "zeitung", "nachrichtenagentur", "agentur",
    "agency", "organisationen", "network",
    # legal forms: "Volkswagen AG" is Volkswagen
    "ag", "gmbh", "inc", "corp", "ltd", "llc", "plc", "se", "nv", "bv", "kgaa",
}
# lower-case words NER runs into a person's name from before it; name particles (de, van, von, al)
# are not among them
_LEAD_INS = {"to", "by", "for", "with", "and", "the", "of", "from", "at", "on", "in", "und", "mit", "für", "an",
             "bei", "nach", "gegen", "als", "wie", "dass", "that", "as", "than", "said", "says", "sagte"}
NAME_STOP = {"der", "die", "das", "des", "dem", "den", "und", "für", "fur", "von", "vom", "im", "in", "of", "the",
         "and", "for", "de", "du", "la", "le", "zur", "zum", "am", "an", "auf", "a", "et"}


def clean(text: str) -> str:
    """The text without surrounding spaces, punctuation, brackets and quotation marks."""
    return text.strip(" \t\n.,;:!?()[]{}\"'’“”„«»‚‘")


def name_words(core: str) -> list[str]:
    """The space-separated words of a name."""
    return [w for w in re.split(r"\s+", core) if w]


def person_core(text: str, context: str | set[str], language: str | None = None) -> str:
    """A person mention without titles and genitive ending."""
    words = name_words(clean(text))
    while len(words) > 1 and (fold(words[0]).rstrip(".") in _TITLES or words[0] in _LEAD_INS):
        words = words[1:]  # "Dr. Müller", "to LeBron James"
    if len(words) > 1 and _hangul(words[0]):
        words = words[:1]  # a Korean name is one word; what follows is a title and a particle ("이 후보는")
    if words:
        words[-1] = _degenitive(words[-1], context, language)
    return " ".join(words)


def _hangul(word: str) -> bool:
    return bool(word) and all("\uac00" <= c <= "\ud7a3" for c in word)


# Languages whose genitive of a name is a bare "s" ("Merkels", "Rysslands"). Elsewhere a name's final
# "s" is its own or a plural's ("Global News", "Lakers", "Los Angeles Times") and the genitive, where
# there is one, has an apostrophe ("Ohio's"). Unknown language: as German.
_S_GENITIVE = {"de", "nl", "sv", "da", "no", "nb", "nn", "is", "lb", "af", "fy"}


def _degenitive(word: str, context: str | set[str], language: str | None = None) -> str:
    """"Cavusoglus" -> "Cavusoglu" when the text (or its word set) also has the bare form and the
    text's language writes a genitive so; "Merkel's" -> "Merkel"."""
    w = word.replace("’", "'")
    if w.endswith("'s") or w.endswith("'"):
        return w.rstrip("s").rstrip("'")
    if len(w) > 3 and w.endswith("s") and (language is None or language in _S_GENITIVE):
        vocab = context if isinstance(context, set) else set(re.findall(r"\w+", context))
        if w[:-1] in vocab:
            return w[:-1]
    return word


def place_core(text: str, context: str | set[str], language: str | None = None) -> str:
    """A place mention without a genitive ending when the text also names the bare form:
    "Brandenburgs" -> "Brandenburg", "Ohio's" -> "Ohio" (gazetteer places are matched before this)."""
    words = name_words(clean(text))
    if words:
        words[-1] = _degenitive(words[-1], context, language)
    return " ".join(words)


def org_core(text: str, context: str | set[str], language: str | None = None) -> str:
    """An organisation mention without descriptor words, lower-case lead-ins or a genitive:
    "die Terror-Miliz ISIS" -> "ISIS", "IS-Miliz" -> "IS", "radikalislamische Hamas" -> "Hamas"."""
    words = name_words(clean(text))

    def descriptor(w: str) -> bool:
        parts = [p for p in fold(w).split("-") if p]
        return bool(parts) and all(p in DESCRIPTORS for p in parts)

    while len(words) > 1 and (descriptor(words[0]) or words[0][:1].islower()):
        words = words[1:]
    while len(words) > 1 and descriptor(words[-1]):
        words = words[:-1]
    if len(words) == 1 and "-" in words[0]:
        parts = words[0].split("-")
        while len(parts) > 1 and descriptor(parts[-1]):
            parts = parts[:-1]
        while len(parts) > 1 and descriptor(parts[0]):
            parts = parts[1:]
        words = ["-".join(parts)]
    if words and not is_acronym(words[-1]):
        words[-1] = _degenitive(words[-1], context, language)
    return " ".join(words)


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 8 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def initials(name: str) -> str:
    """Initial letters of a name's content words ("Islamischer Staat" -> "IS")."""
    out = []
    for w in re.split(r"[\s-]+", name):
        if w and fold(w) not in NAME_STOP and w[:1].isalpha():
            out.append(w[0].upper())
    return "".join(out)


def transliterations(name: str) -> set[str]:
    """German umlaut spellings a name is also written in ("Müller" -> "Mueller")."""
    out = {name}
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
    out.add(name.translate(table))
    return out
