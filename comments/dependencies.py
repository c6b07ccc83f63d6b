"""Which cached pages a change to comments touches: only the story's thread (its page and
the cards that show its comment count).

Connected in ``CommentsConfig.ready()``; the keys are explained in ``newsroom.cache``. A
new comment awaiting moderation changes no public page; a moderator's decision (also
the bulk ones, which arrive as ``comment_decided``) changes one story's thread.
"""

from django.db.models.signals import post_delete, post_save

from articles.dependencies import thread_key
from newsroom.cache import changed

from .models import Comment, Disclaimer
from .signals import comment_decided

DISCLAIMER = "disclaimer"


def comment_saved(sender, instance, created=False, **kwargs) -> None:
    if created and instance.status != Comment.Status.APPROVED:
        return
    changed({thread_key(instance.article_id)})


def comment_deleted(sender, instance, **kwargs) -> None:
    changed({thread_key(instance.article_id)})


def comment_was_decided(sender, comment=None, article=None, **kwargs) -> None:
    article_id = getattr(article, "pk", None) or getattr(comment, "article_id", None)
    if article_id:
        changed({thread_key(article_id)})


def disclaimer_changed(sender, **kwargs) -> None:
    changed({DISCLAIMER})


def connect() -> None:
    uid = "comments.dependencies"
    post_save.connect(comment_saved, sender=Comment, dispatch_uid=f"{uid}.saved")
    post_delete.connect(comment_deleted, sender=Comment, dispatch_uid=f"{uid}.deleted")
    comment_decided.connect(comment_was_decided, dispatch_uid=f"{uid}.decided")
    post_save.connect(disclaimer_changed, sender=Disclaimer, dispatch_uid=f"{uid}.disclaimer")
    post_delete.connect(
        disclaimer_changed, sender=Disclaimer, dispatch_uid=f"{uid}.disclaimer_gone"
    )
