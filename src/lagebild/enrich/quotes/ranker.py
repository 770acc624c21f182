"""The speaker of a direct quotation as a learned choice among candidates (optional; the rules
decide when no weights are configured).

For each direct quotation the rules found, the candidates are the phrases a speaker could be: the
rules' own pick (with how they found it), every phrase each speech cue of the quotation's unit
could point to (``speakers.cue_phrases``; the one the rules take for the cue marked), the "X:"
lead-in, the subject of the clause around the quotation and of the unit before, the speakers the
rules gave the two quotations before, and the names, pronouns and noun phrases outside quotation
marks in the unit and the two units before. Candidates with the same offsets are one, their
sources pooled. Each is described by numbers (:data:`FEATURES`): its sources, its shape (pronoun,
does coref resolve it, names someone, object case, length, an unknown capitalised word, a role
word), its position (same unit or how many units back, before or after the quotation, distance to
the quotation and to the nearest cue) and its name's place in the document (how often it occurs,
how often the rules made it a speaker, first mention). A scorer (a linear map, or a small tanh net,
trained listwise: the softmax over one quotation's candidates) picks one; coref.py then resolves a
pronoun or role as for the rules' picks.

The weights come from ``scripts/train_quotes.py``. They are trained on the German news quotation
corpus, whose licence (CC BY-NC-SA 4.0, and the shared data's terms: "ship no model trained on
it") keeps them out of the repository: set ``LAGEBILD_QUOTE_RANKER`` to the ``.npz`` the script
wrote to use them. Without it the rules' speakers stand.
"""

from __future__ import annotations

import bisect
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ...errors import ModelError
from ..tokens import Span
from .coref import Referents, _name_run, _unknown
from .found import Found
from .frames import Cue, find_cues, frame_tokens, marks_in, quote_units, ranked_cues
from .lexicon import DETERMINERS, PRONOUNS, SPEAKER_PRONOUNS
from .phrases import ROLE_HINTS, SOURCE_PREPS, abstract, clause_subject, names_someone, np_at, object_case, plausible
from .speakers import colon_lead, cue_phrases, embedding_subject

ENV = "LAGEBILD_QUOTE_RANKER"
VIAS = ("cue", "colon", "previous", "embedding", "subject", "")
SOURCES = ("rule",) + tuple(f"via_{v or 'none'}" for v in VIAS) + (
    "cue_pick", "cue_pick_top", "cue_phrase", "cue_phrase_first", "cue_top", "cue_prep", "cue_after",
    "cue_right_after", "colon", "embedding", "clause_subject", "prev_subject", "prev_speaker", "prev_speaker2",
    "name", "pronoun", "np", "pp", "quoted_name")
SHAPE = ("pronoun_form", "resolves", "names_someone", "plausible", "object_case", "abstract", "log_tokens",
         "starts_det", "capital_share", "unknown_word", "role_word", "source_prep", "digit")
# the rules' pick with what speaks against it (a linear scorer cannot combine two features itself)
CROSSED = ("rule_names_no_one", "rule_abstract", "rule_object_case", "rule_far")
POSITION = ("same_unit", "units_back", "before_quote", "log_distance", "log_cue_distance", "shares_rule_name",
            "log_mentions", "log_spoken", "first_mention")
FEATURES = SOURCES + SHAPE + POSITION + CROSSED
_INDEX = {name: k for k, name in enumerate(FEATURES)}
_MAX_CANDIDATES = 40
_BACK = 2  # units before the quotation's own whose names and phrases are candidates
_WORD = re.compile(r"\w+")
_FUNCTION = DETERMINERS | PRONOUNS | {"dies", "diese", "dieser", "man", "laut", "nach", "so"}


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    text: str
    sources: dict[str, float] = field(default_factory=dict)
    cue: str | None = None  # the speech cue whose phrase it is, if any
    resolved: str | None = None  # the name a pronoun or role refers to (coref.py)


def names(text: str) -> set[str]:
    """Capitalised content words: what two speaker phrases must share to name the same person."""
    return {w.casefold() for w in _WORD.findall(text or "") if w[:1].isupper() and w.casefold() not in _FUNCTION}


class Document:
    """One text's units, frames and persons, to list and describe the candidates of its quotations.
    ``found`` holds the rules' picks (before coref), which the features read."""

    def __init__(self, text: str, found: list[Found], marks: list[tuple[int, int]], lang: str = "de"):
        self.text, self.marks, self.lang = text, marks, lang
        self.mark_starts = [a for a, _ in marks]
        self.units = quote_units(text, marks)
        self.unit_starts = [u.start for u in self.units]
        self._frames: dict[int, tuple[list[Span], list[Cue], list[tuple[int, int]]]] = {}
        self.refer = Referents(text, found, marks)
        self.spoken = [f for f in found if f.kind == "direct" and f.speaker_start is not None]
        spoken_names = [names(self._resolved(f.speaker_text or "", f.speaker_start)) for f in self.spoken]
        self.spoken_count: dict[str, int] = {}
        for ns in spoken_names:
            for n in ns:
                self.spoken_count[n] = self.spoken_count.get(n, 0) + 1
        self.folded = text.casefold()

    def frame(self, ui: int):
        got = self._frames.get(ui)
        if got is None:
            unit = self.units[ui]
            umarks = marks_in(self.marks, self.mark_starts, unit)
            toks = frame_tokens(self.text, unit, umarks)
            got = self._frames[ui] = (toks, find_cues(toks, self.lang), umarks)
        return got

    def unit_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.unit_starts, offset) - 1)

    def _resolved(self, phrase: str, at: int) -> str:
        p = self.refer.person(phrase, at)
        return p.text if p is not None else phrase

    def candidates(self, f: Found) -> list[Candidate]:
        """The speaker candidates of the direct quotation ``f``, the rules' pick first when it has one."""
        a, b = f.start - 1, f.end
        ui = self.unit_of(a)
        toks, cues, _ = self.frame(ui)
        out: dict[tuple[int, int], Candidate] = {}

        def add(span, source: str, value: float = 1.0, cue: str | None = None) -> None:
            if not span or span[1] <= span[0]:
                return
            c = out.get(span)
            if c is None:
                c = out[span] = Candidate(span[0], span[1], self.text[span[0]:span[1]])
            c.sources[source] = max(c.sources.get(source, 0.0), value)
            if cue is not None and c.cue is None:
                c.cue = cue

        if f.speaker_start is not None:
            add((f.speaker_start, f.speaker_end), "rule")
            add((f.speaker_start, f.speaker_end), f"via_{f.via or 'none'}", cue=f.cue)
        for rank, cue in enumerate(ranked_cues(cues, [(a, b)], toks)):
            ci = next(i for i, t in enumerate(toks) if t.start == cue.start)
            phrases, pick = cue_phrases(toks, ci, cue, self.lang)
            after = cue.start > b
            for k, span in enumerate(phrases):
                add(span, "cue_phrase", cue=cue.word)
                if k == 0:
                    add(span, "cue_phrase_first")
                if rank == 0:
                    add(span, "cue_top")
                if cue.prep:
                    add(span, "cue_prep")
                if after:
                    add(span, "cue_after")
                if after and cue.start - b <= 3:
                    add(span, "cue_right_after")
            if pick:
                add(pick, "cue_pick", cue=cue.word)
                if rank == 0:
                    add(pick, "cue_pick_top")
        add(colon_lead(toks), "colon")
        emb = embedding_subject(self.text, toks, a)
        if emb is not None:
            add((emb.speaker_start, emb.speaker_end), "embedding")
        qi = next((k for k, t in enumerate(toks) if t.start == a), None)
        if qi:
            add(clause_subject(toks, qi), "clause_subject")
        if ui > 0:
            ptoks = self.frame(ui - 1)[0]
            if ptoks and all(t.text != "<Q>" for t in ptoks):
                add(clause_subject(ptoks, len(ptoks) - 1 if ptoks[-1].text in {".", "!", "?"} else len(ptoks)),
                    "prev_subject")
        before = [g for g in self.spoken if g.start < f.start]
        seen_texts: list[str] = []
        for g in reversed(before):
            if g.speaker_text in seen_texts:
                continue
            seen_texts.append(g.speaker_text)
            add((g.speaker_start, g.speaker_end), "prev_speaker" if len(seen_texts) == 1 else "prev_speaker2")
            if len(seen_texts) == 2:
                break
        for uj in range(max(0, ui - _BACK), ui + 1):
            self._phrases_in(uj, add)
        cands = list(out.values())
        cands.sort(key=lambda c: (-c.sources.get("rule", 0), -sum(c.sources.values())))
        cands = cands[:_MAX_CANDIDATES]
        for c in cands:
            p = self.refer.person(c.text, c.start)
            c.resolved = p.text if p is not None else None
        return cands

    def _phrases_in(self, ui: int, add) -> None:
        """Names, pronouns and noun phrases that name someone in unit ``ui``, outside quotation marks."""
        toks = self.frame(ui)[0]
        pos = 0
        while pos < len(toks):
            i, j = _name_run(toks, pos)
            if i < j:
                add((toks[i].start, toks[j - 1].end), "name")
            pos = max(pos + 1, j)
        for k, t in enumerate(toks):
            low = t.text.casefold()
            if t.text == "<q>":  # a short quotation in the frame: a quoted name ("laut „news.example.org“")
                add((t.start, t.end), "quoted_name")
            elif low in SPEAKER_PRONOUNS:
                add((t.start, t.end), "pronoun")
            elif low in DETERMINERS and k + 1 < len(toks) and toks[k + 1].text[:1].isupper():
                span = np_at(toks, k)
                if span and plausible(toks, span):
                    add(span, "np")
            elif low in SOURCE_PREPS and k + 1 < len(toks) and (toks[k + 1].text.casefold() in DETERMINERS
                                                                 or toks[k + 1].text[:1].isupper()):
                span = np_at(toks, k + 1)  # a source: "in einer Erklärung", "auf ihrer Homepage"
                if span:
                    add((t.start, span[1]), "pp")

    def rows(self, f: Found, cands: list[Candidate]) -> np.ndarray:
        """The feature rows (one per candidate, in :data:`FEATURES` order)."""
        a, b = f.start - 1, f.end
        ui = self.unit_of(a)
        cue_offsets = [c.start for c in self.frame(ui)[1]]
        rule = names(self._resolved(f.speaker_text or "", f.speaker_start or 0)) if f.speaker_start is not None \
            else set()
        x = np.zeros((len(cands), len(FEATURES)), dtype=np.float32)
        for r, c in enumerate(cands):
            row = x[r]
            for name, value in c.sources.items():
                row[_INDEX[name]] = value
            cu = self.unit_of(c.start)
            toks = self.frame(cu)[0]
            span = (c.start, c.end)
            inside = [t for t in toks if c.start <= t.start and t.end <= c.end]
            words = [t.text for t in inside if t.text[:1].isalnum()]
            low = c.text.casefold()
            row[_INDEX["pronoun_form"]] = low in SPEAKER_PRONOUNS
            row[_INDEX["resolves"]] = c.resolved is not None
            row[_INDEX["names_someone"]] = names_someone(toks, span)
            row[_INDEX["plausible"]] = plausible(toks, span)
            row[_INDEX["object_case"]] = object_case(toks, span)
            row[_INDEX["abstract"]] = abstract(toks, span)
            row[_INDEX["log_tokens"]] = math.log1p(len(words))
            row[_INDEX["starts_det"]] = bool(words) and words[0].casefold() in DETERMINERS
            row[_INDEX["capital_share"]] = sum(w[:1].isupper() for w in words) / max(1, len(words))
            row[_INDEX["unknown_word"]] = any(_unknown(w) for w in words)
            row[_INDEX["role_word"]] = any(h in low for h in ROLE_HINTS)
            row[_INDEX["source_prep"]] = bool(words) and words[0].casefold() in SOURCE_PREPS
            row[_INDEX["digit"]] = any(ch.isdigit() for ch in c.text)
            row[_INDEX["same_unit"]] = cu == ui
            row[_INDEX["units_back"]] = min(4, max(0, ui - cu))
            row[_INDEX["before_quote"]] = c.end <= a
            gap = a - c.end if c.end <= a else max(0, c.start - b)
            row[_INDEX["log_distance"]] = math.log1p(gap)
            near = min((abs(o - c.start) for o in cue_offsets), default=1000) if cu == ui else 1000
            row[_INDEX["log_cue_distance"]] = math.log1p(near)
            own = names(c.resolved or c.text)
            row[_INDEX["shares_rule_name"]] = bool(own & rule)
            key = max(sorted(own), key=len) if own else ""  # sorted: the same name whatever the hash seed
            row[_INDEX["log_mentions"]] = math.log1p(self.folded.count(key)) if key else 0.0
            row[_INDEX["log_spoken"]] = math.log1p(max((self.spoken_count.get(n, 0) for n in own), default=0))
            row[_INDEX["first_mention"]] = bool(key) and self.folded.find(key) >= c.start
            if c.sources.get("rule"):
                row[_INDEX["rule_names_no_one"]] = not row[_INDEX["names_someone"]]
                row[_INDEX["rule_abstract"]] = row[_INDEX["abstract"]]
                row[_INDEX["rule_object_case"]] = row[_INDEX["object_case"]]
                row[_INDEX["rule_far"]] = not row[_INDEX["same_unit"]]
        return x


class Scorer:
    """Scores candidate rows: a linear map (``w``) or a sum of small tanh nets (``net<k>_w1`` …),
    over standardised features."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        feats = tuple(str(n) for n in arrays.get("features", ()))
        if feats != FEATURES:
            raise ModelError("quote speaker ranker: its features differ from this version's (retrain it with "
                             "scripts/train_quotes.py)")
        self.mean, self.scale = arrays["mean"], arrays["scale"]
        self.w = arrays.get("w")
        self.nets = []
        k = 0
        while f"net{k}_w1" in arrays:
            self.nets.append(tuple(arrays[f"net{k}_{p}"] for p in ("w1", "b1", "w2", "b2")))
            k += 1

    def scores(self, rows: np.ndarray) -> np.ndarray:
        x = (rows - self.mean) / self.scale
        total = x @ self.w if self.w is not None else np.zeros(len(rows))
        for w1, b1, w2, b2 in self.nets:
            total = total + np.tanh(x @ w1 + b1) @ w2 + b2
        return total

    def choose(self, text: str, found: list[Found], marks: list[tuple[int, int]], lang: str = "de") -> None:
        """Set the speaker of each direct quotation in ``found`` to its best-scoring candidate."""
        direct = [f for f in found if f.kind == "direct"]
        if not direct:
            return
        doc = Document(text, found, marks, lang)
        picks = []
        for f in direct:
            cands = doc.candidates(f)
            picks.append(cands[int(np.argmax(self.scores(doc.rows(f, cands))))] if cands else None)
        for f, c in zip(direct, picks):  # after all candidates: the features read the rules' picks
            if c is None or (c.start, c.end) == (f.speaker_start, f.speaker_end):
                continue
            f.speaker_start, f.speaker_end, f.speaker_text = c.start, c.end, c.text
            f.cue, f.via = c.cue, "ranker"


def load(path: str | os.PathLike) -> Scorer:
    """The scorer stored at ``path`` (written by ``scripts/train_quotes.py``)."""
    try:
        with np.load(Path(path), allow_pickle=False) as data:
            return Scorer({k: data[k] for k in data.files})
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{path}: not a quote speaker ranker ({exc})") from exc


_CONFIGURED: dict[str, Scorer | None] = {}


def configured() -> Scorer | None:
    """The scorer ``$LAGEBILD_QUOTE_RANKER`` names (loaded once), or None: the rules decide."""
    path = os.environ.get(ENV, "").strip()
    if not path:
        return None
    if path not in _CONFIGURED:
        _CONFIGURED[path] = load(path)
    return _CONFIGURED[path]
