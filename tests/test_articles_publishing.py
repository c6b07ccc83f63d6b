"""Who sees a story when: the published() gate, scheduling, drafts, staff preview, updates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def test_scheduled_story_is_invisible_until_its_time(client):
    future = make_article(headline="خبر مجدول", published_at=timezone.now() + timedelta(hours=2))
    assert not future.is_published
    assert future not in Article.objects.published()
    assert client.get(future.get_absolute_url()).status_code == 404
    assert "خبر مجدول" not in client.get("/ar/").text


def test_scheduled_story_appears_once_its_time_has_passed(client):
    # The same rule with a time already past: no cron job flips anything.
    story = make_article(
        headline="خبر حان وقته", published_at=timezone.now() - timedelta(minutes=1)
    )
    assert story.is_published
    assert story in Article.objects.published()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "خبر حان وقته" in response.text


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.UNPUBLISHED]
)
def test_readers_get_404_for_anything_not_published(client, status):
    story = make_article(headline="خبر غير منشور", status=status)
    assert client.get(story.get_absolute_url()).status_code == 404
    reader = make_user()
    client.force_login(reader)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_at_its_real_address(client):
    draft = make_article(headline="مسودة للمعاينة", status=Article.Status.DRAFT, published_at=None)
    client.force_login(make_user("Writers"))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "مسودة للمعاينة" in response.text


def test_moderators_cannot_preview_drafts(client):
    draft = make_article(headline="مسودة", status=Article.Status.DRAFT, published_at=None)
    client.force_login(make_user("Moderators"))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_publishing_without_a_time_stamps_now():
    story = make_article(status=Article.Status.DRAFT, published_at=None)
    story.status = Article.Status.PUBLISHED
    story.save()
    assert story.published_at is not None
    assert abs(story.published_at - timezone.now()) < timedelta(seconds=5)


def test_minor_correction_leaves_last_updated_alone():
    story = make_article()
    earlier = timezone.now() - timedelta(days=1)
    Article.objects.filter(pk=story.pk).update(updated_at=earlier)
    story.refresh_from_db()
    story.headline = "تصحيح خطأ إملائي"
    story.minor_correction = True
    story.save()
    story.refresh_from_db()
    assert story.updated_at == earlier
    assert story.headline == "تصحيح خطأ إملائي"


def test_substantive_save_bumps_last_updated():
    story = make_article()
    earlier = timezone.now() - timedelta(days=1)
    Article.objects.filter(pk=story.pk).update(updated_at=earlier)
    story.refresh_from_db()
    story.body = "<p>تطورات جديدة في القصة.</p>"
    story.save()
    story.refresh_from_db()
    assert story.updated_at > earlier
    assert story.last_updated == story.updated_at


def test_the_minor_flag_lasts_one_save_only():
    story = make_article()
    earlier = timezone.now() - timedelta(days=1)
    Article.objects.filter(pk=story.pk).update(updated_at=earlier)
    story.refresh_from_db()
    story.minor_correction = True
    story.headline = "تصحيح إملائي"
    story.save()
    # The next change readers see is not minor unless ticked again.
    story.headline = "عنوان جديد للخبر"
    story.save()
    story.refresh_from_db()
    assert story.updated_at > earlier
