"""Revisions: every save is kept; editors see them, compare them and restore one."""

import pytest

from articles.models import Article
from tests.factories import article_admin_form_data, make_article, make_user

pytestmark = pytest.mark.django_db


def history_url(article) -> str:
    return f"/en/admin/articles/article/{article.pk}/history/"


def test_every_save_keeps_a_revision_with_its_author(client):
    editor = make_user("Editors")
    client.force_login(editor)
    story = make_article(headline="العنوان الأول")
    client.post(
        f"/en/admin/articles/article/{story.pk}/change/",
        article_admin_form_data(story, headline="العنوان الثاني"),
    )
    versions = list(story.history.order_by("history_date"))
    assert [v.headline for v in versions] == ["العنوان الأول", "العنوان الثاني"]
    assert versions[-1].history_user == editor


def test_editor_sees_and_compares_revisions(client):
    client.force_login(make_user("Editors"))
    story = make_article(headline="قبل التعديل")
    story.headline = "بعد التعديل"
    story.save()
    response = client.get(history_url(story))
    assert response.status_code == 200
    text = response.text
    # The list shows what changed between versions: the field, the words removed and added.
    assert "headline" in text.lower()
    assert "<del>قبل</del>" in text
    assert "<ins>بعد</ins>" in text


def test_editor_restores_an_earlier_revision(client):
    client.force_login(make_user("Editors"))
    story = make_article(headline="النسخة الصحيحة", body="<p>نص أصلي</p>")
    good = story.history.latest()
    story.headline = "نسخة خاطئة"
    story.body = "<p>نص خاطئ</p>"
    story.save()
    revert_url = f"/en/admin/articles/article/{story.pk}/history/{good.history_id}/"
    form = client.get(revert_url)
    assert form.status_code == 200
    assert "النسخة الصحيحة" in form.text
    response = client.post(revert_url, article_admin_form_data(good.instance))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "النسخة الصحيحة"
    assert "نص أصلي" in story.body
    assert story.history.count() == 3


def test_writers_see_history_of_others_stories_read_only(client):
    client.force_login(make_user("Writers"))
    story = make_article(headline="خبر")
    version = story.history.latest()
    listing = client.get(history_url(story))
    assert listing.status_code == 200
    assert "View history" in listing.text
    page = client.get(f"/en/admin/articles/article/{story.pk}/history/{version.history_id}/")
    assert page.status_code == 200
    assert "Revert" not in page.text
    assert Article.objects.get(pk=story.pk).headline == "خبر"
