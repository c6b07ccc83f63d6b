"""Home, section, tag, author and archive pages: published stories only, paginated, cheap."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import Article
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


WINTER = datetime(2023, 3, 14, 19, 40, tzinfo=UTC)


def headlines(html: str) -> list[str]:
    return re.findall(r'class="card__headline"><a href="[^"]+">([^<]+)</a>', html)


def hidden_stories(**kwargs):
    """One of each kind of story a reader must never see listed."""
    return [
        make_article(status=Article.Status.DRAFT, headline="مسودة", **kwargs),
        make_article(status=Article.Status.REVIEW, headline="قيد المراجعة", **kwargs),
        make_article(status=Article.Status.UNPUBLISHED, headline="سحبت", **kwargs),
        make_article(published_at=timezone.now() + timedelta(hours=3), headline="مجدولة", **kwargs),
    ]


def test_home_shows_the_lead_then_sections(client):
    politics = make_section(name_ar="سياسة", position=1)
    economy = make_section(name_ar="اقتصاد", position=2)
    now = timezone.now()
    older = make_article(section=economy, published_at=now - timedelta(hours=5), headline="أ")
    lead = make_article(section=politics, published_at=now - timedelta(minutes=5), headline="ب")
    second = make_article(section=politics, published_at=now - timedelta(hours=2), headline="ج")
    make_article(language="en", section=politics, headline="English only")
    hidden_stories(section=politics)
    html = client.get("/ar/").text
    assert headlines(html) == [lead.headline, second.headline, older.headline]
    assert html.index(">سياسة</a></h2>") < html.index(">اقتصاد</a></h2>")
    assert 'class="card card--lead"' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1


def test_home_keeps_at_most_four_stories_per_section(client):
    section = make_section()
    for _ in range(7):
        make_article(section=section)
    html = client.get("/ar/").text
    assert len(headlines(html)) == 1 + 4


def test_english_home_lists_english_stories(client):
    make_article(headline="عربي")
    english = make_article(language="en", headline="English story")
    html = client.get("/en/").text
    assert headlines(html) == [english.headline]
    assert '<html lang="en" dir="ltr">' in html


def test_home_query_budget(client, django_assert_max_num_queries):
    sections = [make_section() for _ in range(6)]
    authors = [make_author() for _ in range(3)]
    for n in range(30):
        make_article(section=sections[n % 6], authors=authors, tags=[f"و{n}", "مشترك"])
    with django_assert_max_num_queries(10):
        response = client.get("/ar/")
    assert len(headlines(response.text)) == 1 + 6 * 4


def test_section_page_lists_only_its_published_stories_in_the_interface_language(client):
    section = make_section(name_ar="رياضة")
    shown = make_article(section=section, headline="مباراة")
    make_article(section=section, language="en", headline="Match")
    make_article(headline="قسم آخر")
    hidden_stories(section=section)
    html = client.get(section.get_absolute_url()).text
    assert headlines(html) == [shown.headline]
    assert re.search(r"<h1[^>]*>رياضة</h1>", html)


def test_section_page_is_paginated_newest_first(client):
    section = make_section()
    now = timezone.now()
    stories = [
        make_article(section=section, published_at=now - timedelta(minutes=n), headline=f"خبر {n}")
        for n in range(25)
    ]
    first = client.get(section.get_absolute_url()).text
    assert headlines(first) == [s.headline for s in stories[:20]]
    assert 'rel="next" href="?page=2"' in first
    second = client.get(section.get_absolute_url() + "?page=2").text
    assert headlines(second) == [s.headline for s in stories[20:]]
    assert 'rel="prev" href="?page=1"' in second
    assert client.get(section.get_absolute_url() + "?page=3").status_code == 404


def test_unknown_section_tag_author_are_404(client):
    for path in ("/ar/section/nothing/", "/ar/tag/nothing/", "/ar/author/nobody/"):
        assert client.get(path).status_code == 404


def test_tag_page_lists_both_languages_each_with_its_direction(client):
    arabic = make_article(tags=["بشار الأسد"], headline="خبر عربي")
    english = make_article(language="en", tags=["بشار الأسد"], headline="English story")
    make_article(tags=["لبنان"])
    hidden_stories(tags=["بشار الأسد"])
    tag = arabic.tags.get()
    assert tag.slug == "بشار-الأسد"
    response = client.get(tag.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert sorted(headlines(html)) == sorted([arabic.headline, english.headline])
    assert re.search(
        r'<article class="card" lang="en" dir="ltr">\s*<h2 class="card__headline">'
        r'<a href="[^"]+">English story',
        html,
    )
    assert re.search(
        r'<article class="card" lang="ar" dir="rtl">\s*<h2 class="card__headline">'
        r'<a href="[^"]+">خبر عربي',
        html,
    )
    # Each card's date follows its own language.
    assert re.search(r"English story.*?\d{1,2} [A-Z][a-z]+ \d{4}</time>", html, re.S)


def test_author_page(client):
    author = make_author(name_ar="ليلى حداد", bio_ar="مراسلة في بيروت.")
    mine = make_article(authors=[author], headline="خبر ليلى")
    make_article(headline="خبر غيرها")
    hidden_stories(authors=[author])
    html = client.get(author.get_absolute_url()).text
    assert headlines(html) == [mine.headline]
    assert re.search(r"<h1[^>]*>ليلى حداد</h1>", html)
    assert "مراسلة في بيروت." in html


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_listing_query_budgets(client, django_assert_max_num_queries, kind):
    section = make_section()
    authors = [make_author() for _ in range(5)]
    for n in range(40):
        make_article(section=section, authors=authors, tags=["مشترك", f"وسم {n}"])
    url = {
        "section": section.get_absolute_url(),
        "tag": Article.objects.first().tags.get(name="مشترك").get_absolute_url(),
        "author": authors[0].get_absolute_url(),
    }[kind]
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(headlines(response.text)) == 20


def test_date_archive_year_month_day(client):
    march = make_article(published_at=WINTER, headline="آذار")
    make_article(published_at=datetime(2023, 7, 10, 18, 5, tzinfo=UTC), headline="تموز")
    make_article(published_at=datetime(2022, 12, 15, 9, 0, tzinfo=UTC), headline="كانون")
    make_article(published_at=WINTER, language="en", headline="English March")
    make_article(published_at=WINTER, status=Article.Status.DRAFT, headline="مسودة آذار")
    year = client.get("/ar/archive/2023/").text
    assert sorted(headlines(year)) == sorted(["آذار", "تموز"])
    assert "آذار/مارس 2023</a>" in year
    month = client.get("/ar/archive/2023/3/").text
    assert headlines(month) == [march.headline]
    assert '<h1 class="listing-title">آذار/مارس 2023' in month
    day = client.get("/ar/archive/2023/3/14/").text
    assert headlines(day) == [march.headline]
    assert "14 آذار/مارس 2023" in day
    index = client.get("/ar/archive/").text
    assert 'href="/ar/archive/2022/"' in index
    assert client.get("/ar/archive/2021/").status_code == 404


def test_archive_day_is_the_day_in_beirut(client):
    # 22:30 UTC on 14 March is already 15 March in Beirut.
    late = make_article(published_at=datetime(2023, 3, 14, 22, 30, tzinfo=UTC), headline="ليلاً")
    assert headlines(client.get("/ar/archive/2023/3/15/").text) == [late.headline]


@override_settings(NEWSROOM_MONTH_NAMES="international", NEWSROOM_DIGITS="eastern")
def test_cards_follow_month_and_digit_settings(client):
    make_article(published_at=WINTER)
    html = client.get("/ar/archive/2023/3/").text
    assert "١٤ مارس ٢٠٢٣</time>" in html


def test_language_switcher_on_listings_keeps_the_page(client):
    section = make_section(slug="sport")
    html = client.get("/ar/section/sport/").text
    assert (
        '<a class="language-switch" href="/en/section/sport/" hreflang="en" lang="en">English'
        in html
    )
    html = client.get("/en/archive/").text
    assert 'href="/ar/archive/" hreflang="ar" lang="ar">العربية' in html
    assert section


def test_language_switcher_keeps_an_arabic_query_readable(client):
    """A query sent as raw UTF-8 (as curl and some proxies do) is re-encoded, not mangled."""
    html = client.get("/ar/search/?q=port+المرفأ&section=").text
    assert 'href="/en/search/?q=port+%D8%A7%D9%84%D9%85%D8%B1%D9%81%D8%A3&amp;section="' in html


def test_listing_seo_tags(client):
    section = make_section(slug="sport", name_ar="رياضة")
    make_article(section=section)
    html = client.get("/ar/section/sport/?page=1&utm=x").text
    assert "<title>رياضة | " in html
    assert '<link rel="canonical" href="http://testserver/ar/section/sport/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/section/sport/">' in html
    assert 'type="application/rss+xml" title="رياضة" href="/ar/section/sport/feed/"' in html


def test_404_page_is_localised(client):
    response = client.get("/en/news/no-such-story/")
    assert response.status_code == 404
    assert '<html lang="en" dir="ltr">' in response.text
    assert "Page not found" in response.text
    arabic = client.get("/ar/news/no-such-story/")
    assert '<html lang="ar" dir="rtl">' in arabic.text
    with translation.override("ar"):
        assert gettext("Page not found") in arabic.text


def test_500_page_renders_without_context_or_database(django_assert_num_queries):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    with translation.override("ar"), django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/ar/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<a href="/ar/">' in html


def test_robots_txt_points_at_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert "Disallow: /ar/admin/" in lines
