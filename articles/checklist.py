"""The pre-publish checklist: what an editor may have missed before a story goes live.

It warns, it does not block, unless the newsroom chose blocking with
``DESK_CHECKLIST_BLOCKS=1``. Limits: ``DESK_HEADLINE_MAX_CHARS`` (110) and
``DESK_BODY_MIN_WORDS`` (80).
"""

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _


def headline_limit() -> int:
    return getattr(settings, "DESK_HEADLINE_MAX_CHARS", 110)


def body_minimum() -> int:
    return getattr(settings, "DESK_BODY_MIN_WORDS", 80)


def blocks() -> bool:
    return getattr(settings, "DESK_CHECKLIST_BLOCKS", False)


def problems(data: dict, instance) -> list[str]:
    """What the story about to be published lacks, in the desk's language."""
    found = []
    headline = data.get("headline") or ""
    if len(headline) > headline_limit():
        found.append(
            _("The headline has %(n)d characters; the newsroom's limit is %(max)d.")
            % {"n": len(headline), "max": headline_limit()}
        )
    image = data.get("lead_image", instance.lead_image)
    if image and not (data.get("lead_image_alt") or "").strip():
        found.append(_("The lead picture has no alternative text."))
    if not data.get("section"):
        found.append(_("No section is set."))
    if not data.get("tags"):
        found.append(_("No tag is set."))
    words = len(strip_tags(data.get("body") or "").split())
    if words < body_minimum():
        found.append(
            _("The body is very short: %(n)d words (fewer than %(min)d).")
            % {"n": words, "min": body_minimum()}
        )
    return found
