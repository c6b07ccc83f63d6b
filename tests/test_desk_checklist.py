"""The pre-publish checklist warns about what an editor may have missed; blocking is a choice."""

import pytest

from articles.models import Article
from tests.factories import article_admin_form_data, make_article, make_user

pytestmark = pytest.mark.django_db


def publish(client, story, **changes):
    data = article_admin_form_data(story, status=Article.Status.PUBLISHED, **changes)
    return client.post(f"/ar/admin/articles/article/{story.pk}/change/", data, follow=True)


@pytest.fixture
def editor(client):
    client.force_login(make_user("Editors"))
    return client


def test_publishing_a_thin_untagged_story_warns_but_publishes(editor):
    story = make_article(status=Article.Status.REVIEW, headline="خ" * 130, body="<p>سطر واحد.</p>")
    text = publish(editor, story).text
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert "130" in text and "110" in text
    assert "لم يُحدَّد أي وسم" in text
    assert "النص قصير جدًا" in text


def test_a_complete_story_publishes_without_warnings(editor):
    story = make_article(status=Article.Status.REVIEW, body="<p>" + "كلمة " * 120 + "</p>")
    text = publish(editor, story, tags="لبنان").text
    assert "تحقق:" not in text


def test_the_newsroom_may_make_the_checklist_block(editor, settings):
    settings.DESK_CHECKLIST_BLOCKS = True
    story = make_article(status=Article.Status.REVIEW, body="<p>قصير.</p>")
    response = publish(editor, story, tags="لبنان")
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW
    assert "النص قصير جدًا" in response.text


def test_saving_an_already_published_story_does_not_nag(editor):
    story = make_article(body="<p>قصير.</p>")
    assert "النص قصير جدًا" not in publish(editor, story).text
