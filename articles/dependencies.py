"""Which cached pages a change to stories, sections, tags or authors touches.

Connected in ``ArticlesConfig.ready()``; the keys are explained in ``newsroom.cache``. A
story that is not public before or after a save (a draft, a story in review) touches
nothing: readers never saw it and still do not.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from newsroom.cache import changed

from .corrections import CORRECTIONS
from .models import Article, Author, Correction, Section, Tag, TaggedArticle

#: Names of sections, tags and authors: navigation, bylines, tag lists, card labels.
NAMES = "names"
PUBLISHED = "published"
#: The breaking-news banner on every page: touched only by saving a story that is or was
#: breaking news.
BREAKING = "breaking"
#: The most read and most commented lists: kept by the clock, and touched when a story
#: readers could see is withdrawn, so no list links to it.
POPULAR = "popular"


def story_key(pk: int) -> str:
    return f"story:{pk}"


def thread_key(pk: int) -> str:
    """A story's comment thread (changed by the comments app): its page and its comment
    count wherever a card shows it."""
    return f"thread:{pk}"


def home_key(language: str) -> str:
    return f"home:{language}"


def section_key(pk: int) -> str:
    return f"section:{pk}"


def tag_key(pk: int) -> str:
    return f"tag:{pk}"


def author_key(pk: int) -> str:
    return f"author:{pk}"


def public_story_keys(story: Article) -> set[str]:
    """Every page that shows a public story: its own, and each listing it appears in."""
    keys = {story_key(story.pk), home_key(story.language), PUBLISHED}
    if story.breaking_until:
        keys.add(BREAKING)
    if story.section_id:
        keys.add(section_key(story.section_id))
    if story.translation_id:
        keys.add(story_key(story.translation_id))  # its page links to this one
    keys |= {
        tag_key(pk)
        for pk in TaggedArticle.objects.filter(content_object=story).values_list(
            "tag_id", flat=True
        )
    }
    keys |= {
        author_key(pk)
        for pk in story.authors.through.objects.filter(article=story).values_list(
            "author_id", flat=True
        )
    }
    return keys


def _keys_before(sender, instance, **kwargs) -> None:
    """What the story showed before this save or delete (only if readers could see it)."""
    instance._public_keys_before = set()
    if instance.pk is None:
        return
    stored = Article.objects.published().filter(pk=instance.pk).first()
    if stored is not None:
        instance._public_keys_before = public_story_keys(stored)


def story_saved(sender, instance, **kwargs) -> None:
    keys = getattr(instance, "_public_keys_before", set())
    if instance.is_published:
        keys = keys | public_story_keys(instance)
    elif keys:
        keys = keys | {POPULAR}
    changed(keys)


def story_deleted(sender, instance, **kwargs) -> None:
    before = getattr(instance, "_public_keys_before", set())
    changed(before | {POPULAR} if before else before)


def links_changed(sender, instance, action, pk_set, model, **kwargs) -> None:
    """Tags or authors added to or removed from stories (either side of the relation)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    listing = (
        tag_key if model is Tag or (sender is TaggedArticle and model is not Article) else None
    )
    if isinstance(instance, Article):
        if not instance.is_published:
            return
        keys = public_story_keys(instance)
        listing = tag_key if model is Tag else author_key
        keys |= {listing(pk) for pk in pk_set or ()}
    else:  # a tag's or an author's stories were changed from its side
        listing = tag_key if isinstance(instance, Tag) else author_key
        keys = {listing(instance.pk), PUBLISHED}
        keys |= {story_key(pk) for pk in pk_set or ()}
    changed(keys)


def name_changed(sender, instance, **kwargs) -> None:
    """A section, tag or author renamed or removed: its listing and every page naming it."""
    listing = {Section: section_key, Tag: tag_key, Author: author_key}[sender]
    changed({listing(instance.pk), NAMES})


def correction_changed(sender, instance, **kwargs) -> None:
    """A correction note shows on its story's page and on the corrections pages."""
    changed({story_key(instance.article_id), CORRECTIONS})


def connect() -> None:
    uid = "articles.dependencies"
    pre_save.connect(_keys_before, sender=Article, dispatch_uid=f"{uid}.before_save")
    pre_delete.connect(_keys_before, sender=Article, dispatch_uid=f"{uid}.before_delete")
    post_save.connect(story_saved, sender=Article, dispatch_uid=f"{uid}.saved")
    post_delete.connect(story_deleted, sender=Article, dispatch_uid=f"{uid}.deleted")
    for model in (Section, Tag, Author):
        label = model._meta.model_name
        post_save.connect(name_changed, sender=model, dispatch_uid=f"{uid}.{label}.saved")
        post_delete.connect(name_changed, sender=model, dispatch_uid=f"{uid}.{label}.deleted")
    post_save.connect(correction_changed, sender=Correction, dispatch_uid=f"{uid}.correction")
    post_delete.connect(correction_changed, sender=Correction, dispatch_uid=f"{uid}.corr_del")
    m2m_changed.connect(links_changed, sender=Article.authors.through, dispatch_uid=f"{uid}.au")
    # taggit adds and removes tags in bulk and reports it as an m2m change of the through model.
    m2m_changed.connect(links_changed, sender=TaggedArticle, dispatch_uid=f"{uid}.tags")
