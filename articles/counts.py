"""How many comments readers see under each story, for cards and the story header."""

from django.db import models
from django.db.models.functions import Coalesce


def with_comment_counts(stories: models.QuerySet) -> models.QuerySet:
    """``stories`` annotated with ``comment_count``: the comments a reader sees under each.

    Approved, and not a reply to a comment that is not public (the rule of the comments
    block). A subquery per returned row on the public-comments index, so a page of 20
    cards costs 20 index scans inside the one query, however large the archive. The
    count is as fresh as the page: a moderator's decision bumps the content version.
    """
    comment = stories.model._meta.get_field("comments").related_model
    visible = (
        comment.objects.approved()
        .filter(article=models.OuterRef("pk"))
        .filter(models.Q(parent__isnull=True) | models.Q(parent__status="approved"))
        .order_by()
        .values("article")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return stories.annotate(
        comment_count=Coalesce(models.Subquery(visible), 0, output_field=models.IntegerField())
    )


def comment_count(story) -> int:
    """The comments a reader sees under ``story``, as ``with_comment_counts`` counts them."""
    found = with_comment_counts(type(story).objects.filter(pk=story.pk))
    return found.values_list("comment_count", flat=True).first() or 0
