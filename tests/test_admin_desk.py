"""The desk: bilingual admin, the story list, the story form and tag autocomplete."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Tag
from tests.factories import (
    article_admin_form_data,
    make_article,
    make_author,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/{lang}/admin/articles/article/"


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_login_page_speaks_the_staff_members_language(client, lang, direction):
    response = client.get(f"/{lang}/admin/login/")
    assert response.status_code == 200
    assert re.search(rf'<html lang="{lang}" dir="{direction}"', response.text)


def test_arabic_admin_is_right_to_left_for_a_logged_in_editor(client):
    client.force_login(make_user("Editors"))
    response = client.get("/ar/admin/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.text
    assert 'lang="ar"' in response.text
    english = client.get("/en/admin/")
    assert 'dir="ltr"' in english.text


def _changelist_table(html: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The column headings an editor reads, and each row's cells by heading, keyed by headline."""
    thead = re.search(r"<thead>.*?</thead>", html, re.S).group(0)
    headings = [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<th scope="col" class="[^"]*column-[^"]*">(.*?)</th>', thead, re.S)
    ]
    headings = [re.sub(r"\s+", " ", h) for h in headings]
    rows = {}
    tbody = re.search(r"<tbody>.*?</tbody>", html, re.S).group(0)
    for row in re.findall(r"<tr>(.*?)</tr>", tbody, re.S):
        cells = re.findall(r'<(?:td|th) class="field-[^"]*">(.*?)</(?:td|th)>', row, re.S)
        texts = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
        rows[texts[0]] = dict(zip(headings, texts, strict=True))
    return headings, rows


def test_story_list_shows_the_desk_columns_in_newsroom_time(client):
    section = make_section(name_ar="اقتصاد", name_en="Economy")
    author = make_author(name_ar="سامر ڤاضل", name_en="Samer Fadel")
    make_article(
        headline="المصرف المركزي يثبت الفائدة",
        section=section,
        authors=[author],
        # 19:40 UTC on 14 March 2023 was 21:40 in Beirut (UTC+2 that day).
        published_at=datetime(2023, 3, 14, 19, 40, tzinfo=UTC),
    )
    scheduled = make_article(
        headline="خبر مجدول للغد", published_at=timezone.now() + timedelta(days=1)
    )
    client.force_login(make_user("Editors"))
    response = client.get(CHANGELIST.format(lang="en"))
    assert response.status_code == 200
    headings, rows = _changelist_table(response.text)
    assert headings == [
        "Headline",
        "Language",
        "Section",
        "Status",
        "Published",
        "Last updated",
        "Authors",
        "Notes",
    ]
    # Newest first: the story scheduled for tomorrow heads the list.
    assert list(rows) == [scheduled.headline, "المصرف المركزي يثبت الفائدة"]
    published = rows["المصرف المركزي يثبت الفائدة"]
    assert published["Language"] == "Arabic"
    assert published["Section"] == "Economy"
    assert published["Status"] == "Published"
    assert published["Published"] == "2023/03/14 21:40"  # as the public pages print it
    assert published["Authors"] == "Samer Fadel"
    assert rows[scheduled.headline]["Status"] == "Scheduled"


def test_story_list_filters_search_and_date_hierarchy(client):
    make_article(headline="انتخابات نيابية في لبنان")
    make_article(headline="Football final tonight", language="en")
    make_article(headline="مسودة غير منشورة", status=Article.Status.DRAFT)
    client.force_login(make_user("Editors"))
    url = CHANGELIST.format(lang="en")

    drafts = client.get(url, {"status__exact": "draft"}).text
    assert "مسودة غير منشورة" in drafts
    assert "انتخابات نيابية في لبنان" not in drafts

    english = client.get(url, {"language__exact": "en"}).text
    assert "Football final tonight" in english
    assert "انتخابات نيابية في لبنان" not in english

    found = client.get(url, {"q": "انتخابات"}).text
    assert "انتخابات نيابية في لبنان" in found
    assert "Football final tonight" not in found

    # Date hierarchy: drill down by the year the stories were published in.
    year = timezone.localtime().year
    assert '<nav class="toplinks">' in client.get(url).text
    dated = client.get(url, {"published_at__year": year}).text
    assert "انتخابات نيابية في لبنان" in dated
    assert 'class="date-back"' in dated
    assert "انتخابات نيابية في لبنان" not in client.get(url, {"published_at__year": 2001}).text


def test_story_list_of_100_stories_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    sections = [make_section() for _ in range(4)]
    authors = [make_author() for _ in range(3)]
    for n in range(100):
        make_article(
            headline=f"خبر رقم {n}",
            section=sections[n % 4],
            authors=authors[: n % 3 + 1],
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
    client.force_login(make_user("Editors"))
    url = CHANGELIST.format(lang="ar")
    client.get(url)  # warm the session and content-type caches
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count('name="_selected_action"') == 100


def test_story_form_loads_ckeditor_in_arabic_with_the_direction_script(client):
    client.force_login(make_user("Editors"))
    response = client.get("/ar/admin/articles/article/add/")
    assert response.status_code == 200
    text = response.text
    assert "django_ckeditor_5/dist/bundle.js" in text
    assert "django_ckeditor_5/dist/translations/ar.js" in text
    assert '"language": "ar"' in text
    assert "js/admin/article-form.js" in text
    # Our script comes from a file, never inline.
    assert "ckeditorRegisterCallback" not in text


def test_story_form_fieldsets_follow_the_editors_work(client):
    client.force_login(make_user("Editors"))
    text = client.get("/en/admin/articles/article/add/").text
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", text)
    positions = [
        next(i for i, h in enumerate(headings) if name in h)
        # The story, then the publish box beside it: publishing first, then placement.
        for name in ("Story", "Media", "Publishing", "Placement")
    ]
    assert positions == sorted(positions)


def test_story_form_has_tag_autocomplete_and_pickers(client):
    client.force_login(make_user("Editors"))
    text = client.get("/en/admin/articles/article/add/").text
    assert 'data-suggest-url="/en/admin/articles/article/tag-suggestions/"' in text
    assert 'id="id_tags_suggestions"' in text
    for field in ("section", "authors", "translation"):
        assert re.search(
            rf'<select[^>]*name="{field}"[^>]*class="[^"]*admin-autocomplete', text
        ) or (f'data-field-name="{field}"' in text), field


def test_tag_suggestions_match_arabic_spelling_variants(client):
    for name in ("الأردن", "الأردنية", "إيران", "Economy"):
        Tag.objects.create(name=name)
    client.force_login(make_user("Writers"))
    url = "/ar/admin/articles/article/tag-suggestions/"
    names = [t["name"] for t in client.get(url, {"q": "الاردن"}).json()["results"]]
    assert names == ["الأردن", "الأردنية"]
    assert [t["name"] for t in client.get(url, {"q": "ايران"}).json()["results"]] == ["إيران"]
    assert [t["name"] for t in client.get(url, {"q": "econ"}).json()["results"]] == ["Economy"]
    assert client.get(url, {"q": "  "}).json() == {"results": []}


def test_tag_suggestions_are_for_desk_staff_only(client):
    Tag.objects.create(name="سري")
    url = "/ar/admin/articles/article/tag-suggestions/"
    anonymous = client.get(url, {"q": "سري"})
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    client.force_login(make_user())
    assert client.get(url, {"q": "سري"}).status_code == 302
    client.force_login(make_user("Moderators"))
    assert client.get(url, {"q": "سري"}).status_code == 403


def test_tag_admin_search_finds_spelling_variants(client):
    Tag.objects.create(name="الأردن")
    client.force_login(make_user("Editors"))
    response = client.get("/en/admin/articles/tag/", {"q": "الاردن"})
    assert response.text.count('<th class="field-name">') == 1
    assert ">الأردن</a>" in response.text


def test_tags_typed_in_the_form_resolve_to_the_existing_spelling(client):
    Tag.objects.create(name="الأردن")
    story = make_article(headline="خبر")
    client.force_login(make_user("Editors"))
    response = client.post(
        f"/en/admin/articles/article/{story.pk}/change/",
        article_admin_form_data(story, tags='الاردن, "بشار الأسد"'),
    )
    assert response.status_code == 302
    assert sorted(t.name for t in story.tags.all()) == ["الأردن", "بشار الأسد"]
    assert Tag.objects.count() == 2
