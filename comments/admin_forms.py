"""The comment change form's parts: the reason asked for with a change of status, and the
read-only decision log beneath it."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Comment, Decision


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = ["created_at", "moderator", "before", "after", "reason"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]
    verbose_name_plural = _("decision log")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may see the comment may read its history.
        return request.user.has_perm("comments.view_comment")


class CommentAdminForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for a change of status"),
        required=False,
        max_length=300,
        help_text=_("Kept in the decision log."),
    )

    class Meta:
        model = Comment
        fields = ["status", "is_pick"]
