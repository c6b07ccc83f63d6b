"""'My comments': deleting one comment or all of them asks first (GET shows what will go,
POST deletes), so one click never removes anything."""

import re

import pytest

from comments.mine import mine_url
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

ME = "mariam@example.org"


def forms_posting_to(page: str, url: str) -> list[str]:
    return re.findall(
        rf'<form[^>]*method="post"[^>]*action="{re.escape(url)}"[^>]*>.*?</form>', page, re.S
    )


def test_the_list_deletes_nothing_in_one_click(client):
    article = make_article()
    comment = make_comment(article, email=ME, body="تعليقي")
    url = mine_url(ME)
    page = client.get(url).content.decode()
    assert forms_posting_to(page, url + "delete/") == []
    assert f'href="{url}delete/?comment={comment.pk}"' in page
    assert f'href="{url}delete/?comment=all"' in page


def test_deleting_one_comment_is_confirmed_first(client):
    article = make_article()
    comment = make_comment(article, email=ME, body="تعليقي الذي سأحذفه")
    url = mine_url(ME)
    asked = client.get(url + "delete/", {"comment": comment.pk})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "تعليقي الذي سأحذفه" in page
    (form,) = forms_posting_to(page, url + "delete/")
    assert f'name="comment" value="{comment.pk}"' in form
    comment.refresh_from_db()
    assert comment.removed_at is None  # asking changed nothing
    assert client.post(url + "delete/", {"comment": comment.pk}).status_code == 302
    comment.refresh_from_db()
    assert comment.removed_at is not None


def test_deleting_all_is_confirmed_first_with_the_count(client):
    article = make_article()
    for _ in range(3):
        make_comment(article, email=ME)
    url = "/en" + mine_url(ME)[3:]
    asked = client.get(url + "delete/", {"comment": "all"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "all 3 of your comments" in page
    (form,) = forms_posting_to(page, url + "delete/")
    assert 'name="comment" value="all"' in form
    assert Comment.objects.filter(removed_at__isnull=True).count() == 3


def test_asking_about_a_comment_that_is_not_mine_goes_back_to_the_list(client):
    theirs = make_comment(make_article(), email="other@example.org")
    url = mine_url(ME)
    response = client.get(url + "delete/", {"comment": theirs.pk})
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url + "delete/", {"comment": "x" * 40}).status_code == 302
