"""Demo live coverage (``live.json``): the basketball final's updates, added by ``load_demo``.

Each entry names a story by its key in ``newsroom.json``: when its coverage started and
closed, and its updates (minutes ago, title, text, key event, pinned). A story that already
has live coverage is left alone, so loading again changes nothing.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

DATA_FILE = Path(__file__).with_name("live.json")


def add_live_coverage(sender, stories, **kwargs) -> str:
    """Receiver for ``articles.demo.demo_loaded``; returns a line for the command's output."""
    from articles.models import Article, LiveUpdate

    now = timezone.now()
    made = 0
    for key, spec in json.loads(DATA_FILE.read_text(encoding="utf-8")).items():
        story = stories.get(key)
        if story is None or story.live_started_at is not None:
            continue
        closed = spec.get("closed_minutes_ago")
        Article.objects.filter(pk=story.pk).update(
            live_started_at=now - timedelta(minutes=spec["started_minutes_ago"]),
            live_closed_at=now - timedelta(minutes=closed) if closed is not None else None,
        )
        story.refresh_from_db()
        for row in spec["updates"]:
            LiveUpdate.objects.create(
                article=story,
                title=row.get("title", ""),
                body=f"<p>{row['body']}</p>",
                key_event=row.get("key_event", False),
                pinned=row.get("pinned", False),
                created_at=now - timedelta(minutes=row["minutes_ago"]),
            )
            made += 1
    return f"Demo live coverage: {made} updates." if made else ""
