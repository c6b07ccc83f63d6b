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
