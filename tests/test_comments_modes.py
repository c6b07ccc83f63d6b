"""Per-story moderation: pre-moderation (the default), post-moderation (public at once,
then reviewed) or closed, chosen by an editor on the story."""

import pytest
from django.test import Client

from articles.models import Article
from comments.models import Comment, Decision, Word
from tests.factories import (
    article_admin_form_data,
    comment_post_data,
    make_article,
    make_user,
)

pytestmark = pytest.mark.django_db

QUEUE = "/en/admin/comments/comment/"
POST = Article.CommentMode.POST


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.COMMENTS_MIN_SECONDS = 0


def post(client, article, **data):
    return client.post(f"/en/comments/story/{article.pk}/", comment_post_data(**data), follow=True)


def test_stories_are_pre_moderated_by_default(client):
    article = make_article()
    assert article.comment_mode == Article.CommentMode.PRE
    post(client, article, body="held until a moderator approves it")
    comment = Comment.objects.get()
    assert (comment.status, comment.needs_review) == (Comment.Status.PENDING, False)


def test_post_moderated_comment_is_public_at_once_then_reviewed(client):
    article = make_article(comment_mode=POST)
    story = article.get_absolute_url()
    page = Client().get(story).content.decode()  # and now cached
    assert "تظهر التعليقات على هذه القصة فورًا" in page
    assert "published at once here" not in page
    response = post(client, article, body="published at once here")
    assert "Your comment is published" in response.content.decode()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert comment.needs_review and comment.held_reason == Comment.HoldReason.POST
    # The story page, cached before the post, shows it at once.
    assert "published at once here" in Client().get(story).content.decode()

    moderator = make_user("Moderators")
    client.force_login(moderator)
    listed = client.get(QUEUE, {"status__exact": "review"}).content.decode()
    assert "published at once here" in listed
    assert "1 published comment to review" in client.get(QUEUE).content.decode()
    # Approving keeps it as it is, reviewed, and logs who looked at it.
    client.post(f"{QUEUE}{comment.pk}/moderate/approve/", {"confirm": "1"})
    comment.refresh_from_db()
    assert (comment.status, comment.needs_review) == (Comment.Status.APPROVED, False)
    assert Decision.objects.filter(comment=comment, moderator=moderator).count() == 1
    assert (
        "published at once here"
        not in client.get(QUEUE, {"status__exact": "review"}).content.decode()
    )


def test_rejecting_a_post_moderated_comment_takes_it_off_the_story(client):
    article = make_article(comment_mode=POST)
    post(client, article, body="regrettable words")
    comment = Comment.objects.get()
    client.force_login(make_user("Moderators"))
    client.post(f"{QUEUE}{comment.pk}/moderate/reject/", {"confirm": "1"})
    comment.refresh_from_db()
    assert (comment.status, comment.needs_review) == (Comment.Status.REJECTED, False)
    assert "regrettable words" not in Client().get(article.get_absolute_url()).content.decode()


def test_the_word_lists_and_link_limit_still_apply_under_post_moderation(client):
    Word.objects.create(word="كلب", kind=Word.Kind.BANNED)
    Word.objects.create(word="غبي", kind=Word.Kind.SUSPECT)
    article = make_article(comment_mode=POST)
    post(client, article, body="يا كلب", email="a@example.org")
    post(client, article, body="رأي غبي", email="b@example.org")
    post(
        client,
        article,
        body="http://a.example http://b.example http://c.example",
        email="c@example.org",
    )
    statuses = dict(Comment.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.org": Comment.Status.REJECTED,
        "b@example.org": Comment.Status.PENDING,
        "c@example.org": Comment.Status.PENDING,
    }
    assert not Comment.objects.filter(needs_review=True).exists()


def test_a_closed_story_refuses_comments_and_keeps_the_text(client):
    article = make_article(comment_mode=Article.CommentMode.CLOSED)
    response = client.post(
        f"/en/comments/story/{article.pk}/", comment_post_data(body="too late for this one")
    )
    assert response.status_code == 403
    assert "too late for this one" in response.content.decode()
    assert not Comment.objects.exists()


def test_an_editor_sets_the_mode_on_the_story(client):
    editor = make_user("Editors")
    client.force_login(editor)
    article = make_article()
    form = client.get(f"/en/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'name="comment_mode"' in form
    response = client.post(
        f"/en/admin/articles/article/{article.pk}/change/",
        article_admin_form_data(article, comment_mode="post"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.comment_mode == POST
