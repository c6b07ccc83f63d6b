"""The moderation queue's working tools, mixed into ``CommentAdmin``.

- the decision buttons on each row, carrying what the keyboard shortcuts need
  (``static/js/admin/queue-keys.js``: j/k move, a/r/s decide, p pick, ? help);
- the commenter's history beside each comment (``comments.history``), with "reject
  all" one click away and a link to ban the address;
- the editor's-pick toggle and "reject all by this commenter" for one row.

Every view checks ``comments.moderate_comment`` on the server; the buttons are only
drawn for moderators.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import history
from .models import Comment, Status
from .moderation import policy

#: The one-click decisions: URL word -> (status, button label).
DECISIONS = {
    "approve": (Status.APPROVED, _("Approve")),
    "reject": (Status.REJECTED, _("Reject")),
    "spam": (Status.SPAM, _("Spam")),
}
MODERATE_PERM = "comments.moderate_comment"


def can_moderate(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(MODERATE_PERM)


#: Sent by the keyboard shortcuts' requests: answer 204 instead of a page to redirect to.
KEYS_HEADER = "X-Queue-Keys"


def from_keyboard(request) -> bool:
    return bool(request.headers.get(KEYS_HEADER))


class QueueToolsMixin:
    # Columns ------------------------------------------------------------------

    @admin.display(description=_("decide"))
    def row_actions(self, obj):
        buttons = [
            format_html(
                '<button type="submit" class="button" formaction="{}" '
                'formnovalidate name="confirm" value="1" data-decision="{}">{}</button>',
                reverse("admin:comments_comment_moderate", args=[obj.pk, word]),
                word,
                label,
            )
            # A post-moderated comment is still to be seen: "approve" keeps it, reviewed.
            for word, (status, label) in DECISIONS.items()
            if obj.status != status or obj.needs_review
        ]
        return format_html(
            '<span class="queue-decide" data-pick-url="{}" data-pick="{}" '
            'data-moderate-url="{}">{}</span>',
            reverse("admin:comments_comment_pick", args=[obj.pk]),
            "1" if obj.is_pick else "0",
            reverse("admin:comments_comment_moderate", args=[obj.pk, "approve"]).rsplit(
                "approve/", 1
            )[0],
            format_html(" ".join(["{}"] * len(buttons)), *buttons) if buttons else "—",
        )

    @admin.display(description=_("commenter"), ordering="name")
    def history_col(self, obj):
        past = getattr(obj, "history", None) or history.of(obj.email)
        return render_to_string(
            "admin/comments/comment/history_cell.html",
            {
                "history": past,
                "comment": obj,
                "can_moderate": getattr(obj, "can_moderate", False),
            },
        )

    # The histories of one page, in one query ---------------------------------

    def changelist_view(self, request, extra_context=None):
        can_moderate = self.has_moderate_permission(request)
        extra_context = {
            **(extra_context or {}),
            "waiting_review": Comment.objects.to_review().count(),
            "can_moderate": can_moderate,
        }
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            # The rows are rendered later, from these very objects.
            rows = list(changelist.result_list)
            histories = history.for_emails(row.email for row in rows)
            for row in rows:
                row.history = histories.get(row.email)
                row.can_moderate = can_moderate
        return response

    # Views ----------------------------------------------------------------------

    def queue_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/pick/", view(self.pick_view), name="comments_comment_pick"),
            path(
                "<int:object_id>/reject-all/",
                view(self.reject_all_view),
                name="comments_comment_reject_all",
            ),
        ]

    def pick_view(self, request, object_id: int):
        """Toggle the editor's pick on one comment (POST)."""
        if not self.has_moderate_permission(request) or request.method != "POST":
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=object_id)
        policy.set_pick(Comment.objects.filter(pk=comment.pk), not comment.is_pick)
        if from_keyboard(request):
            return HttpResponse(status=204)
        return HttpResponseRedirect(self._back(request))

    def reject_all_view(self, request, object_id: int):
        """Reject every comment by this comment's commenter: confirm on GET, act on POST."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=object_id)
        others = Comment.objects.by_email(comment.email).exclude(
            status__in=[Status.REJECTED, Status.SPAM]
        )
        if request.method == "POST" and request.POST.get("confirm"):
            self._decide_all(
                request,
                others,
                Status.REJECTED,
                reason=request.POST.get("reason", "")[:300] or "rejected with all by commenter",
            )
            return HttpResponseRedirect(self._back(request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Reject all comments by this commenter"),
            "comment": comment,
            "count": others.count(),
            "back": self._back(request),
        }
        return TemplateResponse(
            request, "admin/comments/comment/reject_all_confirmation.html", context
        )


def keyboard_decided(request) -> HttpResponse | None:
    """The answer to a decision sent by the keyboard shortcuts: no page, no message."""
    return HttpResponse(status=204) if from_keyboard(request) else None
