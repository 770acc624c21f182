from __future__ import annotations

import pytest

from lagebild.extract.dates import find_dates, to_iso
from lagebild.settings import ExtractSettings


@pytest.mark.parametrize(
    ("line", "language", "iso"),
    [
        ("12.08.2016 00:06", "de", "2016-08-12T00:06:00+02:00"),
        ("12.01.2016 00:06", "de", "2016-01-12T00:06:00+01:00"),
        ("12. August 2016", "de", "2016-08-12"),
        ("Veröffentlicht am 3. März 2021, 14:05 Uhr", "de", "2021-03-03T14:05:00+01:00"),
        ("Aug 12, 2016 5:30 PM EDT", "en", "2016-08-12T17:30:00-04:00"),
        ("Nov. 19, 2019 at 4:10 pm ET", "en", "2019-11-19T16:10:00-05:00"),
        ("19 November 2019 12:00 GMT", "en", "2019-11-19T12:00:00+00:00"),
        ("2016-08-12T00:06:00+02:00", None, "2016-08-12T00:06:00+02:00"),
        ("Updated 11/19/2019", "en", "2019-11-19"),
        ("19/11/2019", "de", "2019-11-19"),
        ("Posted 3 min ago 12:00", "en", None),
        ("31.02.2016", "de", None),
        ("01.21.2020 07:00 AM", "en", "2020-01-21T07:00:00+00:00"),
        ("4 de maio de 2022", "pt", "2022-05-04"),
        ("15 августа 2016", "ru", "2016-08-15"),
    ],
)
def test_dates(line, language, iso):
    found = find_dates(line, language)
    assert (to_iso(found[0], language, ExtractSettings()) if found else None) == iso


def test_english_time_without_offset_is_read_in_the_language_zone():
    settings = ExtractSettings(timezone_by_language={"en": "America/New_York"})
    assert to_iso(find_dates("Jan 5, 2020 10:00", "en")[0], "en", settings) == "2020-01-05T10:00:00-05:00"
