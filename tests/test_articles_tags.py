"""Tags in Arabic and English: Unicode slugs, working tag pages, one tag per spelling."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Tag
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_arabic_tag_keeps_arabic_in_its_slug_and_its_page_resolves(client):
    article = make_article(headline="زيارة رسمية إلى عمّان", tags=["بشار الأسد"])
    tag = Tag.objects.get(name="بشار الأسد")
    assert tag.slug == "بشار-الأسد"
    with translation.override("ar"):
        url = reverse("articles:tag", kwargs={"slug": tag.slug})
    assert url == "/ar/tag/" + quote("بشار-الأسد") + "/"
    assert tag.get_absolute_url() == url
    response = client.get(url)
    assert response.status_code == 200
    assert article.headline in response.text


def test_english_tag_page_resolves(client):
    article = make_article(headline="Central bank holds rates", language="en", tags=["Economy"])
    tag = Tag.objects.get(name="Economy")
    assert tag.slug == "economy"
    response = client.get(reverse("articles:tag", kwargs={"slug": tag.slug}))
    assert response.status_code == 200
    assert article.headline in response.text


def test_spelling_variants_resolve_to_one_tag(client):
    first = make_article(headline="خبر عن الأردن", tags=["الأردن"])
    second = make_article(headline="خبر آخر عن الاردن", tags=["الاردن"])
    assert Tag.objects.count() == 1
    tag = Tag.objects.get()
    assert tag.name == "الأردن"
    assert list(second.tags.all()) == [tag]
    response = client.get(tag.get_absolute_url())
    assert first.headline in response.text
    assert second.headline in response.text


def test_variants_typed_together_make_one_tag():
    article = make_article(headline="خبر", tags=[])
    article.tags.add("القدس", "القُدس", "ٱلقدس")
    assert article.tags.count() == 1


def test_tag_page_lists_only_published_stories(client):
    from articles.models import Article

    make_article(headline="مسودة عن لبنان", tags=["لبنان"], status=Article.Status.DRAFT)
    live = make_article(headline="خبر منشور عن لبنان", tags=["لبنان"])
    response = client.get(Tag.objects.get(name="لبنان").get_absolute_url())
    assert live.headline in response.text
    assert "مسودة عن لبنان" not in response.text


def test_unknown_tag_is_404(client):
    assert client.get("/ar/tag/" + quote("لا-يوجد") + "/").status_code == 404


@pytest.mark.parametrize(
    ("existing", "typed"),
    [("الأردن", "الاردن"), ("Beirut", "BEIRUT"), ("سوريا", "سُوريا"), ("غزة", "غزه")],
)
def test_adding_a_spelling_variant_of_a_tag_names_the_existing_one(client, existing, typed):
    from articles.models import Tag
    from tests.factories import make_user

    Tag.objects.create(name=existing)
    client.force_login(make_user("Editors"))
    client.raise_request_exception = False
    response = client.post(
        "/en/admin/articles/tag/add/", {"name": typed, "slug": "variant"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert existing in str(errors["name"])
    assert Tag.objects.count() == 1


def test_renaming_a_tag_to_its_own_variant_is_allowed(client):
    from articles.models import Tag
    from tests.factories import make_user

    tag = Tag.objects.create(name="الاردن")
    client.force_login(make_user("Editors"))
    response = client.post(
        f"/en/admin/articles/tag/{tag.pk}/change/", {"name": "الأردن", "slug": tag.slug}
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.name == "الأردن"


@pytest.mark.parametrize("state", ["draft", "scheduled", "review", "unpublished"])
def test_a_tag_used_only_by_unpublished_stories_has_no_public_page(client, state):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    status = Article.Status.PUBLISHED if state == "scheduled" else state
    article = make_article(
        headline="خبر تحت الحظر",
        tags=["صفقة سرية"],
        status=status,
        published_at=timezone.now() + timedelta(hours=3) if state == "scheduled" else None,
    )
    tag = Tag.objects.get(name="صفقة سرية")
    assert client.get(tag.get_absolute_url()).status_code == 404
    assert client.get(tag.get_absolute_url() + "feed/").status_code == 404
    assert client.get("/en" + tag.get_absolute_url()[3:]).status_code == 404
    # Once a story carrying it is out, the page exists.
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now() - timedelta(minutes=1)
    article.save()
    assert client.get(tag.get_absolute_url()).status_code == 200
