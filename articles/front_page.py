"""The front page's choice: the lead story, then the latest stories of each section."""

from __future__ import annotations

from itertools import groupby

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from newsroom.language import interface_language

from .models import Article

SECTION_BLOCK_SIZE = 4
#: The home page groups the latest this-many stories by section (a bounded, indexed scan
#: however large the archive grows; a section silent for that long drops off the front page).
HOME_WINDOW = 1000
#: How long a worker keeps its choice of front-page stories (a scheduled story appears
#: within this; any save or publication refreshes it at once).
FRONT_PAGE_SECONDS = 60


def front_page() -> tuple[Article | None, list]:
    """The lead story and, per section, its latest stories (two queries)."""
    language = interface_language()
    stories = Article.objects.published().in_language(language).for_cards()
    lead = stories.first()
    blocks = []
    if lead is not None:
        recent = (
            Article.objects.published()
            .in_language(language)
            .order_by("-published_at", "-pk")
            .values("pk")[:HOME_WINDOW]
        )
        latest = (
            stories.filter(pk__in=recent)
            .exclude(pk=lead.pk)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("section_id")],
                    order_by=[F("published_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=SECTION_BLOCK_SIZE)
            .order_by("section__position", "section__name_ar", "section_id", "rank")
        )
        blocks = [
            (group[0].section, group)
            for group in (list(g) for _, g in groupby(latest, key=lambda a: a.section_id))
        ]
    return lead, blocks
