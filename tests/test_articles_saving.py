"""Each step ``Article.save`` runs (articles/saving.py), on its own."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import saving
from articles.models import Article, SlugRedirect
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def unsaved(**kwargs) -> Article:
    values = {"headline": "خبر", "language": "ar", "section": make_section(), **kwargs}
    return Article(**values)


def test_prepare_sanitises_the_body():
    story = unsaved(body='<p onclick="x()">نص</p><script>alert(1)</script>')
    saving.prepare(story)
    assert "onclick" not in story.body and "<script" not in story.body
    assert "نص" in story.body


def test_settle_slug_makes_one_from_the_headline_and_numbers_a_taken_one():
    make_article(headline="وزير الخارجية في بيروت", slug="")
    story = unsaved(headline="وزير الخارجية في بيروت")
    saving.settle_slug(story)
    assert story.slug == "وزير-الخارجية-في-بيروت-2"


def test_settle_slug_cleans_an_editors_slug():
    story = unsaved(slug="Hello World!")
    saving.settle_slug(story)
    assert story.slug == "hello-world"


def test_stamp_times_publishes_now_and_keeps_updated_for_a_minor_correction():
    now = timezone.now()
    story = unsaved(status=Article.Status.PUBLISHED)
    saving.stamp_times(story, now)
    assert story.published_at == now and story.updated_at == now

    earlier = now - timedelta(days=1)
    story.updated_at, story.minor_correction = earlier, True
    saving.stamp_times(story, now + timedelta(hours=1))
    assert story.updated_at == earlier and story.published_at == now


def test_stamp_times_leaves_a_draft_unpublished():
    story = unsaved(status=Article.Status.DRAFT)
    saving.stamp_times(story)
    assert story.published_at is None


def test_redirect_old_slug_only_for_a_published_story():
    story = make_article(slug="new-address")
    saving.redirect_old_slug(story, {"slug": "old", "language": "ar", "status": "draft"})
    assert not SlugRedirect.objects.exists()
    saving.redirect_old_slug(story, {"slug": "old", "language": "ar", "status": "published"})
    assert SlugRedirect.objects.get().article == story


def test_redirect_old_slug_drops_a_redirect_from_a_slug_live_again():
    story = make_article(slug="back-again")
    other = make_article()
    SlugRedirect.objects.create(language="ar", old_slug="back-again", article=other)
    saving.redirect_old_slug(story, None)
    assert not SlugRedirect.objects.exists()


def test_pair_translation_is_symmetric_and_exclusive():
    arabic, english, stale = make_article(), make_article(language="en"), make_article()
    Article.objects.filter(pk=stale.pk).update(translation=english)
    arabic.translation = english
    saving.pair_translation(arabic)
    english.refresh_from_db()
    stale.refresh_from_db()
    assert english.translation == arabic
    assert stale.translation is None
