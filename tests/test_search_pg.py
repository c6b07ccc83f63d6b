"""Search behaviour that only PostgreSQL has: stemming, ranking, ts_headline, the GIN index."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from articles import search as search_module
from articles import search_index
from articles.models import Article
from articles.search import matching, search_articles, with_excerpts
from articles.search_index import (
    _stemmer_form_sql,
    reindex_all,
    stemmer_form,
    text_search_configs,
)
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def found(q, **kwargs) -> list[str]:
    return [a.headline for a in search_articles(q, **kwargs)]


def test_server_has_the_arabic_and_english_configurations():
    assert text_search_configs() == ("arabic", "english")


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Municipal election results", "elections"),
        ("Elections postponed again", "election"),
        ("Ministers resign", "resignation"),
    ],
)
def test_english_stemming(stored, typed):
    make_article(headline=stored, language="en", standfirst="", summary="", body="")
    assert found(typed) == [stored]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("جولة في المدينة القديمة", "مدينة"),
        ("جولة في المدينة القديمة", "مدينه"),
        ("جولة في المدينة القديمة", "المدينه"),
        ("جولة في مدينة قديمة", "المدينة"),
        ("جولة في مدينه قديمه", "المدينة"),
        ("اجتماع الحكومة اليوم", "حكومه"),
        ("اجتماع حكومة الوحدة", "الحكومه"),
    ],
)
def test_arabic_stemming_with_and_without_the_article_and_taa_marbuta(stored, typed):
    make_article(headline=stored, standfirst="", summary="", body="")
    assert found(typed) == [stored]


def test_a_query_matches_stories_in_either_language():
    make_article(headline="Hezbollah statement", language="en", standfirst="", body="")
    make_article(headline="بيان صادر اليوم عن Hezbollah", standfirst="", body="")
    assert set(found("hezbollah")) == {"Hezbollah statement", "بيان صادر اليوم عن Hezbollah"}


def test_headline_matches_rank_above_body_matches():
    now = timezone.now() - timedelta(hours=1)
    make_article(
        headline="خبر عام",
        body="<p>نص يذكر عرسال مرة واحدة.</p>",
        published_at=now,  # newer, but the word is only in the body
    )
    make_article(headline="عرسال تستقبل النازحين", published_at=now - timedelta(days=3))
    make_article(
        headline="خبر ثالث",
        standfirst="مقدمة عن عرسال",
        published_at=now - timedelta(days=1),
    )
    assert found("عرسال") == ["عرسال تستقبل النازحين", "خبر ثالث", "خبر عام"]


def test_websearch_syntax_phrases_and_exclusions():
    make_article(headline="مرفأ بيروت يعود للعمل")
    make_article(headline="بيروت تستضيف مؤتمرا عن المرفأ الجديد")
    assert found('"مرفأ بيروت"') == ["مرفأ بيروت يعود للعمل"]
    assert found("بيروت -مرفا") == ["بيروت تستضيف مؤتمرا عن المرفأ الجديد"]


def test_ts_headline_excerpt_marks_the_original_spelling():
    story = make_article(
        headline="زيارة",
        standfirst="",
        body="<p>وصل الرئيسُ إلى مدينة صور صباح اليوم في زيارة رسمية.</p>",
    )
    [hit] = with_excerpts([story], "الرئيس")
    assert "<mark>الرئيسُ</mark>" in str(hit.excerpt)


def test_reindex_all_is_one_update():
    make_article(headline="خبر عن النبطية")
    Article.objects.update(search_vector=None)
    text_search_configs()  # cached configuration lookup, outside the count
    with CaptureQueriesContext(connection) as queries:
        assert reindex_all() == 1
    # One UPDATE, then fresh planner statistics.
    assert [q["sql"].split()[0] for q in queries] == ["UPDATE", "ANALYZE"]
    assert found("النبطيه") == ["خبر عن النبطية"]


def test_stored_vector_is_weighted():
    story = make_article(
        headline="عنوان",
        kicker="",
        standfirst="مقدمة",
        summary="",
        body="<p>متن</p>",
        tags=["وسم"],
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_article WHERE id = %s", [story.pk])
        vector = cursor.fetchone()[0]
    # headline A, standfirst B, body C (unmarked D is shown without a letter), tags D.
    assert "'عنو':1A" in vector or "عنوان':1A" in vector
    assert "B" in vector and "C" in vector
    assert "'وسم'" in vector


def test_search_uses_the_gin_index():
    make_article(headline="خبر عن جزين")
    queryset = matching(Article.objects.all(), "جزين")
    with connection.cursor() as cursor:
        # On a one-row table the planner would rather walk any index in order; leave it
        # only bitmap scans, which nothing but the GIN index can serve for a text match.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert "article_search_vector_gin" in queryset.explain()
    # Nothing is normalised per row at query time.
    with CaptureQueriesContext(connection) as queries:
        assert found("جزين") == ["خبر عن جزين"]
    assert queries and not any("translate" in q["sql"] for q in queries)


def test_falls_back_to_simple_without_the_arabic_configuration(monkeypatch):
    def simple(using="default"):
        return ("simple", "simple")

    monkeypatch.setattr(search_index, "text_search_configs", simple)
    monkeypatch.setattr(search_module, "text_search_configs", simple)
    make_article(headline="خبر عن الأسد في حلب")
    reindex_all()
    assert found("الاسد") == ["خبر عن الأسد في حلب"]
    story = Article.objects.get()
    [hit] = with_excerpts([story], "حلب")
    assert str(hit.excerpt)


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            "".join(chr(c) for c in range(0x0600, 0x0700)) + "abcXYZ 12 \u200b\u200f\ufeff\u00ad"
        ),
        max_size=30,
    )
)
def test_sql_normaliser_agrees_with_python(text):
    sql, params = _stemmer_form_sql("src.v")
    with connection.cursor() as cursor:
        query = f"SELECT lower({sql}) FROM (SELECT %s::text AS v) AS src"  # noqa: S608
        cursor.execute(query, [*params, text])
        in_sql = cursor.fetchone()[0]
    assert " ".join(in_sql.split()) == stemmer_form(text)


def test_only_the_newest_matches_are_ranked_and_the_page_says_so(client, monkeypatch):
    import articles.search_views

    monkeypatch.setattr(search_module, "RANK_WINDOW", 2)
    monkeypatch.setattr(articles.search_views, "RANK_WINDOW", 2)
    now = timezone.now()
    for i in range(3):
        make_article(headline=f"بعلبك {i}", published_at=now - timedelta(days=i + 1))
    assert found("بعلبك") == ["بعلبك 0", "بعلبك 1"]
    response = client.get("/en/search/", {"q": "بعلبك"})
    assert "The 2 most recent matching stories" in response.text


def test_the_search_runs_three_queries_however_many_match(client):
    """The ranked window (which is also the count), the page's stories, their excerpts."""
    now = timezone.now()
    for i in range(25):
        make_article(headline=f"زحلة {i}", published_at=now - timedelta(hours=i + 1))
    text_search_configs()  # cached configuration lookup, outside the count
    client.get("/ar/search/", {"q": "زحلة"})  # the shared parts of the page, cached
    totals = set()
    for page in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/ar/search/", {"q": "زحلة", "page": page})
        assert response.status_code == 200
        sql = [q["sql"] for q in queries]
        assert not [q for q in sql if "COUNT(" in q]
        assert len([q for q in sql if "ts_rank" in q]) == 1
        assert len([q for q in sql if '"articles_article"."id" IN (' in q]) == 1
        assert len([q for q in sql if "ts_headline" in q]) == 1
        totals.add(len(sql))
    assert len(totals) == 1
    assert response.context["page_obj"].paginator.count == 25
    assert len(response.context["hits"]) == 5


def test_ranking_and_paging_agree_across_pages(client):
    """Pages cut one ranked list: best matches first, then newest, no story twice."""
    now = timezone.now()
    for i in range(12):
        make_article(
            headline=f"عرسال {i}" if i % 3 == 0 else f"خبر {i}",
            body="<p>عرسال</p>",
            published_at=now - timedelta(hours=i + 1),
        )
    expected = [f"عرسال {i}" for i in (0, 3, 6, 9)] + [f"خبر {i}" for i in range(12) if i % 3]
    assert found("عرسال") == expected
    shown = []
    for page in (1, 2):
        response = client.get("/ar/search/", {"q": "عرسال", "page": page})
        shown += [hit.article.headline for hit in response.context["hits"]]
    assert shown == expected
