"""Arabizi: a word-list entry marked "also in Arabizi" is caught typed in Latin letters
and digits (7mar, kalb), through the one normaliser; unmarked words are not."""

import pytest

from comments.models import Comment, Word
from comments.spam import match_words
from newsroom.text import ARABIZI, arabizi_readings, normalise
from tests.factories import comment_post_data, make_article

pytestmark = pytest.mark.django_db

ARABIZI_WORDS = [
    ("banned", "حمار", "حمار", True),
    ("banned", "كلب", "كلب", True),
    ("suspect", "حقير", "حقير", True),
    ("suspect", "غبي", "غبي", False),
]


def test_the_documented_digits_map_to_their_letters():
    assert {d: ARABIZI[d] for d in "237569"} == {
        "2": "ء",
        "3": "ع",
        "5": "خ",
        "6": "ط",
        "7": "ح",
        "9": "ق",
    }
    assert ARABIZI["3'"] == "غ" and ARABIZI["7'"] == "خ"
    assert ARABIZI["sh"] == "ش" and ARABIZI["kh"] == "خ" and ARABIZI["gh"] == "غ"


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("7mar", "حمار"),  # vowels written
        ("kalb", "كلب"),  # short vowels dropped
        ("7a9eer", "حقير"),  # long ee kept, 9 is ق
        ("ahbal", "اهبل"),  # a first vowel sits on an alef
        ("7elwe", "حلوه"),  # a final e read as ة, normalised to ه
        ("dunya", "دنيا"),  # or as ا
        ("3'abi", "غبي"),
        ("5ara", "خره"),
        ("sha6er", "شطر"),
    ],
)
def test_arabizi_readings(text, reading):
    assert reading in arabizi_readings(text)


def test_readings_are_normalised_and_keep_the_arabic():
    readings = arabizi_readings("شكراً KTEER")
    assert all(r == normalise(r) for r in readings)
    assert "شكرا كتير" in readings
    assert arabizi_readings("شكراً جزيلاً 2023") == []  # no Latin word: nothing to read


@pytest.mark.parametrize(
    "text",
    ["ya 7mar", "YA 7MAR!", "enta kalb", "inta 7a9eer", "wel kalb", "elkalb", "welkalb"],
)
def test_marked_words_are_caught_in_arabizi(text):
    assert match_words(text, ARABIZI_WORDS) is not None, text


def test_banned_in_arabizi_beats_suspect_in_arabic():
    found = match_words("غبي و 7mar", ARABIZI_WORDS)
    assert (found.kind, found.word) == ("banned", "حمار")


def test_unmarked_words_are_not_read_in_arabizi():
    assert match_words("ya 3'abi", ARABIZI_WORDS) is None
    assert match_words("ya 3'abi", [(*w[:3], True) for w in ARABIZI_WORDS]).word == "غبي"


@pytest.mark.parametrize("text", ["Great report, thanks", "7 people at 3pm", "kalbon"])
def test_ordinary_latin_text_is_not_caught(text):
    assert match_words(text, ARABIZI_WORDS) is None


def test_the_word_list_switch_reaches_the_posting_form(client, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    Word.objects.create(word="حمار", kind=Word.Kind.BANNED, arabizi=True)
    Word.objects.create(word="كلب", kind=Word.Kind.BANNED)
    article = make_article()
    url = f"/ar/comments/story/{article.pk}/"
    client.post(url, comment_post_data(body="enta 7mar", email="a@example.org"))
    client.post(url, comment_post_data(body="enta kalb", email="b@example.org"))
    refused = Comment.objects.get(email="a@example.org")
    assert (refused.status, refused.matched_word) == (Comment.Status.REJECTED, "حمار")
    assert Comment.objects.get(email="b@example.org").status == Comment.Status.PENDING


READER_SPELLINGS = [
    ("banned", "حرامي", "حرامي", True),
    ("banned", "حرامية", "حرامية", True),
    ("banned", "كذاب", "كذاب", True),
    ("banned", "خاين", "خاين", True),
    ("banned", "حيوان", "حيوان", True),
    ("banned", "كلب", "كلب", True),
    ("banned", "حمار", "حمار", True),
]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("ya 7arami", "حرامي"),
        ("enta 7aramy", "حرامي"),
        ("hiye 7aramiyye", "حرامية"),
        ("7aramiyyeh!", "حرامية"),
        ("inta kazzab", "كذاب"),
        ("5ayen", "خاين"),
        ("ya 7ayawan", "حيوان"),
        ("ya kalb", "كلب"),
        ("ya 7mar", "حمار"),
        ("ya 7maar", "حمار"),
    ],
)
def test_real_arabizi_spellings_are_caught_whatever_the_vowels(text, word):
    found = match_words(text, READER_SPELLINGS)
    assert found is not None and found.word == word, text


@pytest.mark.parametrize(
    "text",
    ["karma", "camel", "hello", "club", "khan", "7aram 3aleik", "Great report, thanks", "kalbon"],
)
def test_innocent_latin_words_do_not_match_a_skeleton(text):
    assert match_words(text, READER_SPELLINGS) is None, text
