"""Remembered addresses are exactly what reverse() gives, per language and script prefix."""

from django.urls import reverse, set_script_prefix
from django.utils import translation

from newsroom.reverse_cache import remembered_reverse


def test_remembered_addresses_follow_the_language():
    with translation.override("en"):
        english = remembered_reverse("articles:detail", kwargs={"slug": "وزير"})
        assert english == reverse("articles:detail", kwargs={"slug": "وزير"})
    with translation.override("ar"):
        arabic = remembered_reverse("articles:detail", kwargs={"slug": "وزير"})
    assert english.startswith("/en/news/")
    assert arabic.startswith("/ar/news/")
    assert remembered_reverse("articles:detail", kwargs={"slug": "x"}, language="en") == (
        "/en/news/x/"
    )


def test_remembered_addresses_follow_the_script_prefix():
    try:
        set_script_prefix("/newsroom/")
        assert remembered_reverse("comments:report", args=[7], language="ar") == (
            "/newsroom/ar/comments/7/report/"
        )
    finally:
        set_script_prefix("/")
    assert (
        remembered_reverse("comments:report", args=[7], language="ar") == "/ar/comments/7/report/"
    )
