"""Lexicon for quotation attribution: speech verbs (German and English lemmas), separable verb
particles, pronouns and the words that stop a speaker noun phrase. Written by hand; events.py
uses the particles too."""

from __future__ import annotations

from functools import lru_cache

from ...textnorm import lemma

SPEECH_DE = set("""
sagen erklären betonen meinen sprechen berichten mitteilen hinzufügen ergänzen erläutern kritisieren fordern
warnen versichern bekräftigen unterstreichen hervorheben herausstreichen ankündigen bestätigen dementieren zitieren schreiben
twittern äußern antworten entgegnen erwidern fragen rufen behaupten argumentieren bemerken verkünden verlauten
einräumen gestehen zugeben begründen beklagen klagen kommentieren resümieren feststellen befürchten mahnen
appellieren bekennen beteuern prophezeien nennen bezeichnen loben bemängeln monieren beschreiben anmerken
zusammenfassen urteilen folgern drohen beschwichtigen jubeln schimpfen spotten widersprechen zurückweisen
empfehlen raten vorschlagen verlangen kontern erzählen informieren melden bekanntgeben ausführen darlegen
insistieren flüstern schreien beschwören bilanzieren konstatieren unterstellen vorwerfen beschuldigen
klarstellen präzisieren versprechen zusichern zusagen erinnern bitten verweisen ankündigen sich_äußern
bekunden verdeutlichen hinweisen ausrichten einwenden zugestehen kundtun verraten preisgeben vermelden
wiederholen beantworten ansagen anfügen zurückgeben schildern verlautbaren glauben hoffen vermuten
meinen denken finden zweifeln vorhersagen prognostizieren schätzen annehmen begrüßen würdigen werben
beschreiben charakterisieren loben danken anprangern verurteilen bedauern heißen
auffordern aufrufen angeben skandieren formulieren bezweifeln ausgehen beurteilen bewerten einschätzen""".split())
SPEECH_DE = {w.casefold() for w in SPEECH_DE}  # lemmas from textnorm.lemma are casefolded ("heissen")
SPEECH_EN = set("""
say tell add state claim explain note insist warn argue write tweet ask reply respond announce confirm deny
stress emphasise emphasize declare remark comment admit acknowledge suggest observe predict promise urge
describe recall conclude shout whisper answer report testify complain caution concede contend counter
maintain point told said added""".split())
PARTICLES = {"mit", "hinzu", "hervor", "an", "ein", "fest", "zu", "aus", "dar", "vor", "zurück", "klar",
             "bekannt", "kund", "preis", "hin", "wieder", "heraus", "ab", "auf", "nach", "weiter"}
# Cue words that are not verbs: "laut X", "X zufolge", "nach Angaben von X", "so X" (after a quote).
PREP_CUES = {"laut", "zufolge", "according", "gemäß", "gemäss"}
PRONOUNS_M = {"er", "he"}
PRONOUNS_F = {"sie", "she"}
PRONOUNS_PL = {"sie", "they", "wir", "we"}
PRONOUNS = PRONOUNS_M | PRONOUNS_F | PRONOUNS_PL | {"ich", "i", "man"}
# Pronouns that can be a speaker phrase: also "so letztere" (coref.py resolves it to the later of two names).
SPEAKER_PRONOUNS = PRONOUNS | {"letztere", "letzterer", "erstere", "ersterer"}
DETERMINERS = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen",
               "the", "a", "an", "sein", "seine", "seiner", "seinen", "seinem", "seines", "ihr", "ihre", "ihrer",
               "ihren", "ihrem", "ihres", "his", "her", "their", "dessen", "deren", "diese", "dieser", "dieses",
               "diesem", "diesen", "jene", "jener", "alle", "einige", "mehrere", "viele", "zwei", "drei", "beide",
               "unser", "unsere", "kein", "keine", "this", "these", "its", "our", "several", "many", "some"}
# Words after which a speaker phrase has ended ("sagte Cavusoglu am Donnerstag").
NP_STOP = set("""
am im in auf bei gegenüber vor nach mit zu zum zur über heute gestern morgen weiter außerdem dazu noch auch
dann später jedoch aber nun bereits laut dass daß ob wie weil denn und sowie als bis seit während wegen
trotz ebenfalls zudem schon erneut jetzt damals dort hier so sinngemäß wörtlich demnach zuletzt zunächst
anschließend daraufhin deshalb darum gleichzeitig unterdessen inzwischen vergangene vergangenen letzte
letzten diese dieser dieses diesem am on at in to for with that after before during told on yesterday today
on monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag freitag
samstag sonntag""".split())
ADVERBIAL_LEAD = set("""
als am im in auf bei nach vor dazu daraufhin später auch zudem gestern heute dann doch aber außerdem weiter
zuvor schließlich so bereits laut anschließend gleichzeitig unterdessen inzwischen ebenfalls zunächst
zuletzt dabei damit darin darauf danach deshalb deswegen trotzdem dennoch allerdings jedoch nun jetzt
damals hier dort gegenüber mit über zum zur vom beim seit während wegen trotz in on at after before
yesterday today later also an für gegen unter aus durch ohne um hinter neben zwischen""".split())
# lookups go by str.casefold, which spells "ß" as "ss" ("Außerdem" -> "ausserdem"): hold both spellings
NP_STOP |= {w.casefold() for w in NP_STOP}
ADVERBIAL_LEAD |= {w.casefold() for w in ADVERBIAL_LEAD}


@lru_cache(maxsize=50_000)
def speech_lemma(word: str, lang: str) -> str | None:
    """The speech-verb lemma of a word form ("sagte" -> "sagen", "said" -> "say"), else None."""
    w = word.casefold()
    if not w.isalpha():
        return None
    if lang == "en":
        lem = lemma(w, "en")
        return lem if lem in SPEECH_EN or w in SPEECH_EN else None
    lem = lemma(w, "de")
    if lem in SPEECH_DE:
        return lem
    # forms simplemma does not know: "äußerte" -> "äußern", "gesagt" -> "sagen"
    prefix = ""
    for p in PARTICLES:  # "zugesichert" -> "zu" + "sichern"
        if w.startswith(p + "ge") and len(w) > len(p) + 5:
            prefix, w = p, w[len(p):]
            break
    stem = w[2:] if w.startswith("ge") and w.endswith("t") and len(w) > 5 else w
    for cut in ("ten", "te", "est", "et", "st", "t", "en", "e", ""):
        if stem.endswith(cut) and len(stem) - len(cut) >= 3:
            base = stem[: len(stem) - len(cut)]
            for inf in (prefix + base + "en", prefix + base + "n"):
                if inf in SPEECH_DE:
                    return inf
    return None


@lru_cache(maxsize=50_000)
def particle_verb(word: str, particle: str) -> str | None:
    """The speech lemma of a separated particle verb ("fügte" + "hinzu" -> "hinzufügen")."""
    base = lemma(word.casefold(), "de")
    cand = particle + base
    return cand if cand in SPEECH_DE else None


_KONJ1_IRREGULAR = {"sei", "seien", "seiest", "habe", "werde", "könne", "müsse", "solle", "wolle", "dürfe",
                    "möge", "wisse", "gebe", "liege", "stehe", "gehe", "komme", "bleibe", "handle", "handele",
                    "brauche", "lasse", "sehe", "gelte", "fehle", "hätten", "wären", "würden", "seiest"}


@lru_cache(maxsize=50_000)
def is_konjunktiv(word: str) -> bool:
    """A German verb form that reads as Konjunktiv I (or the Konjunktiv II that stands in for it
    in indirect speech): "sei", "habe", "werde", "plane" (from "planen")."""
    w = word.casefold()
    if w in _KONJ1_IRREGULAR:
        return True
    if len(w) < 4 or not w.endswith("e") or not w.isalpha():
        return False
    lem = lemma(w, "de")
    return lem.endswith("en") and lem[:-1] == w and lem not in {"haben", "werden", "sein"}
