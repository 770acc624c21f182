"""Paragraph-level cleaning of an article body, shared by the HTML and the scraped-text paths.

Language-independent cues and short phrase lists in the main European languages: boilerplate lines at the
body's edges ("Weitere Artikel", "Subscribe now"), credit and date-stamp lines, "Read also: …" pointers and
the teaser lines under a lone pointer heading, the site's pleas (subscribe, follow us), and the author's bio
closing the body. :func:`clean` applies them all in that order.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+")
_BOILERPLATE = re.compile(
    r"^(?:weitere (?:artikel|themen|infos|informationen|beiträge|nachrichten)|auch interessant|mehr zum thema|"
    r"mehr (?:dazu|zu diesem thema)|lesen sie (?:auch|mehr)|das könnte sie auch interessieren|zum thema|"
    r"ähnliche (?:artikel|beiträge)|alle angaben ohne gewähr|jetzt (?:abonnieren|anmelden|teilen)|"
    r"(?:diesen )?(?:artikel|beitrag) teilen|teilen(?: sie)?:|newsletter|anzeige|werbung|"
    r"related(?: (?:articles|stories|posts))?|read (?:more|next|also)|more (?:on|from|stories)|see also|"
    r"subscribe|sign up|share (?:this|on)|follow us|advertisement|click here|"
    r"(?:copyright|\(c\)|©)|all rights reserved|alle rechte vorbehalten|zum weiterlesen|weiterlesen|"
    r"(?:keine )?kommentare|kommentar schreiben|teilen mit|wird geladen|bewerten:|zum newsletter|"
    r"comments?\b|leave a (?:comment|reply)|tell us what you think|join the (?:conversation|discussion)|"
    r"to view the full story|subscribe now|for the latest|get the .{2,40} newsletter|sign up for|"
    r"(?:notas )?relacionadas|czytaj (?:też|także)|lire aussi|à lire aussi|leggi anche|"
    r"schlagworte|stichworte|schlagwörter|tags?:|markiert mit|gekennzeichnet mit|posted in|abgelegt unter|"
    r"this entry was posted|eingestellt von|hinterlasse (?:eine antwort|einen kommentar)|view the discussion|"
    r"if you enjoyed (?:reading )?this|udostępnij|compartir|partager)",
    re.I,
)
MAX_BOILERPLATE = 160  # characters: longer paragraphs are never treated as boilerplate
_FRAME = "|* \t"  # table-row bars and a footnote star around a line (list dashes are content)


TEASER_CHARS = 200  # paragraphs after a "related" heading shorter than this are teasers


def is_boilerplate(paragraph: str) -> bool:
    """A short "read more / subscribe / copyright" line; a table row's bars and a list's bullet
    around it ("| Weitere Artikel zum Thema |", "*Werbung") do not hide it."""
    return len(paragraph) <= MAX_BOILERPLATE and bool(_BOILERPLATE.match(paragraph.strip(_FRAME)))


def trim_boilerplate(paragraphs: list[str]) -> list[str]:
    """Drop short "read more / subscribe / copyright" paragraphs at the start and the end, and a
    trailing block of short teasers that such a heading opens in the second half of the body."""
    out = list(paragraphs)
    for i in range(len(out) - 1, len(out) // 2, -1):
        if is_boilerplate(out[i]):
            if all(len(p) < TEASER_CHARS for p in out[i + 1:]):
                out = out[:i]
            break
    while out and is_boilerplate(out[-1]):
        out.pop()
    while out and is_boilerplate(out[0]):
        out.pop(0)
    return out


CREDIT_CHARS = 200  # a short paragraph with a copyright sign is a picture credit or a rights notice


_CREDIT_LABEL = re.compile(
    r"^(?:source|quelle|bildquelle|fuente|fonte|foto|photo|bild|image|credit|fotografía|beitragsbild|titelbild|"
    r"symbolbild|bildnachweis|(?:photo|image) credit|image illustrative|abbildung \d+|figure \d+|fig\. \d+)s?\s*:",
    re.I)
MAX_LABEL_LINE = 160  # characters: "Foto: Name / Agency", "Source: News agencies", "Abbildung 2: …"


def is_credit(paragraph: str) -> bool:
    """A short line carrying "©" (a picture credit or a rights notice), or a labelled credit line
    ("Foto: …", "Source: …") standing alone."""
    if len(paragraph) <= MAX_LABEL_LINE and _CREDIT_LABEL.match(paragraph):
        return True
    return len(paragraph) <= CREDIT_CHARS and "©" in paragraph


_DATE = re.compile(r"\b(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})\b")
DATE_LINE_WORDS = 3  # words besides the date and time on a stamp line ("Updated on 12.3.2021, 10:15")


def is_date_line(paragraph: str) -> bool:
    """A short line that is a date stamp (publication / update note) rather than a sentence."""
    if len(paragraph) > 60 or not _DATE.search(paragraph):
        return False
    rest = [w for w in _TOKEN.findall(_DATE.sub(" ", paragraph)) if not w.isdigit()]
    return len(rest) <= DATE_LINE_WORDS


def _address(text: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", text.strip()).rstrip("/").casefold()


def drop_stamps(paragraphs: list[str], url: str | None = None) -> list[str]:
    """The body without credit and date-stamp lines and the page's own address printed alone (a
    print or share box), wherever they stand (language-independent cues)."""
    own = _address(url) if url else None
    kept = [p for p in paragraphs if not (is_credit(p) or is_date_line(p) or (own and _address(p) == own))]
    return kept or paragraphs


_PLEA = re.compile(
    r"newsletter|(?<!un)subscri(?:be|ber|ption)|abonn|suscri|subskryp|inscriv|sign(?:ing)? up|log ?in\b|eingeloggt|"
    r"follow (?:us|\w+ on)|folg(?:en sie|t) uns|s[ií]guenos|support (?:us|our)|unterstütze?n? (?:sie )?uns",
    re.I,
)
_SOCIAL = re.compile(r"twitter|facebook|instagram|telegram|whatsapp|youtube|linkedin", re.I)
_NOT_PLEA = set("-–•*\"“”„«»'‘’")  # a list item or a quotation: the story's own words
MAX_PLEA = 300  # characters: a closing plea is a line or two, not a paragraph of the story
PLEA_EDGE = 3  # closing paragraphs looked at
MAX_PLEA_LINE = 100  # characters: a plea this short is dropped anywhere in the body


def is_plea(paragraph: str) -> bool:
    """A short call to action: subscribe, sign up for the newsletter, follow us on two networks."""
    if len(paragraph) > MAX_PLEA or paragraph[:1] in _NOT_PLEA:
        return False
    return bool(_PLEA.search(paragraph)) or len(set(m.casefold() for m in _SOCIAL.findall(paragraph))) >= 2


def drop_closing_pleas(paragraphs: list[str]) -> list[str]:
    """The body without the calls to action that close it (subscribe, newsletter, follow us): the
    site speaking to its readers, not the article. Pleas of a paragraph are looked for only among
    the last few paragraphs, from the end; pleas of a line anywhere."""
    out = list(paragraphs)
    floor = max(1, len(out) - PLEA_EDGE)
    while len(out) > floor and is_plea(out[-1]):
        out.pop()
    # A plea of a line or so is the site's box wherever it stands ("Zum Newsletter anmelden"),
    # unless the story itself talks of subscribing (a deals list, a privacy notice).
    lines = [len(p) <= MAX_PLEA_LINE and p[:1] not in _NOT_PLEA and bool(_PLEA.search(p)) for p in out]
    if not any(lines) or any(_PLEA.search(p) for p, line in zip(out, lines) if not line):
        return out
    kept = [p for p, line in zip(out, lines) if not line]
    return kept or out


_POINTER = re.compile(
    r"^(?:lesen sie (?:auch|mehr)|auch interessant|mehr zum thema|weitere themen|mehr themen|"
    r"(?:le|te) puede interesar|lea también|lee también|czytaj (?:też|także)|à lire aussi|lire aussi|"
    r"leggi anche|read (?:also|more)|see also|don'?t miss|also on \S+|(?:das )?könnte (?:dich|sie) auch interessieren|"
    r"lea(?: más| también)?(?=\s*:)|puedes ver|ver también|mira también|leia também|infórmate más|informate más|"
    r"trending on \S+)\b[ :.|-]*",
    re.I,
)
MAX_POINTER = 200  # characters: the phrase and a headline
MAX_TEASERS = 5  # teaser lines after a lone "Read also" heading


def _headline_like(paragraph: str) -> bool:
    return len(paragraph) <= MAX_POINTER and paragraph.rstrip()[-1:] not in ".!?:;…"


def drop_pointers(paragraphs: list[str]) -> list[str]:
    """The body without "Read also: <headline>" lines, wherever they stand, and without a lone
    "Read also" heading together with the headline-like teaser lines that follow it (or closing
    the body). A lone
    heading followed by prose stays: its teasers are gone already, and the words may be the story's."""
    kept: list[str] = []
    i = 0
    while i < len(paragraphs):
        p = paragraphs[i]
        bare = p.strip(_FRAME)
        found = _POINTER.match(bare) if len(p) <= MAX_POINTER else None
        if found and found.end() < len(bare):  # the phrase and a headline on one line
            i += 1
            continue
        if found:
            j = i + 1
            while j < len(paragraphs) and j - i <= MAX_TEASERS and _headline_like(paragraphs[j]):
                j += 1
            if j > i + 1 or j == len(paragraphs):  # teasers follow, or nothing does
                i = j
                continue
        kept.append(p)
        i += 1
    return kept or paragraphs


_BIO = re.compile(
    r"^(?:[A-ZÄÖÜ][\w.'’-]+\s+){0,3}[A-ZÄÖÜ][\w.'’-]+,?\s+"
    r"(?:(?:is|was|est|es)\s+(?:a|an|the|un|une|el|la)\b|(?:ist|war)\s+(?:ein|eine|der|die|[A-ZÄÖÜ]))",
)
_ROLE = re.compile(
    r"writer|editor|professor|journalist|reporter|correspondent|author|founder|consultant|columnist|contributor|"
    r"redakteur|autor|korrespondent|kolumnist|gründer|chefredakt|rédact|periodista|escritor",
    re.I,
)
MAX_BIO = 400  # characters: a bio box is a few lines
BIO_EDGE = 2  # closing paragraphs looked at


def drop_closing_bio(paragraphs: list[str]) -> list[str]:
    """The body without the author's bio that closes it ("Jane Doe is a senior writer for …"): a short
    paragraph among the last two that opens with a name and "is a" and names a writer's role."""
    out = list(paragraphs)
    for i in range(len(out) - 1, max(0, len(out) - BIO_EDGE) - 1, -1):
        p = out[i]
        if i > 0 and len(p) <= MAX_BIO and _BIO.match(p) and _ROLE.search(p):
            del out[i]
    return out


def clean(paragraphs: list[str], url: str | None = None) -> list[str]:
    """``paragraphs`` without edge boilerplate, stamps, pleas, pointers and a closing bio."""
    return drop_closing_bio(drop_pointers(drop_closing_pleas(drop_stamps(trim_boilerplate(paragraphs), url))))
