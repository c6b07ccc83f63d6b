"""Query budgets: each page runs a fixed number of SQL queries however much it shows.

The data is large enough that an N+1 (a query per story, tag, author or comment) would
blow the budget many times over. The page cache is bypassed: a cache hit runs no query at
all, so these budgets are about the view.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Tag
from tests.factories import make_article, make_author, make_section, make_user

pytestmark = pytest.mark.django_db

TAGS = [f"وسم {n}" for n in range(10)]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0  # stored for no time: every request runs the view


@pytest.fixture
def newsroom():
    """Three sections of 25 stories, each story with 3 authors and 5 of 10 tags."""
    authors = [make_author() for _ in range(6)]
    sections = [make_section() for _ in range(3)]
    now = timezone.now()
    stories = []
    for s, section in enumerate(sections):
        for n in range(25):
            story = make_article(
                section=section,
                published_at=now - timedelta(minutes=s * 100 + n + 1),
                language="ar",
            )
            story.tags.add(*TAGS[n % 5 : n % 5 + 5])
            story.authors.add(*authors[n % 4 : n % 4 + 3])
            stories.append(story)
    return {"authors": authors, "sections": sections, "stories": stories}


def add_comments(story, top_level: int, replies: int) -> None:
    from comments.models import Comment

    parents = Comment.objects.bulk_create(
        Comment(
            article=story,
            name=f"قارئ {n}",
            email=f"r{n}@example.org",
            body=f"تعليق {n}",
            status=Comment.Status.APPROVED,
        )
        for n in range(top_level)
    )
    Comment.objects.bulk_create(
        Comment(
            article=story,
            parent=parents[n % len(parents)],
            name=f"مجيب {n}",
            email=f"a{n}@example.org",
            body=f"رد {n}",
            status=Comment.Status.APPROVED,
        )
        for n in range(replies)
    )


def test_article_page_within_8_queries_with_tags_authors_related_and_200_comments(
    client, newsroom, django_assert_max_num_queries
):
    authors = newsroom["authors"][:3]
    story = make_article(section=newsroom["sections"][0], tags=TAGS, authors=authors)
    translation = make_article(language="en", headline="The same story", translation=story)
    story.refresh_from_db()
    assert story.translation_id == translation.pk
    add_comments(story, top_level=150, replies=50)

    with django_assert_max_num_queries(8):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert story.headline in page
    assert "تعليق 149" in page and "رد 49" in page
    assert all(tag in page for tag in TAGS)


def test_a_story_page_rendered_again_runs_no_query(client, newsroom, django_assert_max_num_queries):
    """Its page expired (or its cache bypassed), a story read before is rendered from kept
    parts: the story itself, its related stories, comments, count, navigation and
    disclaimer (each kept per worker under its keys)."""
    story = newsroom["stories"][3]
    first = client.get(story.get_absolute_url())
    assert 'class="related"' in first.content.decode()

    with django_assert_max_num_queries(0):
        again = client.get(story.get_absolute_url())
    assert again.content.decode().count('class="card__headline"') == first.content.decode().count(
        'class="card__headline"'
    )


def test_home_page_within_10_queries(client, newsroom, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get("/ar/")
    assert response.status_code == 200
    assert newsroom["stories"][0].headline in response.content.decode()


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_listing_pages_within_6_queries(kind, client, newsroom, django_assert_max_num_queries):
    url = {
        "section": newsroom["sections"][0].get_absolute_url(),
        "tag": Tag.objects.get(name=TAGS[4]).get_absolute_url(),
        "author": newsroom["authors"][1].get_absolute_url(),
    }[kind]
    for page in ("", "?page=2"):
        with django_assert_max_num_queries(6):
            response = client.get(url + page)
        assert response.status_code == 200
        assert "<a" in response.content.decode()


def test_admin_article_list_within_10_queries_at_100_rows(
    client, newsroom, django_assert_max_num_queries
):
    make_article(section=newsroom["sections"][1], tags=TAGS[:3])  # 76 stories, plus 24 more
    for _ in range(24):
        make_article(section=newsroom["sections"][2], authors=newsroom["authors"][:2])
    assert Article.objects.count() == 100
    client.force_login(make_user(superuser=True))

    with django_assert_max_num_queries(10):
        response = client.get("/ar/admin/articles/article/")
    assert response.status_code == 200
    assert response.content.decode().count('class="action-select"') == 100


def test_admin_comment_queue_within_14_queries_at_100_rows(
    client, newsroom, django_assert_max_num_queries
):
    from comments.models import Comment

    Comment.objects.bulk_create(
        Comment(
            article=newsroom["stories"][n % 75],
            name=f"قارئ {n}",
            email=f"q{n}@example.org",
            body=f"تعليق ينتظر {n}",
            status=Comment.Status.PENDING if n % 2 else Comment.Status.APPROVED,
        )
        for n in range(100)
    )
    client.force_login(make_user(superuser=True))

    # 10, plus one each for the commenters' histories on the page (one grouped query),
    # their bans, the count of post-moderated comments to review, and the moderators'
    # figures (counted once, then cached until the next decision).
    with django_assert_max_num_queries(14):
        response = client.get("/ar/admin/comments/comment/?status__exact=all")
    assert response.status_code == 200
    assert response.content.decode().count('class="action-select"') == 100
