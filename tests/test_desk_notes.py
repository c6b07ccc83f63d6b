"""Editorial notes: staff leave them on a story, readers never see them, the list counts them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Note
from tests.factories import article_admin_form_data, make_article, make_user

pytestmark = pytest.mark.django_db


def test_editor_leaves_a_note_seen_only_in_the_desk(client):
    editor = make_user("Editors", first_name="ليلى", last_name="حداد")
    client.force_login(editor)
    story = make_article()
    change = f"/ar/admin/articles/article/{story.pk}/change/"
    data = article_admin_form_data(story)
    data |= {"notes-TOTAL_FORMS": "1", "notes-0-text": "تحقق من اقتباس الوزير"}
    assert client.post(change, data).status_code == 302
    note = Note.objects.get()
    assert (note.article, note.author, note.text) == (story, editor, "تحقق من اقتباس الوزير")

    page = client.get(change).text
    assert "تحقق من اقتباس الوزير" in page and "ليلى حداد" in page
    listing = client.get("/ar/admin/articles/article/").text
    row = listing.split(story.headline, 1)[1].split("</tr>", 1)[0]
    assert '<td class="field-notes_col">1</td>' in row

    client.logout()
    assert "تحقق من اقتباس الوزير" not in client.get(story.get_absolute_url()).text


def test_story_list_counts_notes_without_a_query_per_row(client, django_assert_max_num_queries):
    client.force_login(make_user("Editors"))
    for n in range(15):
        story = make_article(headline=f"خبر {n}")
        Note.objects.create(article=story, text="ملاحظة")
    with django_assert_max_num_queries(14):
        assert client.get("/ar/admin/articles/article/").status_code == 200


def test_story_list_never_groups_the_archive_to_count_notes(client):
    """The list's count and date drill-down read the stories alone: the notes column is a
    subquery per listed row, not a join that groups every story (seconds on a big archive)."""
    client.force_login(make_user("Editors"))
    story = make_article(headline="خبر عليه ملاحظتان")
    Note.objects.create(article=story, text="ملاحظة أولى")
    Note.objects.create(article=story, text="ملاحظة ثانية")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/ar/admin/articles/article/").content.decode()
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    assert counts and not any("GROUP BY" in sql for sql in counts)
    row = page.split("خبر عليه ملاحظتان", 1)[1].split("</tr>", 1)[0]
    assert 'class="field-notes_col">2<' in row


def test_moderation_chart_says_how_old_it_is_and_keeps_lines_apart(client):
    client.force_login(make_user("Moderators"))
    text = client.get("/ar/admin/comments/comment/").text
    assert "أُحصيت عند" in text
    assert text.count("stroke-dasharray") >= 3
