"""Each block of a story's body is stored with the direction of its own text."""

import pytest

from articles.direction import with_block_directions
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

QUOTE = "The port will reopen within weeks, the minister said."


def stored_body(article: Article) -> str:
    return Article.objects.get(pk=article.pk).body


def test_an_english_paragraph_in_an_arabic_story_is_stored_ltr():
    article = make_article(
        body=f"<p>قال الوزير في مؤتمر صحافي:</p><p>{QUOTE}</p><p>وأضاف أن العمل بدأ.</p>"
    )
    assert stored_body(article) == (
        f'<p>قال الوزير في مؤتمر صحافي:</p><p dir="ltr">{QUOTE}</p><p>وأضاف أن العمل بدأ.</p>'
    )


def test_an_arabic_paragraph_in_an_english_story_is_stored_rtl():
    article = make_article(
        language="en",
        headline="The port reopens",
        body="<p>The sign at the gate read:</p><p>«المرفأ مفتوح»</p>",
    )
    assert (
        stored_body(article) == '<p>The sign at the gate read:</p><p dir="rtl">«المرفأ مفتوح»</p>'
    )


def test_the_first_strong_character_decides_not_digits_or_punctuation():
    body = "<p>«2024» — Reuters: قال</p><p>٢٠٢٤ - 15%</p><p>(«الحرية»), said he</p>"
    assert with_block_directions(body, "rtl") == (
        '<p dir="ltr">«2024» — Reuters: قال</p><p>٢٠٢٤ - 15%</p><p>(«الحرية»), said he</p>'
    )


def test_markup_and_entities_are_not_read_as_text():
    # "strong", "amp" and "href" are English letters, but not the paragraph's text.
    body = '<p><strong><a href="https://example.com/x">&amp; بيروت</a></strong> English</p>'
    assert with_block_directions(body, "rtl") == body


def test_nested_blocks_take_their_direction_from_their_parent():
    body = (
        "<blockquote><p>We will rebuild.</p><p>And we will stay.</p></blockquote>"
        "<ul><li>First point</li><li>النقطة الثانية</li></ul>"
    )
    assert with_block_directions(body, "rtl") == (
        '<blockquote dir="ltr"><p>We will rebuild.</p><p>And we will stay.</p></blockquote>'
        '<ul dir="ltr"><li>First point</li><li dir="rtl">النقطة الثانية</li></ul>'
    )


def test_a_paragraph_rewritten_in_the_story_language_loses_its_old_direction():
    article = make_article(body=f"<p>{QUOTE}</p>")
    assert stored_body(article) == f'<p dir="ltr">{QUOTE}</p>'
    article.body = '<p dir="ltr">قال الوزير إن المرفأ سيفتح.</p>'
    article.save()
    assert stored_body(article) == "<p>قال الوزير إن المرفأ سيفتح.</p>"


def test_the_story_page_shows_the_quotation_left_to_right(client):
    article = make_article(body=f"<p>قال الوزير:</p><p>{QUOTE}</p>")
    assert f'<p dir="ltr">{QUOTE}</p>' in client.get(article.get_absolute_url()).text
