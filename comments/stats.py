"""Numbers for the moderators: what waits, a 30-day chart drawn as plain SVG, and the
moderators' own figures (decisions and median time to a decision, per day and per moderator).

Everything is counted at most every ``CHART_CACHE_SECONDS`` and again after each decision:
``connect()`` (from ``CommentsConfig.ready``) moves the cached figures to a new version on
``comment_decided``.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Comment, Decision, Status
from .signals import comment_decided

SERIES = [
    ("received", _("Received"), "#1f6feb"),
    (Status.APPROVED, _("Approved"), "#2da44e"),
    (Status.REJECTED, _("Rejected"), "#cf222e"),
    (Status.SPAM, _("Spam"), "#8250df"),
]
WIDTH, HEIGHT, PAD = 620, 200, 30


@dataclass
class Line:
    key: str
    label: str
    colour: str
    dash: str
    points: str
    total: int


def waiting_count() -> int:
    return Comment.objects.in_moderation().count()


def daily_counts(days: int = 30, today: date | None = None) -> list[dict]:
    """Per day in the newsroom's zone: comments received, and decided to each status."""
    zone = ZoneInfo(settings.TIME_ZONE)
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    start = datetime(first.year, first.month, first.day, tzinfo=zone)
    rows = {first + timedelta(days=i): {"day": first + timedelta(days=i)} for i in range(days)}
    received = (
        Comment.objects.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
    )
    for row in received:
        if row["day"] in rows:
            rows[row["day"]]["received"] = row["n"]
    decided = (
        Decision.objects.filter(created_at__gte=start, after__in=[s for s, *_ in SERIES[1:]])
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day", "after")
        .annotate(n=Count("comment", distinct=True))
    )
    for row in decided:
        if row["day"] in rows:
            rows[row["day"]][row["after"]] = row["n"]
    return [row | {s: row.get(s, 0) for s, *_ in SERIES} for row in rows.values()]


DASHES = ["", "8 4", "3 3", "12 4 3 4"]
#: The chart is redrawn from the database at most this often (seconds).
CHART_CACHE_SECONDS = 300


VERSION_KEY = "comments:stats:version"


def _version() -> int:
    # The cache backend survives a Redis outage by itself (newsroom.resilient_cache).
    return cache.get_or_set(VERSION_KEY, 1, None) or 1


def decided(sender=None, **kwargs) -> None:
    """A decision was made: the next look at the figures counts again."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def connect() -> None:
    comment_decided.connect(decided, dispatch_uid="comments.stats.decided")


def cached_daily_counts(days: int = 30) -> list[dict]:
    key = f"comments:daily:{days}:{timezone.localdate().isoformat()}:{_version()}"
    cached = cache.get(key)
    if not isinstance(cached, dict):
        cached = {
            "rows": daily_counts(days),
            "moderators": moderator_counts(days),
            "counted_at": timezone.now(),
        }
        cache.set(key, cached, CHART_CACHE_SECONDS)
    return cached


def _minutes(values: list[float]) -> int | None:
    return round(statistics.median(values)) if values else None


def duration_text(minutes: int | None) -> str:
    """A median wait as a moderator reads it: minutes under an hour, then hours."""
    if minutes is None:
        return "—"
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = round(minutes / 60)
    return ngettext("about %(count)d hour", "about %(count)d hours", hours) % {"count": hours}


def moderator_counts(days: int = 30, today: date | None = None) -> dict:
    """Moderators' decisions over ``days``: per day the median minutes from a comment's
    arrival to a moderator's decision, and per moderator their approvals, rejections,
    spam and median minutes. Counts a moderator's first verdict on a waiting comment and
    the review of a post-moderated one, not later changes of mind."""
    zone = ZoneInfo(settings.TIME_ZONE)
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    start = datetime(first.year, first.month, first.day, tzinfo=zone)
    rows = (
        Decision.objects.filter(
            created_at__gte=start,
            moderator__isnull=False,
            comment__isnull=False,
            after__in=[Status.APPROVED, Status.REJECTED, Status.SPAM],
        )
        .filter(Q(before=Status.PENDING) | Q(before=F("after")))
        .values_list("created_at", "comment__created_at", "after", "moderator__username")
    )
    per_day, per_moderator = defaultdict(list), defaultdict(lambda: defaultdict(int))
    waits = defaultdict(list)
    for decided_at, received_at, after, username in rows.iterator():
        minutes = max(0.0, (decided_at - received_at).total_seconds() / 60)
        per_day[decided_at.astimezone(zone).date()].append(minutes)
        per_moderator[username][after] += 1
        waits[username].append(minutes)
    return {
        "median_by_day": {day: _minutes(values) for day, values in per_day.items()},
        "table": [
            {
                "moderator": username,
                "approved": counts[Status.APPROVED],
                "rejected": counts[Status.REJECTED],
                "spam": counts[Status.SPAM],
                "total": sum(counts.values()),
                "median_minutes": _minutes(waits[username]),
            }
            for username, counts in sorted(
                per_moderator.items(), key=lambda item: -sum(item[1].values())
            )
        ],
    }


def chart(days: int = 30) -> dict:
    """Polylines for each series, scaled to the busiest day."""
    cached = cached_daily_counts(days)
    data = cached["rows"]
    peak = max([1] + [row[s] for row in data for s, *_ in SERIES])
    step = (WIDTH - 2 * PAD) / max(1, len(data) - 1)

    def y(value: int) -> float:
        return round(HEIGHT - PAD - value * (HEIGHT - 2 * PAD) / peak, 1)

    lines = [
        Line(
            key=str(key),
            label=str(label),
            colour=colour,
            # Lines that coincide (often all at zero) stay visible through their dashes.
            dash=DASHES[index % len(DASHES)],
            points=" ".join(
                f"{round(PAD + i * step, 1)},{y(row[key])}" for i, row in enumerate(data)
            ),
            total=sum(row[key] for row in data),
        )
        for index, (key, label, colour) in enumerate(SERIES)
    ]
    medians = cached.get("moderators", {}).get("median_by_day", {})
    return {
        "lines": lines,
        "days": [
            row
            | {
                "median_minutes": medians.get(row["day"]),
                "median_text": duration_text(medians.get(row["day"])),
            }
            for row in data
        ],
        "moderators": [
            row | {"median_text": duration_text(row["median_minutes"])}
            for row in cached.get("moderators", {}).get("table", [])
        ],
        "peak": peak,
        "width": WIDTH,
        "height": HEIGHT,
        "pad": PAD,
        "top": PAD,
        "bottom": HEIGHT - PAD,
        "right": WIDTH - PAD,
        "counted_at": cached["counted_at"],
        "first": data[0]["day"],
        "last": data[-1]["day"],
    }
