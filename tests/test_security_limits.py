"""Oversized request bodies are refused before any view reads them."""

from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import resolve, reverse

from tests.factories import make_article


def hostile_client() -> Client:
    """A client with a CSRF cookie, so the CSRF check really reads the body."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "k" * 32
    return client


def comment_url(article):
    return reverse("comments:post", kwargs={"article_id": article.pk})


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["home", "article", "search", "comment"])
def test_a_huge_form_post_is_refused_with_400_not_500(settings, where):
    article = make_article()
    urls = {"home": "/ar/", "article": article.get_absolute_url(), "search": "/ar/search/"}
    url = comment_url(article) if where == "comment" else urls[where]
    resolve(unquote(url))  # the page exists (a 404 would prove nothing)
    client = hostile_client()
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024
    body = "name=x&body=" + "ض" * (size // 2)
    response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (400, 413), (url, response.status_code)


@pytest.mark.django_db
def test_too_many_fields_are_refused(settings):
    client = hostile_client()
    body = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10))
    response = client.post("/ar/", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_normal_post_is_not_mistaken_for_an_oversized_one():
    client = hostile_client()
    response = client.post("/ar/", {"q": "سوريا"})
    assert response.status_code in (403, 405)  # CSRF or method, never a size refusal
