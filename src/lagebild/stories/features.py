"""What the story stage sees of an article: weighted lemmas, names, numbers, a time and a vector.

* ``terms``  — lemma -> log term frequency (textnorm.index_terms), title words counted three times,
  stop words and one-letter tokens dropped. IDF weights come later, from the running document
  frequencies of the archive (:mod:`.profile`).
* ``names``  — canonical entity ids from enrich when there are any, plus capitalised words that do
  not start a sentence (folded) and numbers of 2+ digits (years, counts, scores). Names and
  numbers are what tells apart two events of the same kind ("earthquake in Chile" vs "earthquake
  in Haiti"), and they are shared across languages ("Merkel", "2024") where lemmas are not.
* ``time``   — POSIX seconds of ``published`` (or ``modified``), None when unknown.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ..times import parse_iso
from ..model import Article
from ..textnorm import fold, index_terms, words

_STOP = set(
    """
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours out over own said same say says she should so some such
than that the their theirs them themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours yourself told
tell also one two new year years mr mrs ms week day time people would could may might like get got make
made according report reported reports
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus
bei bin bis bist da damit dann das dass dein deine dem den der des dessen dich die dies diese diesem diesen
dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwas euch euer für gegen
gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins ist
jede jedem jeden jeder jedes jetzt kann kein keine können könnte man manche mehr mein mich mir mit muss
nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so solche soll sollte sondern
sonst über um und uns unser unter viel vom von vor während war waren warum was weg weil weiter welche
wenn werde werden wie wieder will wir wird wirst wo wollen worden wurde würde wurden zu zum zur zwar
zwischen sagen sagte sagt heute jahr jahre prozent mehr schon immer neue neuen neu erst ersten
""".split()
)
_CALENDAR = set(
    """
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz mai juni juli oktober
dezember the a an this that in on at for and but he she it they we i his her their its mr mrs ms dr
der die das ein eine im am um und aber er sie es wir ich
""".split()
)
_STOP |= {fold(w) for w in _STOP}
_SENT_END = re.compile(r"[.!?:\"“”„»«]\s*$")
_NUMBER = re.compile(r"^\d{2,}(?:[.,]\d+)?$")
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            "jan january januar", "feb february februar", "mar march märz maerz", "apr april",
            "may mai", "jun june juni", "jul july juli", "aug august", "sep sept september",
            "oct october okt oktober", "nov november", "dec december dez dezember",
        ],
        1,
    )
    for m in names.split()
}
_MONTH = r"(?P<month>[A-Za-zä]{3,9})\.?"
_DATELINE = [
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\.?\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),
]


@dataclass(slots=True)
class Features:
    terms: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)  # name -> 1 + log count
    time: float | None = None  # published (or modified) date
    dateline: float | None = None  # else a date written at the top of the text
    language: str | None = None
    title: str = ""


def parse_time(value: str | None) -> float | None:
    stamp = parse_iso(value)
    return stamp.timestamp() if stamp else None


def dateline(text: str, head: int = 300) -> float | None:
    """A date written near the top of the text ("July 8, 2012", "8. Juli 2012", "2012-07-08")."""
    from datetime import timezone

    start = text[:head]
    found = []
    for pattern in _DATELINE:
        for m in pattern.finditer(start):
            parts = m.groupdict()
            month = _MONTHS.get(parts["month"].casefold()) if parts.get("month") else int(parts["mon"])
            try:
                found.append((m.start(), datetime(int(parts["year"]), month or 0, int(parts["day"]), tzinfo=timezone.utc)))
            except (ValueError, TypeError):
                continue
    return min(found)[1].timestamp() if found else None


def article_text(article: Article) -> str:
    """The body text of an article (``text``, else lead and body)."""
    return article.text or "\n\n".join([article.lead, *article.body]).strip()


def _content_terms(text: str, language: str | None) -> list[str]:
    return [t for t in index_terms(text, language) if len(t) > 1 and t not in _STOP and not t.isdigit()]


def _title_case(title: str) -> bool:
    """Headline Style Capitalising Every Word says nothing about names."""
    ws = [w for w in words(title) if len(w) > 3]
    return len(ws) >= 3 and sum(w[0].isupper() for w in ws) >= 0.7 * len(ws)


def _name_word(token: str) -> str | None:
    core = re.sub(r"['’]s$", "", token.strip("\"'“”„»«()[],.;:!?‘’-"))
    if len(core) < 2 or not core[0].isupper():
        return None
    f = fold(core)
    return None if f in _STOP or f in _CALENDAR or len(f) < 3 else f


def _surface_names(text: str) -> Counter:
    """Runs of capitalised words (each word and each adjacent pair) and numbers of 2+ digits.

    A lone capitalised word at a sentence start is skipped (it is capitalised for the sentence);
    a run of two or more counts wherever it stands ("Lindsay Lohan checks into …").
    """
    out: Counter = Counter()
    run: list[str] = []
    run_starts_sentence = False

    def flush() -> None:
        if run and not (len(run) == 1 and run_starts_sentence):
            out.update(run)
            out.update(f"{a}_{b}" for a, b in zip(run, run[1:]))
        run.clear()

    prev = "."
    for match in re.finditer(r"\S+", text):
        token = match.group()
        core = token.strip("\"'“”„»«()[],.;:!?")
        name = _name_word(token)
        if core and _NUMBER.match(core):
            flush()
            out[core.replace(",", ".")] += 1
        elif name:
            if not run:
                run_starts_sentence = bool(_SENT_END.search(prev))
            run.append(name)
            if re.search(r"[,.;:!?)\"”]$", token):
                flush()
        else:
            flush()
        prev = token
    flush()
    return out


def extract(article: Article, *, max_chars: int = 20_000) -> Features:
    text = article_text(article)[:max_chars]
    lang = article.language
    counts = Counter(_content_terms(text, lang))
    for t in _content_terms(article.title, lang):
        counts[t] += 3
    terms = {t: 1.0 + math.log(c) for t, c in counts.items()}
    found = _surface_names(text if _title_case(article.title) else article.title + ".\n" + text)
    for e in article.entities:
        if e.id:
            found["@" + e.id] += 2
    names = {n: 1.0 + math.log(c) for n, c in found.items()}
    return Features(
        terms=terms,
        names=names,
        time=parse_time(article.published) or parse_time(article.modified),
        dateline=dateline(article.title + "\n" + text),
        language=lang,
        title=article.title,
    )
