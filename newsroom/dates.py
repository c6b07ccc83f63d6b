"""Dates and times as the newsroom prints them, in Arabic and English.

One place for the date line (``الثلاثاء 2023/03/14``, ``Tuesday 14 March 2023``), clock
times in the newsroom's zone (``settings.TIME_ZONE`` through zoneinfo, so summer time is
right), and long dates with the Levantine month names beside the international ones
(``14 آذار/مارس 2023``).

Django's Arabic locale only knows the Egyptian/Gulf month names, so the names live here as data.
Two settings shape Arabic output: ``NEWSROOM_MONTH_NAMES`` (``levantine`` or ``international``)
and ``NEWSROOM_DIGITS`` (``western`` or ``eastern``). English output ignores both.
"""

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from newsroom.language import interface_language

WEEKDAYS = {
    # Monday first, as datetime.weekday() counts.
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS_LEVANTINE = (
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
)
MONTHS_INTERNATIONAL = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def newsroom_zone() -> ZoneInfo:
    return _zone(settings.TIME_ZONE)


def _lang(language: str | None) -> str:
    code = (language or interface_language())[:2]
    return "en" if code == "en" else "ar"


def local(value: datetime) -> datetime:
    """``value`` in the newsroom's zone (naive values are taken as UTC)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, ZoneInfo("UTC"))
    return value.astimezone(newsroom_zone())


def _as_date(value: date | datetime) -> date:
    return local(value).date() if isinstance(value, datetime) else value


def digits(text: str, language: str | None = None) -> str:
    """Western digits, or Eastern Arabic ones on Arabic output when the setting asks."""
    if _lang(language) == "ar" and settings.NEWSROOM_DIGITS == "eastern":
        return str(text).translate(_EASTERN)
    return str(text)


def iso(value: datetime) -> str:
    """The ISO 8601 instant with the newsroom's offset: ``2023-03-14T21:40:00+02:00``."""
    return local(value).replace(microsecond=0).isoformat()


def weekday_name(value: date | datetime, language: str | None = None) -> str:
    return WEEKDAYS[_lang(language)][_as_date(value).weekday()]


def month_name(month: int, language: str | None = None) -> str:
    """``آذار/مارس`` (Levantine setting), ``مارس`` (international), ``March`` in English."""
    if _lang(language) == "en":
        return MONTHS_EN[month - 1]
    if settings.NEWSROOM_MONTH_NAMES == "levantine":
        return f"{MONTHS_LEVANTINE[month - 1]}/{MONTHS_INTERNATIONAL[month - 1]}"
    return MONTHS_INTERNATIONAL[month - 1]


def numeric_date(value: date | datetime, language: str | None = None) -> str:
    """``2023/03/14`` as the newsroom prints it."""
    day = _as_date(value)
    return digits(f"{day.year:04d}/{day.month:02d}/{day.day:02d}", language)


def date_line(value: date | datetime, language: str | None = None) -> str:
    """``الثلاثاء 2023/03/14`` as the Arabic paper prints it; ``Tuesday 14 March 2023`` as
    English readers expect (a numeric date reads as an American or British puzzle)."""
    if _lang(language) == "en":
        return f"{weekday_name(value, language)} {long_date(value, language)}"
    return f"{weekday_name(value, language)} {numeric_date(value, language)}"


def clock(value: datetime, language: str | None = None) -> str:
    """``21:40`` in the newsroom's zone, 24-hour."""
    moment = local(value)
    return digits(f"{moment.hour:02d}:{moment.minute:02d}", language)


def long_date(value: date | datetime, language: str | None = None) -> str:
    """``14 آذار/مارس 2023`` / ``14 مارس 2023`` / ``14 March 2023``."""
    day = _as_date(value)
    return (
        f"{digits(day.day, language)} {month_name(day.month, language)} "
        f"{digits(day.year, language)}"
    )


def month_year(value: date | datetime, language: str | None = None) -> str:
    """``آذار/مارس 2023`` / ``March 2023``, for archive headings."""
    day = _as_date(value)
    return f"{month_name(day.month, language)} {digits(day.year, language)}"


def desk_time(value: datetime | None, language: str | None = None) -> str:
    """``2023/03/14 21:40``: the desk's one style for a moment, as the public pages print
    it: the newsroom's zone, 24-hour, no seconds."""
    if not value:
        return "—"
    return f"{numeric_date(value, language)} {clock(value, language)}"
