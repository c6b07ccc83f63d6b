"""Arabic slugs: kept in Arabic, clean, unique per language, and their addresses work."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article, SlugRedirect
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_slug_from_an_arabic_headline_stays_arabic():
    article = make_article(headline="الحكومة تُقِرّ الموازنة العامة")
    assert article.slug == "الحكومة-تقر-الموازنة-العامة"


def test_slug_drops_diacritics_and_tatweel():
    article = make_article(headline="مَجْلِسُ النـــواب يجتمع")
    assert article.slug == "مجلس-النواب-يجتمع"
    assert "\u0640" not in article.slug  # tatweel
    assert not any("\u064b" <= ch <= "\u0652" for ch in article.slug)  # tashkeel


def test_an_editor_typed_slug_is_cleaned_the_same_way():
    article = make_article(headline="عنوان", slug="بيروت  تستضيـــف مؤتمراً")
    assert article.slug == "بيروت-تستضيف-مؤتمرا"


def test_slugs_are_unique_per_language_but_may_repeat_across_languages():
    first = make_article(headline="انتخابات بلدية")
    second = make_article(headline="انتخابات بلدية")
    english = make_article(headline="Municipal elections", slug=first.slug, language="en")
    assert first.slug == "انتخابات-بلدية"
    assert second.slug == "انتخابات-بلدية-2"
    assert english.slug == first.slug


def test_model_validation_refuses_a_taken_slug_in_the_same_language():
    from django.core.exceptions import ValidationError

    taken = make_article(headline="خبر أول")
    other = make_article(headline="خبر ثان")
    other.slug = taken.slug
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "slug" in error.value.message_dict


def test_arabic_slug_round_trips_through_reverse_and_the_client(client):
    article = make_article(headline="وزير الخارجية يزور دمشق")
    with translation.override("ar"):
        url = reverse("articles:detail", kwargs={"slug": article.slug})
    assert url == "/ar/news/" + quote("وزير-الخارجية-يزور-دمشق") + "/"
    assert url == article.get_absolute_url()
    assert url.isascii()  # percent-encoded, as a browser sends it
    response = client.get(url)
    assert response.status_code == 200
    assert "وزير الخارجية يزور دمشق" in response.text


def test_english_story_lives_under_the_english_prefix(client):
    article = make_article(headline="Parliament meets in Beirut", language="en")
    assert article.get_absolute_url() == "/en/news/parliament-meets-in-beirut/"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_changing_a_published_slug_redirects_the_old_address_permanently(client):
    article = make_article(headline="البرلمان يصوت على القانون")
    old_url = article.get_absolute_url()
    article.slug = "البرلمان-يقر-القانون"
    article.save()
    new_url = article.get_absolute_url()
    assert new_url != old_url
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == new_url
    assert client.get(new_url).status_code == 200


def test_a_slug_chain_still_lands_on_the_current_address(client):
    article = make_article(headline="عنوان أول")
    first_url = article.get_absolute_url()
    article.slug = "عنوان-ثان"
    article.save()
    article.slug = "عنوان-ثالث"
    article.save()
    assert client.get(first_url)["Location"] == article.get_absolute_url()


def test_renaming_a_draft_leaves_no_redirect():
    article = make_article(headline="مسودة", status=Article.Status.DRAFT, published_at=None)
    article.slug = "مسودة-جديدة"
    article.save()
    assert not SlugRedirect.objects.exists()


def test_reusing_an_old_slug_makes_it_live_again(client):
    article = make_article(headline="قمة عربية")
    article.slug = "قمة-عربية-في-عمان"
    article.save()
    article.slug = "قمة-عربية"
    article.save()
    assert not SlugRedirect.objects.filter(old_slug="قمة-عربية").exists()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_old_slug_of_an_unpublished_story_does_not_redirect(client):
    article = make_article(headline="خبر سحب")
    old_url = article.get_absolute_url()
    article.slug = "خبر-سحب-معدل"
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert client.get(old_url).status_code == 404


# --- An old address belongs to its published story until another is published there -------


def renamed_story():
    """A published story whose first address now redirects to its second."""
    article = make_article(headline="انتخابات بلدية في بيروت")
    old_slug = article.slug
    article.slug = "انتخابات-بلدية-بيروت-النتائج"
    article.save()
    return article, old_slug


def test_a_draft_with_an_old_slug_does_not_break_the_redirect(client):
    article, old_slug = renamed_story()
    make_article(headline="مسودة", slug=old_slug, status=Article.Status.DRAFT, published_at=None)
    assert SlugRedirect.objects.filter(old_slug=old_slug).exists()
    response = client.get(reverse("articles:detail", kwargs={"slug": old_slug}))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_publishing_a_story_at_an_old_address_takes_it_over(client):
    _article, old_slug = renamed_story()
    draft = make_article(headline="خبر آخر", slug=old_slug, status=Article.Status.DRAFT)
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert not SlugRedirect.objects.filter(old_slug=old_slug).exists()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_new_story_never_picks_an_old_address_by_itself():
    _article, old_slug = renamed_story()
    draft = make_article(headline="انتخابات بلدية في بيروت", status=Article.Status.DRAFT)
    assert draft.slug != old_slug
    assert SlugRedirect.objects.filter(old_slug=old_slug).exists()


def test_the_desk_must_confirm_taking_an_address_that_still_redirects(client):
    from tests.factories import article_admin_form_data, make_section, make_user

    article, old_slug = renamed_story()
    client.force_login(make_user("Writers"))
    data = article_admin_form_data(headline="مسودة", slug=old_slug, section=make_section().pk)
    response = client.post("/en/admin/articles/article/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "still leads readers" in str(errors["slug"])
    assert Article.objects.count() == 1
    response = client.post(
        "/en/admin/articles/article/add/", {**data, "take_over_old_address": "on"}
    )
    assert response.status_code == 302
    assert SlugRedirect.objects.filter(old_slug=old_slug, article=article).exists()
