"""Comment counts on story cards and in the story header, fresh when a comment is approved."""

import re

import pytest
from django.core.cache import cache
from django.utils import translation

from comments.models import Comment
from comments.moderation import policy
from newsroom.cache import fragments
from tests.factories import make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db


def card_counts(html: str) -> dict[str, str]:
    """Headline -> the count its card shows ('' when none)."""
    counts = {}
    for card in re.findall(r'<article class="card.*?</article>', html, re.S):
        headline = re.search(r'class="card__headline"><a [^>]+>([^<]+)</a>', card).group(1)
        count = re.search(r'class="card__comments" href="([^"]+)">([^<]+)</a>', card)
        counts[headline] = count.group(2) if count else ""
    return counts


def test_cards_show_the_number_of_visible_comments(client):
    section = make_section()
    discussed = make_article(section=section, headline="خبر يناقشه القراء")
    quiet = make_article(section=section, headline="خبر هادئ")
    first = make_comment(discussed)
    make_comment(discussed, parent=first)
    make_comment(discussed)
    make_comment(discussed, status=Comment.Status.PENDING)
    hidden = make_comment(discussed, status=Comment.Status.REJECTED)
    make_comment(discussed, parent=hidden)  # a reply under a comment readers cannot see
    for url in ("/ar/", section.get_absolute_url()):
        counts = card_counts(client.get(url).text)
        assert counts[discussed.headline] == "3 تعليقات", url
        assert counts[quiet.headline] == "", url


@pytest.mark.parametrize(
    ("n", "arabic", "english"),
    [
        (1, "تعليق واحد", "1 comment"),
        (2, "تعليقان", "2 comments"),
        (11, "11 تعليقًا", "11 comments"),
    ],
)
def test_counts_read_naturally_in_both_languages(client, n, arabic, english):
    ar = make_article()
    en = make_article(language="en", headline="Port reopens")
    for _ in range(n):
        make_comment(ar)
        make_comment(en)
    assert card_counts(client.get("/ar/").text)[ar.headline] == arabic
    assert card_counts(client.get("/en/").text)[en.headline] == english


def test_story_header_links_to_the_comments(client):
    article = make_article()
    make_comment(article)
    make_comment(article)
    html = client.get(article.get_absolute_url()).text
    start = html.index('class="story__header"')
    header = html[start : html.index("</header>", start)]
    assert '<a class="story__comments" href="#comments">تعليقان</a>' in header
    assert 'id="comments"' in html
    quiet = make_article()
    assert "story__comments" not in client.get(quiet.get_absolute_url()).text


def test_counts_follow_a_moderators_approval(client):
    article = make_article()
    pending = make_comment(article, status=Comment.Status.PENDING)
    assert card_counts(client.get("/ar/").text)[article.headline] == ""
    assert "story__comments" not in client.get(article.get_absolute_url()).text
    with translation.override("ar"):
        assert policy.decide(pending, Comment.Status.APPROVED, user=make_user("Moderators"))
    # The story's own page shows it at once (its thread changed)...
    assert "تعليق واحد" in client.get(article.get_absolute_url()).text
    # ...the cards elsewhere as their pages expire, not at each approval.
    assert card_counts(client.get("/ar/").text)[article.headline] == ""
    cache.clear()  # a minute later, every cached page and kept fragment has expired
    fragments.clear()
    assert card_counts(client.get("/ar/").text)[article.headline] == "تعليق واحد"


def test_counting_adds_no_query_to_a_listing(client, django_assert_max_num_queries):
    section = make_section()
    for n in range(12):
        make_comment(make_article(section=section, headline=f"خبر {n}"))
    # The same budget as a listing without counts (they come inside the listing's query):
    # session-free page, count, stories, nav, and the breaking-news lookup.
    with django_assert_max_num_queries(6):
        html = client.get(section.get_absolute_url()).text
    assert list(card_counts(html).values()).count("تعليق واحد") == 12
