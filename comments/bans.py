"""Time-limited bans of an email address or a whole email domain.

A banned commenter's post is refused with the same neutral words whatever the reason
(``REFUSAL``): the commenter learns nothing to work around. Putting a ban on and lifting
it are both written to the decision log (``Decision`` with ``ban`` set), like every
decision about a comment.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Ban, Decision

#: How long a ban lasts: form value -> (length, label). ``None`` is forever.
DURATIONS = {
    "1d": (timedelta(days=1), _("1 day")),
    "7d": (timedelta(days=7), _("7 days")),
    "forever": (None, _("Forever")),
}

REFUSAL = _(
    "We cannot accept comments from this address. Your text is kept below; "
    "you can write to the newsroom if you think this is a mistake."
)


def domain_of(email: str) -> str:
    return email.strip().lower().rpartition("@")[2]


def active(now=None):
    now = now or timezone.now()
    return Ban.objects.filter(lifted_at=None).filter(Q(expires_at=None) | Q(expires_at__gt=now))


def ban_for(email: str, now=None) -> Ban | None:
    """The ban that refuses ``email`` now (its address or its domain), else None."""
    email = (email or "").strip().lower()
    if not email:
        return None
    return active(now).filter(target__in=[email, domain_of(email)]).first()


def is_banned(email: str) -> bool:
    return ban_for(email) is not None


def put_on(target: str, duration: str, reason: str, *, user=None) -> Ban:
    """Ban ``target`` (an address or a domain) for one of ``DURATIONS``; logged."""
    length, _label = DURATIONS[duration]
    now = timezone.now()
    with transaction.atomic():
        ban = Ban.objects.create(
            target=target,
            reason=reason[:300],
            created_at=now,
            expires_at=now + length if length else None,
            created_by=user,
        )
        Decision.objects.create(
            ban=ban, moderator=user, after="banned", reason=f"{ban.target}: {reason}"[:300]
        )
    return ban


def lift(ban: Ban, *, user=None, reason: str = "") -> bool:
    """Lift a ban that is still on; logged. False when it had already ended."""
    with transaction.atomic():
        current = Ban.objects.select_for_update().get(pk=ban.pk)
        if not current.is_active():
            return False
        ban.lifted_at = timezone.now()
        ban.save(update_fields=["lifted_at"])
        Decision.objects.create(
            ban=ban,
            moderator=user,
            before="banned",
            after="lifted",
            reason=f"{ban.target}: {reason}"[:300] if reason else ban.target,
        )
    return True
