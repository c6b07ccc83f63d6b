"""Likes: once per browser, never from a forged or missing token, capped per address, and
the story page stays in the cache (the counts come from their own, never-cached address).

Runs against real Redis when ``REDIS_TEST_URL`` is set, and the local-memory cache always.
"""

import json

import pytest
from django.test import Client, override_settings

from comments.models import Comment, Like
from comments.moderation import policy
from tests.factories import make_article, make_comment, make_user
from tests.test_cache import backend, redis_caches  # noqa: F401 (fixture: locmem, then Redis)

pytestmark = pytest.mark.django_db


def counts(client, article) -> dict:
    response = client.get(f"/ar/comments/story/{article.pk}/likes/")
    assert response.status_code == 200
    return json.loads(response.content)


def like(client, comment, **extra):
    return client.post(f"/ar/comments/{comment.pk}/like/", **extra)


def test_one_browser_likes_a_comment_once_however_often_it_clicks():
    article = make_article()
    comment = make_comment(article)
    reader = Client()
    assert counts(reader, article)["counts"] == {}  # no likes yet; gives the browser token
    for _ in range(5):
        answer = like(reader, comment)
        assert answer.status_code == 200
        assert json.loads(answer.content) == {"count": 1, "liked": True}
    comment.refresh_from_db()
    assert comment.like_count == 1 and Like.objects.count() == 1
    assert counts(reader, article)["counts"] == {str(comment.pk): 1}
    # Another browser adds one.
    other = Client()
    counts(other, article)
    assert json.loads(like(other, comment).content)["count"] == 2
    assert counts(Client(), article)["counts"] == {str(comment.pk): 2}


def test_no_token_or_a_forged_one_cannot_like():
    comment = make_comment(make_article())
    assert like(Client(), comment).status_code == 403
    forged = Client()
    forged.cookies["newsroom_reader"] = "abc:forged:signature"
    assert like(forged, comment).status_code == 403
    comment.refresh_from_db()
    assert comment.like_count == 0 and not Like.objects.exists()


@override_settings(COMMENTS_LIKES_PER_IP=3)
def test_fresh_browsers_from_one_address_stop_at_the_limit(backend):  # noqa: F811
    """Clearing cookies in a loop gives new browsers, but the address's limit holds."""
    article = make_article()
    comment = make_comment(article)
    answers = []
    for _ in range(6):
        browser = Client()
        counts(browser, article)
        answers.append(like(browser, comment).status_code)
    assert answers == [200, 200, 200, 429, 429, 429]
    comment.refresh_from_db()
    assert comment.like_count == 3


def test_likes_need_the_csrf_token_and_a_public_comment():
    article = make_article()
    comment = make_comment(article)
    strict = Client(enforce_csrf_checks=True)
    data = counts(strict, article)
    assert like(strict, comment).status_code == 403  # no token
    assert like(strict, comment, HTTP_X_CSRFTOKEN=data["csrf"]).status_code == 200
    pending = make_comment(article, status="pending")
    assert like(strict, pending, HTTP_X_CSRFTOKEN=data["csrf"]).status_code == 404
    assert strict.get(f"/ar/comments/{comment.pk}/like/").status_code == 405
    assert str(pending.pk) not in counts(strict, article)["counts"]
    assert strict.get("/ar/comments/story/999999/likes/").status_code == 404
    draft = make_article(status="draft")
    assert strict.get(f"/ar/comments/story/{draft.pk}/likes/").status_code == 404


def test_counts_cost_no_query_until_the_next_like(backend, django_assert_num_queries):  # noqa: F811
    article = make_article()
    liked = [make_comment(article) for _ in range(50)]
    Comment.objects.filter(pk__in=[c.pk for c in liked]).update(like_count=2)
    reader = Client()
    with django_assert_num_queries(2):  # the story, the counts
        counts(reader, article)
    with django_assert_num_queries(0):
        response = reader.get(f"/ar/comments/story/{article.pk}/likes/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert len(json.loads(response.content)["counts"]) == 50
    like(reader, liked[0])
    assert counts(reader, article)["counts"][str(liked[0].pk)] == 3


def test_a_like_keeps_the_story_page_cached_and_its_count_is_right_at_once(backend):  # noqa: F811
    """The stated delay is none: the page is served from the cache after a like (nothing was
    purged), and the counts the page's JS reads show the like on the next read."""
    article = make_article()
    liked = make_comment(article, body="تعليق يعجب القراء")
    url = article.get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"
    reader = Client()
    counts(reader, article)
    assert like(reader, liked).status_code == 200
    after = Client().get(url)
    assert after["X-Page-Cache"] == "hit"
    assert "تعليق يعجب القراء" in after.content.decode()
    assert f'data-likes-url="/ar/comments/story/{article.pk}/likes/"' in after.content.decode()
    assert counts(Client(), article)["counts"] == {str(liked.pk): 1}
    # A moderator's decision still refreshes the page at once.
    waiting = make_comment(article, status="pending", body="تعليق جديد")
    policy.decide(waiting, Comment.Status.APPROVED, user=make_user("Moderators"))
    fresh = Client().get(url)
    # Only its comments are rendered again (newsroom.cache.parts).
    assert fresh["X-Page-Cache"] == "part" and "تعليق جديد" in fresh.content.decode()


def test_with_redis_down_likes_still_count_once_and_counts_answer(settings):
    settings.CACHES = redis_caches("redis://127.0.0.1:1/0")  # nothing listens there
    article = make_article()
    comment = make_comment(article)
    reader = Client()
    assert counts(reader, article)["counts"] == {}
    assert json.loads(like(reader, comment).content)["count"] == 1
    assert json.loads(like(reader, comment).content)["count"] == 1
    assert counts(reader, article)["counts"] == {str(comment.pk): 1}
