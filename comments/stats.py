"""Numbers for the moderators: what waits, and a 30-day chart drawn as plain SVG."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Comment, Decision, Status

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


def cached_daily_counts(days: int = 30) -> list[dict]:
    # The cache backend survives a Redis outage by itself (newsroom.resilient_cache).
    from django.core.cache import cache

    key = f"comments:daily:{days}:{timezone.localdate().isoformat()}"
    cached = cache.get(key)
    if not isinstance(cached, dict):
        cached = {"rows": daily_counts(days), "counted_at": timezone.now()}
        cache.set(key, cached, CHART_CACHE_SECONDS)
    return cached


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
    return {
        "lines": lines,
        "days": data,
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
