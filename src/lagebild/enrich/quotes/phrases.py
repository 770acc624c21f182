"""Noun phrases without a parser: the phrase before or after a verb, the subject of a clause, and
whether a phrase names someone (a name or a role) or only a text ("die Worte")."""

from __future__ import annotations

from functools import lru_cache

from ... import lemmas
from ..tokens import Span
from .frames import OBJECT_CASE, RELATIVE, SUBORDINATORS
from .lexicon import (ADVERBIAL_LEAD, DETERMINERS, NP_STOP, PRONOUNS, PRONOUNS_F, PRONOUNS_M, SPEAKER_PRONOUNS,
                      is_konjunktiv, speech_lemma)


_SKIP_AFTER_VERB = {"heute", "gestern", "weiter", "auch", "dazu", "noch", "zudem", "außerdem", "dann", "jedoch",
                    "aber", "nun", "bereits", "später", "ebenfalls", "erneut", "jetzt", "daraufhin", "unterdessen",
                    "inzwischen", "anschließend", "sich", "damals", "nochmals", "also", "then", "later",
                    "etwa", "beispielsweise", "gerade", "sogar", "selbst"}
_SKIP_AFTER_VERB |= {w.casefold() for w in _SKIP_AFTER_VERB}  # casefold spells "ß" as "ss"


_OBJECT_PRONOUNS = {"ihn", "ihm", "ihnen", "uns", "euch", "mich", "mir", "dich", "dir", "him", "them"}


_ADVERB_ENDINGS = ("lich", "ig", "isch", "end", "weise", "mals", "falls", "bar", "sam", "los", "haft", "wärts")


# dates and times: never a speaker ("am 20. Juli", "dieser Tage", "Anfang März")
_TIME_WORDS = set("""januar februar märz april mai juni juli august september oktober november dezember jänner
montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend tag tage tagen tages woche wochen monat
monate monaten jahr jahre jahren jahres wochenende morgen abend nachmittag vormittag mittag nacht anfang ende
mitte uhr january february march june july october december monday tuesday wednesday thursday friday saturday
sunday week weeks month months year years day days""".split())


def _time_only(inside: list[Span]) -> bool:
    """The phrase is a date or time: its words are time words, numbers and determiners."""
    words = [t.text.casefold() for t in inside if t.text[:1].isalnum()]
    return bool(words) and any(w in _TIME_WORDS for w in words) and all(
        w in _TIME_WORDS or w.isdigit() or w in DETERMINERS for w in words)


SOURCE_PREPS = {"in", "im", "vom", "von", "aus", "bei", "seitens", "auf"}


ROLE_HINTS = (
    "sprecher", "minister", "präsident", "vorsitzend", "chef", "kanzler", "leiter", "direktor", "trainer",
    "sekretär", "politiker", "experte", "anwalt", "richter", "polizei", "regierung", "bürgermeister", "abgeordnet",
    "gericht", "partei", "verband", "gewerkschaft", "behörde", "könig", "papst", "kaiser", "premier", "bischof",
    "botschafter", "kommissar", "gouverneur", "senator", "general", "kommandeur", "manager", "autor", "journalist",
    "analyst", "ökonom", "forscher", "wissenschaftler", "arzt", "ärztin", "professor", "zeuge", "bewohner",
    "demonstrant", "aktivist", "vertreter", "mitglied", "gründer", "inhaber", "kandidat", "kritiker", "befürworter",
    "gegner", "anhänger", "unterstützer", "veranstalter", "initiator", "verteidiger", "kläger", "angeklagt",
    "polizist", "soldat", "sänger", "schauspieler", "spieler", "kapitän", "landrat", "ministerium", "institut",
    "stiftung", "verein", "zeitung", "agentur", "sender", "magazin", "unternehmen", "konzern", "firma", "bank",
    "senat", "kommission", "ausschuss", "ermittler")


_ABSTRACT = ("ung", "heit", "keit", "schaft", "tion", "tät", "ismus", "ment", "enz", "anz", "nis", "tum")


_TEXT_NOUNS = set("""worte wort parole aufschrift text satz zitat erklärung mitteilung begründung beispiel seite
idee aussage aussagen antrag papier vorwurf vorwürfe behauptung motto titel überschrift frage antwort
meldung nachricht botschaft kommentar schreiben brief passus artikel absatz paragraph""".split())


def np_after(toks: list[Span], i: int) -> tuple[int, int] | None:
    """The noun phrase right after token ``i`` (the subject after an inverted verb), skipping
    "sich", adverbs and an "am Montag"."""
    k = i + 1
    while k < len(toks):
        low = toks[k].text.casefold()
        if low in _SKIP_AFTER_VERB or (low in _OBJECT_PRONOUNS and k + 1 < len(toks)
                                       and toks[k + 1].text[:1].isalpha()):
            k += 1  # "so charakterisierte ihn der Sprecher"
        elif low in {"am", "im"} and k + 1 < len(toks):
            k += 2
            while k < len(toks) and (toks[k].text == "." or toks[k].text.isdigit()
                                     or toks[k].text.casefold() in _TIME_WORDS):
                k += 1  # "am 20. Juli 1969"
        else:
            break
    if k < len(toks) and toks[k].text.casefold() in SPEAKER_PRONOUNS:
        return toks[k].start, toks[k].end
    return np_at(toks, k)


@lru_cache(maxsize=50_000)
def nounish(word: str) -> bool:
    """A capitalised word that is a noun or a name (not a sentence-initial adverb or adjective)."""
    if not word[:1].isupper() and not word[:1].isdigit():
        return False
    if "-" in word or word.isupper():
        return True
    low = word.casefold()
    if low in ADVERBIAL_LEAD or low in SUBORDINATORS:
        return False
    try:
        lem = lemmas.lemmatize(word, lang="de")
    except (ValueError, KeyError):
        return True
    # sentence-initial adverbs and adjectives: a lower-case lemma and an adverb-like ending
    if lem == low:  # its own lower-case lemma: an adverb or adjective ("Zwar", "Derzeit", "Höhnisch")
        return False
    if low.endswith(_ADVERB_ENDINGS) and (lem[:1].islower() or not lemmas.is_known(word, "de")):
        return False
    return True


def _lowercase_np(toks: list[Span], k: int) -> tuple[int, int] | None:
    """An English noun phrase: a determiner and up to three lower-case words ("the union leaders")."""
    n = len(toks)
    if k >= n or toks[k].text.casefold() not in DETERMINERS:
        return None
    j = k + 1
    while j < n and j <= k + 3:
        w = toks[j].text
        if not (w.isalpha() and w.islower()) or w in NP_STOP or speech_lemma(w, "en"):
            break
        j += 1
    return (toks[k].start, toks[j - 1].end) if j > k + 1 else None


def np_at(toks: list[Span], k: int) -> tuple[int, int] | None:
    """A noun phrase starting at token ``k``: determiners, adjectives, nouns and names, then
    genitive or "von" attachments, a parenthesis and one apposition."""
    n = len(toks)
    j = k
    while j < n and toks[j].text.casefold() in DETERMINERS:
        j += 1
    seen = False
    while j < n:
        w = toks[j].text
        if w == "<q>" or (w != "<Q>" and nounish(w)):
            seen = True
            j += 1
        elif not seen and w.isalpha() and w.islower() and w.casefold() not in NP_STOP and j + 1 < n and toks[j + 1].text[:1].isalpha():
            j += 1  # an adjective before the noun
        else:
            break
    if not seen:
        return _lowercase_np(toks, k)
    end = j
    while end < n:
        low = toks[end].text.casefold()
        if low in {"des", "der", "von", "vom", "of"} and end + 1 < n:
            sub = np_at(toks, end + 1 if low in {"von", "vom", "of"} else end)
            if sub is None:
                break
            end = next(x for x in range(end, n) if toks[x].end == sub[1]) + 1
        elif toks[end].text == "(":
            close = next((x for x in range(end, min(n, end + 6)) if toks[x].text == ")"), None)
            if close is None:
                break
            end = close + 1
        else:
            break
    return toks[k].start, toks[end - 1].end


def np_before(toks: list[Span], i: int) -> tuple[int, int] | None:
    """The subject before the verb at ``i``: the clause start up to the verb, unless it is an
    adverbial (then the subject follows the verb: "Am Donnerstag sagte X")."""
    k = i - 1
    last_comma = None
    while k >= 0 and toks[k].text not in {".", ";", ":", "<Q>", "!", "?"}:
        if toks[k].text == "," and last_comma is None:
            last_comma = k
        k -= 1
    first = k + 1
    while first < i and toks[first].text in {"<q>", ","}:  # a short quote opening the sentence
        first += 1
    und = next((x for x in range(i - 2, first, -1) if toks[x].text == "und"), None)
    if und is not None and (last_comma is None or last_comma < und) and toks[und + 1].text.casefold() in DETERMINERS \
            and any(_verb_like(toks, x, first, und) for x in range(first + 1, und)):
        first = und + 1  # "Die Menge skandierte „…“ und der Unternehmer X rief": the second clause's subject
    if last_comma is not None and last_comma + 1 < i and (und is None or first <= last_comma):
        first = last_comma + 1  # "…, der Sprecher sagte"
    elif last_comma is not None:  # "…, die Sprecherin der Fraktion, Sandra Boser, erklärte"
        prev = next((x for x in range(last_comma - 1, first - 1, -1) if toks[x].text == ","), None)
        if prev is not None and prev + 1 < last_comma and toks[prev + 1].text not in RELATIVE:
            first = prev + 1
    if first >= i:
        return None
    lead = toks[first].text.casefold()
    if first == i - 1 and lead in RELATIVE and first > 0 and toks[first - 1].text == ",":
        return _antecedent(toks, first - 1)  # "…, unterstützt von Anna Kluge, die erklärte"
    if lead in ADVERBIAL_LEAD or lead in OBJECT_CASE:
        return None  # "Den Flüchtlingen sicherte Präsident X zu": the subject follows the verb
    if toks[first].text.isalpha() and toks[first].text.islower() and lead not in DETERMINERS \
            and lead not in PRONOUNS and lead not in SUBORDINATORS and first > 0 and toks[first - 1].text == ",":
        return np_after(toks, first)  # "Wie X berichtete, soll Anelka gesagt haben"
    if lead in SUBORDINATORS:  # "…, weil die Regierung X als „…“ bezeichnet hat"
        if first + 1 < i and toks[first + 1].text.casefold() in PRONOUNS:
            return toks[first + 1].start, toks[first + 1].end
        return np_at(toks, first + 1) if first + 1 < i else None
    if _particle_name(toks, first, i):
        return toks[first].start, toks[i - 1].end
    if not nounish(toks[first].text) and lead not in DETERMINERS and lead not in PRONOUNS:
        return None  # "Unmissverständlich sagt das Gericht": the subject follows the verb
    np = np_at(toks, first)
    if np is not None and np[1] <= toks[i - 1].end:
        return np
    return toks[first].start, toks[i - 1].end


def _particle_name(toks: list[Span], first: int, i: int) -> bool:
    """"Von der Leyen", "van Gaal", "de Maizière" right before the verb: a name with its particle,
    not a prepositional phrase (the word after the particle is no dictionary word)."""
    words = [t.text for t in toks[first:i]]
    if not 2 <= len(words) <= 3 or words[0].casefold() not in {"von", "van", "de", "di", "da"}:
        return False
    if len(words) == 3 and words[1].casefold() not in {"der", "den", "dem"}:
        return False
    name = words[-1]
    return name[:1].isupper() and name.isalpha() and not lemmas.is_known(name, "de")


def _antecedent(toks: list[Span], comma: int) -> tuple[int, int] | None:
    """The noun phrase a relative pronoun after ``comma`` refers to: the capitalised words (with
    determiners and genitive links) right before the comma."""
    k = comma - 1
    while k >= 0 and (toks[k].text[:1].isupper() and toks[k].text.isalpha() or toks[k].text.casefold() in DETERMINERS):
        k -= 1
    k += 1
    if k >= comma or not any(t.text[:1].isupper() and t.text.casefold() not in DETERMINERS for t in toks[k:comma]):
        return None
    return toks[k].start, toks[comma - 1].end


def object_case(toks: list[Span], span: tuple[int, int]) -> bool:
    """The phrase opens with a dative or accusative word ("den Behörden", "einem Reporter"): an object."""
    k = next((x for x, t in enumerate(toks) if t.start == span[0]), None)
    if k is None:
        return False
    if toks[k].text == "Der":  # "Der Zeitung sagte X": "der" before a feminine noun is dative or genitive
        head = next((t.text for t in toks[k + 1:k + 4] if t.start < span[1] and t.text[:1].isupper()), "")
        return head.isalpha() and head.casefold().endswith(_FEMININE)
    return toks[k].text.casefold() in OBJECT_CASE


_FEMININE = ("ung", "heit", "keit", "schaft", "tion", "sion", "tät", "zeitung", "agentur", "ei")


def clause_subject(toks: list[Span], upto: int) -> tuple[int, int] | None:
    """The subject of the main clause ending before ``upto``: the noun phrase it opens with, or,
    after an adverbial opening ("Im Kongress warb Obama"), the one after its verb. When the opening
    phrase names no one but the one after the verb does (a fronted object: "Die Anwendung stellte
    der Vorsitzende X in Frage"), the latter."""
    k = upto - 1
    while k >= 0 and toks[k].text not in {".", "!", "?", "<Q>", ";"}:
        k -= 1
    first = k + 1
    if first >= upto:
        return None
    lead = toks[first].text.casefold()
    if lead in PRONOUNS:
        return toks[first].start, toks[first].end
    if lead in _FRONTED_CLAUSE:  # "Nachdem X gefragt wurde, entgegnete Suttner": after the fronted clause's verb
        comma = next((x for x in range(first + 1, upto - 1) if toks[x].text == ","
                      and _verb_like(toks, x + 1, first, upto)), None)
        sp = np_after(toks, comma + 1) if comma is not None else None
        if sp is not None and not object_case(toks, sp):
            return sp
    if lead in {"auch", "doch", "aber", "zudem", "und", "so", "selbst", "sogar", "also"} and first + 1 < upto:
        nxt = toks[first + 1].text
        sp = np_at(toks, first + 1) if nxt.casefold() in DETERMINERS or nounish(nxt) else None
        if sp:
            return sp
        lead = "so"  # "So hat sich etwa X … ausgesprochen und behauptet": the subject follows the verb
    opening = None
    if lead not in ADVERBIAL_LEAD and lead not in SUBORDINATORS and (lead in DETERMINERS or nounish(toks[first].text)):
        opening = np_at(toks, first)
        if opening is None:
            return None
        start = next((x for x in range(first, upto) if toks[x].start >= opening[1]), upto)
    else:
        start = first + 1
    after = None
    for j in range(start, upto):
        if _verb_like(toks, j, first, upto):
            after = np_after(toks, j)
            break
    if after is not None and object_case(toks, after):
        after = None  # "… halten den Ministerien vor": an object, not the subject
    if opening is None:
        return after
    if after is not None and not names_someone(toks, opening) and names_someone(toks, after):
        return after
    if not names_someone(toks, opening):  # "Das Angebot, …, lehnt er jedoch ab": after a fronted object and
        for j in range(start + 2, upto):  # its clause, the main verb and then the subject pronoun
            verb = toks[j - 1].text.casefold()
            if toks[j].text in PRONOUNS_M | PRONOUNS_F and toks[j - 2].text == "," \
                    and _verb_like(toks, j - 1, first, upto) and verb not in SUBORDINATORS and verb not in RELATIVE:
                return toks[j].start, toks[j].end
    return opening


_FRONTED_CLAUSE = {"nachdem", "weil", "obwohl", "obgleich", "wenn", "falls", "bevor", "sobald", "seitdem", "da",
                   "als", "während", "indem"}


def _verb_like(toks: list[Span], j: int, first: int, upto: int) -> bool:
    w = toks[j].text
    if not (w.isalpha() and w.islower()) or w.casefold() in DETERMINERS or w.casefold() in NP_STOP:
        return False
    adjective = (j + 1 < upto and toks[j + 1].text[:1].isupper() and w.endswith(("e", "en", "er", "es", "em"))
                 and j > first + 1 and toks[j - 1].text.casefold() in DETERMINERS
                 and lemmas.lemmatize(w, lang="de")[:1].islower() and not is_konjunktiv(w) and len(w) > 5)
    return not adjective





def names_someone(toks: list[Span], span: tuple[int, int]) -> bool:
    """The phrase names a person or body: an unknown capitalised word (a name) anywhere, or a role
    noun as its head (its first noun: "der Sprecher der Polizei", not "die Haltung der Regierung")."""
    head_seen = False
    for t in toks:
        if not (span[0] <= t.start and t.end <= span[1]):
            continue
        w = t.text
        low = w.casefold()
        if low in PRONOUNS:
            return True
        if w[:1].isupper() and not head_seen and low not in DETERMINERS:  # "Der Sprecher": the head is "Sprecher"
            head_seen = True
            if any(h in low for h in ROLE_HINTS):
                return True
            if w.isalpha() and (low.endswith(_ABSTRACT) or low in _TEXT_NOUNS) \
                    and lemmas.is_known(w, "de"):
                return False  # "Jegliche Mitverantwortung … der SPD": the head is a thing, not a speaker
        if w[:1].isupper() and w.isalpha() and not lemmas.is_known(w, "de") and not low.endswith(_ABSTRACT):
            return True
    return False


def abstract(toks: list[Span], span: tuple[int, int]) -> bool:
    """The phrase names no one: each of its nouns is abstract or a text ("die Worte", "Seite")."""
    if names_someone(toks, span):
        return False
    nouns = [t.text.casefold() for t in toks if span[0] <= t.start and t.end <= span[1]
             and t.text[:1].isupper() and t.text.isalpha()]
    return not nouns or all(n.endswith(_ABSTRACT) or n in _TEXT_NOUNS for n in nouns)


def plausible(toks: list[Span], span: tuple[int, int]) -> bool:
    """A speaker phrase starts with a determiner, a capital or a pronoun, names something and is
    not a whole clause."""
    inside = [t for t in toks if span[0] <= t.start and t.end <= span[1]]
    if not inside or len(inside) > 14 or any(t.text == "<Q>" for t in inside) or _time_only(inside):
        return False
    first = inside[0].text
    low = first.casefold()
    if low in SPEAKER_PRONOUNS:
        return len(inside) == 1
    if low in SOURCE_PREPS and len(inside) > 1:  # "in einer Erklärung" (heißt es …)
        first, low = inside[1].text, inside[1].text.casefold()
    if not (first[:1].isupper() or low in DETERMINERS or first[:1].isdigit() or first == "<q>"):
        return False
    if low in DETERMINERS and len(inside) >= 2 and all(t.text.isalpha() for t in inside):
        return True  # "the union", "the minister"
    return any(t.text[:1].isupper() or t.text == "<q>" for t in inside)
