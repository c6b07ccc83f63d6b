"""Autosave keeps an editor's unsaved text aside and offers it back; readers never see it."""

import pytest

from articles.models import Article, Autosave
from tests.factories import article_admin_form_data, make_article, make_user

pytestmark = pytest.mark.django_db


def urls(story):
    base = f"/ar/admin/articles/article/{story.pk}/"
    return base + "change/", base + "autosave/"


@pytest.fixture
def editor(client):
    client.force_login(make_user("Editors"))
    return client


def test_autosave_never_changes_the_story_and_is_offered_back(editor):
    story = make_article(headline="العنوان المنشور", body="<p>النص المنشور.</p>")
    change, autosave = urls(story)
    response = editor.post(autosave, {"headline": "عنوان لم يُحفظ", "body": "<p>نص لم يُحفظ.</p>"})
    assert response.status_code == 200
    assert "من دون نشر" in response.json()["message"]
    story.refresh_from_db()
    assert story.headline == "العنوان المنشور"
    assert story.history.count() == 1
    assert "عنوان لم يُحفظ" not in editor.get(story.get_absolute_url()).text

    page = editor.get(change).text
    assert "autosave-recovery" in page
    assert "عنوان لم يُحفظ" in page


def test_saving_the_story_clears_the_autosave(editor):
    story = make_article()
    change, autosave = urls(story)
    editor.post(autosave, {"headline": "مسودة جانبية"})
    editor.post(change, article_admin_form_data(story, headline="العنوان الجديد"))
    assert not Autosave.objects.exists()
    assert "autosave-recovery" not in editor.get(change).text


def test_discarding_the_offer_removes_it(editor):
    story = make_article()
    change, autosave = urls(story)
    editor.post(autosave, {"headline": "مسودة جانبية"})
    editor.post(autosave, {"discard": "1"})
    assert "autosave-recovery" not in editor.get(change).text


def test_autosave_of_the_same_text_is_not_offered(editor):
    story = make_article(headline="عنوان", body="<p>نص.</p>")
    change, autosave = urls(story)
    fields = {"headline": story.headline, "body": story.body, "kicker": story.kicker}
    fields |= {"standfirst": story.standfirst, "summary": story.summary}
    editor.post(autosave, fields)
    assert "autosave-recovery" not in editor.get(change).text


def test_only_editors_of_the_story_may_autosave(client):
    story = make_article(status=Article.Status.PUBLISHED)
    _change, autosave = urls(story)
    client.force_login(make_user("Writers"))
    assert client.post(autosave, {"headline": "x"}).status_code == 403
    assert client.get(autosave).status_code in (403, 405)
    assert not Autosave.objects.exists()
