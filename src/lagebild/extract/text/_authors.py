"""Authors of a scraped page: the line that credits them, chosen among the page's short lines by a model.

Scraped text loses the markup that marks a byline; what is left is a line like "Von Jana Beispiel",
"By Jane Doe | 3 May 2024", "Autor: Max Muster", "12. März 2024 Max Muster", or just the name on a line of its
own above the text or in an author box below it. Every short line that holds person-like names is read in
every way it may name people (:func:`readings`: after a credit cue the names may run into a role, a place or an
agency, and each shorter list of the leading names is a reading too), and each reading is a candidate. A small
network (:class:`lagebild.extract.nets.Net`, weights ``lagebild/models/textauthors.npz`` trained by
``scripts/train_extract.py --what textauthors``, leave-site-out figures in docs/benchmarks.md) scores each
candidate from its cue, its shape, where it stands (relative to the headline and the article text), its
neighbours, how often the line and the name recur, and what the name's words mean (their e5 word vectors, as
the line classifier reads them); the page's best candidate wins, unless it scores below the model's floor: then
the page has no author. The floor is the ensemble's learned "no author" score (a pseudo-candidate of the listwise
training, right on pages without an author or whose author no line names) lowered so far that, on pages of sites
the nets had not seen, it keeps :data:`KEEP_RIGHT` of the right picks; without it a name was given on every page
with a capitalised short line (a teaser's source, a caption), author or not. Without weights the rules' credit line
wins.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...errors import ModelError
from ..cues import EMBED_DIM, STOP_WORDS, WORD, word_vectors
from ..dates import _MONTHS as MONTHS  # the month names the date reader knows
from ..nets import Net, log_odds
from . import _lines as tl

WEIGHTS_NAME = "textauthors.npz"
WEIGHTS = Path(__file__).resolve().parents[2] / "models" / WEIGHTS_NAME
MAX_LINE = 120  # characters: a credit line is short

_CUE = re.compile(
    r"^(?:(?:ein\s+)?(?:beitrag|kommentar|interview|bericht|text|gastbeitrag)\s+von|written\s+by|posted\s+by|"
    r"geschrieben\s+von|verfasst\s+von|vom|von|by|text|texte|autor(?:in|en)?(?:\s*/\s*autor(?:in)?)?|authors?|"
    r"auteur|autore|redaktion|par|por|di|door|av|de)\s*:?\s+", re.I)
_INLINE = re.compile(r"(?:^|[\s|·•,])(?:[Vv]om|[Vv]on|[Bb]y|[Pp]ar|[Pp]or|[Dd]oor|Autor(?:in)?:?|Author:?)\s+(?=\w)")
_NOUN_CUE = re.compile(r"^(?:redaktion|text|texte)\s", re.I)
_LABEL = re.compile(r"^(?:autor(?:in|en)?|authors?|auteur|verfasser(?:in)?|redaktion|text|interview|quelle|source)\s*:\s*",
                    re.I)
# where the names end: a bracket, a date (a month name before a digit) or a digit, a publishing word, a comma before a lower-case word (not
# before a short one that ends the line: an agency, "…, dpa")
_END = re.compile(
    r"\s*(?:[(\[]|\s[-–—]\s|\d|\b(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?,?\s*(?=\d)|\b(?:am|on|um|at|le|el|published|publiziert|veröffentlicht|aktualisiert|updated|"
    r"posted|stand|says|sagt|schreibt|is|ist|was|war|Zuletzt|Updated|Published|Posted|Last|In|On|Am|At)\b|,\s*(?=[a-zäöü])(?![a-z]{2,5}(?:\s*[,;/|]|\s*$))).*$")
# what separates two names ("Jane Doe, John Roe", "Max Muster und Eva Beispiel", "A. Berg | C. Dorn")
_SPLIT = re.compile(r"\s*[,;|/·•]\s*|\s+(?:und|and|&|y|et|e|og|och|en)\s+")
_PARTICLE = re.compile(r"^(?:van|von|der|de|del|della|da|di|du|le|la|bin|al|zu|ten|ter|y)$")
_WORD_CHARS = re.compile(r"^[\w'’.-]+$")
_HONORIFIC = re.compile(r"^(?:dr|prof|mag|ing|dipl|mr|mrs|ms|sir|dame)\.?$", re.I)  # "Prof. Dr. Jana Beispiel"
MAX_CASELESS = 4  # letters of a name word in a script without capitals (a Han or Hangul name has 1-3 a part)
_AGENCY = re.compile(r"^[a-z]{2,5}$")  # "dpa", "afp", an editor's initials
_HANDLE = re.compile(r"^[a-z][\w.-]{2,24}$")  # a user name after a credit cue ("von uriebe", "by jdoe")
_LEAD_DATE = re.compile(r"^(?:(?:" + tl.DATE.pattern + r")[\s,|·•-]*(?:" + tl.TIME.pattern + r")?[\s,|·•-]*)+")
# words of an author box or a credit around a name ("Über die Autorin", "About the author", "Redakteur")
_ROLE = re.compile(r"\b(?:autor(?:in|en)?|authors?|über (?:den|die) autor|about the author|redakt\w*|editor\w*|"
                   r"reporter\w*|journalist\w*|korrespondent\w*|correspondent|columnist|kolumnist\w*|contributor|"
                   r"writer|staff|mitarbeiter\w*)\b", re.I)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|\b(?:foto|photo|bild|image|grafik|quelle|source)\s*:", re.I)
_NOT_NAMES = frozenset(
    "home news menu login logout search suche kontakt contact impressum datenschutz privacy share teilen facebook "
    "twitter instagram linkedin whatsapp youtube email e-mail newsletter kommentare comments reply antworten more "
    "mehr weiterlesen read startseite anzeige werbung advertisement".split())
MAX_NAMES = 4
_CUE_WORDS = frozenset("by von vom par por door av di de".split())
CREDIT_SHARE = 0.6  # names taking this share of a line without a cue make it a credit line
# share of the right picks (on sites the nets did not see) the floor keeps: what abstaining may cost. .95 until the
# candidates of 2026-12-07 noon; with them .93 gives more right names and fewer false ones than .95 did before
# (leave-site-out, docs/benchmarks.md)
KEEP_RIGHT = 0.93

NAMES = [
    "cue", "inline_cue", "label_cue", "rules", "n_names", "words_per_name", "full_names", "loglen", "rest_share",
    "upper_ratio", "has_date", "has_sep", "rel_pos", "from_title", "from_start", "from_end", "in_body", "before_body",
    "after_body", "repeat", "prev_date", "next_date", "prev_long", "next_long", "in_title", "prob", "prob_prev",
    "prob_next", "copyright", "rank_from_title", "handle", "dropped_names", "cut_words", "after_date",
    "name_elsewhere", "line_names", "in_first_line", "common_words", "last_elsewhere", "role_here", "role_prev",
    "role_next",
] + [f"vec{i}" for i in range(EMBED_DIM)]


@dataclass(slots=True)
class Candidate:
    index: int  # line
    names: list[str]
    cue: int  # 1: the line opens with a credit cue, 2: a cue inside it ("12.3.2024 von X"), 3: a label ("Autor:")
    dropped: int = 0  # names of the line left out of this reading ("By Jane Doe, Reuters" -> ["Jane Doe"])
    cut: bool = False  # the last name was cut short ("Max Muster Redakteur" -> "Max Muster")
    handle: bool = False  # a lower-case user name after a cue
    after_date: bool = False  # the names follow a date that opens the line ("3. Mai 2024 Max Muster")
    line_names: int = 1  # names in the line's longest reading


def _name_words(words: list[str]) -> int:
    """How many of ``words`` from the start read as a name's words."""
    if words and words[0].casefold() in _CUE_WORDS:  # "By Jane Doe" read without its cue
        return 0
    n = 0
    for w in words:
        if not _name_word(w) or w.casefold().strip(".") in _NOT_NAMES:
            break
        n += 1
    while n and _PARTICLE.match(words[n - 1]):  # a particle ends no name ("Artikel von")
        n -= 1
    return n if n and not _PARTICLE.match(words[0]) else 0


def _name_word(word: str) -> bool:
    """Whether ``word`` may be part of a name: a capital first letter in any cased script (Latin, Cyrillic,
    Greek), a name particle ("van", "von"), or a short word of a script without capitals (Han, Hangul, kana)."""
    if not _WORD_CHARS.match(word):
        return False
    first = word[:1]
    if first.isupper():
        return True
    if first.isalpha() and not first.islower():  # a caseless script
        return len(word) <= MAX_CASELESS and not any(c.isupper() or c.islower() for c in word)
    return bool(_PARTICLE.match(word))


def readings(text: str, cue: int) -> list[tuple[list[str], int, bool]]:
    """The ways ``text`` (what follows a cue, or a whole line) may name people: (names, names dropped, last name
    cut short), longest first. Without a cue every name must be whole; after a cue a name may run into other
    words (a role, a place) and a short lower-case word may stand for an agency or initials ("dpa", "ssi"). Each
    shorter list of the leading names is a reading too, since a byline often ends in what is not a name ("By
    Jane Doe, Staff Writer", "Jane Doe / Example Times")."""
    text = _END.sub("", text).strip(" ,;:|-–—")
    parts = [p for p in _SPLIT.split(text) if p]
    if not parts:
        return []
    if cue and _HANDLE.match(parts[0]) and len(parts) == 1 and parts[0].casefold() not in STOP_WORDS:
        return [([parts[0]], 0, False)]
    if cue and 2 <= len(parts) <= MAX_NAMES and all(_AGENCY.match(p) and p not in STOP_WORDS for p in parts):
        return [(parts, 0, False)]  # initials and agencies alone: "Von: ab/dpa"
    names: list[str] = []
    cut = False
    for part in parts:
        words = part.split()
        n = _name_words(words)
        if n == len(words) and _core_words(words) <= MAX_NAMES:
            names.append(part)
            continue
        if cue and names and _AGENCY.match(part):
            names.append(part)
            continue
        if n >= 1 and (cue or n >= 2):  # the name runs into other words: keep its leading name words
            names.append(" ".join(words[:_first_words(words[:n], MAX_NAMES)]))
            cut = True
        elif not cue and not names:
            return []
        break
    if not names:
        return []
    names = names[:MAX_NAMES]
    out = [(names, 0, cut)]
    out += [(names[:k], len(names) - k, False) for k in range(len(names) - 1, 0, -1)]
    last = names[-1].split()
    shortest = 1 if cue and cut else 2
    for k in range(len(last) - 1, shortest - 1, -1):  # "Jana Beispiel Redakteurin": the name's first words
        if k >= 2 or cut:
            out.append((names[:-1] + [" ".join(last[:k])], 0, True))
    # without the academic or courtesy titles before a name ("Prof. Dr. Jana Beispiel": some records keep them,
    # some drop one or all)
    for found, dropped, was_cut in list(out):
        for keep in (1, 0):
            bare = [_strip_titles(nm, keep) for nm in found]
            if bare != found and all(bare):
                out.append((bare, dropped, was_cut))
    return out


def _core_words(words: list[str]) -> int:
    """A name's words other than particles and titles ("Dr Marna van der Merwe": 2)."""
    return sum(not _PARTICLE.match(w) and not _HONORIFIC.match(w) for w in words)


def _first_words(words: list[str], most: int) -> int:
    """How many of ``words`` hold the first ``most`` core words."""
    core = 0
    for k, w in enumerate(words):
        core += not _PARTICLE.match(w) and not _HONORIFIC.match(w)
        if core > most:
            return k
    return len(words)


def _strip_titles(name: str, keep: int) -> str:
    """``name`` without its leading titles but the last ``keep`` of them."""
    words = name.split()
    n = 0
    while n < len(words) - 1 and _HONORIFIC.match(words[n]):
        n += 1
    return " ".join(words[max(0, n - keep):]) if n > keep else name


def candidates(lines: list[tl.Line]) -> list[Candidate]:
    """Every reading of every short line that credits or names people."""
    out = []
    for i, line in enumerate(lines):
        text = line.text
        if len(text) < 3:
            continue
        label = _LABEL.match(text)
        start = _CUE.match(text)
        if len(text) > MAX_LINE:  # a long line counts only when it opens with a credit ("Posted by X at 9:52 in …")
            if not (label or start):
                continue
            text = text[:MAX_LINE]
        cue, rest, after_date = 0, text, False
        if label:
            cue, rest = 3, text[label.end():]
        elif start:
            cue, rest = 1, text[start.end():]
        else:
            inline = _INLINE.search(text)
            if inline and inline.start() > 0:
                cue, rest = 2, text[inline.end():]
            else:
                date = _LEAD_DATE.match(text)
                if date and date.end() < len(text):
                    rest, after_date = text[date.end():].lstrip(" ,|·•-–—"), True
        found = [(reading, cue) for reading in readings(rest, cue)]
        again = _CUE.match(rest) if cue in (1, 3) else None
        if again:  # two cues in a row: "Text by …", "Interview: von …"
            found += [(reading, cue) for reading in readings(rest[again.end():], cue)]
        if (cue == 1 and _NOUN_CUE.match(text)) or cue == 2:
            # a cue word may start a name ("Redaktion Beispielstadt") or stand inside one ("Christoph von Ritter")
            found += [(reading, 0) for reading in readings(text, 0)]
        seen: set[tuple[str, ...]] = set()
        for (names, dropped, cut), how in found:
            if tuple(names) in seen:
                continue
            seen.add(tuple(names))
            handle = len(names) == 1 and names[0][:1].islower()
            out.append(Candidate(i, names, how, dropped, cut, handle, after_date, len(found[0][0][0])))
    return out


def rows(lines: list[tl.Line], cands: list[Candidate], probs: np.ndarray, title_index: int | None,
         body: list[int], rules_index: int | None) -> np.ndarray:
    """The candidates' numbers (:data:`NAMES`)."""
    n = len(lines)
    start, end = (body[0], body[-1]) if body else (n, n)
    kept = set(body)
    title_words = {w.casefold() for w in tl_words(lines[title_index].text)} if title_index is not None else set()
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.key] = counts.get(line.key, 0) + 1
    order = sorted(range(len(cands)), key=lambda k: abs(cands[k].index - (title_index or 0)))
    rank = {k: r for r, k in enumerate(order)}
    page = "\n".join(line.text for line in lines).casefold()
    first_words = {w.casefold() for w in tl_words(lines[0].text)} if lines else set()  # often the <title>
    # words the page writes in lower case somewhere: a name's words seldom are ("Financial Tips", "Updated")
    lower_words = {w.casefold() for line in lines for w in tl_words(line.text) if w[:1].islower()}
    # what the names mean, as the line classifier reads a line (:func:`lagebild.extract.cues.word_vectors`):
    # a given name and a family name sit elsewhere than "Politik" or "Newsletter"
    vectors = word_vectors([[w for nm in cand.names for w in WORD.findall(nm)][:8] for cand in cands])
    out = []
    for k, cand in enumerate(cands):
        i, text = cand.index, lines[cand.index].text
        name_chars = sum(len(nm) for nm in cand.names)
        words = [len(nm.split()) for nm in cand.names]
        letters = [c for c in text if c.isalpha()]
        name_words = {w.casefold() for nm in cand.names for w in nm.split()}

        def signed(d: int) -> float:
            return math.copysign(math.log1p(abs(d)), d)

        out.append([
            float(cand.cue == 1), float(cand.cue == 2), float(cand.cue == 3), float(i == rules_index),
            math.log(len(cand.names)), sum(words) / len(words), float(all(w >= 2 for w in words)),
            math.log1p(len(text)), 1.0 - name_chars / max(1, len(text)),
            sum(c.isupper() for c in letters) / max(1, len(letters)), float(tl.DATE.search(text) is not None),
            float(any(s in text for s in "|·•")), i / max(1, n - 1),
            signed(i - title_index) if title_index is not None else 0.0, signed(i - start), signed(i - end),
            float(i in kept), float(i < start), float(i > end), math.log(counts[lines[i].key]),
            float(i > 0 and tl.DATE.search(lines[i - 1].text) is not None),
            float(i + 1 < n and tl.DATE.search(lines[i + 1].text) is not None),
            float(i > 0 and len(lines[i - 1].text) > 150), float(i + 1 < n and len(lines[i + 1].text) > 150),
            float(bool(name_words) and name_words <= title_words), float(probs[i]) if len(probs) else 0.0,
            float(probs[i - 1]) if i > 0 else 0.0, float(probs[i + 1]) if i + 1 < n else 0.0,
            float(_COPYRIGHT.search(text) is not None), math.log1p(rank[k]),
            float(cand.handle), math.log1p(cand.dropped), float(cand.cut), float(cand.after_date),
            math.log1p(max(0, page.count(cand.names[0].casefold()) - text.casefold().count(cand.names[0].casefold()))),
            math.log(cand.line_names), float(bool(name_words) and name_words <= first_words),
            len(name_words & lower_words) / max(1, len(name_words)),
            math.log1p(max(0, page.count(cand.names[-1].casefold()) - text.casefold().count(cand.names[-1].casefold()))),
            float(_ROLE.search(text) is not None), float(i > 0 and _ROLE.search(lines[i - 1].text[:MAX_LINE]) is not None),
            float(i + 1 < n and _ROLE.search(lines[i + 1].text[:MAX_LINE]) is not None),
            *vectors[k],
        ])
    return np.array(out, dtype=np.float64).reshape(len(cands), len(NAMES))


_WORD = re.compile(r"\w+")


def tl_words(text: str) -> list[str]:
    return _WORD.findall(text)


def choose(lines: list[tl.Line], probs: np.ndarray, title_index: int | None, body: list[int],
           rules: tuple[list[str], int | None], model_dir: str | None = None) -> tuple[list[str], int | None]:
    """(authors, the line they were read from): the best-scoring candidate if it reaches the model's floor (else
    none), the rules' byline when there are no weights or no candidates."""
    model = load(Path(model_dir) if model_dir else None)
    if model is None:
        return rules
    cands = candidates(lines)
    if not cands:
        return rules
    scores = log_odds(model.nets, rows(lines, cands, probs, title_index, body, rules[1]))
    if scores.max() < model.floor:  # no line scores like a byline: less output, never a wrong author
        return [], None
    best = cands[int(np.argmax(scores))]
    text = lines[best.index].text
    # the line leaves the article text only when it is a credit line, not a sentence that happens to name someone
    credit = best.cue in (1, 3) or sum(len(n) for n in best.names) >= CREDIT_SHARE * len(text)
    return best.names, best.index if credit else None


@dataclass(frozen=True, slots=True)
class Ranker:
    nets: list[Net]
    floor: float = -math.inf  # the least summed log-odds a page's best candidate needs (weights without one: none)


def save(path: Path, nets: list[Net], floor: float | None = None, **extra: np.ndarray) -> None:
    """The ensemble's weights with the feature names they were trained on and the floor of :func:`choose`."""
    arrays = {k: v for i, net in enumerate(nets) for k, v in net.arrays(f"n{i}_").items()}
    if floor is not None:
        extra["floor"] = np.array(floor)
    np.savez_compressed(path, names=np.array(NAMES), nets=np.array(len(nets)), **arrays, **extra)


def load(folder: Path | None = None) -> Ranker | None:
    path = folder / WEIGHTS_NAME if folder else WEIGHTS
    return _load(path) if path.exists() else None


@lru_cache(maxsize=8)
def _load(path: Path) -> Ranker:
    try:
        with np.load(path, allow_pickle=False) as data:
            if list(data["names"]) != NAMES:
                raise ModelError(f"text author model {path} was trained on other features; rerun scripts/train_extract.py")
            nets = [Net.read(data, f"n{i}_") for i in range(int(data["nets"]))]
            return Ranker(nets, float(data["floor"])) if "floor" in data.files else Ranker(nets)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"text author model {path} cannot be read: {exc}") from exc
