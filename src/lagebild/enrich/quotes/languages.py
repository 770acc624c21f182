"""Verbs of saying and the few function words speaker finding needs, for the languages that have no
quotation model here (French, Spanish, Portuguese, Italian, Polish, Dutch, Turkish). Lists written
by hand for this project from general knowledge of each language (no data copied); word forms are
reduced to lemmas with simplemma's dictionaries (MIT), and each list also holds the forms simplemma
gets wrong ("detto" is not "dettare"). A language missing here gets no quotations at all: fewer
quotations rather than wrong ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ...textnorm import lemma


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: frozenset[str]  # lemmas and word forms of verbs of saying
    preps: frozenset[str] = frozenset()  # "selon X", "según X"
    postpositions: frozenset[str] = frozenset()  # "X'e göre"
    pronouns: frozenset[str] = frozenset()  # subject pronouns that can be a speaker
    auxiliaries: frozenset[str] = frozenset()  # "a dit", "ha detto": skipped between verb and subject
    particles: frozenset[str] = frozenset()  # lower-case words inside names ("de", "van", "di")
    honorifics: frozenset[str] = field(default_factory=frozenset)  # "M.", "Sr.", "pan": not part of the name
    stems: tuple[str, ...] = ()  # word-form prefixes for agglutinative languages (Turkish)
    compounds: frozenset[str] = frozenset()  # "ifade etti": the noun before a light verb
    articles: frozenset[str] = frozenset()  # "la maire, X": an article opens a role before the name


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


LEXICONS: dict[str, Lexicon] = {
    "fr": Lexicon(
        verbs=_w("""dire déclarer affirmer expliquer ajouter souligner estimer assurer indiquer préciser annoncer
        confier lancer répondre rappeler insister avertir prévenir reconnaître admettre raconter noter observer
        commenter écrire tweeter demander interroger juger dénoncer regretter répéter poursuivre conclure
        marteler plaider promettre confirmer démentir nier protester réagir résumer exclamer murmurer crier
        témoigner déplorer fustiger critiquer soutenir avancer tonner ironiser lâcher glisser relever signaler
        souffler martèle dit dits dite déclare"""),
        preps=_w("selon d’après d'après"),
        pronouns=_w("il elle ils elles"),
        auxiliaries=_w("a ont avait avaient aurait auraient est sont été"),
        particles=_w("de du des la le van von d’ d'"),
        honorifics=_w("m mme mm mlle dr me pr"),
        articles=_w("le la les l’ l' un une")),
    "es": Lexicon(
        verbs=_w("""decir declarar afirmar explicar añadir agregar señalar asegurar indicar precisar anunciar
        advertir reconocer admitir contar comentar escribir preguntar responder contestar insistir subrayar
        destacar recordar manifestar expresar sostener apuntar concluir criticar denunciar lamentar prometer
        confirmar negar reiterar aseverar opinar considerar estimar alertar exclamar relatar narrar detallar
        dijo dice dijeron afirmó"""),
        preps=_w("según"),
        pronouns=_w("él ella ellos ellas"),
        auxiliaries=_w("ha han había habían habría"),
        particles=_w("de del la las los y"),
        honorifics=_w("sr sra srta dr dra d don doña"),
        articles=_w("el la los las un una")),
    "pt": Lexicon(
        verbs=_w("""dizer declarar afirmar explicar acrescentar salientar assegurar indicar anunciar advertir
        reconhecer admitir contar comentar escrever perguntar responder insistir sublinhar destacar lembrar
        sustentar concluir criticar denunciar prometer confirmar negar garantir defender alertar disse diz"""),
        preps=_w("segundo"),
        pronouns=_w("ele ela eles elas"),
        auxiliaries=_w("tem têm tinha havia"),
        particles=_w("de da do das dos e"),
        honorifics=_w("sr sra dr dra"),
        articles=_w("o a os as um uma")),
    "it": Lexicon(
        verbs=_w("""dire dichiarare affermare spiegare aggiungere sottolineare assicurare indicare precisare
        annunciare avvertire riconoscere ammettere raccontare commentare scrivere chiedere domandare rispondere
        insistere ribadire ricordare osservare sostenere concludere criticare denunciare promettere confermare
        negare replicare evidenziare rilevare avvisare detto dice disse dicono dichiara ha_detto"""),
        preps=_w("secondo"),
        pronouns=_w("lui lei loro egli ella"),
        auxiliaries=_w("ha hanno aveva avevano avrebbe è"),
        particles=_w("de di del della da dal la lo"),
        honorifics=_w("sig sigra dott dr on"),
        articles=_w("il lo la i gli le l’ l' un una")),
    "pl": Lexicon(
        verbs=_w("""powiedzieć mówić stwierdzić twierdzić oświadczyć zaznaczyć podkreślić dodać wyjaśnić
        tłumaczyć przekonywać zapewnić zapewniać zapowiedzieć ogłosić przyznać ocenić zauważyć poinformować
        napisać pytać zapytać odpowiedzieć ostrzec ostrzegać apelować skomentować argumentować przypomnieć
        relacjonować oznajmić mówił mówiła powiedział powiedziała stwierdził stwierdziła dodał dodała"""),
        preps=_w("według"),
        pronouns=_w("on ona oni one"),
        particles=_w("de von van"),
        honorifics=_w("pan pani dr prof")),
    "nl": Lexicon(
        verbs=_w("""zeggen verklaren stellen benadrukken toevoegen uitleggen vertellen schrijven vragen antwoorden
        waarschuwen aankondigen bevestigen ontkennen erkennen opmerken reageren beweren aangeven onderstrepen
        zei zegt zeiden verklaarde stelde"""),
        preps=_w("volgens"),
        pronouns=_w("hij zij ze"),
        auxiliaries=_w("heeft hebben had hadden"),
        particles=_w("van de der den ter ten het"),
        honorifics=_w("dhr mevr dr"),
        articles=_w("de het een")),
    "tr": Lexicon(
        verbs=frozenset(),
        postpositions=_w("göre"),
        pronouns=_w("o onlar"),
        stems=("söyle", "dedi", "demiş", "diye", "dedik", "belirt", "açıkla", "kaydet", "vurgula", "ekledi",
               "konuştu", "yanıtla", "sordu", "uyardı", "bildirdi", "aktardı", "savundu", "duyurdu", "anlattı",
               "yazdı"),
        compounds=_w("ifade iddia"),
        honorifics=_w("sayın")),
}


@lru_cache(maxsize=50_000)
def is_speech_verb(word: str, prev: str, lang: str) -> bool:
    """``word`` (after ``prev``) is a verb of saying in ``lang`` ("déclaré", "powiedział", "söyledi")."""
    lex = LEXICONS.get(lang)
    if lex is None or not word[:1].isalpha():
        return False
    w = word.casefold()
    if lex.stems:
        if w.startswith(lex.stems):
            return True
        return w.startswith(("etti", "etmiş", "ederek")) and prev.casefold() in lex.compounds
    lem = lemma(w, lang)
    if lang == "fr" and w.endswith(("é", "ée", "és", "ées")) and prev.casefold().split("-")[0] not in lex.auxiliaries:
        return False  # "la formule résumée par « … »": a participle without its auxiliary describes, it reports nothing
    if lem == w and lang in _INFINITIVE_LEMMAS:
        return False  # "pour démentir « … »": an infinitive reports no speech
    return w in lex.verbs or lem in lex.verbs


# languages whose dictionary form is the infinitive, which reports nothing ("pour démentir")
_INFINITIVE_LEMMAS = {"fr", "es", "pt", "it", "nl"}
