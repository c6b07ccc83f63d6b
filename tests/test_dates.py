"""The newsroom's dates: Arabic weekdays, Beirut time with summer time, Levantine months, digits."""

from datetime import UTC, date, datetime

import pytest
from django.test import override_settings

from newsroom import dates

WINTER = datetime(2023, 3, 14, 19, 40, tzinfo=UTC)  # Beirut UTC+2 that day
SUMMER = datetime(2023, 7, 10, 18, 5, tzinfo=UTC)  # Beirut UTC+3


def test_date_line_in_arabic_and_english():
    assert dates.date_line(WINTER, "ar") == "الثلاثاء 2023/03/14"
    assert dates.date_line(WINTER, "en") == "Tuesday 14 March 2023"


def test_beirut_clock_in_winter_and_summer():
    assert dates.clock(WINTER, "ar") == "21:40"
    assert dates.clock(SUMMER, "en") == "21:05"


def test_the_date_line_uses_beirut_day_not_utc_day():
    late = datetime(2023, 3, 14, 22, 30, tzinfo=UTC)  # already Wednesday in Beirut
    assert dates.date_line(late, "ar") == "الأربعاء 2023/03/15"


def test_iso_carries_the_zone_offset():
    assert dates.iso(WINTER) == "2023-03-14T21:40:00+02:00"
    assert dates.iso(SUMMER) == "2023-07-10T21:05:00+03:00"
    assert datetime.fromisoformat(dates.iso(SUMMER)) == SUMMER


@override_settings(TIME_ZONE="Asia/Damascus")
def test_zone_follows_the_setting():
    # Syria has kept UTC+3 all year since 2022.
    assert dates.clock(WINTER, "ar") == "22:40"


def test_levantine_long_date_is_the_default():
    assert dates.long_date(WINTER, "ar") == "14 آذار/مارس 2023"
    assert dates.long_date(date(2022, 12, 15), "ar") == "15 كانون الأول/ديسمبر 2022"


@override_settings(NEWSROOM_MONTH_NAMES="international")
def test_international_month_names_by_setting():
    assert dates.long_date(WINTER, "ar") == "14 مارس 2023"


def test_english_long_date_ignores_arabic_settings():
    with override_settings(NEWSROOM_DIGITS="eastern"):
        assert dates.long_date(WINTER, "en") == "14 March 2023"
        assert dates.date_line(WINTER, "en") == "Tuesday 14 March 2023"


@override_settings(NEWSROOM_DIGITS="eastern")
def test_eastern_digits_by_setting():
    assert dates.date_line(WINTER, "ar") == "الثلاثاء ٢٠٢٣/٠٣/١٤"
    assert dates.clock(WINTER, "ar") == "٢١:٤٠"
    assert dates.long_date(WINTER, "ar") == "١٤ آذار/مارس ٢٠٢٣"
    # Machine-readable values stay Western.
    assert dates.iso(WINTER) == "2023-03-14T21:40:00+02:00"


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (date(2023, 3, 12), "الأحد"),
        (date(2023, 3, 13), "الاثنين"),
        (date(2023, 3, 15), "الأربعاء"),
        (date(2023, 3, 16), "الخميس"),
        (date(2023, 3, 17), "الجمعة"),
        (date(2023, 3, 18), "السبت"),
    ],
)
def test_every_arabic_weekday(day, weekday):
    assert dates.weekday_name(day, "ar") == weekday


def test_every_levantine_month():
    names = [dates.month_name(m, "ar").split("/")[0] for m in range(1, 13)]
    assert names == [
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ]


def test_language_defaults_to_the_active_one():
    from django.utils import translation

    with translation.override("en"):
        assert dates.date_line(WINTER) == "Tuesday 14 March 2023"
    with translation.override("ar"):
        assert dates.date_line(WINTER) == "الثلاثاء 2023/03/14"


def test_english_dates_read_as_english_readers_expect():
    first = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert dates.date_line(first, "en") == "Tuesday 1 December 2026"
    assert dates.long_date(first, "en") == "1 December 2026"
    # Arabic keeps the paper's own numeric date line.
    assert dates.date_line(first, "ar") == "الثلاثاء 2026/12/01"
