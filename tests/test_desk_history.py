"""A story's history and its view-only page read as an Arabic editor expects."""

import re

import pytest

from articles.models import Article
from tests.factories import article_admin_form_data, make_article, make_user

pytestmark = pytest.mark.django_db


def change_url(story) -> str:
    return f"/ar/admin/articles/article/{story.pk}/change/"


def history_url(story) -> str:
    return f"/ar/admin/articles/article/{story.pk}/history/"


def edit(client, story, **changes):
    story.refresh_from_db()
    response = client.post(change_url(story), article_admin_form_data(story, **changes))
    assert response.status_code == 302, response.context and response.context["errors"]


@pytest.fixture
def edited_story(client):
    client.force_login(make_user("Editors"))
    story = make_article(
        headline="الحكومة تقر الموازنة",
        body="<p>أقرت الحكومة اللبنانية مشروع الموازنة العامة في جلسة مسائية طويلة.</p>",
        status=Article.Status.DRAFT,
    )
    edit(client, story, status=Article.Status.REVIEW)
    edit(
        client,
        story,
        body="<p>أقرت الحكومة اللبنانية مشروع الموازنة العامة في جلسة صباحية قصيرة.</p>",
        minor_correction="on",
    )
    return story


def test_history_shows_status_labels_and_a_word_diff_in_arabic(client, edited_story):
    response = client.get(history_url(edited_story))
    text = response.text
    # Status names in Arabic, never the stored codes.
    assert "قيد المراجعة" in text
    assert ">review<" not in text and ">draft<" not in text
    # The body as the words removed and added, right to left, no HTML source or "[… chars]".
    assert re.search(r'<div class="history-diff" dir="rtl">', text)
    assert "<del>مسائية طويلة.</del>" in text
    assert "<ins>صباحية قصيرة.</ins>" in text
    assert "&lt;p&gt;" not in text
    assert "chars]" not in text
    # The minor correction is marked.
    assert "تصحيح طفيف" in text


def test_history_has_no_english_headers_and_no_microseconds(client, edited_story):
    text = client.get(history_url(edited_story)).text
    for english in ("Date/time", "Changed by", "Object", "Change reason", "Changes"):
        assert f">{english}<" not in text
    # Times as the public pages print them, in Beirut, labelled; no fractions of a second.
    assert re.search(r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}</a>\s*<span[^>]*>\(بيروت\)", text)
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", text)


def test_saving_unchanged_never_shows_a_phantom_publication_time_change(client):
    client.force_login(make_user("Editors"))
    story = make_article(headline="خبر منشور")  # published now, with microseconds
    published_at = story.published_at
    edit(client, story)
    edit(client, story, headline="خبر منشور معدل")
    story.refresh_from_db()
    assert story.published_at == published_at
    text = client.get(history_url(story)).text
    assert "وقت النشر" not in text.split("<tbody>", 1)[1]


def test_library_arabic_corrected_by_the_project_catalogue(client, edited_story):
    text = client.get(history_url(edited_story)).text
    assert "إختر" not in text and "ادناه" not in text
    assert "اختر تاريخًا من القائمة أدناه" in text
    assert "تم انشاءه" not in text
    assert "أُنشئ" in text


def test_writer_view_only_page_renders_the_body_and_says_yes_or_no(client):
    story = make_article(body="<p>نص <strong>الخبر</strong></p>", comments_enabled=False)
    client.force_login(make_user("Writers"))
    text = client.get(change_url(story)).text
    assert "<strong>الخبر</strong>" in text
    assert "&lt;p&gt;" not in text
    assert 'alt="False"' not in text and 'alt="True"' not in text
    assert re.search(r"<div class=\"readonly\">\s*لا\s*</div>", text)


def test_new_story_has_no_minor_correction_box(client):
    client.force_login(make_user("Editors"))
    text = client.get("/ar/admin/articles/article/add/").text
    assert 'name="minor_correction"' not in text
    story = make_article()
    assert 'name="minor_correction"' in client.get(change_url(story)).text


def test_history_page_query_count_does_not_grow_with_versions(
    client, edited_story, django_assert_max_num_queries
):
    for n in range(5):
        edit(client, edited_story, headline=f"عنوان رقم {n}")
    with django_assert_max_num_queries(20):
        assert client.get(history_url(edited_story)).status_code == 200


def test_story_form_has_a_publish_box_beside_the_story(client):
    client.force_login(make_user("Editors"))
    story = make_article(status=Article.Status.DRAFT)
    text = client.get(change_url(story)).text
    side = text.split('<aside class="desk-side"', 1)[1].split("</aside>", 1)[0]
    for name in ("status", "published_at_0", "section", "tags", "translation"):
        assert f'name="{name}"' in side, name
    assert 'name="headline"' not in side
    assert 'name="_publish"' in side
    data = article_admin_form_data(story, _publish="1")
    assert client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED


def test_writers_get_no_publish_button_and_cannot_fake_one(client):
    writer = make_user("Writers")
    client.force_login(writer)
    story = make_article(status=Article.Status.DRAFT, created_by=writer)
    assert 'name="_publish"' not in client.get(change_url(story)).text
    client.post(change_url(story), article_admin_form_data(story, _publish="1"))
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT
