"""Translation pairs: symmetric, at most one per language, navigable both ways."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_linking_one_side_links_both():
    arabic = make_article(headline="قمة المناخ في بيروت")
    english = make_article(headline="Climate summit in Beirut", language="en", translation=arabic)
    arabic.refresh_from_db()
    assert english.translation == arabic
    assert arabic.translation == english


def test_a_new_pair_releases_the_old_partner():
    arabic = make_article(headline="خبر")
    first = make_article(headline="First", language="en", translation=arabic)
    second = make_article(headline="Second", language="en")
    arabic.translation = second
    arabic.save()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.translation is None
    assert second.translation == arabic


def test_clearing_a_translation_clears_both_sides():
    arabic = make_article(headline="خبر")
    english = make_article(headline="Story", language="en", translation=arabic)
    english.translation = None
    english.save()
    arabic.refresh_from_db()
    assert arabic.translation is None


def test_translation_must_be_in_the_other_language():
    one = make_article(headline="خبر أول")
    two = make_article(headline="خبر ثان")
    two.translation = one
    with pytest.raises(ValidationError) as error:
        two.full_clean()
    assert "translation" in error.value.message_dict


def test_a_story_cannot_translate_itself():
    story = make_article(headline="خبر")
    story.translation = story
    with pytest.raises(ValidationError):
        story.full_clean()


def test_each_side_links_to_the_other(client):
    arabic = make_article(headline="افتتاح معرض الكتاب")
    english = make_article(headline="Book fair opens", language="en", translation=arabic)
    arabic.refresh_from_db()
    assert arabic.translation.get_absolute_url() == english.get_absolute_url()
    assert english.translation.get_absolute_url() == arabic.get_absolute_url()
    assert client.get(arabic.translation.get_absolute_url()).status_code == 200


def test_a_writer_cannot_pair_a_new_story_with_a_published_one(client):
    from articles.models import Article
    from tests.factories import article_admin_form_data, make_section, make_user

    published = make_article(headline="خبر منشور", created_by=make_user("Editors"))
    client.force_login(make_user("Writers"))
    data = article_admin_form_data(
        headline="A new story", language="en", section=make_section().pk, translation=published.pk
    )
    response = client.post("/en/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "Ask an editor" in str(response.context["adminform"].form.errors["translation"])
    published.refresh_from_db()
    assert published.translation_id is None
    assert Article.objects.count() == 1
