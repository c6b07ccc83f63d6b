"""The SQLite fallback of reader search: a normalised text column, matched word by word."""

import pytest
from django.db import connection

from articles.models import Article
from articles.search import MAX_QUERY_WORDS, query_words, search_articles
from tests.factories import make_article, make_section

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback"),
]


def found(q, **kwargs) -> list[str]:
    return [a.headline for a in search_articles(q, **kwargs)]


def test_search_text_is_normalised_and_kept_current():
    section = make_section(name_ar="ثقافة", name_en="Culture")
    story = make_article(
        headline="مُحَمَّد في الأسواق",
        body="<p>نص <b>عن</b> مدينة صور ٢٠٢٦</p>",
        section=section,
        tags=["بشار الأسد"],
    )
    story.refresh_from_db()
    text = story.search_text
    assert "محمد في الاسواق" in text
    assert "مدينه صور 2026" in text
    assert "<b>" not in text
    assert "ثقافه" in text and "culture" in text
    assert "بشار الاسد" in text
    story.headline = "عنوان جديد"
    story.save()
    story.refresh_from_db()
    assert "عنوان جديد" in story.search_text
    assert "الاسواق" not in story.search_text


def test_every_word_must_match():
    make_article(headline="بيروت ودمشق")
    make_article(headline="بيروت وحدها")
    assert found("بيروت دمشق") == ["بيروت ودمشق"]
    assert len(found("بيروت")) == 2


def test_newest_first():
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    make_article(headline="صيدا القديمة", published_at=now - timedelta(days=2))
    make_article(headline="صيدا الجديدة", published_at=now - timedelta(hours=1))
    assert found("صيدا") == ["صيدا الجديدة", "صيدا القديمة"]


def test_operators_and_punctuation_are_not_words():
    make_article(headline="الأسد في دمشق")
    assert query_words('"الاسد" & (دمشق) | !*:') == ["الاسد", "دمشق"]
    assert found('"الأسد" -دمشق') == ["الأسد في دمشق"]
    assert found("&|!():*") == []


def test_like_wildcards_are_literal():
    make_article(headline="خبر")
    assert found("%") == []
    assert found("_") == []


def test_query_words_are_capped():
    words = [f"w{i}" for i in range(50)]
    assert len(query_words(" ".join(words))) == MAX_QUERY_WORDS


def test_no_postgres_vector_is_written():
    make_article(headline="خبر")
    assert Article.objects.get().search_vector is None
