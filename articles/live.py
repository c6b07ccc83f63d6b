"""Live coverage: who may post, switching a story live and closing it, and what a change
to its updates touches.

Freshness (``newsroom.cache``): every reader-visible change to a story's updates touches
``live:<id>``, which its page and its polling endpoint declare; a change to a key event
also touches ``story:<id>``, since cards show a live story's latest key event. Nothing
else moves: 10,000 readers polling one story cost one render per change, not one each.
The story's "last updated" follows its latest update (``updated_at`` is set without a
save of the story, so no history record, search reindex or listing purge follows).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from newsroom.cache import changed

from .dependencies import story_key
from .models import Article, LiveUpdate

#: How often an open reader page asks for new updates, in seconds (the issue asks 20–30).
DEFAULT_POLL_SECONDS = 25
PUBLISH_PERM = "articles.publish_article"


def live_key(pk: int) -> str:
    """The updates of live story ``pk``: its page and its polling endpoint."""
    return f"live:{pk}"


def poll_seconds() -> int:
    return int(getattr(settings, "NEWSROOM_LIVE_POLL_SECONDS", DEFAULT_POLL_SECONDS))


# -- Who may do what (checked on the server by every desk view) -------------------------------


def is_editor(user) -> bool:
    return user.has_perm(PUBLISH_PERM)


def may_post(user, article: Article) -> bool:
    """Editors post to any live story; writers only where an editor allowed it."""
    if not article.is_live or not user.has_perm("articles.add_liveupdate"):
        return False
    return is_editor(user) or article.live_writers_may_post


def may_change(user, update: LiveUpdate) -> bool:
    """Editors edit and remove any update; writers their own, while they may post."""
    if not user.has_perm("articles.change_liveupdate"):
        return False
    if is_editor(user):
        return True
    return update.author_id == user.pk and may_post(user, update.article)


def may_run_coverage(user) -> bool:
    """Switching a story live, closing it and the writers' switch are an editor's."""
    return is_editor(user) and user.has_perm("articles.change_article")


def reader_updates(article: Article) -> list[LiveUpdate]:
    """The story's visible updates, oldest first, with what their bylines need; read once
    per page (the stream and the JSON-LD share it)."""
    updates = getattr(article, "_reader_updates", None)
    if updates is None:
        updates = list(article.live_updates.visible().select_related("author__author"))
        for update in updates:
            update.article = article  # the story is at hand: no query per update
        article._reader_updates = updates
    return updates


# -- Changing a story's coverage ----------------------------------------------------------


def _save_story(article: Article, user, fields: dict) -> None:
    for name, value in fields.items():
        setattr(article, name, value)
    article._history_user = user
    article.save()


def open_coverage(article: Article, user) -> None:
    """Switch the story to live (or reopen it): readers' pages start polling."""
    fields = {"live_closed_at": None}
    if article.live_started_at is None:
        fields["live_started_at"] = timezone.now()
    _save_story(article, user, fields)


def close_coverage(article: Article, user) -> None:
    """Close the coverage: the updates stay, the page says when it closed, polling stops."""
    _save_story(article, user, {"live_closed_at": timezone.now()})


def allow_writers(article: Article, user, allowed: bool) -> None:
    _save_story(article, user, {"live_writers_may_post": allowed})


def save_update(update: LiveUpdate, user) -> LiveUpdate:
    """Post a new update or save an edited one; pinning it unpins the story's other one."""
    with transaction.atomic():
        if update.pk is None:
            update.author = user
        else:
            update.edited_at = timezone.now()
        if update.pinned:
            others = LiveUpdate.objects.filter(article_id=update.article_id, pinned=True)
            for other in others.exclude(pk=update.pk):
                other.pinned = False
                other.save()
        update.save()
    return update


def remove_update(update: LiveUpdate, user) -> None:
    """Take an update down: readers never see it again; its row stays for the desk."""
    update.removed_at = timezone.now()
    update.removed_by = user
    update.pinned = False
    update.save()


# -- What a change touches (connected in ArticlesConfig.ready) ------------------------------


def _before(sender, instance: LiveUpdate, **kwargs) -> None:
    stored = None
    if instance.pk is not None:
        stored = LiveUpdate.objects.filter(pk=instance.pk).values("key_event", "removed_at").first()
    instance._was_key_event = bool(stored and stored["key_event"] and not stored["removed_at"])


def update_saved(sender, instance: LiveUpdate, created: bool, **kwargs) -> None:
    article_id = instance.article_id
    now = timezone.now()
    # "Last updated" follows the latest update, without a save of the story (see above).
    Article.objects.filter(pk=article_id).update(updated_at=now)
    if not Article.objects.published().filter(pk=article_id).exists():
        return  # readers cannot see the story: no page holds it
    keys = {live_key(article_id)}
    is_key_event = instance.key_event and instance.removed_at is None
    if is_key_event or getattr(instance, "_was_key_event", False):
        keys.add(story_key(article_id))  # cards show the latest key event
    changed(keys)


def update_deleted(sender, instance: LiveUpdate, **kwargs) -> None:
    """Rows are removed, not deleted, by the desk; a deleted story takes its updates along."""
    if Article.objects.published().filter(pk=instance.article_id).exists():
        changed({live_key(instance.article_id), story_key(instance.article_id)})


def connect() -> None:
    uid = "articles.live"
    pre_save.connect(_before, sender=LiveUpdate, dispatch_uid=f"{uid}.before")
    post_save.connect(update_saved, sender=LiveUpdate, dispatch_uid=f"{uid}.saved")
    post_delete.connect(update_deleted, sender=LiveUpdate, dispatch_uid=f"{uid}.deleted")
