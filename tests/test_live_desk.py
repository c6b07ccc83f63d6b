"""Live coverage in the desk: switching, posting from the compact form, editing, removing, and
who may do each (checked on the server)."""

import pytest
from django.urls import reverse

from articles.models import LiveUpdate
from tests.factories import make_article, make_live_story, make_live_update, make_user

pytestmark = pytest.mark.django_db


def live_url(story) -> str:
    return reverse("admin:articles_article_live", args=[story.pk])


def coverage_url(story) -> str:
    return reverse("admin:articles_article_live_coverage", args=[story.pk])


def post_data(**overrides) -> dict:
    return {"title": "", "body": "<p>بدء فرز الأصوات في دائرة بيروت الأولى.</p>", **overrides}


def test_editor_switches_a_story_live_and_closes_it(client):
    story = make_article()
    editor = make_user("Editors")
    client.force_login(editor)
    page = client.get(live_url(story))
    assert page.status_code == 200
    assert "Switch to live coverage" in page.content.decode() or "التغطية المباشرة" in (
        page.content.decode()
    )
    client.post(coverage_url(story), {"action": "open"})
    story.refresh_from_db()
    assert story.is_live and story.live_started_at
    assert story.history.first().history_user == editor
    client.post(coverage_url(story), {"action": "close"})
    story.refresh_from_db()
    assert not story.is_live and story.live_closed_at
    started = story.live_started_at
    client.post(coverage_url(story), {"action": "open"})  # reopened: the start is kept
    story.refresh_from_db()
    assert story.is_live and story.live_started_at == started


def test_posting_adds_the_update_and_returns_an_empty_form(client):
    story = make_live_story()
    editor = make_user("Editors")
    client.force_login(editor)
    response = client.post(
        live_url(story), post_data(title="النتائج الأولى", key_event="on"), follow=True
    )
    update = LiveUpdate.objects.get(article=story)
    assert update.title == "النتائج الأولى" and update.key_event and not update.pinned
    assert update.author == editor
    html = response.content.decode()
    assert 'id="live-update-form"' in html  # the form again, empty for the next update
    assert 'value="النتائج الأولى"' not in html
    assert f'id="desk-update-{update.pk}"' in html


def test_an_empty_update_is_refused_with_a_message_and_nothing_lost(client):
    story = make_live_story()
    client.force_login(make_user("Editors"))
    response = client.post(live_url(story), post_data(title="عنوان محفوظ", body=""))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert "عنوان محفوظ" in response.content.decode()
    assert not LiveUpdate.objects.exists()


def test_writers_post_only_where_an_editor_allowed_it(client):
    story = make_live_story()
    writer = make_user("Writers")
    client.force_login(writer)
    assert client.post(live_url(story), post_data()).status_code == 403
    assert 'id="live-update-form"' not in client.get(live_url(story)).content.decode()
    # A writer cannot flip the switch themselves.
    assert client.post(coverage_url(story), {"action": "writers"}).status_code == 403
    editor = make_user("Editors")
    client.force_login(editor)
    client.post(coverage_url(story), {"action": "writers"})
    client.force_login(writer)
    assert client.post(live_url(story), post_data()).status_code == 302
    assert LiveUpdate.objects.get().author == writer


def test_nobody_posts_to_a_closed_story(client):
    story = make_live_story(live_writers_may_post=True)
    client.force_login(make_user("Editors"))
    client.post(coverage_url(story), {"action": "close"})
    assert client.post(live_url(story), post_data()).status_code == 403


def test_writers_edit_only_their_own_updates(client):
    story = make_live_story(live_writers_may_post=True)
    writer, other = make_user("Writers"), make_user("Writers")
    mine = make_live_update(story, author=writer)
    theirs = make_live_update(story, author=other)
    client.force_login(writer)
    edit = reverse("admin:articles_article_live_update", args=[story.pk, mine.pk])
    assert client.post(edit, post_data(body="<p>نص مصحح</p>")).status_code == 302
    mine.refresh_from_db()
    assert mine.edited_at and "نص مصحح" in mine.body
    edit_theirs = reverse("admin:articles_article_live_update", args=[story.pk, theirs.pk])
    assert client.post(edit_theirs, post_data()).status_code == 403
    remove_theirs = reverse("admin:articles_article_live_remove", args=[story.pk, theirs.pk])
    assert client.post(remove_theirs).status_code == 403


def test_remove_asks_on_get_and_removes_on_post(client):
    story = make_live_story()
    update = make_live_update(story)
    editor = make_user("Editors")
    client.force_login(editor)
    url = reverse("admin:articles_article_live_remove", args=[story.pk, update.pk])
    assert client.get(url).status_code == 200
    update.refresh_from_db()
    assert update.removed_at is None
    client.post(url)
    update.refresh_from_db()
    assert update.removed_at and update.removed_by == editor
    assert client.get(url).status_code == 404  # already gone
    page = client.get(live_url(story)).content.decode()
    removed = page[page.index('id="removed-updates"') :]
    assert editor.username in removed and "فرز الأصوات" in removed  # who took down what


def test_an_update_of_another_story_is_not_found_through_this_one(client):
    story, other = make_live_story(), make_live_story()
    update = make_live_update(other)
    client.force_login(make_user("Editors"))
    url = reverse("admin:articles_article_live_update", args=[story.pk, update.pk])
    assert client.get(url).status_code == 404


def test_the_coverage_switch_needs_post_and_a_known_action(client):
    story = make_article()
    client.force_login(make_user("Editors"))
    assert client.get(coverage_url(story)).status_code == 405
    response = client.post(coverage_url(story), {"action": "explode"}, follow=True)
    assert response.status_code == 200
    story.refresh_from_db()
    assert not story.has_live_coverage


def test_moderators_and_anonymous_users_cannot_reach_the_live_desk(client):
    story = make_live_story()
    assert client.get(live_url(story)).status_code == 302  # to the login page
    client.force_login(make_user("Moderators"))
    assert client.get(live_url(story)).status_code == 403


def test_the_story_form_links_to_its_live_page(client):
    story = make_article()
    client.force_login(make_user("Editors"))
    html = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert f'href="{live_url(story)}"' in html


def test_the_story_list_flags_live_stories(client):
    live_story, plain = make_live_story(headline="تغطية مباشرة"), make_article(headline="خبر عادي")
    client.force_login(make_user("Editors"))
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    row = html[html.index(live_story.headline) :]
    assert "desk-flag" in row[: row.index("</tr>")]
    row = html[html.index(plain.headline) :]
    assert "desk-flag" not in row[: row.index("</tr>")]


def test_the_desk_dates_a_closed_coverage_as_the_reader_page_does(client):
    from datetime import UTC, datetime

    from newsroom import dates

    closed = datetime(2026, 3, 14, 16, 4, tzinfo=UTC)
    story = make_live_story(live_started_at=closed.replace(hour=9), live_closed_at=closed)
    client.force_login(make_user("Editors"))
    page = client.get(live_url(story)).content.decode()
    state = page[page.index('class="live-desk__state"') :]
    said = state[: state.index("</p>")]
    assert dates.date_line(closed) in said and dates.clock(closed) in said
    reader = client.get(story.get_absolute_url()).content.decode()
    assert f"{dates.date_line(closed)} {dates.clock(closed)}" in reader  # the same date there


@pytest.mark.parametrize(
    ("live", "removed", "heading", "summary"),
    [
        (0, 1, "لا تحديثات", "تحديث محذوف واحد"),
        (1, 2, "تحديث واحد", "تحديثان محذوفان"),
        (2, 3, "تحديثان", "3 تحديثات محذوفة"),
    ],
)
def test_the_desk_counts_updates_in_proper_arabic(client, live, removed, heading, summary):
    story = make_live_story()
    editor = make_user("Editors")
    for _ in range(live):
        make_live_update(story)
    for _ in range(removed):
        make_live_update(story, removed_at=story.live_started_at, removed_by=editor)
    client.force_login(editor)
    page = client.get(live_url(story)).content.decode()
    assert f'<h2 id="live-stream-heading">{heading}</h2>' in page
    assert f"<summary>{summary}</summary>" in page
