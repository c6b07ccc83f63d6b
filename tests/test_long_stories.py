"""A story longer than PostgreSQL's tsvector limit is saved and searchable; only a real
connection failure shows the outage page."""

import itertools

import pytest
from django.db import OperationalError, connection

from articles.models import Article
from articles.search import search_articles
from tests.factories import article_admin_form_data, make_article, make_section, make_user

pytestmark = pytest.mark.django_db


def huge_body(characters: int = 1_400_000) -> str:
    """Distinct Latin and Arabic words, as a very long transcript would have."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    arabic = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
    words, size = ["<p>zanzibarique"], 0
    for n in itertools.count():
        word = "".join(letters[int(d)] for d in str(n)) + arabic[n % len(arabic)] * 2
        words.append(word)
        size += len(word) + 1
        if size > characters:
            break
    return " ".join(words) + "</p>"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the tsvector limit is PostgreSQL's")
def test_a_story_over_the_tsvector_limit_is_saved_and_found():
    article = make_article(headline="محضر جلسة طويل", body=huge_body())
    article.refresh_from_db()
    assert len(article.body) > 1_300_000
    assert article in search_articles("zanzibarique")
    assert article in search_articles("محضر")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the tsvector limit is PostgreSQL's")
def test_the_editor_saves_a_very_long_story_from_the_admin(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5_000_000
    client.force_login(make_user("Editors"))
    data = article_admin_form_data(
        headline="محضر جلسة طويل", body=huge_body(), section=make_section().pk
    )
    response = client.post("/en/admin/articles/article/add/", data)
    assert response.status_code == 302
    assert Article.objects.get().headline == "محضر جلسة طويل"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL error")
def test_a_database_error_that_is_not_an_outage_is_not_shown_as_one(client, monkeypatch):
    """A statement PostgreSQL refuses (a limit, a bug) is a 500 and logged, not the 503 page."""
    from articles.querysets import ArticleQuerySet

    def refused(self):
        with connection.cursor() as cursor:  # the real error, with its SQLSTATE (54000)
            cursor.execute("SELECT to_tsvector('simple', %s)", [huge_body(1_200_000)])

    monkeypatch.setattr(ArticleQuerySet, "published", refused)
    client.raise_request_exception = False
    response = client.get("/ar/")
    assert response.status_code == 500


def test_a_lost_connection_is_still_the_outage_page(client, monkeypatch):
    from articles.querysets import ArticleQuerySet

    def lost(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(ArticleQuerySet, "published", lost)
    response = client.get("/ar/")
    assert response.status_code == 503
