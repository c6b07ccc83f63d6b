"""Each role walked through the desk: what it may do, and what it is refused by every route.

Writers create and edit their own drafts and send them to review; they cannot
publish by an action, the status field, a forged POST, or reverting to a
published version. Editors publish, schedule and unpublish. Moderators see
comments only.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import article_admin_form_data, make_article, make_section, make_user

pytestmark = pytest.mark.django_db

ADD = "/en/admin/articles/article/add/"
CHANGELIST = "/en/admin/articles/article/"


def change_url(article) -> str:
    return f"/en/admin/articles/article/{article.pk}/change/"


def run_action(client, action, *articles):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [a.pk for a in articles],
            "index": 0,
            "confirmed": "yes",
        },
    )


def status_of(article) -> str:
    article.refresh_from_db()
    return article.status


@pytest.fixture
def writer(client):
    user = make_user("Writers")
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = make_user("Editors")
    client.force_login(user)
    return user


def own_draft(user, **kwargs):
    kwargs.setdefault("status", Article.Status.DRAFT)
    kwargs.setdefault("published_at", None)
    return make_article(created_by=user, **kwargs)


# -- Writers --


def test_writer_creates_a_draft_of_their_own(client, writer):
    data = article_admin_form_data(headline="مسودة كاتب", section=make_section().pk)
    response = client.post(ADD, data)
    assert response.status_code == 302
    story = Article.objects.get(headline="مسودة كاتب")
    assert story.created_by == writer
    assert story.status == Article.Status.DRAFT


def test_writer_edits_their_own_draft_and_sends_it_to_review(client, writer):
    story = own_draft(writer)
    response = client.post(
        change_url(story), article_admin_form_data(story, headline="عنوان معدل", status="review")
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "عنوان معدل"
    assert story.status == Article.Status.REVIEW


def test_writer_sends_a_draft_to_review_with_the_action(client, writer):
    story = own_draft(writer)
    run_action(client, "send_to_review", story)
    assert status_of(story) == Article.Status.REVIEW


def test_writer_sees_no_publishing_actions_or_choices(client, writer):
    story = own_draft(writer)
    changelist = client.get(CHANGELIST).text
    assert 'value="send_to_review"' in changelist
    for action in ("publish_now", "schedule", "unpublish"):
        assert f'value="{action}"' not in changelist
    form = client.get(change_url(story)).text
    assert 'value="published"' not in form
    assert 'value="unpublished"' not in form
    assert 'name="published_at_0"' not in form


@pytest.mark.parametrize("action", ["publish_now", "schedule", "unpublish"])
def test_writer_cannot_publish_by_a_forged_action(client, writer, action):
    draft = own_draft(writer, published_at=timezone.now() + timedelta(days=1))
    live = make_article(created_by=writer)
    run_action(client, action, draft, live)
    assert status_of(draft) == Article.Status.DRAFT
    assert status_of(live) == Article.Status.PUBLISHED


def test_writer_cannot_publish_through_the_status_field(client, writer):
    story = own_draft(writer)
    response = client.post(change_url(story), article_admin_form_data(story, status="published"))
    assert response.status_code == 200  # the form comes back with an error
    assert "Select a valid choice" in response.text
    assert status_of(story) == Article.Status.DRAFT


def test_writer_cannot_create_a_published_story_by_direct_post(client, writer):
    data = article_admin_form_data(
        headline="محاولة نشر", section=make_section().pk, status="published"
    )
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert not Article.objects.filter(status=Article.Status.PUBLISHED).exists()


def test_writer_cannot_set_the_publication_time(client, writer):
    story = own_draft(writer)
    future = timezone.localtime() + timedelta(days=2)
    client.post(
        change_url(story),
        article_admin_form_data(
            story,
            published_at_0=future.strftime("%Y-%m-%d"),
            published_at_1=future.strftime("%H:%M:%S"),
        ),
    )
    story.refresh_from_db()
    assert story.published_at is None


def test_writer_cannot_edit_someone_elses_draft(client, writer):
    other = own_draft(make_user("Writers"), headline="مسودة زميل")
    response = client.post(change_url(other), article_admin_form_data(other, headline="تخريب"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.headline == "مسودة زميل"
    run_action(client, "send_to_review", other)
    assert status_of(other) == Article.Status.DRAFT


def test_writer_cannot_edit_a_published_story_even_their_own(client, writer):
    live = make_article(created_by=writer, headline="خبر منشور")
    response = client.post(change_url(live), article_admin_form_data(live, headline="تعديل"))
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.headline == "خبر منشور"


def test_writer_cannot_republish_by_reverting_to_a_published_version(client, writer):
    story = make_article(created_by=writer, headline="نسخة منشورة")
    published_version = story.history.latest()
    story.status = Article.Status.DRAFT
    story.save()
    url = f"/en/admin/articles/article/{story.pk}/history/{published_version.history_id}/"
    response = client.post(url, article_admin_form_data(published_version.instance))
    assert response.status_code == 200  # refused by the form: "published" is not a writer's choice
    assert status_of(story) == Article.Status.DRAFT


def test_writer_cannot_revert_someone_elses_story(client, writer):
    story = make_article(headline="الأصل", status=Article.Status.DRAFT, published_at=None)
    version = story.history.latest()
    story.headline = "تعديل المحرر"
    story.save()
    url = f"/en/admin/articles/article/{story.pk}/history/{version.history_id}/"
    response = client.post(url, article_admin_form_data(version.instance))
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline == "تعديل المحرر"


# -- Editors --


def test_editor_publishes_now(client, editor):
    story = make_article(status=Article.Status.REVIEW, published_at=None)
    response = run_action(client, "publish_now", story)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_published
    assert client.get(story.get_absolute_url()).status_code == 200


def test_publish_now_keeps_a_live_storys_original_time(client, editor):
    earlier = timezone.now() - timedelta(days=3)
    story = make_article(published_at=earlier)
    run_action(client, "publish_now", story)
    story.refresh_from_db()
    assert story.published_at == earlier


def test_editor_schedules_a_story_that_stays_hidden_until_its_time(client, editor):
    story = make_article(
        status=Article.Status.REVIEW, published_at=timezone.now() + timedelta(hours=3)
    )
    run_action(client, "schedule", story)
    assert status_of(story) == Article.Status.PUBLISHED
    assert not story.is_published
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404


def test_scheduling_needs_a_future_time(client, editor):
    undated = make_article(status=Article.Status.REVIEW, published_at=None)
    past = make_article(status=Article.Status.REVIEW, published_at=timezone.now())
    response = run_action(client, "schedule", undated, past)
    assert status_of(undated) == Article.Status.REVIEW
    assert status_of(past) == Article.Status.REVIEW
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("in the future" in m for m in messages)


def test_editor_unpublishes(client, editor):
    story = make_article()
    run_action(client, "unpublish", story)
    assert status_of(story) == Article.Status.UNPUBLISHED
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404


def test_editor_edits_and_publishes_a_writers_story_through_the_form(client, editor):
    story = own_draft(make_user("Writers"))
    response = client.post(change_url(story), article_admin_form_data(story, status="published"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_published


def test_editor_schedules_through_the_form(client, editor):
    story = own_draft(make_user("Writers"))
    when = timezone.localtime() + timedelta(days=1)
    client.post(
        change_url(story),
        article_admin_form_data(
            story,
            status="published",
            published_at_0=when.strftime("%Y-%m-%d"),
            published_at_1=when.strftime("%H:%M:%S"),
        ),
    )
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert not story.is_published
    assert story not in Article.objects.published()


def test_minor_correction_tick_in_the_form_keeps_last_updated(client, editor):
    story = make_article()
    earlier = timezone.now() - timedelta(days=1)
    Article.objects.filter(pk=story.pk).update(updated_at=earlier)
    story.refresh_from_db()
    client.post(
        change_url(story),
        article_admin_form_data(story, headline="تصحيح إملائي", minor_correction="on"),
    )
    story.refresh_from_db()
    assert story.headline == "تصحيح إملائي"
    assert story.updated_at == earlier
    client.post(change_url(story), article_admin_form_data(story, body="<p>تطور جديد</p>"))
    story.refresh_from_db()
    assert story.updated_at > earlier


def test_editors_cannot_delete_stories(client, editor):
    story = make_article()
    response = client.post(f"/en/admin/articles/article/{story.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=story.pk).exists()


# -- Moderators and superusers --


def test_moderators_do_not_see_the_story_desk(client):
    client.force_login(make_user("Moderators"))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(ADD).status_code == 403
    story = make_article()
    assert client.get(change_url(story)).status_code == 403
    assert "/admin/articles/article/" not in client.get("/en/admin/").text


def test_superuser_has_every_action(client):
    client.force_login(make_user(superuser=True))
    text = client.get(CHANGELIST).text
    for action in ("publish_now", "schedule", "send_to_review", "unpublish"):
        assert f'value="{action}"' in text


def test_readers_cannot_enter_the_desk(client):
    client.force_login(make_user())
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
