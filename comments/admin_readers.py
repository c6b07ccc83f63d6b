"""What the moderation queue shows of the readers' side: whether the address is confirmed.

``EmailConfirmationMixin`` annotates each row with ``email_confirmed`` (one EXISTS on the
unique address index, no extra query) and shows an "unconfirmed" marker beside the
commenter's name (the email column steps aside on narrow screens); ``ConfirmedFilter``
lists either kind.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.html import format_html
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


class EmailConfirmationMixin:
    def get_queryset(self, request):
        return super().get_queryset(request).annotate(email_confirmed=_confirmed())

    @admin.display(description=_("name"), ordering="name")
    def commenter_col(self, obj):
        if getattr(obj, "email_confirmed", True) or not obj.email:
            return format_html("<bdi>{}</bdi>", obj.name)
        return format_html(
            '<bdi>{}</bdi> <span class="comment-unconfirmed" title="{}">{}</span>',
            obj.name,
            _("The commenter has not opened the confirmation link yet."),
            _("unconfirmed"),
        )
