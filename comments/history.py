"""A commenter's history, shown beside each of their comments in the moderation queue.

A commenter is an email address (stored lower-cased). For one page of the queue, the
histories of every address on it (confirmed or not included) come from one grouped
query, plus one for bans.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q

from . import bans
from .models import Comment, Status
from .reader_models import ConfirmedEmail


@dataclass(frozen=True)
class History:
    email: str
    approved: int = 0
    rejected: int = 0
    spam: int = 0
    pending: int = 0
    first_seen: datetime | None = None
    confirmed: bool = False
    banned: bool = False

    @property
    def total(self) -> int:
        return self.approved + self.rejected + self.spam + self.pending

    @property
    def rejectable(self) -> int:
        """How many comments "reject all" would reject: those not already refused."""
        return self.approved + self.pending


def for_emails(emails) -> dict[str, History]:
    """The history of each address in ``emails``, keyed by address."""
    emails = {e.strip().lower() for e in emails if e}
    if not emails:
        return {}
    rows = (
        Comment.objects.filter(email__in=emails)
        .order_by()
        .values("email")
        .annotate(
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            rejected=Count("pk", filter=Q(status=Status.REJECTED)),
            spam=Count("pk", filter=Q(status=Status.SPAM)),
            pending=Count("pk", filter=Q(status=Status.PENDING)),
            first_seen=Min("created_at"),
            confirmed=Exists(
                ConfirmedEmail.objects.filter(email=OuterRef("email"), confirmed_at__isnull=False)
            ),
        )
    )
    domains = {bans.domain_of(e) for e in emails}
    banned = set(bans.active().filter(target__in=emails | domains).values_list("target", flat=True))
    return {
        row["email"]: History(
            **row,
            banned=row["email"] in banned or bans.domain_of(row["email"]) in banned,
        )
        for row in rows
    }


def of(email: str) -> History:
    email = (email or "").strip().lower()
    return for_emails([email]).get(email) or History(email=email)
