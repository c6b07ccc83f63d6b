"""Editorial notes on a story, under its form in the desk; never shown to readers.

Each note keeps who wrote it and when. Notes are added, not edited: a note already written
is shown read-only, so the thread stays an honest record.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsroom.dates import desk_time

from .models import Note


class NoteInline(admin.TabularInline):
    model = Note
    fields = ["text", "by", "written"]
    readonly_fields = ["by", "written"]
    extra = 1
    max_num = 200
    can_delete = False
    verbose_name = _("editorial note")
    verbose_name_plural = _("editorial notes (seen only in the desk)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request, obj=None):
        # Existing notes stay as written; new ones are added through the empty row.
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request, obj=None):
        return obj is not None and request.user.has_perm("articles.change_article")

    @admin.display(description=_("by"))
    def by(self, note):
        if note.author is None:
            return "—"
        return note.author.get_full_name() or note.author.get_username()

    @admin.display(description=_("written"))
    def written(self, note):
        return desk_time(note.created_at)


def save_notes(request, formset) -> None:
    """New notes carry their author."""
    for note in formset.save(commit=False):
        if note.author_id is None:
            note.author = request.user
        note.save()
