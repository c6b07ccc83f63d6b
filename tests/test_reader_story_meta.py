"""The story header: "last updated" with its date when the day differs, and reading time."""

import re
from datetime import UTC, datetime

import pytest

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # 22:00 in Beirut, Tuesday 1 December


def updated_text(html: str) -> str:
    match = re.search(r'class="story__updated">(.*?)</span>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1))


def with_times(article, published, updated):
    Article.objects.filter(pk=article.pk).update(published_at=published, updated_at=updated)
    return article


def test_update_on_a_later_day_shows_its_date(client):
    # 02:30 on Wednesday the 2nd in Beirut: the day after publication.
    article = with_times(make_article(), PUBLISHED, datetime(2026, 12, 2, 0, 30, tzinfo=UTC))
    text = updated_text(client.get(article.get_absolute_url()).text)
    assert "الأربعاء 2026/12/02 02:30" in text


def test_update_on_the_same_day_shows_the_time_only(client):
    article = with_times(make_article(), PUBLISHED, datetime(2026, 12, 1, 21, 15, tzinfo=UTC))
    text = updated_text(client.get(article.get_absolute_url()).text)
    assert "23:15" in text and "2026" not in text


def test_same_day_is_the_newsrooms_day_not_utcs(client):
    # 21:59 UTC on the 1st is 23:59 in Beirut; 22:01 UTC is 00:01 on the 2nd there.
    article = with_times(make_article(), PUBLISHED, datetime(2026, 12, 1, 22, 1, tzinfo=UTC))
    assert "2026/12/02 00:01" in updated_text(client.get(article.get_absolute_url()).text)


def words(n: int) -> str:
    return "<p>" + " ".join(["كلمة"] * n) + "</p>"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (50, "مدة القراءة: دقيقة واحدة"),
        (250, "مدة القراءة: دقيقتان"),
        (400, "مدة القراءة: 3 دقائق"),
        (1500, "مدة القراءة: 11 دقيقة"),
    ],
)
def test_reading_time_in_arabic_with_its_plural_forms(client, count, expected):
    article = make_article(body=words(count), standfirst="")
    html = client.get(article.get_absolute_url()).text
    assert f'<span class="story__reading">{expected}</span>' in html


def test_reading_time_in_english(client):
    body = "<p>" + " ".join(["word"] * 600) + "</p>"
    article = make_article(language="en", headline="Port", body=body, standfirst="")
    html = client.get(article.get_absolute_url()).text
    assert '<span class="story__reading">3 min read</span>' in html


def test_english_update_on_a_later_day_reads_as_english_readers_expect(client):
    article = make_article(language="en", headline="Port reopens", body="<p>The port.</p>")
    with_times(article, PUBLISHED, datetime(2026, 12, 2, 0, 30, tzinfo=UTC))
    html = client.get(article.get_absolute_url()).text
    assert ">Tuesday 1 December 2026</time>" in html
    assert "Wednesday 2 December 2026 02:30" in updated_text(html)
