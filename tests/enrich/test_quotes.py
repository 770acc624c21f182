from lagebild.enrich.quotes import find_quotes, quote_marks
from lagebild.model import Mention


def _mentions(text, spec):
    out = []
    for surface, type_, eid in spec:
        start = text.find(surface)
        while start != -1:
            if not any(start < m.end and start + len(surface) > m.start for m in out):
                out.append(Mention(start, start + len(surface), surface, type_, eid))
            start = text.find(surface, start + 1)
    return sorted(out, key=lambda m: m.start)


def _quotes(text, spec=(), lang="de"):
    return [(text[f.start:f.end], f.kind, f.speaker_text, f.speaker_id) for f in find_quotes(text, _mentions(text, spec), lang)]


def test_quote_marks_pair_german_guillemets_english_and_nested():
    text = "Er sagte: „Das ist ‚gut‘ so.“ Sie: »Nein.« He said: “Yes.” And \"maybe\" too."
    spans = [text[a + 1:b] for a, b in quote_marks(text)]
    assert spans == ["Das ist ‚gut‘ so.", "Nein.", "Yes.", "maybe"]


def test_preposed_and_postposed_speech_verb():
    text = ("Die Bürgermeisterin Petra Saalfeld sagte: „Wir bauen die Brücke bis zum Herbst neu.“ "
            "„Die Kosten tragen Land und Stadt gemeinsam“, erklärte Saalfeld am Abend.")
    spec = [("Petra Saalfeld", "PER", "PER:petra-saalfeld"), ("Saalfeld", "PER", "PER:petra-saalfeld")]
    got = _quotes(text, spec)
    assert got[0][:2] == ("Wir bauen die Brücke bis zum Herbst neu.", "direct")
    assert got[0][3] == "PER:petra-saalfeld"
    assert got[1][0] == "Die Kosten tragen Land und Stadt gemeinsam" and got[1][3] == "PER:petra-saalfeld"


def test_pronoun_resolves_to_the_person_named_before():
    text = "Innenminister Karl Brenner besuchte die Wache. Er betonte: „Die Beamten leisten großartige Arbeit.“"
    got = _quotes(text, [("Karl Brenner", "PER", "PER:karl-brenner")])
    assert got == [("Die Beamten leisten großartige Arbeit.", "direct", "Karl Brenner", "PER:karl-brenner")]
    assert find_quotes(text)[0].speaker_phrase == "Er"  # the phrase found stays where it was


def test_role_resolves_to_the_person_introduced_with_it():
    text = ("Der Außenminister Tomas Varga traf seinen Amtskollegen. "
            "„Wir stehen am Anfang eines langen Weges“, sagte der Außenminister danach.")
    got = _quotes(text, [("Tomas Varga", "PER", "PER:tomas-varga")])
    assert got[0][3] == "PER:tomas-varga"


def test_short_scare_quotes_are_not_quotes_unless_attributed():
    text = "Das Unternehmen nennt das Programm „Zukunft 2030“. Die „Reform“ kam spät."
    assert _quotes(text) == []
    text = "Die Ministerin Lea Kranz sagte, die Lage sei „sehr ernst“."
    got = _quotes(text, [("Lea Kranz", "PER", "PER:lea-kranz")])
    assert ("sehr ernst", "direct", "Die Ministerin Lea Kranz", "PER:lea-kranz") in got


def test_german_indirect_speech_with_konjunktiv():
    text = ("Der Sprecher Ole Brandt sagte am Montag, die Verhandlungen seien auf einem guten Weg. "
            "Die Gespräche würden fortgesetzt, fügte er hinzu.")
    got = _quotes(text, [("Ole Brandt", "PER", "PER:ole-brandt")])
    indirect = [g for g in got if g[1] == "indirect"]
    assert indirect[0][0] == "die Verhandlungen seien auf einem guten Weg"
    assert indirect[0][3] == "PER:ole-brandt"
    assert indirect[1][0] == "Die Gespräche würden fortgesetzt" and indirect[1][3] == "PER:ole-brandt"


def test_plain_indicative_after_speech_verb_is_no_indirect_quote():
    text = "Die Polizei sagte am Montag nichts. Der Zug fährt um acht Uhr ab."
    assert [g for g in _quotes(text) if g[1] == "indirect"] == []


def test_english_quotes_with_said():
    text = ('Mayor Dana Pike visited the site. "We will rebuild this bridge by autumn," Pike said. '
            'She added: "Nobody will pay more taxes for it."')
    spec = [("Dana Pike", "PER", "PER:dana-pike"), ("Pike", "PER", "PER:dana-pike")]
    got = _quotes(text, spec, "en")
    assert got[0][0] == "We will rebuild this bridge by autumn," and got[0][3] == "PER:dana-pike"
    assert got[1][0] == "Nobody will pay more taxes for it." and got[1][3] == "PER:dana-pike"


def test_unbalanced_marks_do_not_crash():
    for text in ("„", "“", "„a“b„", "\"\"\"", "Er sagte: „", "»«", "‚‘’"):
        find_quotes(text)


def test_english_lowercase_speakers_and_according_to():
    text = ('Prime Minister Anna Holt met the union leaders. According to the union, the deal "is a good first step". '
            '"It is fair," the minister said. Critics called it a "cheap trick".')
    got = {q[0]: q[2] for q in _quotes(text, lang="en")}
    assert got == {"is a good first step": "the union", "It is fair,": "the minister"}


def _speakers(text):
    return {text[f.start:f.end]: f.speaker_text for f in find_quotes(text) if f.kind == "direct"}


def test_a_date_is_never_the_speaker():
    text = ("Die Gruppe traf sich im Hafen. Sie landete am 3. August 2004 auf der Insel und meldete sich mit "
            "den Worten: „Alle an Bord sind wohlauf und die Vorräte reichen noch lange.“")
    assert _speakers(text)["Alle an Bord sind wohlauf und die Vorräte reichen noch lange."] != "August"


def test_sentence_initial_determiner_is_not_the_head_and_objects_do_not_speak():
    text = "Die Gutachter der Kommission halten den Ministerien vor: „Die Prüfung der Anträge dauert viel zu lange.“"
    assert _speakers(text)["Die Prüfung der Anträge dauert viel zu lange."] == "Die Gutachter der Kommission"


def test_adverb_with_sharp_s_opens_no_speaker_phrase():
    text = "Außerdem nenne die Stiftung das Vorhaben „weder bezahlbar noch irgendwie sinnvoll geplant“."
    assert _speakers(text)["weder bezahlbar noch irgendwie sinnvoll geplant"] == "die Stiftung"


def test_postposed_so_with_object_pronoun_and_passive_zitiert_across_apposition():
    text = ("„Mit ihm an der Spitze wird der Verein wieder ernst genommen“, so beschrieb ihn der Kassenwart "
            "Tobias Brenner. „Das ist ein großer Tag für die ganze Region“, wird Ilse Vortmann, Leiterin des "
            "Hafenamts, zitiert.")
    got = _speakers(text)
    assert got["Mit ihm an der Spitze wird der Verein wieder ernst genommen"] == "der Kassenwart Tobias Brenner"
    assert got["Das ist ein großer Tag für die ganze Region"].startswith("Ilse Vortmann")


def test_name_with_particle_and_reported_speech_continuing():
    text = ("Von der Heydt erklärte, die Fähre sei „zu alt für den Winterbetrieb und viel zu teuer“. "
            "Die Reederei müsse deshalb „so bald wie möglich ein neues Schiff bestellen“.")
    got = _speakers(text)
    assert got["zu alt für den Winterbetrieb und viel zu teuer"] == "Von der Heydt"
    assert got["so bald wie möglich ein neues Schiff bestellen"] == "Von der Heydt"


def test_konjunktiv_clause_after_a_speech_verb_without_a_subject_is_kept_without_speaker():
    text = "Am Abend wurde dann noch erklärt, die Brücke über den Kanal sei für Lastwagen gesperrt."
    (f,) = find_quotes(text)
    assert (f.kind, text[f.start:f.end], f.speaker_text) == ("indirect", "die Brücke über den Kanal sei für Lastwagen gesperrt", None)


def test_relative_pronoun_speaker_is_its_antecedent():
    text = "Unterstützt wurde sie von Anna Wendrich, die erklärte: „Wir stehen geschlossen hinter dem Plan der Stadtwerke.“"
    assert _speakers(text)["Wir stehen geschlossen hinter dem Plan der Stadtwerke."] == "Anna Wendrich"


def test_subject_after_so_and_an_auxiliary():
    text = ("So hat sich etwa die Vorsitzende des Elternbeirats, Karin Wendrich, gegen die Pläne ausgesprochen und "
            "behauptet, die neuen Klassen kämen nur durch „Tricks und Schönfärberei“ zustande.")
    assert _speakers(text)["Tricks und Schönfärberei"] == "die Vorsitzende des Elternbeirats"


def test_infinitive_clause_after_a_speech_verb_is_indirect_speech():
    text = ("Die Landrätin Jana Voss forderte den Bahnkonzern auf, die stillgelegte Strecke bis zum Sommer wieder "
            "anzubinden. Der Verband kündigte an, gegen den Bescheid vor Gericht ziehen zu wollen. "
            "Die Stadt kaufte neue Busse, um den Takt zu verdichten.")
    got = [g for g in _quotes(text, [("Jana Voss", "PER", "PER:jana-voss")]) if g[1] == "indirect"]
    assert got[0][0] == "die stillgelegte Strecke bis zum Sommer wieder anzubinden"
    assert got[0][3] == "PER:jana-voss"
    assert got[1][0] == "gegen den Bescheid vor Gericht ziehen zu wollen" and got[1][2] == "Der Verband"
    assert len(got) == 2  # "um … zu verdichten" says why, not what was said


def test_speaker_after_a_fronted_subordinate_clause_not_the_passive_agent_inside_it():
    text = ("Nachdem sie von Moderator Tim Berger gefragt wurde, was ihre Partei anders mache, "
            "entgegnete Carla Lindner: „Wir reden mit den Leuten, nicht über sie.“")
    got = _quotes(text, [("Carla Lindner", "PER", "PER:carla-lindner"), ("Tim Berger", "PER", "PER:tim-berger")])
    assert got == [("Wir reden mit den Leuten, nicht über sie.", "direct", "Carla Lindner", "PER:carla-lindner")]


def test_a_quote_with_its_own_named_subject_does_not_go_to_the_previous_speaker():
    text = ("Der Minister Paul Weber sagte, die Reform komme im Herbst. "
            "Auch der Sprecher der Opposition, Lena Fuchs, will „den Entwurf noch einmal genau lesen“, "
            "ob er verfassungsgemäß sei.")
    got = [g for g in _quotes(text) if g[1] == "direct"]
    assert got[0][0] == "den Entwurf noch einmal genau lesen" and got[0][2].startswith("der Sprecher der Opposition")
