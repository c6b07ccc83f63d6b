"""Editors' search in the admin story list goes through the same normaliser."""

import pytest

from articles.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

URL = "/ar/admin/articles/article/"


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(superuser=True))
    return client


def listed(response) -> set[str]:
    return {str(a) for a in response.context["cl"].result_list}


def test_admin_search_normalises(editor_client):
    make_article(headline="الأسد يلقي خطابا", status=Article.Status.DRAFT)
    make_article(headline="مُحَمَّد في مـوسـكـو")
    make_article(headline="خبر آخر")
    response = editor_client.get(URL, {"q": "الاسد"})
    assert response.status_code == 200
    assert listed(response) == {"الأسد يلقي خطابا"}
    assert listed(editor_client.get(URL, {"q": "محمد موسكو"})) == {"مُحَمَّد في مـوسـكـو"}


def test_admin_search_still_matches_the_slug(editor_client):
    make_article(headline="Port news", slug="port-news-2026", language="en")
    assert listed(editor_client.get(URL, {"q": "port-news-2026"})) == {"Port news"}


@pytest.mark.parametrize("q", ["\x00", '"&|!():*', "ـــ", "x" * 10_000])
def test_admin_search_hostile_queries(editor_client, q):
    make_article(headline="خبر")
    assert editor_client.get(URL, {"q": q}).status_code == 200


def test_admin_search_lone_surrogate(editor_client):
    make_article(headline="خبر")
    assert editor_client.get(URL + "?q=%ED%A0%80").status_code == 200
