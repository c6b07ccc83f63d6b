"""Demo reader comments (``comments.json``), added when ``load_demo`` loads the stories.

Each comment names its story by the story's key in ``articles/demo/newsroom.json``;
``reply_to`` is the position (from 0) of the comment it answers in this file. Some are
approved, some wait in the moderators' queue. A story that already has comments gets
none, so loading again changes nothing.
"""

import json
from pathlib import Path

DATA_FILE = Path(__file__).with_name("comments.json")


def add_demo_comments(sender, stories, **kwargs) -> str:
    """Receiver for ``articles.demo.demo_loaded``; returns a line for the command's output."""
    from comments.models import Comment

    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))["comments"]
    have_comments = set(
        Comment.objects.filter(article__in=stories.values()).values_list("article", flat=True)
    )
    made: list = []
    for row in rows:
        story = stories.get(row["story"])
        if story is None or story.pk in have_comments:
            made.append(None)
            continue
        parent = made[row["reply_to"]] if row["reply_to"] is not None else None
        made.append(
            Comment.objects.create(
                article=story,
                parent=parent,
                name=row["name"],
                email=row["email"],
                body=row["body"],
                status=row["status"],
                ip_address="192.0.2.10",
            )
        )
    created = sum(1 for comment in made if comment is not None)
    return f"Demo comments: {created} created (some awaiting moderation)."
