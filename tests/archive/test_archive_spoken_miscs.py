"""A foreign person's name written in another script that NER typed MISC ("트럼프 시대", the Trump era, in a
Korean headline) joins the one Latin-script person it sounds like, as a PER-typed one does; on SQLite and
PostgreSQL, and for archives stored before the rule (identities-0012). Our own sentences."""

from __future__ import annotations

from lagebild.archive import Archive
from lagebild.archive.identities import spoken_misc, unmerge

from test_archive_identities import _article, _ids
from test_archive_place_kinds_migrate import _rows, _stored

NAME = "identities-0012-spoken-miscs-and-long-names"
LATIN = ("Lead.\n\nDonald Trump met Joe Biden.", {"Donald Trump": ("PER:donald-trump", "Donald Trump"),
                                                  "Joe Biden": ("PER:joe-biden", "Joe Biden")})


def test_which_ids_may_sound_like_a_person():
    assert spoken_misc("MISC:teuleompeu-1", "트럼프") and spoken_misc("MISC:baiden", "バイデン")
    assert spoken_misc("MISC:baiden", "Байден") and spoken_misc("MISC:trmb-1", "ترامب")
    assert not spoken_misc("MISC:obama", "Obama")  # Latin script: a MISC "Obama" era is no transliteration
    assert not spoken_misc("MISC:zhongguo-1", "中国")  # Han writes meanings, not sounds
    assert not spoken_misc("MISC:teuleompeu-sidae", "트럼프 시대") and not spoken_misc("PER:x", "트럼프")


def test_a_foreign_name_typed_misc_in_another_script_joins_the_person_it_sounds_like():
    with Archive(":memory:") as ar:
        ko, _ = ar.add(_article("A", "Lead.\n\n트럼프 시대 부동산 투자", {"트럼프": ("MISC:teuleompeu-1", "트럼프")}, "ko"))
        ar.add(_article("B", *LATIN))
        assert _ids(ar, ko) == {"트럼프": "PER:donald-trump"}  # settled when the Latin name arrived
        ja, _ = ar.add(_article("C", "Lead.\n\nバイデン政権の終わり", {"バイデン": ("MISC:baiden", "バイデン")}, "ja"))
        assert _ids(ar, ja) == {"バイデン": "PER:joe-biden"}  # settled as it arrives
        other, _ = ar.add(_article("D", "Lead.\n\n갤럭시 출시", {"갤럭시": ("MISC:gaelleogsi-1", "갤럭시")}, "ko"))
        assert _ids(ar, other) == {"갤럭시": "MISC:gaelleogsi-1"}  # sounds like no person: its own id
        assert unmerge(ar.conn, "MISC:teuleompeu-1") == 1 and _ids(ar, ko)["트럼프"] == "MISC:teuleompeu-1"


def test_a_misc_name_stored_by_an_older_version_joins_the_person_it_sounds_like(opener):
    with opener() as ar:
        ko, _ = ar.add(_stored("A", "Lead.\n\n트럼프 시대 부동산 투자", "ko", [("트럼프", "MISC", "MISC:teuleompeu-1", 0)]))
        ar.add(_article("B", *LATIN))
        mentions = ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        # as an archive stored before the rule: no sound row for the MISC id, no merge
        unmerge(ar.conn, "MISC:teuleompeu-1")
        ar.conn.execute("DELETE FROM entity_sounds WHERE entity_id = 'MISC:teuleompeu-1'")
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
        assert _rows(ar, ko) == [("트럼프", "MISC:teuleompeu-1")]
    with opener() as ar:
        assert _rows(ar, ko) == [("트럼프", "PER:donald-trump")]
        assert ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == mentions  # nothing lost
