"""What the moderation queue shows of the readers' side: whether the address is confirmed.

``ConfirmedFilter`` lists either kind (one EXISTS on the unique address index); the
"unconfirmed" marker beside the commenter's name comes with their history
(comments/history.py, templates/admin/comments/comment/history_cell.html).
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .reader_models import ConfirmedEmail


def _confirmed():
    return Exists(
        ConfirmedEmail.objects.filter(email=OuterRef("email"), confirmed_at__isnull=False)
    )


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("email address")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Unconfirmed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(_confirmed())
        if self.value() == "no":
            return queryset.filter(~_confirmed())
        return queryset
