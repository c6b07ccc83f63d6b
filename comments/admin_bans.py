"""Bans in the admin: put one on (an address or a domain, for 1 day, 7 days or for ever,
with a reason), list them, lift them. Both are written to the decision log, shown on the
ban's page. Only moderators (``comments.moderate_comment``) may ban or lift."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.admin import ControlCharactersAdminMixin
from newsroom.dates import desk_time

from . import bans
from .admin_queue import can_moderate
from .models import Ban, Decision


class BanForm(forms.ModelForm):
    duration = forms.ChoiceField(
        label=_("for"),
        choices=[(key, label) for key, (_length, label) in bans.DURATIONS.items()],
        initial="7d",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Ban
        fields = ["target", "reason"]
        # Addresses and domains read left to right, also on the Arabic admin.
        widgets = {"target": forms.TextInput(attrs={"dir": "ltr", "class": "vTextField"})}

    def clean_target(self):
        target = self.cleaned_data["target"].strip().lower().lstrip("@")
        try:
            validate_email(target if "@" in target else f"someone@{target}")
        except ValidationError:
            raise ValidationError(
                _("Write an email address (name@example.org) or a domain (example.org).")
            ) from None
        if bans.active().filter(target=target).exists():
            raise ValidationError(_("This address or domain is already banned."))
        return target


class BanDecisionInline(admin.TabularInline):
    model = Decision
    fk_name = "ban"
    extra = 0
    can_delete = False
    fields = ["created_at", "moderator", "after", "reason"]
    readonly_fields = fields
    verbose_name_plural = _("decision log")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BanStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("In force")), ("ended", _("Expired or lifted"))]

    def queryset(self, request, queryset):
        in_force = bans.active().values("pk")
        if self.value() == "active":
            return queryset.filter(pk__in=in_force)
        if self.value() == "ended":
            return queryset.exclude(pk__in=in_force)
        return queryset


@admin.register(Ban)
class BanAdmin(ControlCharactersAdminMixin, admin.ModelAdmin):
    form = BanForm
    list_display = ["target", "kind", "reason", "banned_at", "until", "state", "created_by"]
    list_filter = [BanStateFilter, "created_at"]
    list_select_related = ["created_by"]
    search_fields = ["target", "reason"]
    actions = ["lift"]
    inlines = [BanDecisionInline]
    readonly_fields = ["target", "reason", "banned_at", "until", "state", "created_by"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["target", "duration", "reason"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_changeform_initial_data(self, request):
        # "Ban…" beside a comment in the queue comes here with the address filled in.
        return {"target": request.GET.get("target", "")[:254]}

    # Permissions: moderators ban and lift; nothing is edited or deleted afterwards.

    def has_moderate_permission(self, request) -> bool:
        return can_moderate(request.user)

    def has_add_permission(self, request):
        return self.has_moderate_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through bans.put_on, so the ban and its log entry are written together.
        ban = bans.put_on(
            form.cleaned_data["target"],
            form.cleaned_data["duration"],
            form.cleaned_data["reason"],
            user=request.user,
        )
        obj.pk, obj.created_at, obj.expires_at = ban.pk, ban.created_at, ban.expires_at

    def get_inlines(self, request, obj=None):
        # The log is written by bans.put_on and lift, and only read here.
        return self.inlines if obj is not None else []

    # Columns --------------------------------------------------------------------

    @admin.display(description=_("kind"))
    def kind(self, obj):
        return _("domain") if obj.is_domain else _("address")

    @admin.display(description=_("banned at"), ordering="created_at")
    def banned_at(self, obj):
        return desk_time(obj.created_at)

    @admin.display(description=_("until"), ordering="expires_at")
    def until(self, obj):
        return _("forever") if obj.expires_at is None else desk_time(obj.expires_at)

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.lifted_at is not None:
            return _("lifted")
        return _("in force") if obj.is_active() else _("expired")

    # Lifting ------------------------------------------------------------------

    @admin.action(description=_("Lift the selected bans"), permissions=["moderate"])
    def lift(self, request, queryset):
        count = sum(bans.lift(ban, user=request.user) for ban in queryset)
        self.message_user(
            request,
            ngettext("%(count)d ban lifted.", "%(count)d bans lifted.", count) % {"count": count},
            messages.SUCCESS,
        )
