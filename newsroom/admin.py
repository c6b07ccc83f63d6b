"""The desk's name in the admin, and what every desk admin shares."""

from django.contrib import admin, messages
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .model_text import clean_text_fields

admin.site.site_header = _("Newsroom desk")
admin.site.site_title = _("Newsroom desk")
admin.site.index_title = _("Stories, comments and the newsroom's lists")


class ControlCharactersAdminMixin:
    """Says which fields lost invisible control characters (pasted from Word, say) on save.

    The characters are removed from every model on save anyway (``newsroom.model_text``);
    this only makes it visible to the editor who pasted them.
    """

    def save_model(self, request, obj, form, change):
        changed = clean_text_fields(obj)
        if changed:
            names = ", ".join(str(capfirst(obj._meta.get_field(n).verbose_name)) for n in changed)
            messages.warning(
                request,
                gettext(
                    "Invisible control characters, usually pasted from another program, "
                    "were removed from: %(fields)s. Check the text reads as intended."
                )
                % {"fields": names},
            )
        super().save_model(request, obj, form, change)
