"""Scheduled unpublish through published(), and translations flagged when their original moves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import article_admin_form_data, make_article, make_user

pytestmark = pytest.mark.django_db


def test_a_story_leaves_public_pages_at_its_end_time(client):
    now = timezone.now()
    ended = make_article(headline="إعلان انتهت مدته", unpublish_at=now - timedelta(minutes=1))
    running = make_article(headline="إعلان ساري", unpublish_at=now + timedelta(days=1))
    assert set(Article.objects.published()) == {running}
    assert not ended.is_published and running.is_published
    assert client.get(ended.get_absolute_url()).status_code == 404
    assert client.get(running.get_absolute_url()).status_code == 200


def test_end_time_must_follow_publication(client):
    client.force_login(make_user("Editors"))
    story = make_article()
    data = article_admin_form_data(story)
    ends = timezone.localtime(story.published_at - timedelta(hours=1))
    data |= {"unpublish_at_0": ends.strftime("%Y-%m-%d"), "unpublish_at_1": ends.strftime("%H:%M")}
    response = client.post(f"/ar/admin/articles/article/{story.pk}/change/", data)
    assert response.status_code == 200
    assert "يجب أن يكون موعد سحب الخبر بعد موعد نشره" in response.text


def test_english_pair_is_flagged_when_the_arabic_original_changes(client):
    client.force_login(make_user("Editors"))
    english = make_article(language="en", headline="Cabinet approves budget")
    arabic = make_article(headline="الحكومة تقر الموازنة", translation=english)
    english.refresh_from_db()
    assert not english.translation_outdated

    # A minor correction of the original does not flag it.
    client.post(
        f"/ar/admin/articles/article/{arabic.pk}/change/",
        article_admin_form_data(arabic, headline="الحكومة تُقر الموازنة", minor_correction="on"),
    )
    english.refresh_from_db()
    assert not english.translation_outdated

    client.post(
        f"/ar/admin/articles/article/{arabic.pk}/change/",
        article_admin_form_data(arabic, body="<p>تفاصيل جديدة عن الموازنة.</p>"),
    )
    english.refresh_from_db()
    assert english.translation_outdated
    listing = client.get("/ar/admin/articles/article/").text
    assert "الترجمة غير محدّثة" in listing
    page = client.get(f"/ar/admin/articles/article/{english.pk}/change/").text
    assert "translation-outdated" in page

    # Saving the translation brings it up to date.
    client.post(
        f"/ar/admin/articles/article/{english.pk}/change/",
        article_admin_form_data(english, body="<p>New details on the budget.</p>"),
    )
    english.refresh_from_db()
    assert not english.translation_outdated
    arabic.refresh_from_db()
    assert not arabic.translation_outdated
