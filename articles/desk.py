"""How the desk shows a story: one date style, readable history, a readable view-only page.

Times are printed as the public pages print them (``2023/03/14 21:40``, 24-hour, in the
newsroom's zone, see ``newsroom.dates``), whatever zone the editor's browser is in.
"""

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.dates import desk_time

from .sanitize import sanitize_html


def yes_no(value) -> str:
    return _("Yes") if value else _("No")


def city() -> str:
    from django.utils import translation

    language = (translation.get_language() or "ar")[:2]
    return settings.NEWSROOM_CITY.get(language, settings.NEWSROOM_CITY["en"])


#: Fields a view-only page shows through a method of the mixin below instead.
VIEW_ONLY_DISPLAY = {"body": "body_rendered", "comments_enabled": "comments_open"}
#: Read-only times, always in the desk's own style.
TIME_DISPLAY = {"created_at": "created_display", "updated_at": "updated_display"}


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
                fields = [f for f in fields if f not in {"minor_correction", "updated_at"}]
            if view_only:
                fields = [VIEW_ONLY_DISPLAY.get(f, f) for f in fields if f != "minor_correction"]
            fields = [TIME_DISPLAY.get(f, f) for f in fields]
            result.append((name, {**options, "fields": fields}))
        return result

    def get_readonly_fields(self, request, obj=None):
        fields = [TIME_DISPLAY.get(f, f) for f in super().get_readonly_fields(request, obj)]
        if obj is not None and not self.has_change_permission(request, obj):
            fields.extend(VIEW_ONLY_DISPLAY.values())
        return fields

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
