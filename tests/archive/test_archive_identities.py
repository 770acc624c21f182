"""Identities across the archive: surname merges (recorded, incremental, reversible), names per language."""

from lagebild.archive import Archive
from lagebild.archive.identities import merges, unmerge
from lagebild.model import Entity, Mention

from archive_corpus import make


def _article(title: str, text: str, names: dict[str, tuple[str, str]], language: str = "en"):
    mentions, entities = [], {}
    for surface, (eid, name) in names.items():
        start = text.index(surface)
        mentions.append(Mention(start, start + len(surface), surface, eid.split(":")[0], eid))
        entities.setdefault(eid, Entity(eid, name, eid.split(":")[0], None, [surface]))
    return make(title, text, language=language, mentions=mentions, entities=list(entities.values()))


def _ids(archive, aid):
    return {m.text: m.entity_id for m in archive.get(aid).mentions}


def test_lone_surname_joins_the_one_full_name_and_the_merge_can_be_undone():
    with Archive(":memory:") as ar:
        a1, _ = ar.add(_article("A", "Lead.\n\nTrump spoke on Monday.", {"Trump": ("PER:trump", "Trump")}))
        assert _ids(ar, a1) == {"Trump": "PER:trump"}  # nothing to settle it yet
        a2, _ = ar.add(_article("B", "Lead.\n\nDonald Trump spoke again.",
                                {"Donald Trump": ("PER:donald-trump", "Donald Trump")}))
        assert _ids(ar, a1) == {"Trump": "PER:trump"}  # one article naming the full name is no evidence yet
        ar.add(_article("B2", "Lead.\n\nDonald Trump went home.",
                        {"Donald Trump": ("PER:donald-trump", "Donald Trump")}))
        assert _ids(ar, a1) == {"Trump": "PER:donald-trump"}  # the second is: the earlier article's row moved
        a3, _ = ar.add(_article("C", "Lead.\n\nTrump, later.", {"Trump": ("PER:trump", "Trump")}))
        assert _ids(ar, a3) == {"Trump": "PER:donald-trump"}  # a new article follows the merge
        rows = merges(ar.conn)
        assert [(r["source"], r["target"]) for r in rows] == [("PER:trump", "PER:donald-trump")]
        assert {e.id for e in ar.entities()} == {"PER:donald-trump"}
        assert unmerge(ar.conn, "PER:trump") == 2
        assert _ids(ar, a1) == {"Trump": "PER:trump"} and _ids(ar, a3) == {"Trump": "PER:trump"}
        assert _ids(ar, a2) == {"Donald Trump": "PER:donald-trump"}
        assert merges(ar.conn) == []


def test_two_full_names_with_one_surname_leave_the_surname_alone():
    with Archive(":memory:") as ar:
        ar.add(_article("A", "Lead.\n\nJoe Biden met people.", {"Joe Biden": ("PER:joe-biden", "Joe Biden")}))
        ar.add(_article("B", "Lead.\n\nHunter Biden met people.",
                        {"Hunter Biden": ("PER:hunter-biden", "Hunter Biden")}))
        a3, _ = ar.add(_article("C", "Lead.\n\nBiden said no.", {"Biden": ("PER:biden", "Biden")}))
        assert _ids(ar, a3) == {"Biden": "PER:biden"}
        assert merges(ar.conn) == []


def test_a_longer_name_takes_a_lone_word_only_on_evidence():
    # "Deep Microsoft" in one article (NER's slip) does not take every "Microsoft"; neither does a
    # longer name seen twice when the word alone is named four times as often
    with Archive(":memory:") as ar:
        ar.add(_article("A", "Lead.\n\nDeep Microsoft said so.", {"Deep Microsoft": ("ORG:deep-microsoft", "Deep Microsoft")}))
        lone = [ar.add(_article(f"M{i}", "Lead.\n\nMicrosoft said so.", {"Microsoft": ("ORG:microsoft", "Microsoft")}))[0]
                for i in range(9)]
        ar.add(_article("B", "Lead.\n\nDeep Microsoft said no.", {"Deep Microsoft": ("ORG:deep-microsoft", "Deep Microsoft")}))
        assert all(_ids(ar, a) == {"Microsoft": "ORG:microsoft"} for a in lone)
        assert merges(ar.conn) == []


def test_persons_who_only_sound_alike_stay_apart():
    # two real people, one language, names one letter apart in sound: written too differently to be
    # one person's spellings; a typo-sized difference is one person
    with Archive(":memory:") as ar:
        ar.add(_article("A", "Lead.\n\nGerhard Richter painted.", {"Gerhard Richter": ("PER:gerhard-richter", "Gerhard Richter")}, "de"))
        ar.add(_article("B", "Lead.\n\nGerhard Ritter schrieb.", {"Gerhard Ritter": ("PER:gerhard-ritter", "Gerhard Ritter")}, "de"))
        ar.add(_article("C", "Lead.\n\nSteve Castor asked.", {"Steve Castor": ("PER:steve-castor", "Steve Castor")}))
        ar.add(_article("D", "Lead.\n\nSteve Castro asked.", {"Steve Castro": ("PER:steve-castro", "Steve Castro")}))
        assert merges(ar.conn) == []
        ar.add(_article("E", "Lead.\n\nJoanna Gaines built.", {"Joanna Gaines": ("PER:joanna-gaines", "Joanna Gaines")}))
        ar.add(_article("F", "Lead.\n\nJoanna Gains built.", {"Joanna Gains": ("PER:joanna-gains", "Joanna Gains")}))
        assert [(r["source"], r["target"]) for r in merges(ar.conn)] == [("PER:joanna-gains", "PER:joanna-gaines")]


def test_an_article_shows_names_in_its_language():
    with Archive(":memory:") as ar:
        de, _ = ar.add(_article("A", "Lead.\n\nIn Moskau regnet es.", {"Moskau": ("LOC:city:524901", "Moskau")},
                                language="de"))
        en, _ = ar.add(_article("B", "Lead.\n\nIt rains in Moscow.", {"Moscow": ("LOC:city:524901", "Moscow")}))
        assert [e.name for e in ar.get(de).entities] == ["Moskau"]
        assert [e.name for e in ar.get(en).entities] == ["Moscow"]


def test_a_lone_organisation_word_joins_the_one_longer_name(tmp_path):
    db = tmp_path / "a.db"
    with Archive(db) as ar:
        a1, _ = ar.add(_article("A", "Lead.\n\nThe Lakers won.", {"Lakers": ("ORG:lakers", "Lakers")}))
        for title in ("B", "C"):  # articles naming the team in full also call it by the word alone
            ar.add(_article(title, "Lead.\n\nThe Lakers celebrated after the Los Angeles Lakers won.",
                            {"Lakers": ("ORG:los-angeles-lakers", "Los Angeles Lakers"),
                             "Los Angeles Lakers": ("ORG:los-angeles-lakers", "Los Angeles Lakers")}))
        assert _ids(ar, a1) == {"Lakers": "ORG:los-angeles-lakers"}
        assert [m["source"] for m in ar.entity_merges()] == ["ORG:lakers"]
        assert ar.unmerge_entity("ORG:lakers") == 1
        assert _ids(ar, a1) == {"Lakers": "ORG:lakers"}


def test_a_lone_organisation_word_that_only_names_the_longer_name_s_kind_stays_apart(tmp_path):
    # "Congress" alone is the legislature; the trade fair's articles never call the fair by that word alone
    with Archive(tmp_path / "a.db") as ar:
        a1, _ = ar.add(_article("A", "Lead.\n\nThe bill passed Congress.", {"Congress": ("ORG:congress", "Congress")}))
        for title in ("B", "C", "D"):
            ar.add(_article(title, "Lead.\n\nPhone makers met at the Harbour Mobile Congress.",
                            {"Harbour Mobile Congress": ("ORG:harbour-mobile-congress", "Harbour Mobile Congress")}))
        assert _ids(ar, a1) == {"Congress": "ORG:congress"}
        assert ar.entity_merges() == []


def test_the_migration_gives_an_old_archive_todays_ids(tmp_path):
    db = tmp_path / "old.db"
    text = "Lead.\n\nОлеся Куприн и Павел Вовк встретились. Вовк сказал."
    with Archive(db) as ar:  # stored as an older version did: every Cyrillic person in one bucket
        aid, _ = ar.add(_article("A", text, {"Олеся Куприн": ("PER:x", "Олеся Куприн"),
                                             "Павел Вовк": ("PER:x", "Павел Вовк")}, language="ru"))
        ar.conn.execute("DELETE FROM migrations WHERE name = 'identities-0002-re-resolve'")
    with Archive(db) as ar:
        ids = _ids(ar, aid)
        assert ids["Олеся Куприн"] != ids["Павел Вовк"] and "PER:x" not in ids.values()
        assert len(ar.get(aid).mentions) == 2  # nothing lost
        assert "PER:x" not in {e.id for e in ar.entities()}


def test_exports_carry_each_entity_with_the_article_s_own_forms_only(tmp_path):
    import json

    with Archive(":memory:") as ar:
        art = _article("A", "Lead.\n\nIn Moskau regnet es.", {"Moskau": ("LOC:city:524901", "Moskau")}, "de")
        art.entities[0].aliases = ["Moscow", "Moskva", "Moscou", "Москва", "Moskau"]
        ar.add(art)
        out = tmp_path / "x.jsonl"
        assert ar.export("jsonl", out) == 1
        row = json.loads(out.read_text(encoding="utf-8"))
        assert row["entities"][0]["aliases"] == []  # "Moskau" is the name; the other spellings stay in the archive
        assert {h.id for h in ar.search("entity:Moskva")} == {1}


def test_the_surname_look_up_probes_an_index_instead_of_scanning_every_entity(tmp_path):
    # it runs for each one-word id of every stored article, inside the write transaction
    from lagebild.archive import identities

    with Archive(tmp_path / "a.db") as archive:
        conn = archive.conn
        conn.executemany("INSERT INTO entities(id, name, type) VALUES (?, ?, 'PER')",
                         [("PER:donald-trump", "Donald Trump"), ("PER:a-b-trump", "A B Trump"), ("PER:trump", "Trump")])
        expr = identities._LAST_WORD.format(id="id")
        assert [r[0] for r in conn.execute(f"SELECT id FROM entities WHERE {expr} = 'trump' ORDER BY id")] == [
            "PER:a-b-trump", "PER:donald-trump"]
        plan = " ".join(str(r) for r in conn.execute(f"EXPLAIN QUERY PLAN SELECT id FROM entities WHERE {expr} = ?", ("trump",)))
        assert "entities_last_word" in plan


def test_entities_are_listed_in_the_reader_s_language_with_one_id(tmp_path):
    import json

    from typer.testing import CliRunner

    from lagebild.cli import app

    db = tmp_path / "n.db"
    with Archive(db) as ar:
        for art in (_article("A", "Lead.\n\nIn Moskau regnet es.", {"Moskau": ("LOC:city:524901", "Moskau")}, "de"),
                    _article("B", "Lead.\n\nIt rains in Moscow.", {"Moscow": ("LOC:city:524901", "Moscow")})):
            art.published = "2024-05-01T10:00:00Z"
            ar.add(art)
        assert [(e.id, e.name) for e in ar.entities(lang="de")] == [("LOC:city:524901", "Moskau")]
        assert [(e.id, e.name) for e in ar.entities(lang="en", until="2100-01-01")] == [("LOC:city:524901", "Moscow")]
        assert ar.entity("LOC:city:524901", lang="de")["entity"]["name"] == "Moskau"
        assert ar.entity_names(["LOC:city:524901"], lang="en") == {"LOC:city:524901": "Moscow"}
    run = CliRunner().invoke(app, ["entities", "--lang", "de", "--json", "--db", str(db)])
    assert run.exit_code == 0, run.output
    assert [r["name"] for r in json.loads(run.output)] == ["Moskau"]
    run = CliRunner().invoke(app, ["entities", "--aliases", "--json", "--db", str(db)])
    rows = json.loads(run.output)
    assert {r["alias"] for r in rows if r["language"] is None} >= {"Moskau", "Moscow"}
    assert {(r["language"], r["alias"]) for r in rows if r["language"]} == {("de", "Moskau"), ("en", "Moscow")}


def test_aliases_have_their_own_export_table(tmp_path):
    import json

    with Archive(":memory:") as ar:
        art = _article("A", "Lead.\n\nIn Moskau regnet es.", {"Moskau": ("LOC:city:524901", "Moskau")}, "de")
        art.entities[0].aliases = ["Moscow", "Moskva", "Москва"]
        ar.add(art)
        ar.add(_article("B", "Lead.\n\nMoskau again.", {"Moskau": ("LOC:city:524901", "Moskau")}, "de"))
        out = tmp_path / "a.jsonl"
        ar.export("jsonl", out, table="aliases")
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        spellings = [r["alias"] for r in rows if r["language"] is None]
        assert sorted(spellings) == sorted(["Moskau", "Moscow", "Moskva", "Москва"])  # each entity once
        assert {r["entity_id"] for r in rows} == {"LOC:city:524901"}
        assert ar.export("csv", tmp_path / "a.csv", table="aliases") == len(rows)


def test_a_person_in_another_script_joins_the_latin_name_that_sounds_like_it():
    with Archive(":memory:") as ar:
        a1, _ = ar.add(_article("A", "Lead.\n\nقال ترامب اليوم.", {"ترامب": ("PER:trmb-1", "ترامب")}, "ar"))
        a2, _ = ar.add(_article("B", "Lead.\n\nDonald Trump and Joe Biden met Vladimir Putin.",
                                {"Donald Trump": ("PER:donald-trump", "Donald Trump"),
                                 "Joe Biden": ("PER:joe-biden", "Joe Biden"),
                                 "Vladimir Putin": ("PER:vladimir-putin", "Vladimir Putin")}))
        assert _ids(ar, a1) == {"ترامب": "PER:donald-trump"}  # settled when the Latin name arrived
        a3, _ = ar.add(_article("C", "Lead.\n\nプーチン氏とバイデン氏。", {"プーチン": ("PER:puuchin", "プーチン"),
                                                                   "バイデン": ("PER:baiden", "バイデン")}, "ja"))
        assert _ids(ar, a3) == {"プーチン": "PER:vladimir-putin", "バイデン": "PER:joe-biden"}  # same sound "PTN"
        a4, _ = ar.add(_article("D", "Lead.\n\n김민수 말했다.", {"김민수": ("PER:gimminsu", "김민수")}, "ko"))
        assert _ids(ar, a4) == {"김민수": "PER:gimminsu"}  # sounds like no one known: its own id
        assert unmerge(ar.conn, "PER:puuchin") == 1 and _ids(ar, a3)["プーチン"] == "PER:puuchin"


def test_a_latin_full_name_spelled_another_language_s_way_joins_the_better_known_one():
    with Archive(":memory:") as ar:
        a1, _ = ar.add(_article("A", "Lead.\n\nVladimir Putin said. Putin again. Vladimir Putin.",
                                {"Vladimir Putin": ("PER:vladimir-putin", "Vladimir Putin")}))
        a2, _ = ar.add(_article("B", "Lead.\n\nVladimir Poutine a dit.",
                                {"Vladimir Poutine": ("PER:vladimir-poutine", "Vladimir Poutine")}, "fr"))
        assert _ids(ar, a2) == {"Vladimir Poutine": "PER:vladimir-putin"}
        a3, _ = ar.add(_article("C", "Lead.\n\nVladimir Petin and Vladimir Putin met.",
                                {"Vladimir Petin": ("PER:vladimir-petin", "Vladimir Petin"),
                                 "Vladimir Putin": ("PER:vladimir-putin", "Vladimir Putin")}))
        assert _ids(ar, a3)["Vladimir Petin"] == "PER:vladimir-petin"  # named beside him: someone else


def test_a_german_romanisation_joins_the_english_one():
    # German writes Russian and Ukrainian names with "w" and "j" where English writes "v" and "y"
    with Archive(":memory:") as ar:
        ar.add(_article("A", "Lead.\n\nSergei Lavrov and Volodymyr Zelensky spoke. Lavrov left.",
                        {"Sergei Lavrov": ("PER:sergei-lavrov", "Sergei Lavrov"),
                         "Volodymyr Zelensky": ("PER:volodymyr-zelensky", "Volodymyr Zelensky")}))
        de, _ = ar.add(_article("B", "Lead.\n\nSergej Lawrow traf Wolodymyr Selenskyj nicht.",
                                {"Sergej Lawrow": ("PER:sergej-lawrow", "Sergej Lawrow"),
                                 "Wolodymyr Selenskyj": ("PER:wolodymyr-selenskyj", "Wolodymyr Selenskyj")}, "de"))
        assert _ids(ar, de) == {"Sergej Lawrow": "PER:sergei-lavrov", "Wolodymyr Selenskyj": "PER:volodymyr-zelensky"}
        # an English "w" is no "v": Wilson and a katakana Wilson still meet, Wilson and Vilson's first names must
        ar.add(_article("C", "Lead.\n\nWoodrow Wilson said.", {"Woodrow Wilson": ("PER:woodrow-wilson", "Woodrow Wilson")}))
        ja, _ = ar.add(_article("D", "Lead.\n\nウィルソン氏。", {"ウィルソン": ("PER:uiruson", "ウィルソン")}, "ja"))
        assert _ids(ar, ja) == {"ウィルソン": "PER:woodrow-wilson"}
        other, _ = ar.add(_article("E", "Lead.\n\nAnna Vilson spoke.", {"Anna Vilson": ("PER:anna-vilson", "Anna Vilson")}))
        assert _ids(ar, other) == {"Anna Vilson": "PER:anna-vilson"}


def test_a_lone_acronym_joins_the_name_articles_spell_it_out_as():
    with Archive(":memory:") as ar:
        a1, _ = ar.add(_article("A", "Lead.\n\nVW baut ab.", {"VW": ("ORG:vw", "VW")}, "de"))
        a2, _ = ar.add(_article("B", "Lead.\n\nVolkswagen (VW) baut ab.",
                                {"Volkswagen": ("ORG:volkswagen", "Volkswagen"), "VW": ("ORG:volkswagen", "Volkswagen")}, "de"))
        assert _ids(ar, a1) == {"VW": "ORG:volkswagen"}  # settled by the article that spells it out
        a3, _ = ar.add(_article("C", "Lead.\n\nVW again.", {"VW": ("ORG:vw", "VW")}, "de"))
        assert _ids(ar, a3) == {"VW": "ORG:volkswagen"}
        a4, _ = ar.add(_article("D", "Lead.\n\nThe AP said.", {"AP": ("ORG:ap", "AP")}))
        ar.add(_article("E", "Lead.\n\nAssociated Press (AP).", {"AP": ("ORG:associated-press", "Associated Press")}))
        ar.add(_article("F", "Lead.\n\nAthletic Partners (AP).", {"AP": ("ORG:athletic-partners", "Athletic Partners")}))
        ar.add(_article("G", "Lead.\n\nThe AP said.", {"AP": ("ORG:ap", "AP")}))
        assert _ids(ar, a4) == {"AP": "ORG:ap"}  # two expansions: the acronym stays its own


def test_the_batch_memo_answers_as_the_tables_do():
    """archive/idmemo.py: while a batch holds it, every answer it gives (merged into what? has
    mentions? sound rows? name?) is the tables' answer, through merges, moves and unmerges — also for
    an id that holds only mentions moved to it, and for one with none at all."""
    from lagebild.archive import identities
    from lagebild.archive.idmemo import settling

    with Archive(":memory:") as ar:
        ar.add(_article("A", "Lead.\n\nTrump spoke.", {"Trump": ("PER:trump", "Trump")}))
        ar.add(_article("B", "Lead.\n\nقال ترامب اليوم.", {"ترامب": ("PER:trmb-1", "ترامب")}, "ar"))
        ar.add(_article("C", "Lead.\n\nMelania Knauss and Joe Biden.",
                        {"Melania Knauss": ("PER:melania-knauss", "Melania Knauss"), "Joe Biden": ("PER:joe-biden", "Joe Biden")}))
        conn = ar.conn
        conn.execute("INSERT INTO entities(id, name, type) VALUES ('PER:nobody', 'Nobody', 'PER'),"
                     " ('PER:jane-johnson', 'Jane Johnson', 'PER')")  # no mentions, no sound stored
        identities.merge(conn, "PER:trmb-1", "PER:nobody", "test")  # before the memo: no mentions of its own
        ids = ["PER:trump", "PER:trmb-1", "PER:melania-knauss", "PER:joe-biden", "PER:nobody", "PER:biden",
               "PER:jane-johnson"]

        def truth(eid):
            merged = conn.execute("SELECT target, reason FROM entity_merges WHERE source = ?", (eid,)).fetchone()
            has = conn.execute("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", (eid,)).fetchone() is not None
            sound = conn.execute("SELECT sound, word, first, latin FROM entity_sounds WHERE entity_id = ?", (eid,)).fetchone()
            return (tuple(merged) if merged else None), has, (tuple(sound) if sound else None)

        with settling(conn, ids) as memo:
            memo.names["PER:joe-biden"] = "Joe Biden"
            steps = [lambda: None,
                     lambda: identities.merge(conn, "PER:trump", "PER:nobody", "test"),  # moved to an id with none
                     lambda: identities.merge(conn, "PER:nobody", "PER:melania-knauss", "test"),
                     lambda: identities.unmerge(conn, "PER:trump"),
                     lambda: identities.unmerge(conn, "PER:trmb-1"),
                     lambda: identities._remember_sound(conn, "PER:joe-biden"),
                     lambda: identities._remember_sound(conn, "PER:melania-knauss"),
                     lambda: identities._remember_sound(conn, "PER:jane-johnson"),
                     lambda: identities.merge(conn, "PER:joe-biden", "PER:jane-johnson", "test")]
            for step in steps:
                step()
                for eid in ids:
                    merged, has, sound = truth(eid)
                    assert memo.merge_of(eid) == merged, eid
                    assert memo.has_mentions(eid) in (None, has), eid
                    assert memo.first_sound(eid) == sound, eid
            assert memo.has_mentions("PER:trump") is True and memo.has_mentions("PER:trmb-1") is True  # back
            assert memo.has_mentions("PER:biden") is False  # asked about, never named


def test_an_acronym_whose_letters_merely_run_through_one_word_needs_an_article_introducing_it():
    # one article tying "NFL" to "Netflix" without introducing it (the acronym first, apart) is no
    # evidence that every "NFL" is Netflix; one that names Netflix first, or a second tie, is
    with Archive(":memory:") as ar:
        a1, _ = ar.add(_article("A", "Lead.\n\nThe NFL season starts.", {"NFL": ("ORG:nfl", "NFL")}))
        ar.add(_article("B", "Lead.\n\nNFL on the ticker: shares of Netflix rose.",
                        {"Netflix": ("ORG:netflix", "Netflix"), "NFL": ("ORG:netflix", "Netflix")}))
        assert _ids(ar, a1) == {"NFL": "ORG:nfl"}
        assert merges(ar.conn) == []
        ar.add(_article("C", "Lead.\n\nShares of Netflix, NFL on the ticker, rose.",
                        {"Netflix": ("ORG:netflix", "Netflix"), "NFL": ("ORG:netflix", "Netflix")}))
        assert _ids(ar, a1) == {"NFL": "ORG:netflix"}
