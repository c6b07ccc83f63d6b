"""Reader search at /ar/search/ and /en/search/, on whichever database the suite runs.

PostgreSQL-only behaviour (stemming, ts_headline, the GIN index) is in test_search_pg.py;
test_search_sqlite.py covers what only the SQLite fallback does.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.search import (
    MAX_QUERY_LENGTH,
    clean_query,
    search_articles,
    with_excerpts,
)
from articles.search_index import reindex_all
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

URL = "/ar/search/"


def headlines(response) -> list[str]:
    return [h.article.headline for h in response.context["hits"]]


def search(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return response


def test_search_url_is_under_both_language_prefixes():
    from django.utils import translation

    with translation.override("ar"):
        assert reverse("articles:search") == "/ar/search/"
    with translation.override("en"):
        assert reverse("articles:search") == "/en/search/"


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("الأسد يلقي خطابا", "الاسد"),  # hamza on alef, typed without
        ("الاسد يلقي خطابا", "الأسد"),  # and the reverse
        ("مُحَمَّد يزور دمشق", "محمد"),  # diacritics in the story, plain query
        ("محمد يزور دمشق", "مُحَمَّد"),  # plain story, query with diacritics
        ("وفد في مـوسـكـو", "موسكو"),  # tatweel
        ("وفد في موسكوٌ", "موسكو"),  # tanween
        ("افتتاح مدرسة جديدة", "مدرسه"),  # taa marbuta typed as haa
        ("افتتاح مدرسه جديدة", "مدرسة"),  # and the reverse
        ("وزير الخارجية في مستشفى المدينة", "مستشفي"),  # alef maqsura typed as yaa
        ("انتخابات عام 2026 البلدية", "٢٠٢٦"),  # Eastern Arabic digits
        ("انتخابات عام ٢٠٢٦ البلدية", "2026"),  # and the reverse
    ],
)
def test_normalised_matching(client, stored, typed):
    make_article(headline=stored)
    make_article(headline="خبر آخر لا علاقة له")
    assert headlines(search(client, typed)) == [stored]


def test_matches_in_every_part_of_the_story(client):
    make_article(headline="عنوان أول", kicker="", standfirst="", body="<p>في المتن: زحلة</p>")
    make_article(headline="عنوان ثان", standfirst="مقدمة عن زحلة", body="<p>لا شيء</p>")
    make_article(headline="عنوان ثالث", summary="ملخص عن زحلة", body="<p>لا شيء</p>")
    make_article(headline="عنوان رابع", kicker="زحلة", body="<p>لا شيء</p>")
    make_article(headline="عنوان خامس", body="<p>لا شيء هنا</p>")
    found = set(headlines(search(client, "زحلة")))
    assert found == {"عنوان أول", "عنوان ثان", "عنوان ثالث", "عنوان رابع"}


def test_html_in_the_body_is_not_searched_as_words(client):
    make_article(headline="قصة", body='<p><a href="https://example.org/strong">رابط</a></p>')
    assert headlines(search(client, "href")) == []
    assert headlines(search(client, "رابط")) == ["قصة"]


def test_tag_names_are_searchable_and_follow_tag_changes(client):
    story = make_article(headline="قمة في العاصمة", tags=["بشار الأسد"])
    assert headlines(search(client, "بشار")) == ["قمة في العاصمة"]
    story.tags.set(["زغرتا"])
    assert headlines(search(client, "بشار")) == []
    assert headlines(search(client, "زغرتا")) == ["قمة في العاصمة"]
    story.tags.clear()
    assert headlines(search(client, "زغرتا")) == []


def test_section_names_are_searchable_and_follow_renames(client):
    section = make_section(name_ar="رياضة", name_en="Sport")
    make_article(headline="مباراة الأمس", section=section)
    assert headlines(search(client, "رياضة")) == ["مباراة الأمس"]
    section.name_ar = "ملاعب"
    section.save()
    assert headlines(search(client, "رياضة")) == []
    assert headlines(search(client, "ملاعب")) == ["مباراة الأمس"]


def test_edits_are_searchable_at_once(client):
    story = make_article(headline="عنوان قديم")
    story.headline = "عنوان جديد عن طرابلس"
    story.save()
    assert headlines(search(client, "طرابلس")) == ["عنوان جديد عن طرابلس"]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": timezone.now() + timedelta(hours=2)},
    ],
    ids=["draft", "review", "unpublished", "scheduled"],
)
def test_unpublished_draft_and_future_stories_never_appear(client, hidden):
    make_article(headline="صيدا تستقبل الزوار", **hidden)
    response = search(client, "صيدا")
    assert headlines(response) == []
    assert "صيدا تستقبل الزوار" not in response.text


def test_language_filter(client):
    make_article(headline="Beirut port reopens", language="en")
    make_article(headline="إعادة فتح مرفأ Beirut", language="ar")
    assert set(headlines(search(client, "beirut"))) == {
        "Beirut port reopens",
        "إعادة فتح مرفأ Beirut",
    }
    assert headlines(search(client, "beirut", lang="en")) == ["Beirut port reopens"]
    assert headlines(search(client, "beirut", lang="ar")) == ["إعادة فتح مرفأ Beirut"]
    # An unknown language is ignored, not an error.
    assert len(headlines(search(client, "beirut", lang="xx"))) == 2


def test_section_filter(client):
    politics = make_section(slug="politics")
    sport = make_section(slug="sport")
    make_article(headline="جبيل في السياسة", section=politics)
    make_article(headline="جبيل في الرياضة", section=sport)
    assert headlines(search(client, "جبيل", section="sport")) == ["جبيل في الرياضة"]
    assert len(headlines(search(client, "جبيل", section="no-such-section"))) == 2


def test_query_found_in_english_page_too(client):
    make_article(headline="الأسد في دمشق")
    response = client.get("/en/search/", {"q": "الاسد"})
    assert response.status_code == 200
    assert headlines(response) == ["الأسد في دمشق"]
    assert '<html lang="en" dir="ltr">' in response.text


def test_pagination_keeps_the_search(client):
    base = timezone.now() - timedelta(days=1)
    for i in range(13):
        make_article(headline=f"صور {i}", published_at=base + timedelta(minutes=i))
    first = search(client, "صور", lang="ar")
    assert len(first.context["hits"]) == 10
    assert first.context["page_obj"].paginator.count == 13
    assert "q=%D8%B5%D9%88%D8%B1&amp;lang=ar&amp;page=2" in first.text
    second = search(client, "صور", lang="ar", page=2)
    assert len(second.context["hits"]) == 3
    assert not set(headlines(first)) & set(headlines(second))
    # A page past the end or not a number shows a page, not an error.
    assert search(client, "صور", page=99).context["page_obj"].number == 2
    assert search(client, "صور", page="x").context["page_obj"].number == 1


def test_no_results_page_suggests_recent_stories(client):
    make_article(headline="آخر الأخبار من صور")
    response = search(client, "كلمةغيرموجودة")
    assert headlines(response) == []
    assert "كلمةغيرموجودة" in response.text
    assert [s.headline for s in response.context["suggestions"]] == ["آخر الأخبار من صور"]
    assert "آخر الأخبار من صور" in response.text


def test_empty_search_shows_the_form(client):
    make_article(headline="خبر")
    response = search(client, "")
    assert 'name="q"' in response.text
    assert response.context["searched"] is False
    assert response.context["hits"] == []


def test_excerpts_highlight_and_escape(client):
    make_article(
        headline="Museum",
        language="en",
        standfirst="",
        body=(
            "<p>Tom &amp; Jerry &lt;3 &lt;script&gt;alert(1)&lt;/script&gt; the museum: "
            "5 &lt; 6 &amp; 7 and more words follow here and there.</p>"
        ),
    )
    response = search(client, "museum")
    excerpt = str(response.context["hits"][0].excerpt)
    assert re.search(r"<mark>museum</mark>", excerpt, re.I)
    # Nothing but the marks is markup: the story's text comes out escaped.
    assert "<" not in re.sub(r"</?mark>", "", excerpt)
    assert "5 &lt; 6 &amp; 7" in excerpt
    assert "<script>" not in response.text


def test_excerpt_marks_cannot_be_injected():
    story = make_article(
        headline="Marks",
        language="en",
        standfirst="",
        body="<p>\ue000<b>bold</b>\ue001 harbour news</p>",
    )
    [hit] = with_excerpts([story], "harbour")
    assert "<b>" not in str(hit.excerpt)
    assert str(hit.excerpt).count("<mark>") == str(hit.excerpt).count("</mark>") >= 1


def test_headline_and_query_are_escaped_on_the_page(client):
    make_article(headline="<img src=x onerror=alert(1)> قصة")
    response = search(client, "<img src=x onerror=alert(1)> قصة")
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text


HOSTILE = [
    '"',
    '"unclosed phrase',
    "'; DROP TABLE articles_article; --",
    "&|!():*",
    "a & | b ! ( ) : * <-> <2>",
    "-",
    "or",
    "!!!",
    "x" * 10_000,
    "الأسد " * 2_000,
    "ًٌٍَُِّْ",
    "ـــــ",
    "\x00",
    "الأسد\x00دمشق",
    "%",
    "_",
    "\\",
    "\u202e\u2066",
    "\ufeff",
    " ",
    "",
]


@pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_answer_200(client, q):
    make_article(headline="الأسد في دمشق")
    response = client.get(URL, {"q": q, "page": "-1", "section": q[:50], "lang": q[:5]})
    assert response.status_code == 200
    assert "<html" in response.text


def test_lone_surrogates_and_invalid_utf8_answer_200(client):
    make_article(headline="الأسد في دمشق")
    # A CESU-8 lone surrogate and a stray byte, percent-encoded as a browser might send them.
    response = client.get(URL + "?q=%ED%A0%80%D8%A7%D9%84%D8%A7%D8%B3%D8%AF%FF")
    assert response.status_code == 200
    assert headlines(response) == ["الأسد في دمشق"]
    # And straight into the search functions.
    assert list(search_articles("\ud800الاسد\udfff"))


def test_query_is_capped():
    assert len(clean_query("ب" * 10_000)) == MAX_QUERY_LENGTH
    assert clean_query("\x00\x01 الأسد \x7f") == "الاسد"


def test_reindex_all_indexes_bulk_created_stories(client):
    section = make_section()
    now = timezone.now() - timedelta(hours=1)
    Article.objects.bulk_create(
        [
            Article(
                headline=f"خبر مجمع {i} عن البترون",
                slug=f"bulk-{i}",
                section=section,
                status=Article.Status.PUBLISHED,
                published_at=now,
            )
            for i in range(5)
        ]
    )
    assert headlines(search(client, "البترون")) == []
    assert reindex_all() == 5
    # (Another address than above: the page cache cannot know about bulk inserts.)
    assert len(headlines(search(client, "البترون", lang="ar"))) == 5


def test_reindex_search_command(client, capsys):
    from django.core.management import call_command

    make_article(headline="خبر عن جونية")
    Article.objects.update(search_vector=None, search_text="")
    call_command("reindex_search")
    assert "1" in capsys.readouterr().out
    assert headlines(search(client, "جونيه")) == ["خبر عن جونية"]


def test_search_page_query_budget(client, django_assert_max_num_queries):
    for i in range(30):
        make_article(headline=f"قصة عن الجنوب {i}", tags=["الجنوب", f"وسم {i}"])
    with django_assert_max_num_queries(7):
        response = search(client, "الجنوب")
    assert len(response.context["hits"]) == 10


def test_tag_renames_and_deletions_reach_the_index(client):
    from articles.models import Tag

    make_article(headline="مهرجان الربيع", tags=["بعلبك"])
    tag = Tag.objects.get(name="بعلبك")
    tag.name = "جرش"
    tag.save()
    assert headlines(search(client, "جرش")) == ["مهرجان الربيع"]
    tag.delete()
    assert headlines(search(client, "جرش", lang="ar")) == []


def test_head_requests_and_the_echoed_query(client):
    assert client.head(URL, {"q": "بيروت"}).status_code == 200
    response = search(client, "بيروت\u202e\x01 الأسد")
    # Shown back as typed (not normalised), without controls that could reorder the page.
    assert 'value="بيروت الأسد"' in response.text
