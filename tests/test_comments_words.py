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


# --- Words hidden with invisible characters, look-alikes and spacing ----------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LATIN_WORDS = [("banned", "idiot", "idiot"), ("suspect", "spam", "spam")]

#: Every default-ignorable kind the issue found, and more from the same Unicode property.
INVISIBLE = [
    "\u034f",  # combining grapheme joiner
    "\u061c",  # Arabic letter mark
    "\u180e",  # Mongolian vowel separator
    "\u3164",  # Hangul filler
    "\uffa0",  # half-width Hangul filler
    "\u115f",
    "\u17b4",
    "\u2064",
    "\ufe0f",  # variation selector 16
    "\ufe00",  # variation selector 1
    "\U000e0041",  # tag character A
    "\U000e0001",  # language tag
    "\U000e0100",  # variation selector 17
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\U0001d173",  # musical symbol begin beam
    "\U0001bca1",  # shorthand format letter overlap
]


@pytest.mark.parametrize(
    "text",
    ["ك\u034fلب", "ك\u061cلب", "كل\ufe0fب", "ك\u180eلب", "ك\u3164لب", "كل\U000e0041ب"],
)
def test_the_reported_invisible_characters_do_not_hide_a_banned_word(text):
    assert match_words(text, WORDS) == match_words("كلب", WORDS)


@pytest.mark.parametrize(
    "text", ["іdiot", "idіot", "IDIОT", "іdіоt", "i\u0307diot", "İdiot", "ıdiot", "ⅰdiot"]
)
def test_look_alike_letters_do_not_hide_a_latin_word(text):
    found = match_words(text, LATIN_WORDS)
    assert found is not None and found.word == "idiot", text


@pytest.mark.parametrize("text", ["کلب", "الکلب", "ك ل ب", "ك ـ ل ـ ب", "يا ك  ل  ب!", "k l b"])
def test_persian_letters_and_spaced_out_letters_are_caught(text):
    words = [*WORDS, ("banned", "klb", "klb")]
    assert match_words(text, words) is not None, text


@pytest.mark.parametrize("text", ["ك لبنان", "في كل بيت", "ذلك لبنان"])
def test_spacing_does_not_join_real_words(text):
    assert match_words(text, WORDS) is None


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    word=st.sampled_from(["كلب", "حمار", "idiot"]),
)
def test_invisible_characters_inserted_anywhere_still_match(data, word):
    letters = list(word)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(letters)))
        letters.insert(position, data.draw(st.sampled_from(INVISIBLE)))
    words = [("banned", word, word)]
    assert match_words("قال " + "".join(letters) + " أمس", words) is not None


CONFUSABLE_LATIN = {"a": "а", "e": "е", "o": "о", "i": "і", "c": "с", "p": "р", "x": "х", "y": "у"}


@settings(max_examples=100, deadline=None)
@given(data=st.data(), word=st.sampled_from(["idiot", "crap", "sexy", "pope"]))
def test_cyrillic_look_alikes_inserted_anywhere_still_match(data, word):
    swapped = "".join(
        CONFUSABLE_LATIN[c] if c in CONFUSABLE_LATIN and data.draw(st.booleans()) else c
        for c in word
    )
    assert match_words(f"you {swapped}!", [("banned", word, word)]) is not None, swapped


def test_a_banned_phrase_with_a_space_is_still_found():
    words = [("banned", "ابن الكلب", "ابن الكلب")]
    assert match_words("يا ابن الكلب", words).word == "ابن الكلب"


def test_words_stored_before_the_wider_normaliser_are_keyed_again():
    import importlib

    from django.apps import apps

    Word.objects.create(kind="banned", word="ھراء")
    Word.objects.filter(word="ھراء").update(normalised="ھراء")  # the old key
    migration = importlib.import_module("comments.migrations.0006_renormalise_moderated_words")
    migration.renormalise(apps, None)
    assert match_words("هراء") is not None
