"""The comments' admin reads in Arabic: no English label left on its forms and lists, and
the statistics chart writes its dates as the site does (year/month/day)."""

import re

import pytest
from django.utils import timezone

from comments.models import Word
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def moderator(client):
    user = make_user("Moderators")
    client.force_login(user)
    return user


def labels(html: str) -> list[str]:
    """The text of the page's form labels and table headers."""
    found = re.findall(r"<(label|th)\b[^>]*>(.*?)</\1>", html, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", text).strip() for _tag, text in found]


@pytest.mark.parametrize(
    "path",
    [
        "/ar/admin/comments/word/add/",
        "/ar/admin/comments/word/",
        "/ar/admin/comments/word/{pk}/change/",
        "/ar/admin/comments/comment/",
        "/ar/admin/comments/comment/{comment}/change/",
        "/ar/admin/comments/ban/add/",
        "/ar/admin/comments/ban/",
        "/ar/admin/comments/comment/{comment}/reject-all/",
    ],
)
def test_the_comments_admin_has_no_english_label(client, moderator, path):
    word = Word.objects.create(word="غبي", kind="suspect")
    comment = make_comment(make_article(), status="pending")
    html = client.get(path.format(pk=word.pk, comment=comment.pk)).content.decode()
    english = [text for text in labels(html) if LATIN.search(text)]
    assert english == []
    assert "Normalised" not in html


def test_the_chart_writes_dates_year_month_day(client, moderator):
    make_comment(make_article(), status="pending")
    html = client.get("/ar/admin/comments/comment/").content.decode()
    svg = html.split('class="comments-chart"', 1)[1].split("</svg>", 1)[0]
    axis = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    today = timezone.localdate()
    assert today.strftime("%Y/%m/%d") in axis
    dates = [text for text in axis if "/" in text]
    assert dates and all(re.fullmatch(r"\d{4}/\d{2}/\d{2}", text) for text in dates), axis
