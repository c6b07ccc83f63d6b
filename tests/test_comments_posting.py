"""Readers post, reply to and read comments; every bad input gets a clear answer, never a 500."""

import re
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from comments.models import Comment, Disclaimer
from comments.tokens import issue_token
from tests.factories import (
    COMMENT_BODY,
    comment_post_data,
    confirm_email,
    make_article,
    make_comment,
)

pytestmark = pytest.mark.django_db

ARABIC = COMMENT_BODY


def post_url(article, lang="ar") -> str:
    return f"/{lang}/comments/story/{article.pk}/"


def comments_section(response) -> str:
    html = response.content.decode()
    return html[html.index('id="comments"') :]


@pytest.fixture
def article():
    return make_article()


# Reading ----------------------------------------------------------------------


def test_story_shows_heading_disclaimer_and_form(client, article):
    response = client.get(article.url_in("en"))
    section = comments_section(response)
    assert "Comments" in section
    assert "التعليقات المنشورة تعبر عن آراء أصحابها" in section or (
        "Published comments reflect the opinions of their authors" in section
    )
    assert 'name="csrfmiddlewaretoken"' in section
    assert re.search(r'<input type="hidden" name="form_token" value="[^"]+">', section)


def test_disclaimer_follows_the_page_language(client, article):
    ar = comments_section(client.get(article.url_in("ar")))
    en = comments_section(client.get(article.url_in("en")))
    assert "التعليقات المنشورة تعبر عن آراء أصحابها" in ar
    assert "Published comments reflect the opinions of their authors" in en


def test_disclaimer_is_edited_without_a_deploy_and_stays_above_comments(client, article):
    make_comment(article, body="first approved comment")
    client.get(article.url_in("ar"))  # warm the cache
    disclaimer = Disclaimer.objects.create()
    disclaimer.text_ar = "الآراء الواردة في التعليقات لا تمثل الموقع"
    disclaimer.save()
    section = comments_section(client.get(article.url_in("ar")))
    assert "الآراء الواردة في التعليقات لا تمثل الموقع" in section
    assert section.index("الآراء الواردة") < section.index("first approved comment")


def test_only_approved_comments_appear_oldest_first_with_replies_under_parents(client, article):
    now = timezone.now()
    first = make_comment(article, body="first in time", created_at=now - timedelta(hours=3))
    second = make_comment(article, body="second in time", created_at=now - timedelta(hours=2))
    make_comment(article, body="reply to first", parent=first, created_at=now - timedelta(hours=1))
    make_comment(article, body="waiting one", status=Comment.Status.PENDING)
    make_comment(article, body="refused one", status=Comment.Status.REJECTED)
    make_comment(article, body="junk one", status=Comment.Status.SPAM)
    section = comments_section(client.get(article.url_in("en")))
    assert "waiting one" not in section
    assert "refused one" not in section
    assert "junk one" not in section
    assert section.index("first in time") < section.index("reply to first")
    assert section.index("reply to first") < section.index("second in time")
    reply_block = section[section.index(f'id="comment-{first.pk}"') : section.index("second")]
    assert 'class="comment-replies"' in reply_block
    assert f'id="comment-{second.pk}"' in section
    assert "(3 comments)" in section


def test_names_and_bodies_are_escaped_and_isolated(client, article):
    make_comment(article, name="<b>Ann</b>", body="<script>alert(1)</script> نص")
    section = comments_section(client.get(article.url_in("en")))
    assert "<script>alert(1)" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert '<bdi class="comment-name">&lt;b&gt;Ann&lt;/b&gt;</bdi>' in section
    assert '<bdi class="comment-body">&lt;script&gt;' in section


def test_dates_are_shown_in_the_newsroom_zone(client, article):
    # 2023-03-14 19:40 UTC is 21:40 in Beirut (UTC+2 that day).
    make_comment(article, created_at=datetime(2023, 3, 14, 19, 40, tzinfo=UTC))
    section = comments_section(client.get(article.url_in("en")))
    assert "14 March 2023 21:40" in section
    assert 'datetime="2023-03-14T21:40:00+02:00"' in section
    arabic = comments_section(client.get(article.url_in("ar")))
    assert "14 آذار/مارس 2023 21:40" in arabic


def test_editors_pick_comes_first_with_a_badge(client, article):
    make_comment(article, body="an ordinary early comment")
    make_comment(article, body="the picked comment", is_pick=True)
    section = comments_section(client.get(article.url_in("en")))
    assert section.index("the picked comment") < section.index("an ordinary early comment")
    assert "Editor&#x27;s pick" in section or "Editor's pick" in section


def test_a_comment_edited_or_picked_shows_its_new_markup_on_the_next_read(client, article):
    """Each comment's markup is kept per worker under what it shows: a moderator's edit,
    a pick or closing the story must all show at once."""
    kept = make_comment(article, body="an unchanged comment")
    edited = make_comment(article, body="the first wording")
    section = comments_section(client.get(article.url_in("en")))
    assert "the first wording" in section and "comment-pick" not in section

    edited.body, edited.is_pick = "the corrected wording", True
    edited.save()
    section = comments_section(client.get(article.url_in("en")))
    assert "the corrected wording" in section and "the first wording" not in section
    assert section.index("the corrected wording") < section.index("an unchanged comment")
    assert f'<li id="comment-{edited.pk}" class="comment comment-pick">' in section
    assert f"/en/comments/{kept.pk}/reply/" in section

    article.comments_enabled = False
    article.save()
    section = comments_section(client.get(article.url_in("en")))
    assert "an unchanged comment" in section and "Reply</a>" not in section


def test_story_page_query_budget_with_200_comments(client, article, django_assert_max_num_queries):
    parents = [make_comment(article, body=f"parent {i}") for i in range(100)]
    for i, parent in enumerate(parents):
        make_comment(article, parent=parent, body=f"reply {i}")
    client.get(article.get_absolute_url())  # warm caches that a real site keeps warm
    with django_assert_max_num_queries(8):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    section = comments_section(response)
    assert section.count('class="comment"') + section.count('class="comment comment-pick"') == 200


def test_comments_block_itself_uses_at_most_three_queries(
    rf, article, django_assert_max_num_queries
):
    from django.template import Context, Template

    for i in range(20):
        make_comment(article, parent=make_comment(article), body=f"reply {i}")
    cache.clear()  # the disclaimer too
    request = rf.get("/ar/")
    template = Template('{% include "comments/block.html" %}')
    with django_assert_max_num_queries(3):
        html = template.render(Context({"article": article, "request": request}))
    assert html.count("comment-body") == 40


# Posting ------------------------------------------------------------------------


def test_posting_redirects_back_with_awaiting_message_and_comment_is_hidden(client, article):
    response = client.post(post_url(article, "en"), comment_post_data(notify="on"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"{quote(article.slug)}/#comments")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.notify is True
    assert comment.ip_address == "127.0.0.1"
    page = client.get(response["Location"].split("#")[0])
    section = comments_section(page)
    assert "awaiting moderation" in section
    assert ARABIC not in section
    # The message is shown once.
    assert "awaiting moderation" not in comments_section(client.get(article.url_in("en")))


def test_errors_sit_beside_fields_and_nothing_typed_is_lost(client, article):
    response = client.post(
        post_url(article, "en"), comment_post_data(email="not-an-email", name="")
    )
    assert response.status_code == 200
    section = comments_section(response)
    assert ARABIC in section  # the body is kept
    assert "not-an-email" in section
    assert "Please enter your name." in section
    assert section.index("Please enter your name.") < section.index('id="id_email"')
    assert "Enter a valid email address." in section
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["\u200b\u200c\u200d", "\u202e\u2066\u2069", "   \u00ad ", "\ufeff\u2060"],
    ids=["zero-width", "bidi-only", "soft-hyphen", "bom"],
)
def test_invisible_only_names_are_refused_as_empty(client, article, name):
    response = client.post(post_url(article, "en"), comment_post_data(name=name))
    assert response.status_code == 200
    assert "Please enter your name." in comments_section(response)
    assert not Comment.objects.exists()


def test_invisible_only_body_is_refused(client, article):
    response = client.post(
        post_url(article, "en"), comment_post_data(body="\u200f\u200e \u2067\u2069")
    )
    assert response.status_code == 200
    assert "Please write a comment." in comments_section(response)


def test_bidi_controls_are_stripped_but_marks_and_joiners_stay(client, article):
    body = "abc\u202egnp.exe\u202c and \u2066x\u2069 \u200fمرحبا\u200f 👩\u200d💻 می\u200cخواهم"
    client.post(post_url(article, "en"), comment_post_data(body=body, name="\u202eSamir\u202c"))
    comment = Comment.objects.get()
    assert comment.name == "Samir"
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in comment.body
    assert "\u200f" in comment.body
    assert "\u200d" in comment.body
    assert "\u200c" in comment.body


def test_text_is_nfc_normalised(client, article):
    client.post(post_url(article, "en"), comment_post_data(body="cafe\u0301 ok"))
    assert Comment.objects.get().body == "caf\u00e9 ok"


def test_long_body_is_refused_with_text_kept(client, article):
    body = "ب" * 10_000
    response = client.post(post_url(article, "en"), comment_post_data(body=body))
    assert response.status_code == 200
    section = comments_section(response)
    assert "Please shorten your comment to 2000 characters (it has 10000)." in section
    assert body in section
    assert not Comment.objects.exists()


@override_settings(COMMENTS_MAX_LENGTH=50)
def test_length_limit_is_configurable(client, article):
    response = client.post(post_url(article, "en"), comment_post_data(body="x" * 51))
    assert "Please shorten your comment to 50 characters" in comments_section(response)


def test_lone_surrogates_never_cause_a_500(client, article):
    token = issue_token(issued_at=time.time() - 30)
    raw = (
        "name=%ED%A0%80Sam&email=s%40example.org&body=hi%ED%B0%80there&website="
        f"&form_token={quote(token)}"
    )
    response = client.post(
        post_url(article, "en"), raw, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert "there" in comment.body
    comment.body.encode("utf-8")  # storable and printable


@pytest.mark.parametrize("field", ["name", "body", "email"])
def test_null_characters_are_an_error_not_a_500(client, article, field):
    response = client.post(post_url(article, "en"), comment_post_data(**{field: "bad\x00value"}))
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_names_are_kept_on_one_line(client, article):
    client.post(post_url(article, "en"), comment_post_data(name="Sam\r\nBcc: x@example.org"))
    assert Comment.objects.get().name == "Sam Bcc: x@example.org"


def test_overlong_name_and_email_are_refused(client, article):
    response = client.post(
        post_url(article, "en"), comment_post_data(name="ن" * 81, email="a" * 250 + "@example.org")
    )
    assert response.status_code == 200
    section = comments_section(response)
    assert "at most 80 characters" in section
    assert not Comment.objects.exists()


def test_honeypot_refuses_with_text_kept(client, article):
    response = client.post(
        post_url(article, "en"), comment_post_data(website="http://spam.example")
    )
    assert response.status_code == 200
    section = comments_section(response)
    assert "Please leave the last field empty." in section
    assert ARABIC in section
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (lambda: issue_token(), "That was very quick."),
        (lambda: issue_token(issued_at=time.time() - 3 * 24 * 3600), "This form has expired."),
        (lambda: issue_token(issued_at=time.time() - 30)[:-3] + "abc", "could not verify"),
        (lambda: "", "could not verify"),
        (lambda: "x" * 5000, "could not verify"),
    ],
    ids=["too-fast", "too-old", "tampered", "missing", "huge"],
)
def test_bad_form_tokens_are_refused_with_a_clear_message_and_text_kept(
    client, article, token, message
):
    response = client.post(post_url(article, "en"), comment_post_data(form_token=token()))
    assert response.status_code == 200
    section = comments_section(response)
    assert message in section
    assert ARABIC in section
    assert not Comment.objects.exists()
    # The page carries a fresh token so the reader can simply send again.
    fresh = re.search(r'name="form_token" value="([^"]+)"', section).group(1)
    assert fresh != token()


def test_csrf_is_enforced(article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(post_url(article, "en"), comment_post_data())
    assert response.status_code == 403
    assert not Comment.objects.exists()


@override_settings(COMMENTS_RATE_PER_IP=2, COMMENTS_RATE_PER_EMAIL=100)
def test_rate_limit_per_ip_answers_429_with_the_page_and_text(client, article):
    for i in range(2):
        assert (
            client.post(post_url(article, "en"), comment_post_data(body=f"comment {i}")).status_code
            == 302
        )
    response = client.post(post_url(article, "en"), comment_post_data(body="the third one, kept"))
    assert response.status_code == 429
    section = comments_section(response)
    assert "the third one, kept" in section
    assert "Please wait a few minutes" in section
    assert article.headline in response.content.decode()
    assert "no-store" in response["Cache-Control"]  # one reader's text: never cached
    assert Comment.objects.count() == 2


@override_settings(COMMENTS_RATE_PER_IP=100, COMMENTS_RATE_PER_EMAIL=1)
def test_rate_limit_per_email_whatever_the_address(client, article):
    client.post(post_url(article, "en"), comment_post_data(body="one"), REMOTE_ADDR="10.0.0.1")
    response = client.post(
        post_url(article, "en"),
        comment_post_data(body="two", email="SAMIR@example.org"),
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 429
    assert Comment.objects.count() == 1


def test_a_failing_cache_lets_the_comment_through_to_the_queue(client, article, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "add", broken)
    monkeypatch.setattr(cache, "incr", broken)
    monkeypatch.setattr(cache, "get", broken)
    response = client.post(post_url(article, "en"), comment_post_data())
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_the_disclaimer_shows_when_the_cache_is_down(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    assert Disclaimer.current("ar") == "التعليقات المنشورة تعبر عن آراء أصحابها"


def test_posting_from_the_arabic_page_returns_to_the_arabic_page(client, article):
    response = client.post(post_url(article, "ar"), comment_post_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/ar/")
    page = client.get(response["Location"].split("#")[0])
    assert 'class="comments-message comments-message-success"' in page.content.decode()


def test_without_a_story_view_the_form_still_comes_back_with_the_text(client, article, monkeypatch):
    from comments import views

    # The story page is not there to show: the comments' own page comes back instead.
    monkeypatch.setattr(views, "render_story_page", lambda request, article, **context: None)
    response = client.post(post_url(article, "en"), comment_post_data(name=""))
    assert response.status_code == 200
    assert ARABIC in comments_section(response)
    assert article.headline in response.content.decode()


def test_duplicates_are_stored_once(client, article):
    for _ in range(3):
        assert client.post(post_url(article, "en"), comment_post_data()).status_code == 302
    assert Comment.objects.count() == 1


def test_an_email_typed_in_another_case_is_the_same_commenter(client, article):
    client.post(post_url(article, "en"), comment_post_data(email="Samir@Example.ORG"))
    client.post(post_url(article, "en"), comment_post_data(email="samir@example.org"))
    assert list(Comment.objects.values_list("email", flat=True)) == ["samir@example.org"]


def test_the_same_text_on_another_story_is_not_a_duplicate(client, article):
    other = make_article()
    client.post(post_url(article, "en"), comment_post_data())
    client.post(post_url(other, "en"), comment_post_data())
    assert Comment.objects.count() == 2


# Replies ----------------------------------------------------------------------------


def test_reply_page_and_one_level_of_replies(client, article):
    parent = make_comment(article, body="the parent comment")
    child = make_comment(article, parent=parent, body="a reply")
    page = client.get(f"/en/comments/{parent.pk}/reply/")
    assert page.status_code == 200
    assert "the parent comment" in page.content.decode()
    assert f'name="parent" value="{parent.pk}"' in page.content.decode()
    # Replying to a reply joins the parent's thread.
    client.post(
        post_url(article, "en"), comment_post_data(parent=str(child.pk), body="reply to a reply")
    )
    assert Comment.objects.get(body="reply to a reply").parent_id == parent.pk


@override_settings(COMMENTS_MAX_LENGTH=1500)
def test_the_blank_form_is_the_same_for_every_reader_in_their_language(client, article):
    """The story page's blank form is kept per worker: it must never carry one reader's
    reply target or text to another, nor one language's labels into the other's page."""
    parent = make_comment(article, body="the parent comment")
    english = comments_section(client.get(article.url_in("en")))
    arabic = comments_section(client.get(article.url_in("ar")))
    assert '<label for="id_name">Name</label>' in english
    assert '<label for="id_name">الاسم</label>' in arabic
    assert 'id="id_body_count"' in english  # the live count against the limit

    reply = client.get(f"/en/comments/{parent.pk}/reply/").content.decode()
    assert f'name="parent" value="{parent.pk}"' in reply
    refused = comments_section(
        client.post(post_url(article, "en"), comment_post_data(email="not-an-address"))
    )
    assert ARABIC in refused  # the reader's text is kept in their form

    again = comments_section(client.get(article.url_in("en")))
    assert '<input type="hidden" name="parent" id="id_parent">' in again
    assert ARABIC not in again and "not-an-address" not in again


def test_reply_to_a_hidden_or_foreign_comment_is_refused(client, article):
    pending = make_comment(article, status=Comment.Status.PENDING)
    foreign = make_comment(make_article())
    for parent in (pending, foreign):
        response = client.post(post_url(article, "en"), comment_post_data(parent=str(parent.pk)))
        assert response.status_code == 200
        assert "not available" in comments_section(response)
    assert client.get(f"/en/comments/{pending.pk}/reply/").status_code == 404
    assert not Comment.objects.filter(body=ARABIC).exists()


def test_garbage_parent_value_is_an_error_not_a_500(client, article):
    response = client.post(
        post_url(article, "en"), comment_post_data(parent="99999999999999999999")
    )
    assert response.status_code == 200


# Closing ------------------------------------------------------------------------------


def test_a_closed_story_shows_its_comments_and_says_it_is_closed(client):
    article = make_article(comments_enabled=False)
    make_comment(article, body="said before closing")
    section = comments_section(client.get(article.url_in("en")))
    assert "said before closing" in section
    assert "Comments are closed on this story." in section
    assert 'id="comment-form"' not in section
    assert "Reply</a>" not in section


def test_posting_to_a_closed_story_is_refused_with_text_kept(client):
    article = make_article(comments_enabled=False)
    response = client.post(post_url(article, "en"), comment_post_data())
    assert response.status_code == 403
    assert ARABIC in comments_section(response)
    assert not Comment.objects.exists()


@override_settings(COMMENTS_CLOSE_AFTER_DAYS=7)
def test_comments_close_automatically_after_n_days(client):
    old = make_article(published_at=timezone.now() - timedelta(days=8))
    fresh = make_article(published_at=timezone.now() - timedelta(days=6))
    assert "Comments are closed" in comments_section(client.get(old.url_in("en")))
    assert 'id="comment-form"' in comments_section(client.get(fresh.url_in("en")))
    assert client.post(post_url(old, "en"), comment_post_data()).status_code == 403


def test_unpublished_story_takes_no_comments(client):
    draft = make_article(status="draft")
    assert client.post(post_url(draft, "en"), comment_post_data()).status_code == 404
    assert client.get(post_url(draft, "en")).status_code == 405


# Trusted commenters -------------------------------------------------------------------


@override_settings(COMMENTS_TRUSTED_AFTER=2)
def test_trusted_commenter_skips_the_queue(client, article):
    for _ in range(2):
        make_comment(article, email="samir@example.org")
    confirm_email("samir@example.org")
    client.post(post_url(article, "en"), comment_post_data(body="trusted words"))
    assert Comment.objects.get(body="trusted words").status == Comment.Status.APPROVED


@override_settings(COMMENTS_TRUSTED_AFTER=2)
def test_a_rejection_ends_trust(client, article):
    for _ in range(3):
        make_comment(article, email="samir@example.org")
    make_comment(article, email="samir@example.org", status=Comment.Status.REJECTED)
    client.post(post_url(article, "en"), comment_post_data(body="not trusted now"))
    assert Comment.objects.get(body="not trusted now").status == Comment.Status.PENDING


def test_trust_is_off_by_default(client, article):
    for _ in range(5):
        make_comment(article, email="samir@example.org")
    client.post(post_url(article, "en"), comment_post_data(body="still queued"))
    assert Comment.objects.get(body="still queued").status == Comment.Status.PENDING
