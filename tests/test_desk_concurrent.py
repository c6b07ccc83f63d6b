"""Two editors on one story: each sees the other, and a stale save is refused, not lost."""

import re

import pytest

from articles.models import Article
from tests.factories import article_admin_form_data, make_article, make_user

pytestmark = pytest.mark.django_db


def change_url(story) -> str:
    return f"/ar/admin/articles/article/{story.pk}/change/"


def loaded_at(page) -> str:
    return re.search(r'name="loaded_at" value="([^"]+)"', page.text).group(1)


@pytest.fixture
def two_editors(client, django_user_model):
    from django.test import Client

    first = make_user("Editors", first_name="ليلى", last_name="حداد")
    second = make_user("Editors", first_name="سامي", last_name="نصر")
    one, two = client, Client()
    one.force_login(first)
    two.force_login(second)
    return one, two


def test_second_editor_sees_who_has_the_story_open(two_editors):
    one, two = two_editors
    story = make_article()
    assert "presence-warning" not in one.get(change_url(story)).text
    text = two.get(change_url(story)).text
    assert "ليلى حداد" in text
    assert "presence-warning" in text


def test_stale_save_is_refused_with_both_versions_shown(two_editors):
    one, two = two_editors
    story = make_article(headline="العنوان الأصلي", body="<p>النص الأصلي.</p>")
    first_token = loaded_at(one.get(change_url(story)))
    second_token = loaded_at(two.get(change_url(story)))

    saved = one.post(
        change_url(story),
        article_admin_form_data(story, headline="عنوان ليلى", loaded_at=first_token),
    )
    assert saved.status_code == 302

    refused = two.post(
        change_url(story),
        article_admin_form_data(
            story, headline="عنوان سامي", body="<p>نص سامي.</p>", loaded_at=second_token
        ),
    )
    assert refused.status_code == 200
    text = refused.text
    assert "ليلى حداد" in text and "save-conflict" in text
    assert "عنوان ليلى" in text and "عنوان سامي" in text
    story.refresh_from_db()
    assert story.headline == "عنوان ليلى"

    # Having seen theirs, saving again is a deliberate choice and goes through.
    again = two.post(
        change_url(story),
        article_admin_form_data(
            story, headline="عنوان سامي", body="<p>نص سامي.</p>", loaded_at=loaded_at(refused)
        ),
    )
    assert again.status_code == 302
    story.refresh_from_db()
    assert story.headline == "عنوان سامي"


def test_the_conflict_box_never_shows_unsanitised_html(two_editors):
    one, two = two_editors
    story = make_article()
    token = loaded_at(two.get(change_url(story)))
    one.post(change_url(story), article_admin_form_data(story, headline="تعديل"))
    refused = two.post(
        change_url(story),
        article_admin_form_data(
            story,
            body='<p>نص</p><script>alert(1)</script><img src=x onerror="alert(2)">',
            loaded_at=token,
        ),
    )
    assert "save-conflict" in refused.text
    assert "<script>alert(1)" not in refused.text
    assert 'onerror="alert(2)"' not in refused.text


def test_presence_heartbeat_and_goodbye(two_editors):
    one, two = two_editors
    story = make_article()
    url = f"/ar/admin/articles/article/{story.pk}/presence/"
    one.get(change_url(story))
    assert [o["name"] for o in two.post(url).json()["others"]] == ["ليلى حداد"]
    one.post(url, {"leave": "1"})
    assert two.post(url).json()["others"] == []
    assert two.get(url).status_code == 405


def test_writers_cannot_touch_presence_of_stories_they_cannot_edit(client):
    story = make_article(status=Article.Status.PUBLISHED)
    client.force_login(make_user("Writers"))
    assert client.post(f"/ar/admin/articles/article/{story.pk}/presence/").status_code == 403
