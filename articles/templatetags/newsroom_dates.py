"""Template filters over ``newsroom.dates``, in the active language.

Inside ``{% language article.language %}`` they follow the story's language.
"""

from django import template

from newsroom import dates

register = template.Library()


@register.filter
def dateline(value) -> str:
    """``الثلاثاء 2023/03/14`` / ``Tuesday 2023/03/14``."""
    return dates.date_line(value) if value else ""


@register.filter
def clock(value) -> str:
    """``21:40`` in the newsroom's zone."""
    return dates.clock(value) if value else ""


@register.filter
def longdate(value) -> str:
    """``14 آذار/مارس 2023`` / ``14 March 2023``."""
    return dates.long_date(value) if value else ""


@register.filter
def monthyear(value) -> str:
    return dates.month_year(value) if value else ""


@register.filter
def isotime(value) -> str:
    """For ``<time datetime=…>``: the instant with the newsroom's offset."""
    return dates.iso(value) if value else ""


@register.filter
def localdigits(value) -> str:
    """Eastern Arabic digits on Arabic output when ``NEWSROOM_DIGITS`` asks for them."""
    return dates.digits(value)
