"""Speaker pronouns and roles resolved across sentences (quotes/coref.py), from the text alone."""

from lagebild.enrich.quotes import find_quotes


def _speakers(text):
    return [(f.speaker_phrase, f.speaker_text) for f in find_quotes(text) if f.kind == "direct"]


def test_pronoun_takes_the_subject_named_in_a_sentence_before():
    text = ("Der Vorsitzende der Gewerkschaft, Jonas Kettler, stellte am Montag die Forderungen vor. "
            "Die Arbeitgeber lehnten sie ab. Er betonte: „Wir werden nicht nachgeben, auch wenn es lange dauert.“")
    (found,) = find_quotes(text)
    assert (found.speaker_phrase, found.speaker_text) == ("Er", "Jonas Kettler")
    assert text[found.speaker_start:found.speaker_end] == "Er"  # the phrase found keeps its place
    assert text[found.named_at[0]:found.named_at[1]] == "Jonas Kettler"


def test_pronoun_agrees_in_gender_and_skips_names_inside_quotes():
    text = ("Die Abgeordnete Mareike Hollweg traf den Landrat Bodo Prenzel. „Hendrik Olsberg hat das "
            "längst zugesagt“, sagte Prenzel. „Darüber reden wir im Herbst noch einmal ausführlich“, sagte sie.")
    assert _speakers(text)[-1] == ("sie", "Mareike Hollweg")
    text = ("Frau Ilka Werthmann eröffnete die Sitzung. Ihr Stellvertreter Ruben Kasolke fehlte. "
            "„Wir beginnen ohne Verzögerung mit dem ersten Punkt“, sagte er.")
    assert _speakers(text) == [("er", "Ruben Kasolke")]


def test_she_without_a_known_woman_stays_a_pronoun():
    # "sie" is also plural and the pronoun of feminine things: with no woman named it is left alone
    text = "Die Stadtwerke erhöhen die Preise. „Die Kosten sind gestiegen, das geben wir weiter“, sagte sie."
    assert _speakers(text) == [(None, "sie")]


def test_the_latter_is_the_later_of_two_named_persons():
    text = ("Die Sängerin Ronja Feldtmann stand neben der Ärztin Dörte Quandtner vor dem Rathaus. "
            "„Niemand sollte für eine Behandlung so lange warten müssen“, so letztere.")
    assert _speakers(text) == [("letztere", "Dörte Quandtner")]


def test_role_takes_the_person_introduced_with_it():
    text = ("Auch die Sprecherin der Stadt, Karin Olbrecht, äußerte sich. Der Bürgermeister Paul Siebert "
            "schwieg. „Das prüfen wir noch in aller Ruhe“, sagte die Sprecherin.")
    assert _speakers(text) == [("die Sprecherin", "Karin Olbrecht")]


def test_a_named_speaker_is_not_replaced():
    text = ("Der Trainer Malte Ossowski lobte die Mannschaft. „Wir haben heute als Team gewonnen“, "
            "sagte Kapitän Levin Struck.")
    assert _speakers(text) == [(None, "Kapitän Levin Struck")]


def test_subject_pronoun_after_a_fronted_object_and_its_clause():
    text = ("Der Vermittler Tarek Yildirim besuchte die Region. Das Angebot, die Verletzten in der Nachbarstadt "
            "zu versorgen, lehnt er jedoch ab: „Alle Verletzten müssen sofort hier behandelt werden.“")
    assert _speakers(text) == [("er", "Tarek Yildirim")]


def test_places_and_bodies_are_no_antecedents():
    text = ("Der Chemiker Anton Pilgrim sprach in Oberkrumbach vor der Initiative Grünes Oberkrumbach. "
            "Er sagte: „Das Wasser ist sauber, die Messungen zeigen es eindeutig.“")
    assert _speakers(text) == [("Er", "Anton Pilgrim")]


# Constructions where the speaker is the nearest subject of the speech verb, not a phrase that opens the sentence.

def _direct(text):
    return [(text[f.start:f.end], f.speaker_text) for f in find_quotes(text) if f.kind == "direct"]


def test_fronted_dative_is_not_the_speaker():
    text = "Der Wochenzeitung sagte Bürgermeister Ansgar Tölle: „Wir bauen das Bad bis zum Sommer wieder auf.“"
    assert _direct(text) == [("Wir bauen das Bad bis zum Sommer wieder auf.", "Bürgermeister Ansgar Tölle")]


def test_so_x_right_after_a_quote_speaks_that_quote():
    text = ("Zwar hatte Anwalt Rüdiger Faltin betont, sein Mandant sei „völlig unschuldig“, doch die Richterin blieb "
            "hart: Eine milde Strafe sei nicht möglich, „wenn jemand so viel Schaden anrichtet“, so Greta Solms.")
    assert _direct(text)[-1] == ("wenn jemand so viel Schaden anrichtet", "Greta Solms")


def test_wie_x_berichtet_the_main_clause_subject_speaks():
    text = ("Wie der Sender berichtet, gab Sprecherin Ina Voss eine Stellungnahme ab, die aus einem Satz bestand: "
            "„Wir äußern uns dazu nicht.“")
    assert _direct(text) == [("Wir äußern uns dazu nicht.", "Sprecherin Ina Voss")]


def test_subject_with_appositions_before_the_verb():
    # the name after the verb is its object: "Der Vorsitzende der X, Frank Y, würdigte Z als „…“"
    text = ("Die Leiterin des Amtes, die Juristin Hanna Brügge, nannte Bürgermeister Klaas Reemts "
            "„einen verlässlichen Partner für alle Beteiligten“.")
    assert _direct(text) == [("einen verlässlichen Partner für alle Beteiligten", "Die Leiterin des Amtes")]


def test_role_noun_subject_with_a_relative_clause():
    text = ("Der Ermittler, der als wichtigster Zeuge gilt, will seine Arbeit bald beenden: "
            "„Mehr ist in diesem Fall nicht zu finden.“")
    assert _direct(text) == [("Mehr ist in diesem Fall nicht zu finden.", "Der Ermittler")]


def test_wie_x_feststellt_across_a_relative_clause():
    text = ("Wie der Gutachter Lorenz Hebbel, der am 3. Mai im Saal anwesend war, dazu feststellt, verlangt "
            "„das Gesetz zumindest den Nachweis einer Absicht“.")
    assert _direct(text)[0][1].endswith("Lorenz Hebbel")


def test_konjunktiv_ii_continues_the_reported_speech():
    text = ("„Ich verzichte lieber auf die Sendung, als mich dort vorführen zu lassen“, so Kandidatin Edda Wirth. "
            "Außerdem hätte der Sender dem Gegner „jede Gelegenheit gegeben, sich harmlos darzustellen“.")
    assert _direct(text)[-1] == ("jede Gelegenheit gegeben, sich harmlos darzustellen", "Kandidatin Edda Wirth")


def test_the_speaker_named_after_the_last_quote_speaks_on():
    text = ("Der Sprecher der Stadtwerke, Olaf Brenninkmeyer, sagte dazu: „Die Preise bleiben bis zum Winter "
            "stabil, das haben wir zugesagt,“ betont Vorständin Frauke Sellmann. „Danach sehen wir weiter, "
            "je nachdem, wie sich der Markt entwickelt.“")
    assert _direct(text)[-1][1] == "Vorständin Frauke Sellmann"


def test_subject_of_the_second_coordinated_clause():
    text = ("Die Menge skandierte vor dem Rathaus Parolen wie „Plan weg!“ und der Unternehmer Falk Imhoff "
            "rief vor den Leuten aus: „Dieser Plan ruiniert die ganze Innenstadt!“")
    assert _direct(text)[-1] == ("Dieser Plan ruiniert die ganze Innenstadt!", "der Unternehmer Falk Imhoff")
