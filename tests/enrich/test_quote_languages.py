"""Quotations outside German and English, and quoted titles: fixtures written for these tests
(invented people and events, no article text)."""

from __future__ import annotations

from lagebild.enrich.quotes import find_quotes, quote_marks


def _found(text: str, lang: str | None) -> list[tuple[str, str | None]]:
    return [(text[f.start:f.end].strip(), f.speaker_text) for f in find_quotes(text, (), lang)]


FRENCH = (
    "Le conseil municipal de Valbrune a voté mardi la fermeture de la piscine. « Nous n’avons plus les moyens "
    "de chauffer le bassin », a déclaré la maire, Hélène Castagnac. « Cette décision est provisoire et sera revue "
    "au printemps », a-t-elle ajouté.\n\n"
    "Alors « tout le monde attendait une solution », écrit le journal local. Article « Les bassins de "
    "l’Ouest » publié en mai. Le groupe Les Vents joue « Sous la pluie de Valbrune » ce soir."
)


def test_french_quotes_are_inside_their_marks_and_attributed_to_names_or_pronouns():
    got = _found(FRENCH, "fr")
    assert ("Nous n’avons plus les moyens de chauffer le bassin", "Hélène Castagnac") in got
    assert ("Cette décision est provisoire et sera revue au printemps", "elle") in got
    texts = [q for q, _ in got]
    assert not any("»" in q or "«" in q for q in texts)  # never the text between two quotes
    assert all(q.startswith(("Nous", "Cette", "tout")) for q in texts)  # no title, no song
    assert all(sp not in {"Alors", "Article"} for _, sp in got)


POLISH = (
    "Biją na alarm mieszkańcy Górnej Wsi. „Nie zgodzimy się na zamknięcie szkoły w naszej gminie” – "
    "powiedział wójt Tomasz Wierzbicki. Rozważają „Plan dla wsi” od miesięcy. Radni czytali „Gazetę Poranną”.\n\n"
    "„Szkoła zostanie otwarta we wrześniu jak co roku” – zapewniła Anna Lis."
)


def test_polish_quotes_need_a_verb_of_saying_and_a_name():
    got = _found(POLISH, "pl")
    assert got == [("Nie zgodzimy się na zamknięcie szkoły w naszej gminie", "Tomasz Wierzbicki"),
                   ("Szkoła zostanie otwarta we wrześniu jak co roku", "Anna Lis")]


TURKISH = (
    "Belediye Başkanı Kemal Aydınoğlu, “Yeni köprü gelecek yıl hizmete girecek” dedi. "
    "Aydınoğlu'na göre “köprünün maliyeti beklenenden düşük kalacak” ve çalışmalar sürüyor. "
    "Kentte “Mavi Ufuklar” adlı festival başladı."
)


def test_turkish_quotes_with_verb_final_speech():
    got = _found(TURKISH, "tr")
    assert ("Yeni köprü gelecek yıl hizmete girecek", "Kemal Aydınoğlu") in got
    assert ("köprünün maliyeti beklenenden düşük kalacak", "Aydınoğlu") in got
    assert all("Mavi Ufuklar" not in q for q, _ in got)


def test_spanish_italian_dutch():
    es = "«El puente no estará listo antes de otoño», dijo Ramón Ibarra. La película «Cielo de agosto» se estrena hoy."
    assert _found(es, "es") == [("El puente no estará listo antes de otoño", "Ramón Ibarra")]
    it = "«Non chiuderemo lo stabilimento di Trevalle», ha dichiarato Lucia Ferraresi. Secondo il sindacato va bene."
    assert _found(it, "it") == [("Non chiuderemo lo stabilimento di Trevalle", "Lucia Ferraresi")]
    nl = "Volgens Pieter van Doorn „is de dijk sterk genoeg voor de winter”. Het boek „Water en Wind” verscheen."
    assert _found(nl, "nl") == [("is de dijk sterk genoeg voor de winter", "Pieter van Doorn")]


def test_a_language_without_a_verb_list_gets_no_quotes():
    assert find_quotes("山田太郎は「明日も会議を続ける予定です」と述べた。", (), "ja") == []
    assert find_quotes("«Vi stenger broen i morgen tidlig», sa Kari Nordahl.", (), "no") == []


def test_guillemets_pair_one_way_per_text():
    text = "« Un deux trois », dit-il. « Quatre cinq six », dit-elle."
    assert [text[a + 1:b].strip() for a, b in quote_marks(text)] == ["Un deux trois", "Quatre cinq six"]
    german = "»Wir bleiben hier«, sagte sie. »Und zwar lange«, sagte er."
    assert [german[a + 1:b] for a, b in quote_marks(german)] == ["Wir bleiben hier", "Und zwar lange"]


def test_german_titles_are_not_quotes():
    assert _found("LN: „Listen To The Music“ ist wieder in den Charts.", "de") == []
    assert _found("Die Band Blaue Stunde spielte „Listen To The Music“, „Sunny Afternoon“ und „Lola“.", "de") == []
    report = ("Das Umweltamt veröffentlichte am Montag „Wasser und Sicherheit in Europa 2030“. "
              "Ministerin Vogel lobte „Wasser und Sicherheit in Europa 2030“ als wichtigen Beitrag.")
    assert _found(report, "de") == []
    assert _found("Die Nachrichtenseiten berichteten am Abend ausführlich über das „heute-journal“.", "de") == []
    # speech stays speech
    assert _found("Der Minister sagte: „Wir werden die Deiche erhöhen.“", "de") == [
        ("Wir werden die Deiche erhöhen.", "Der Minister")]


def test_a_konjunktiv_main_clause_is_reported_speech_of_the_sentence_before():
    text = ("Die Stadtwerke Lindau wollen ihr Netz verkaufen. Eine der Möglichkeiten sei ein Verkauf an die "
            "Nachbargemeinde. Das Netz wäre sonst zu teuer.")
    found = [f for f in find_quotes(text, (), "de") if f.kind == "indirect"]
    assert [(text[f.start:f.end], f.speaker_text) for f in found] == [
        ("Eine der Möglichkeiten sei ein Verkauf an die Nachbargemeinde", "Die Stadtwerke Lindau")]


def test_the_main_clause_after_a_wie_clause_is_reported_speech():
    text = "Wie die Feuerwehr Lindau berichtete, brannte am Abend eine Lagerhalle am Hafen vollständig nieder."
    found = [f for f in find_quotes(text, (), "de") if f.kind == "indirect"]
    assert [(text[f.start:f.end], f.speaker_text) for f in found] == [
        ("brannte am Abend eine Lagerhalle am Hafen vollständig nieder", "die Feuerwehr Lindau")]
