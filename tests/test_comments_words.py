"""Banned and suspect words, matched the Arabic way; links hold a comment as likely spam."""

import pytest
from django.test import override_settings

from comments.models import Comment, Decision, Word
from comments.spam import count_links, match_words
from tests.factories import comment_post_data, make_article

pytestmark = pytest.mark.django_db

WORDS = [("banned", "كلب", "كلب"), ("suspect", "غبي", "غبي")]


@pytest.mark.parametrize(
    "text",
    [
        "كلب",
        "الكلب",
        "وكلب",
        "فالكلب",
        "بالكلب",
        "للكلب",
        "والكلب",
        "كَلْب",
        "كـــلب",
        "ك\u200bلب",
        "يا ابن الكلب!",
        "«كلب»",
    ],
)
def test_banned_word_caught_with_prefixes_diacritics_and_tatweel(text):
    found = match_words(text, WORDS)
    assert found is not None
    assert found.kind == "banned"
    assert found.word == "كلب"


@pytest.mark.parametrize(
    "text",
    ["كلبنان جميل", "مكلبة", "كلبي", "الكلبة", "قلب", "كلاب"],
)
def test_innocent_words_containing_the_letters_do_not_match(text):
    assert match_words(text, WORDS) is None


def test_hamza_forms_and_taa_marbuta_fold():
    words = [("suspect", "احمق", "أحمق"), ("suspect", "حقيره", "حقيرة")]
    assert match_words("انت إحمق", words).word == "أحمق"
    assert match_words("فكرة حقيره", words).word == "حقيرة"
    assert match_words("فكرة حقيرة", words).word == "حقيرة"


def test_latin_words_match_whole_words_case_insensitively():
    words = [("banned", "idiot", "idiot")]
    assert match_words("You IDIOT.", words) is not None
    assert match_words("idiotic", words) is None


def test_banned_beats_suspect():
    assert match_words("غبي و كلب", WORDS).kind == "banned"


def test_words_are_normalised_when_saved():
    word = Word.objects.create(word="كَلْـب", kind=Word.Kind.BANNED)
    assert word.normalised == "كلب"
    assert match_words("الكلب") is not None
    word.active = False
    word.save()
    assert match_words("الكلب") is None


def test_links_are_counted():
    assert count_links("see https://a.example/x and www.b.example and c.com") == 3
    assert count_links("لا روابط هنا") == 0


def _post(client, article, body):
    return client.post(
        f"/en/comments/story/{article.pk}/",
        comment_post_data(name="قارئ", email="reader@example.org", body=body),
    )


def test_a_banned_word_rejects_the_comment_but_keeps_it_for_moderators(client):
    Word.objects.create(word="كلب", kind=Word.Kind.BANNED)
    article = make_article()
    response = _post(client, article, "أنت وكَلْب")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.REJECTED
    assert comment.matched_word == "كلب"
    assert comment.body == "أنت وكَلْب"  # stored as written
    assert comment.held_because == "Banned word (كلب)"
    decision = Decision.objects.get()
    assert (decision.before, decision.after, decision.moderator) == ("pending", "rejected", None)


def test_a_suspect_word_holds_the_comment_with_the_word_shown(client):
    Word.objects.create(word="غبي", kind=Word.Kind.SUSPECT)
    _post(client, make_article(), "هذا رأي الغبي")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.held_because == "Suspect word (غبي)"


@override_settings(COMMENTS_MAX_LINKS=1)
def test_too_many_links_hold_the_comment_as_likely_spam(client):
    _post(client, make_article(), "http://a.example http://b.example")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == "links"
    assert comment.held_because == "Too many links, likely spam (2)"


@override_settings(COMMENTS_TRUSTED_AFTER=1)
def test_a_held_comment_of_a_trusted_commenter_still_goes_to_the_queue(client):
    Word.objects.create(word="غبي", kind=Word.Kind.SUSPECT)
    article = make_article()
    Comment.objects.create(
        article=article, name="x", email="reader@example.org", body="ok", status="approved"
    )
    _post(client, article, "غبي")
    assert Comment.objects.get(body="غبي").status == Comment.Status.PENDING
