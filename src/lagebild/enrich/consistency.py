"""One name, one reading per text: where NER tagged a name once, its other occurrences in the same
text are mentions too (the "one sense per discourse" consistency NER systems add at document level).

NER misses repeats of a name it found elsewhere in the article (a Japanese page tags "ハマス" once
and leaves twelve untagged; "Diess" alone after "Herbert Diess"). Every untagged occurrence of a
tagged surface (and of the surname of a tagged full name in Latin script) becomes a mention of the
type NER gave it most often. An occurrence counts only where the name stands alone: at word
boundaries in scripts with spaces; in kana, not inside a longer kana word; in Hangul and Han, not
after a letter of its own script (a Korean particle may follow a name).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..model import Mention
from ._text import SpanIndex

_MIN_LETTERS = 2
_MIN_CAPS_LETTERS = 4  # a capitalised short word ("Who") may be an acronym in capitals ("WHO")


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for s in ("KATAKANA", "HIRAGANA", "HANGUL", "CJK"):
        if name.startswith(s):
            return s
    return "LETTER" if ch.isalnum() else ""


def _stands_alone(text: str, start: int, end: int) -> bool:
    before = _script(text[start - 1]) if start > 0 else ""
    after = _script(text[end]) if end < len(text) else ""
    first, last = _script(text[start]), _script(text[end - 1])
    if first == "LETTER" or last == "LETTER":
        return before != "LETTER" and after != "LETTER"
    if before == first:  # inside a longer word of the same script; a particle before a katakana name is not
        return False
    if last == "KATAKANA":
        return after != "KATAKANA" and text[end:end + 1] != "ー"
    return True


def repeats(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions for the untagged occurrences of names tagged elsewhere in ``text``."""
    types: dict[str, Counter] = {}
    for m in mentions:
        surfaces = [m.text]
        words = m.text.split()
        if m.type == "PER" and len(words) >= 2 and words[-1].isalpha() and (
                words[-1][:1].isupper() or _uncased(words[-1])):
            surfaces.append(words[-1])  # "Diess" after "Herbert Diess", "بوتين" after "فلاديمير بوتين"
        for s in surfaces:
            if sum(c.isalpha() for c in s) >= _MIN_LETTERS and s.strip() == s:
                types.setdefault(s, Counter())[m.type] += 1
                if sum(c.isalpha() for c in s) >= _MIN_CAPS_LETTERS and s.upper() != s and len(s.upper()) == len(s):
                    for caps in {s.upper(), s.replace("i", "İ").upper()}:  # Turkish writes "i" in capitals "İ"
                        types.setdefault(caps, Counter())[m.type] += 1  # "İZMİR", "ICARDİ" in a heading
    if not types:
        return []
    # a person's name with a German genitive "s" before the noun it governs ("Putins Sieg", "Hännis
    # Sicht"); not a family's plural ("the Bidens")
    genitives = {s + "s": s for s, c in types.items() if c.most_common(1)[0][0] == "PER" and s[-1:].isalpha()
                 and s[-1:] not in "sxzß" and s[:1].isupper() and s + "s" not in types and _LATIN.fullmatch(s)}
    taken = SpanIndex((m.start, m.end) for m in mentions)
    pattern = re.compile("|".join(re.escape(s) for s in sorted([*types, *genitives], key=len, reverse=True)))
    found: list[Mention] = []
    for hit in pattern.finditer(text):
        s, e = hit.span()
        if taken.overlaps(s, e) or not _stands_alone(text, s, e):
            continue
        if hit.group() in genitives:
            if _GOVERNED.match(text, e) and not _PLURAL_BEFORE.search(text, max(0, s - 4), s):
                found.append(Mention(s, e, hit.group(), "PER"))
            continue
        found.append(Mention(s, e, hit.group(), types[hit.group()].most_common(1)[0][0]))
    return found


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f .'’-]*")
_GOVERNED = re.compile(r" [A-ZÄÖÜ][a-zäöüß]")  # the noun a genitive name stands before
_PLURAL_BEFORE = re.compile(r"\b(?:the|The|die|Die) $")


_HANGUL_NAME = re.compile(r"[가-힣]{2,4}")
_NEXT_WORD = re.compile(r"[ \t]+([가-힣]{2})")
_TITLE_WORDS = 3  # "이재명 더불어민주당 대선 후보": the title may come after a party and an office


def _uncased(word: str) -> bool:
    """A word of four letters or more in Arabic script, which has no capitals: a surname there
    cannot be told from a common word by its first letter, so only a longer one counts, and only as
    a whole word (a proclitic written onto it keeps it out). Not Hebrew, whose surnames are as often
    first names ("שרה אברהם" beside "רונית אברהם")."""
    return len(word) >= 4 and all("\u0620" <= c <= "\u06ff" for c in word)


def _words_after(text: str, end: int, n: int) -> list[str]:
    """The first two syllables of each of the next ``n`` Hangul words on the line after ``end``."""
    out = []
    for _ in range(n):
        nxt = _NEXT_WORD.match(text, end)
        if nxt is None:
            break
        out.append(nxt.group(1))
        end = nxt.end()
        while end < len(text) and _script(text[end]) == "HANGUL":
            end += 1
    return out


def family_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Korean news names a person in full once ("이재명 대통령 당선인은") and then by family name and a
    title ("이 당선인은"); NER misses the lone sign, which is also a common word ("이" = this). A lone
    first sign of a tagged Hangul name is a mention where the word after it begins like one of the
    words that follow the full name in the same text: the text's own evidence, no list of titles.
    Where NER tagged the lone sign itself, that mention gets the same hint."""
    titles: dict[str, dict[str, set[str]]] = {}  # family sign -> title word -> full names it follows
    for m in mentions:
        if m.type == "PER" and _HANGUL_NAME.fullmatch(m.text):
            for word in _words_after(text, m.end, _TITLE_WORDS):
                titles.setdefault(m.text[0], {}).setdefault(word, set()).add(m.text)
    if not titles:  # no Hangul full name with a word after it: the common case, nothing to scan
        return []
    taken = SpanIndex((m.start, m.end) for m in mentions)
    tagged = {m.start: m for m in mentions if m.type == "PER" and m.end - m.start == 1 and not m.entity_id}
    found: list[Mention] = []
    for sign, after in titles.items():
        for hit in re.finditer(re.escape(sign), text):
            s = hit.start()
            if (s == 0 or _script(text[s - 1]) != "HANGUL") and (s in tagged or not taken.overlaps(s, s + 1)) \
                    and (nxt := _NEXT_WORD.match(text, s + 1)) and nxt.group(1) in after:
                names = after[nxt.group(1)]  # one full name with that title: the hint names it
                hint = f"PER~{next(iter(names))}" if len(names) == 1 else None
                if s in tagged:  # NER tagged the lone sign itself: it gets the hint all the same
                    tagged[s].entity_id = hint
                else:
                    found.append(Mention(s, s + 1, sign, "PER", hint))
    return found


_NEXT_NAME_WORD = re.compile(r" ([A-ZÄÖÜ][a-zäöüß]{2,})\b")


def compounds(text: str, mentions: list[Mention], language: str | None = None) -> list[Mention]:
    """A one-word person mention that, wherever it stands, the same capitalised word follows ("Trump
    University" on three lines) names something called after the person, not the person: the text's
    own repeats of the pair, on different lines (a page repeats its headline), are the evidence. Each occurrence of the pair becomes one ORG mention and
    the person mentions inside it go. A word tagged as (part of) a person's name is never such a
    second word ("Donald" "Trump" tagged apart stay a person)."""
    from .casing import stop_words

    stop = stop_words(language)
    person_words = {w for m in mentions if m.type == "PER" for w in m.text.split()}
    pairs: set[str] = set()
    for m in mentions:
        if m.type != "PER" or " " in m.text or not m.text.isalpha() or not m.text[:1].isupper():
            continue
        nxt = _NEXT_NAME_WORD.match(text, m.end)
        if nxt and nxt.group(1) not in person_words:
            pair = m.text + nxt.group()
            lines = {_line(text, h.start()) for h in re.finditer(rf"(?<!\w){re.escape(pair)}(?!\w)", text)}
            if len(lines) >= 2 and nxt.group(1).casefold() not in stop:  # a headline repeated is one line
                pairs.add(pair)
    if not pairs:
        return mentions
    spans = [h.span() for p in pairs for h in re.finditer(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
    inside = SpanIndex(spans)
    kept = [m for m in mentions if not (m.type == "PER" and inside.overlaps(m.start, m.end))]
    taken = SpanIndex((m.start, m.end) for m in kept)
    kept += [Mention(s, e, text[s:e], "ORG") for s, e in spans if not taken.overlaps(s, e)]
    return sorted(kept, key=lambda m: (m.start, m.end))


def _latin(word: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in word if c.isalpha())


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def split_joined(text: str, mentions: list[Mention]) -> list[Mention]:
    """Split a mention NER ran across two names ("ОАСК Павла Вовка", "AP NBA", "Trump Musk") where the
    text tags each part alone elsewhere and one part is a person or both are acronyms: the text's own
    tags are the evidence. A person's name splits only after a surname the text gives someone in full. "Los Angeles Lakers" (a place and a team, neither a person) stays whole."""
    alone: dict[str, Counter] = {}
    surnames = {m.text.split()[-1] for m in mentions if m.type == "PER" and " " in m.text}
    for m in mentions:
        alone.setdefault(m.text, Counter())[m.type] += 1
    out: list[Mention] = []
    for m in mentions:
        words = list(re.finditer(r"\S+", m.text))
        for k in range(1, len(words)):
            left, right = m.text[:words[k - 1].end()], m.text[words[k].start():]
            if left not in alone or right not in alone:
                continue
            lt, rt = alone[left].most_common(1)[0][0], alone[right].most_common(1)[0][0]
            if m.type == "PER" and left not in surnames:
                continue  # "LeBron James": a first name and a surname, each also used alone
            if "PER" in (lt, rt) or _acronym(left) and _acronym(right):
                r0 = m.start + words[k].start()
                out += [Mention(m.start, m.start + len(left), left, lt), Mention(r0, m.end, right, rt)]
                break
        else:
            out.append(m)
    return out


def _line(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1:(text.find("\n", pos) + 1 or len(text) + 1) - 1]


# Japanese honorifics written after a person's name (a closed grammatical class, not a list of
# names): a katakana word before one is a foreign person's name ("スミス氏"), which NER, trained on
# other scripts, often leaves untagged; repeats() then finds the name's other occurrences.
_HONORIFIC_NAME = re.compile(r"(?<![\u30a0-\u30ff])([\u30a1-\u30fa\u30fc\u30fb]{2,})(?:氏(?![名族])|さん|様)")


def lead_ins(mentions: list[Mention], language: str | None) -> list[Mention]:
    """A person mention loses a function word NER ran into it at the start of a sentence ("Самого
    Вовка": "самого" = "of the very"). Cyrillic and Greek only: in Latin script first names are
    function words too ("Will Smith") and particles open names ("van", "de")."""
    from .casing import stop_words

    stop = stop_words(language)
    out = []
    for m in mentions:
        words = m.text.split(" ")
        cut = 0
        while m.type == "PER" and len(words) - cut >= 2 and len(words[cut]) > 3 and not words[cut].isascii() \
                and not _latin(words[cut]) and words[cut].casefold() in stop:
            cut += 1
        if cut:
            skip = len(" ".join(words[:cut])) + 1
            m = Mention(m.start + skip, m.end, m.text[skip:], m.type, m.entity_id, m.confidence)
        out.append(m)
    return out


def honorifics(text: str, mentions: list[Mention]) -> list[Mention]:
    """PER mentions for untagged katakana names before a Japanese honorific ("ミラー氏は")."""
    taken = SpanIndex((m.start, m.end) for m in mentions)
    found = []
    for hit in _HONORIFIC_NAME.finditer(text):
        s, e = hit.span(1)
        name = hit.group(1).strip("・ー")
        if len(name) >= 2 and not taken.overlaps(s, e):
            found.append(Mention(s, e, text[s:e], "PER"))
    return found


__all__ = ["compounds", "family_names", "honorifics", "lead_ins", "repeats", "split_joined"]
