"""The moderation queue's list filters: status (the queue by default), reported, story."""

from django.contrib import admin
from django.db.models import Count
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from .models import Comment, Status


class ReportedFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Reported by readers")), ("no", _("Not reported"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(report_count__gt=0)
        if self.value() == "no":
            return queryset.filter(report_count=0)
        return queryset


class QueueStatusFilter(admin.SimpleListFilter):
    """Status, defaulting to the queue: the changelist opens on comments awaiting moderation.

    The queue is read through the (status, created_at) index, oldest first, so it
    stays fast with a million comments; "All" is one click away.
    """

    title = _("status")
    parameter_name = "status__exact"
    ALL = "all"
    #: Published at once on a post-moderated story, not yet seen by a moderator.
    REVIEW = "review"

    def __init__(self, request, params, model, model_admin):
        self.default = self.default_for(request)
        super().__init__(request, params, model, model_admin)

    @classmethod
    def default_for(cls, request) -> str:
        # A search looks through every comment; otherwise the queue.
        return cls.ALL if request.GET.get("q") else Status.PENDING

    def lookups(self, request, model_admin):
        return [
            *Status.choices,
            (self.REVIEW, _("Published, to review (post-moderation)")),
            (self.ALL, _("All")),
        ]

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        if self.value() == self.REVIEW:
            return queryset.filter(needs_review=True)
        return queryset.filter(status=self.value())


class WaitingStoryFilter(admin.SimpleListFilter):
    """The stories with the most recent comments waiting, not every story that ever had one."""

    title = _("story")
    parameter_name = "article__id__exact"
    LIMIT = 15
    WINDOW = 2000

    def lookups(self, request, model_admin):
        # Counted over the latest waiting comments only, read through the queue index: the
        # cost stays the same however long the queue grows.
        latest = (
            Comment.objects.filter(status=Status.PENDING)
            .order_by("-created_at")
            .values("pk")[: self.WINDOW]
        )
        busiest = (
            Comment.objects.filter(pk__in=latest)
            .values("article")
            .annotate(waiting=Count("pk"))
            .order_by("-waiting")[: self.LIMIT]
        )
        ids = [row["article"] for row in busiest]
        headlines = dict(Article.objects.filter(pk__in=ids).values_list("pk", "headline"))
        choices = [(str(pk), Truncator(headlines.get(pk, "")).chars(50)) for pk in ids]
        chosen = self.value()
        if chosen and chosen not in {pk for pk, _label in choices} and chosen.isdigit():
            # Only a story whose comments moderators see: never a draft's or an embargoed
            # story's headline for any number typed into the address.
            headline = Article.objects.filter(
                pk=chosen, pk__in=Comment.objects.values("article_id")
            ).values_list("headline", flat=True)
            choices.append((chosen, Truncator(headline.first() or chosen).chars(50)))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(article_id=int(value))
        return queryset
