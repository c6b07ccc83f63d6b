"""A database outage answers a fast, small, localised 503 page; Redis down is no 500."""

import time

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends import utils as db_utils

from tests.factories import make_article


def break_database(monkeypatch, error):
    def fail(*args, **kwargs):
        raise error("could not connect to server: Connection refused")

    monkeypatch.setattr(db_utils.CursorWrapper, "execute", fail)
    monkeypatch.setattr(db_utils.CursorWrapper, "executemany", fail)


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_outage_gives_a_503_page_not_a_stack_trace(client, monkeypatch, error):
    article = make_article()
    break_database(monkeypatch, error)
    for url in ("/ar/", article.get_absolute_url()):
        started = time.monotonic()
        response = client.get(url)
        assert time.monotonic() - started < 2
        assert response.status_code == 503, url
        assert response["Retry-After"] == "5"
        assert response["Cache-Control"] == "no-store"
        assert "Traceback" not in response.text
        assert "Connection refused" not in response.text
        assert "Temporarily unavailable" in response.text or "<h1>" in response.text
        assert '<html lang="ar" dir="rtl">' in response.text


@pytest.mark.django_db
def test_outage_page_follows_the_language(client, monkeypatch):
    break_database(monkeypatch, OperationalError)
    response = client.get("/en/")
    assert response.status_code == 503
    assert '<html lang="en" dir="ltr">' in response.text
    assert "Temporarily unavailable" in response.text
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_service_returns_once_the_database_does(client, monkeypatch):
    make_article()
    break_database(monkeypatch, OperationalError)
    assert client.get("/ar/").status_code == 503
    monkeypatch.undo()
    assert client.get("/ar/").status_code == 200


@pytest.mark.django_db
def test_other_errors_are_not_disguised_as_outages(client, monkeypatch):
    from articles.querysets import ArticleQuerySet

    def boom(self):
        raise ValueError("a real bug")

    monkeypatch.setattr(ArticleQuerySet, "published", boom)
    client.raise_request_exception = False
    response = client.get("/ar/")
    assert response.status_code == 500


def test_redis_down_falls_back_to_the_per_process_cache(caplog):
    from newsroom.resilient_cache import ResilientRedisCache

    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}, "KEY_PREFIX": "t"},
    )
    started = time.monotonic()
    cache.set("page", "cached page", 30)
    assert cache.get("page") == "cached page"
    assert cache.add("hits", 0, 30)
    assert cache.incr("hits") == 1
    assert cache.get_or_set("other", "computed", 30) == "computed"
    assert cache.redis_down
    assert time.monotonic() - started < 2
    assert "Redis unreachable" in caplog.text
    # Logged once per outage, not once per call.
    assert caplog.text.count("Redis unreachable") == 1
