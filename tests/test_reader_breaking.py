"""Breaking news: a banner on every page until the editor's end time, with no job to run."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from newsroom.cache import fragments
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def banner(html: str) -> str:
    if 'class="breaking"' not in html:
        return ""
    start = html.index('class="breaking"')
    return html[start : html.index("</aside>", start)]


def test_banner_on_every_page_in_its_language_until_the_end(client):
    section = make_section(slug="politics")
    story = make_article(
        section=section,
        headline="عاجل: زلزال في الشمال",
        breaking_until=timezone.now() + timedelta(hours=1),
    )
    english = make_article(language="en", headline="Quiet day")
    for path in ("/ar/", "/ar/section/politics/", english.url_in("ar"), "/ar/search/"):
        html = client.get(path).text
        assert story.headline in banner(html), path
        assert f'href="{story.get_absolute_url()}"' in banner(html)
    assert banner(client.get("/en/").text) == ""


def test_no_banner_after_its_end_time_or_once_cleared(client):
    story = make_article(breaking_until=timezone.now() + timedelta(hours=1))
    assert banner(client.get("/ar/").text)
    Article.objects.filter(pk=story.pk).update(breaking_until=timezone.now() - timedelta(seconds=1))
    # A minute later: every cached page and kept fragment has expired.
    cache.clear()
    fragments.clear()
    assert banner(client.get("/ar/").text) == ""
    story.refresh_from_db()
    story.breaking_until = None
    story.save()
    assert banner(client.get("/ar/").text) == ""


def test_the_end_time_is_in_the_page_for_the_script(client):
    until = timezone.now() + timedelta(minutes=30)
    make_article(breaking_until=until)
    html = client.get("/ar/").text
    assert 'data-breaking-until="' in banner(html)
    assert "js/breaking.js" in html


def test_a_draft_is_never_announced(client):
    make_article(
        status=Article.Status.DRAFT,
        published_at=None,
        breaking_until=timezone.now() + timedelta(hours=1),
    )
    assert banner(client.get("/ar/").text) == ""
