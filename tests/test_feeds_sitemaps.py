"""RSS feeds, sitemap.xml with hreflang pairs, and the Google News sitemap."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def hidden_stories(**kwargs):
    return [
        make_article(status=Article.Status.DRAFT, headline="مسودة", **kwargs),
        make_article(status=Article.Status.UNPUBLISHED, headline="سحبت", **kwargs),
        make_article(published_at=timezone.now() + timedelta(hours=3), headline="مجدولة", **kwargs),
    ]


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own response)
    return channel, [item.findtext("title") for item in channel.findall("item")]


def test_site_feed_lists_published_stories_of_the_interface_language(client):
    author = make_author(name_ar="ليلى حداد")
    story = make_article(headline="خبر منشور", authors=[author], tags=["لبنان"])
    make_article(language="en", headline="English story")
    hidden = hidden_stories()
    channel, titles = rss_items(client.get("/ar/feed/"))
    assert titles == [story.headline]
    assert channel.findtext("language") == "ar"
    item = channel.find("item")
    assert item.findtext("link") == f"http://testserver{story.get_absolute_url()}"
    assert item.findtext("category") == "لبنان"
    assert "ليلى حداد" in item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert all(h.headline not in titles for h in hidden)
    _channel, english = rss_items(client.get("/en/feed/"))
    assert english == ["English story"]


def test_section_feed(client):
    section = make_section()
    mine = make_article(section=section, headline="في القسم")
    make_article(headline="خارج القسم")
    hidden_stories(section=section)
    _channel, titles = rss_items(client.get(f"/ar/section/{section.slug}/feed/"))
    assert titles == [mine.headline]


def test_tag_feed_has_both_languages(client):
    arabic = make_article(tags=["بشار الأسد"], headline="عربي")
    english = make_article(language="en", tags=["بشار الأسد"], headline="English")
    make_article(tags=["آخر"])
    hidden_stories(tags=["بشار الأسد"])
    tag = arabic.tags.get()
    _channel, titles = rss_items(client.get(f"/ar/tag/{tag.slug}/feed/"))
    assert sorted(titles) == sorted([arabic.headline, english.headline])


def test_feed_of_unknown_section_is_404(client):
    assert client.get("/ar/section/none/feed/").status_code == 404


def test_sitemap_lists_every_published_story_with_hreflang_pairs(client):
    english = make_article(language="en", headline="Pair EN")
    arabic = make_article(translation=english, headline="زوج")
    alone = make_article(language="en", headline="Alone")
    draft_translation = make_article(language="en", status=Article.Status.DRAFT)
    with_draft = make_article(translation=draft_translation)
    hidden = hidden_stories()
    root = ET.fromstring(sitemap_page(client))  # noqa: S314 (our own response)
    urls = {u.findtext("sm:loc", namespaces=NS): u for u in root.findall("sm:url", NS)}
    base = "http://testserver"
    expected = {base + a.get_absolute_url() for a in (english, arabic, alone, with_draft)}
    assert set(urls) == expected
    assert all(base + h.get_absolute_url() not in urls for h in hidden)
    for story in (english, arabic):
        links = urls[base + story.get_absolute_url()].findall("xhtml:link", NS)
        assert {(link.get("hreflang"), link.get("href")) for link in links} == {
            ("ar", base + arabic.get_absolute_url()),
            ("en", base + english.get_absolute_url()),
        }
        assert all(link.get("rel") == "alternate" for link in links)
    assert urls[base + alone.get_absolute_url()].findall("xhtml:link", NS) == []
    assert urls[base + with_draft.get_absolute_url()].findall("xhtml:link", NS) == []
    assert urls[base + arabic.get_absolute_url()].findtext("sm:lastmod", namespaces=NS)


def sitemap_page(client) -> bytes:
    """sitemap.xml is an index; follow it to its (single, here) page of stories."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    root = ET.fromstring(index.content)  # noqa: S314 (our own response)
    locations = [loc.text for loc in root.iter(f"{{{NS['sm']}}}loc")]
    assert locations == ["http://testserver/sitemap-articles.xml"]
    response = client.get("/sitemap-articles.xml")
    assert response.status_code == 200
    return response.content


def test_sitemap_queries_do_not_grow_with_stories(client, django_assert_max_num_queries):
    for _ in range(30):
        english = make_article(language="en")
        make_article(translation=english)
    with django_assert_max_num_queries(2):
        client.get("/sitemap.xml")
    with django_assert_max_num_queries(3):
        response = client.get("/sitemap-articles.xml")
    assert response.content.count(b"<url>") == 60


def test_news_sitemap_lists_the_last_two_days(client):
    now = timezone.now()
    fresh = make_article(headline="خبر اليوم & غداً", published_at=now - timedelta(hours=5))
    fresh_en = make_article(language="en", headline="Today", published_at=now - timedelta(days=1))
    make_article(headline="قديم", published_at=now - timedelta(days=3))
    hidden_stories()
    response = client.get("/news-sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    entries = {
        u.findtext("sm:loc", namespaces=NS): u.find("news:news", NS)
        for u in root.findall("sm:url", NS)
    }
    base = "http://testserver"
    assert set(entries) == {base + fresh.get_absolute_url(), base + fresh_en.get_absolute_url()}
    news = entries[base + fresh.get_absolute_url()]
    assert news.findtext("news:title", namespaces=NS) == "خبر اليوم & غداً"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "ar"
    assert news.findtext("news:publication/news:name", namespaces=NS)
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published.endswith(("+02:00", "+03:00"))
    english = entries[base + fresh_en.get_absolute_url()]
    assert english.findtext("news:publication/news:language", namespaces=NS) == "en"
