"""How the desk shows a story: one date style, readable history, a readable view-only page.

Times are printed as the public pages print them (``2023/03/14 21:40``, 24-hour, in the
newsroom's zone, see ``newsroom.dates``), whatever zone the editor's browser is in.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.dates import desk_time

from . import autosave, presence
from .models import Note
from .sanitize import sanitize_html


def yes_no(value) -> str:
    return _("Yes") if value else _("No")


def city() -> str:
    from django.utils import translation

    language = (translation.get_language() or "ar")[:2]
    return settings.NEWSROOM_CITY.get(language, settings.NEWSROOM_CITY["en"])


def others_open(article_pk, user) -> list[dict]:
    """The other editors with the story open, and since when, as the desk prints it."""

    return [
        {"name": e["name"], "since": desk_time(datetime.fromtimestamp(e["since"], UTC))}
        for e in presence.others(article_pk, user)
    ]


#: Fields whose fieldsets make up the publish box beside the story.
SIDE_FIELDS = {"status", "section"}
#: Fields a view-only page shows through a method of the mixin below instead.
VIEW_ONLY_DISPLAY = {"body": "body_rendered", "comments_enabled": "comments_open"}
#: Read-only times, always in the desk's own style.
TIME_DISPLAY = {"created_at": "created_display", "updated_at": "updated_display"}
#: What the form of a story not yet saved leaves out: no "last updated", nothing to correct.
NEW_STORY_HIDES = {"minor_correction", "updated_at", "correction_note", "published_corrections"}


class DeskStoryMixin:
    """The story admin's reading side: history screens and the view-only page."""

    object_history_template = "admin/articles/article/object_history.html"
    object_history_list_template = "admin/articles/article/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        from .history import StoryHistoryHelper

        return StoryHistoryHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        from .history import describe_record

        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            record.desk = describe_record(record)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        view_only = obj is not None and not self.has_change_permission(request, obj)
        result = []
        for name, options in fieldsets:
            fields = list(options["fields"])
            if obj is None:
                # A new story has no "last updated" to keep: nothing to correct yet.
                fields = [f for f in fields if f not in NEW_STORY_HIDES]
            elif view_only or not obj.is_published:
                # A correction note is for a story readers see, written by who may change it.
                fields = [f for f in fields if f != "correction_note"]
            if view_only:
                fields = [VIEW_ONLY_DISPLAY.get(f, f) for f in fields if f != "minor_correction"]
            fields = [TIME_DISPLAY.get(f, f) for f in fields]
            classes = list(options.get("classes", ()))
            if SIDE_FIELDS & set(fields):
                classes.append("desk-side")  # the publish box, beside the story
            result.append((name, {**options, "fields": fields, "classes": classes}))
        if obj is not None and not view_only and result:
            name, options = result[0]
            result[0] = (name, {**options, "fields": [*options["fields"], "loaded_at"]})
        return result

    # -- Who else has the story open --

    def get_urls(self):

        urls = [
            path(
                "<path:object_id>/presence/",
                self.admin_site.admin_view(self.presence_view),
                name="articles_article_presence",
            ),
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave",
            ),
        ]
        return [*urls, *super().get_urls()]

    def autosave_view(self, request, object_id):
        """The story form's text kept aside every 30 s (POST): never the story itself."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        return autosave.store(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match and match.url_name and match.url_name.endswith("_changelist"):
            # A subquery per listed row, not a join: a join would group the whole archive
            # for the list's count and date drill-down (seconds at 100,000 stories).
            notes = (
                Note.objects.filter(article=OuterRef("pk"))
                .order_by()
                .values("article")
                .annotate(n=Count("pk"))
                .values("n")
            )
            queryset = queryset.annotate(
                note_count=Coalesce(Subquery(notes), 0, output_field=IntegerField())
            )
        return queryset

    @admin.display(description=gettext_lazy("notes"), ordering="note_count")
    def notes_col(self, obj):
        count = getattr(obj, "note_count", 0)
        return count or ""

    def save_formset(self, request, form, formset, change):
        from .notes import save_notes

        if formset.model is Note:
            save_notes(request, formset)
            return
        super().save_formset(request, form, formset, change)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for problem in getattr(form, "checklist", ()):
            messages.warning(request, _("Published, but check: %(problem)s") % {"problem": problem})
        autosave.forget(obj, request.user)

    def presence_view(self, request, object_id):
        """The edit page's heartbeat (POST), or its goodbye (POST ``leave=1``): JSON."""

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.POST.get("leave"):
            presence.leave(obj.pk, request.user)
        else:
            presence.touch(obj.pk, request.user)
        return JsonResponse({"others": others_open(obj.pk, request.user)})

    def change_view(self, request, object_id, form_url="", extra_context=None):

        extra = dict(extra_context or {})
        extra["can_publish"] = request.user.has_perm("articles.publish_article")
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_change_permission(request, obj):
            if request.method == "GET":
                presence.touch(obj.pk, request.user)
            extra["others_open"] = others_open(obj.pk, request.user)
            extra["presence_url"] = reverse("admin:articles_article_presence", args=[obj.pk])
            extra["heartbeat_seconds"] = presence.HEARTBEAT_SECONDS
            extra["autosave_url"] = reverse("admin:articles_article_autosave", args=[obj.pk])
            extra["autosave_seconds"] = autosave.interval()
            if request.method == "GET":
                extra["recovery"] = autosave.recovery(obj, request.user)
        return super().change_view(request, object_id, form_url, extra)

    def get_readonly_fields(self, request, obj=None):
        fields = [TIME_DISPLAY.get(f, f) for f in super().get_readonly_fields(request, obj)]
        if obj is not None and not self.has_change_permission(request, obj):
            fields.extend(VIEW_ONLY_DISPLAY.values())
        return fields

    def add_view(self, request, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        extra["can_publish"] = request.user.has_perm("articles.publish_article")
        return super().add_view(request, form_url, extra)

    def body_rendered(self, obj):
        # Sanitised again here: what the writer sees is what readers would see.
        return format_html(
            '<div class="story-body-preview" dir="{}" lang="{}">{}</div>',
            obj.direction,
            obj.language,
            mark_safe(sanitize_html(obj.body)),
        )

    body_rendered.short_description = gettext_lazy("body")

    def comments_open(self, obj):
        return yes_no(obj.comments_enabled)

    comments_open.short_description = gettext_lazy("comments open")

    def created_display(self, obj):
        return desk_time(obj.created_at)

    created_display.short_description = gettext_lazy("created")

    def updated_display(self, obj):
        return desk_time(obj.updated_at)

    updated_display.short_description = gettext_lazy("last updated")
