"""The "last updated" time moves only when readers would see a change that is not minor."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import article_admin_form_data, make_article, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "/ar/admin/articles/article/"


@pytest.fixture
def editor(client):
    client.force_login(make_user("Editors"))
    return client


def set_back(story):
    earlier = timezone.now() - timedelta(hours=3)
    Article.objects.filter(pk=story.pk).update(updated_at=earlier)
    story.refresh_from_db()
    return earlier


def act(client, action, story):
    response = client.post(
        CHANGELIST, {"action": action, "_selected_action": [story.pk], "confirmed": "yes"}
    )
    assert response.status_code == 302
    story.refresh_from_db()


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Article.Status.DRAFT, "send_to_review"),
        (Article.Status.REVIEW, "publish_now"),
        (Article.Status.PUBLISHED, "unpublish"),
    ],
)
def test_workflow_steps_leave_last_updated_alone(editor, status, action):
    story = make_article(status=status)
    earlier = set_back(story)
    act(editor, action, story)
    assert story.updated_at == earlier


def test_scheduling_leaves_last_updated_alone(editor):
    story = make_article(
        status=Article.Status.DRAFT, published_at=timezone.now() + timedelta(days=1)
    )
    earlier = set_back(story)
    act(editor, "schedule", story)
    assert story.status == Article.Status.PUBLISHED
    assert story.updated_at == earlier


def test_saving_the_form_unchanged_leaves_last_updated_alone(editor):
    story = make_article()
    earlier = set_back(story)
    editor.post(f"{CHANGELIST}{story.pk}/change/", article_admin_form_data(story))
    story.refresh_from_db()
    assert story.updated_at == earlier


def test_a_real_change_readers_see_moves_last_updated(editor):
    story = make_article()
    earlier = set_back(story)
    data = article_admin_form_data(story, body="<p>فقرة جديدة أضيفت إلى الخبر.</p>")
    editor.post(f"{CHANGELIST}{story.pk}/change/", data)
    story.refresh_from_db()
    assert story.updated_at > earlier


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        (Article.Status.REVIEW, "publish_now", Article.Status.PUBLISHED),
        (Article.Status.PUBLISHED, "unpublish", Article.Status.UNPUBLISHED),
    ],
)
def test_publishing_and_unpublishing_from_the_list_ask_first(editor, status, action, after):
    story = make_article(status=status, headline="خبر ينتظر القرار")
    data = {"action": action, "_selected_action": [story.pk], "index": 0}
    page = editor.post(CHANGELIST, data)
    assert page.status_code == 200
    assert "خبر ينتظر القرار" in page.text
    assert 'name="confirmed" value="yes"' in page.text
    story.refresh_from_db()
    assert story.status == status
    editor.post(CHANGELIST, {**data, "confirmed": "yes"})
    story.refresh_from_db()
    assert story.status == after


def test_comment_box_counts_characters_instead_of_cutting_them(client):
    story = make_article()
    html = client.get(story.get_absolute_url()).text
    box = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html).group(0)
    assert "maxlength" not in box
    assert 'data-max-chars="2000"' in box
    assert 'id="id_body_count"' in html
    assert "js/comment-count.js" in html
