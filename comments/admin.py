"""The moderators' side: the queue, one-click decisions, word lists, the disclaimer.

Every decision needs ``comments.moderate_comment``; the actions and buttons are
hidden from anyone without it, and the views refuse them on the server too.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom import dates
from newsroom.admin import ControlCharactersAdminMixin
from newsroom.admin_search import NormalisedSearchMixin
from newsroom.site import site_url

from . import (
    admin_bans,  # noqa: F401  (registers the bans' admin)
    stats,
)
from .admin_filters import QueueStatusFilter, ReportedFilter, WaitingStoryFilter
from .admin_forms import CommentAdminForm, DecisionInline
from .admin_queue import DECISIONS, QueueToolsMixin, can_moderate, keyboard_decided
from .admin_readers import ConfirmedFilter
from .models import Comment, Disclaimer, Status, Word
from .moderation import policy

#: The comment as the reader sent it, with what the system noted about it.
COMMENT_FIELDS = [
    "story",
    "parent",
    "name",
    "email",
    "body",
    "created_at",
    "held_col",
    "report_count",
    "ip_col",
    "notify",
]


@admin.register(Comment)
class CommentAdmin(
    QueueToolsMixin,
    ControlCharactersAdminMixin,
    NormalisedSearchMixin,
    admin.ModelAdmin,
):
    form = CommentAdminForm
    list_display = [
        "excerpt_col",
        "story",
        "history_col",
        "email",
        "ip_col",
        "status",
        "held_col",
        "report_count",
        "received",
        "pick_col",
    ]
    list_filter = [
        QueueStatusFilter,
        ReportedFilter,
        ConfirmedFilter,
        "held_reason",
        WaitingStoryFilter,
        "article__section",
        "created_at",
    ]
    # The search box compares each word on the stored normalised copy only.
    search_fields = ["search_text"]
    normalised_search_field = "search_text"
    normalised_search_only = True
    search_help_text = _("Name, email or words of the comment; Arabic spelling variants match.")
    list_select_related = ["article"]
    # No date_hierarchy: its year/month links scan every comment; the date filter does not.
    list_per_page = 100
    show_full_result_count = False
    actions = ["approve", "reject", "mark_spam", "reject_all_by_commenter", "pick", "unpick"]
    inlines = [DecisionInline]

    class Media:
        css = {"all": ["css/admin/comment-queue.css"]}
        js = ["js/admin/queue-keys.js"]

    fieldsets = [
        (
            None,
            {"fields": COMMENT_FIELDS},
        ),
        (_("Decision"), {"fields": ["status", "reason", "is_pick"]}),
    ]
    # What the reader sent is shown, never edited.
    readonly_fields = COMMENT_FIELDS

    # Permissions ------------------------------------------------------------

    def has_moderate_permission(self, request) -> bool:
        return can_moderate(request.user)

    def has_add_permission(self, request):
        return False  # comments come from readers

    def has_delete_permission(self, request, obj=None):
        return False  # rejected or spam, never deleted

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_moderate_permission(request):
            fields += ["status", "is_pick"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.has_moderate_permission(request):
            fieldsets = [fieldsets[0], (_("Decision"), {"fields": ["status", "is_pick"]})]
        return fieldsets

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if self.has_moderate_permission(request):
            # Right after the comment itself, so the buttons are in view on a narrow screen.
            columns.insert(1, "row_actions")
        status = request.GET.get(QueueStatusFilter.parameter_name)
        if (status or QueueStatusFilter.default_for(request)) == Status.PENDING:
            # The queue holds only comments awaiting moderation: the column would say so
            # on every row, in room the comment itself needs.
            columns.remove("status")
        return columns

    # The queue ----------------------------------------------------------------

    def get_ordering(self, request):
        # The queue (the default view) oldest first; every other view newest first.
        status = request.GET.get(QueueStatusFilter.parameter_name)
        status = status or QueueStatusFilter.default_for(request)
        if status in (Status.PENDING, QueueStatusFilter.REVIEW):
            return ["created_at", "pk"]
        return ["-created_at", "-pk"]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        extra_context = {
            **(extra_context or {}),
            "waiting": stats.waiting_count(),
            "chart": stats.chart(),
        }
        return super().changelist_view(request, extra_context)

    # Columns ----------------------------------------------------------------

    @admin.display(description=_("comment"))
    def excerpt_col(self, obj):
        return Truncator(" ".join(obj.body.split())).chars(120)

    @admin.display(description=_("story"), ordering="article__headline")
    def story(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.article.get_absolute_url(),
            Truncator(obj.article.headline).chars(60),
        )

    @admin.display(description=_("IP address"))
    def ip_col(self, obj):
        if obj.ip_address:
            return obj.ip_address
        return _("erased") if obj.ip_hash else "—"

    @admin.display(description=_("held because"), ordering="held_reason")
    def held_col(self, obj):
        return obj.held_because or "—"

    @admin.display(description=_("received"), ordering="created_at")
    def received(self, obj):
        # Date and time wrap as two whole pieces in a narrow column, never mid-number.
        day, time = dates.desk_time(obj.created_at).split(" ", 1)
        return format_html('<span class="stamp">{}</span> <span class="stamp">{}</span>', day, time)

    @admin.display(description=_("editor's pick"), ordering="is_pick")
    def pick_col(self, obj):
        # A mark on the picked few, not a red cross on every other row.
        if not obj.is_pick:
            return ""
        return format_html('<span class="pick-badge">★ {}</span>', _("pick"))

    # Saving from the change form goes through the policy --------------------

    def save_model(self, request, obj, form, change):
        new_status = obj.status
        old_status = Comment.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        obj.status = old_status or new_status
        super().save_model(request, obj, form, change)
        if "is_pick" in form.changed_data and obj.is_public:
            transaction.on_commit(lambda: policy.announce(obj))
        if old_status and new_status != old_status:
            if not self.has_moderate_permission(request):
                raise PermissionDenied
            policy.decide(
                obj,
                new_status,
                user=request.user,
                reason=form.cleaned_data.get("reason", ""),
                base_url=site_url(request),
            )

    # One-click decisions: confirm on GET, act on POST -----------------------

    def get_urls(self):
        urls = [
            path(
                "<int:object_id>/moderate/<str:decision>/",
                self.admin_site.admin_view(self.moderate_view),
                name="comments_comment_moderate",
            ),
        ]
        return urls + self.queue_urls() + super().get_urls()

    def moderate_view(self, request, object_id: int, decision: str):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        if decision not in DECISIONS:
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=object_id)
        status, label = DECISIONS[decision]
        if request.method == "POST" and request.POST.get("confirm"):
            changed = policy.decide(
                comment,
                status,
                user=request.user,
                reason=request.POST.get("reason", "")[:300],
                base_url=site_url(request),
            )
            if (answer := keyboard_decided(request)) is not None:
                return answer
            if changed:
                self.message_user(
                    request,
                    _("The comment by “%(name)s” is now: %(status)s.")
                    % {"name": comment.name, "status": comment.get_status_display()},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self._back(request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Moderate a comment"),
            "comment": comment,
            "decision": decision,
            "label": label,
            "back": self._back(request),
        }
        return TemplateResponse(
            request, "admin/comments/comment/moderate_confirmation.html", context
        )

    def _back(self, request) -> str:
        target = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("admin:comments_comment_changelist")

    # Bulk actions -------------------------------------------------------------

    def _decide_all(self, request, queryset, status, reason=""):
        count = 0
        for comment in queryset.select_related("article"):
            if policy.decide(
                comment,
                status,
                user=request.user,
                reason=reason,
                base_url=site_url(request),
            ):
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d comment changed.", "%(count)d comments changed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve the selected comments"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._decide_all(request, queryset, Status.APPROVED)

    @admin.action(description=_("Reject the selected comments"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._decide_all(request, queryset, Status.REJECTED)

    @admin.action(description=_("Mark the selected comments as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._decide_all(request, queryset, Status.SPAM)

    @admin.action(
        description=_("Reject all comments by the same commenters (same email)"),
        permissions=["moderate"],
    )
    def reject_all_by_commenter(self, request, queryset):
        emails = {e.lower() for e in queryset.values_list("email", flat=True)}
        others = Comment.objects.filter(email__in=emails).exclude(
            status__in=[Status.REJECTED, Status.SPAM]
        )
        self._decide_all(request, others, Status.REJECTED, reason="rejected with all by commenter")

    @admin.action(description=_("Mark as editor's pick"), permissions=["moderate"])
    def pick(self, request, queryset):
        policy.set_pick(queryset, True)

    @admin.action(description=_("Remove editor's pick"), permissions=["moderate"])
    def unpick(self, request, queryset):
        policy.set_pick(queryset, False)


@admin.register(Word)
class WordAdmin(ControlCharactersAdminMixin, admin.ModelAdmin):
    list_display = ["word", "kind", "arabizi", "active", "normalised_form", "created_at"]
    list_editable = ["kind", "arabizi", "active"]
    list_filter = ["kind", "arabizi", "active"]
    search_fields = ["word", "normalised"]
    readonly_fields = ["normalised_form", "created_at"]
    fields = ["word", "kind", "arabizi", "active", "normalised_form", "created_at"]

    @admin.display(description=_("normalised form"), ordering="normalised")
    def normalised_form(self, obj):
        return obj.normalised

    def has_delete_permission(self, request, obj=None):
        return False  # switch a word off instead: its history stays readable


@admin.register(Disclaimer)
class DisclaimerAdmin(ControlCharactersAdminMixin, admin.ModelAdmin):
    """A single row: the list goes straight to its form."""

    fields = ["text_ar", "text_en"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        Disclaimer.objects.get_or_create(pk=1)
        return redirect("admin:comments_disclaimer_change", 1)
