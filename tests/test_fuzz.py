"""Fuzzing with hypothesis: arbitrary Unicode and sizes never give a 500.

Drives the comment form POST, the search box and the slug/URL layer. Examples
are modest in number so each test runs in a few seconds.
"""

from urllib.parse import quote, unquote

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.text import arabic_slugify
from tests.factories import make_article

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any Unicode a browser can send (no lone surrogates: they cannot be UTF-8 encoded).
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
TRICKY = st.sampled_from(
    [
        "",
        "\x00",
        "\u202e\u2066\u200f",
        "\u200b" * 50,
        "ـــ",
        "كَلْب",
        "a" * 5000,
        "ض" * 2500,
        "%00",
        "../../etc/passwd",
        "<script>",
        "\ufeff",
        "🇱🇧👨‍👩‍👧",
        "\r\n\t",
    ]
)
TEXT = st.one_of(ANY_TEXT, TRICKY, st.text(max_size=3000))


def comment_url(article):
    return reverse("comments:post", kwargs={"article_id": article.pk})


@pytest.fixture
def story():
    return make_article(tags=["سوريا"])


@FUZZ
@given(name=TEXT, email=TEXT, body=TEXT, token=TEXT, parent=TEXT, website=TEXT)
def test_comment_form_never_fails(story, name, email, body, token, parent, website):
    url = comment_url(story)
    from django.core.cache import cache

    cache.clear()  # the rate limit would otherwise answer every later example with 429
    response = Client().post(
        url,
        {
            "name": name,
            "email": email,
            "body": body,
            "form_token": token,
            "parent": parent,
            "website": website,
        },
    )
    assert response.status_code < 500
    assert response.status_code in (200, 302, 400, 403, 429)


@FUZZ
@given(query=TEXT, page=TEXT)
def test_search_box_never_fails(query, page):
    url = reverse("articles:search")
    for language in ("/ar", "/en"):
        response = Client().get(language + url[3:], {"q": query, "page": page})
        assert response.status_code in (200, 400, 404), response.status_code


@FUZZ
@given(slug=TEXT)
def test_story_tag_section_and_author_paths_never_fail(slug):
    client = Client()
    for prefix in ("/ar/news/", "/en/news/", "/ar/tag/", "/ar/section/", "/en/author/"):
        response = client.get(prefix + quote(slug, safe="") + "/")
        assert response.status_code in (200, 301, 302, 400, 404), (prefix, response.status_code)


@FUZZ
@given(headline=TEXT)
def test_any_headline_gives_a_slug_whose_url_round_trips(headline):
    slug = arabic_slugify(headline)
    assert isinstance(slug, str)
    if not slug:
        return
    path = reverse("articles:detail", kwargs={"slug": slug})
    try:
        match = resolve(unquote(path))
    except Resolver404:  # pragma: no cover - a slug the URL layer cannot carry
        pytest.fail(f"{slug!r} gives {path!r}, which does not resolve")
    assert match.kwargs["slug"] == slug


@settings(max_examples=15, deadline=None)
@given(
    headline=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=1,
    )
)
def test_any_headline_can_be_saved_and_read(headline):
    if not headline.strip():
        return
    article = make_article(headline=headline[:250])
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200


# --- Control characters in every admin text field; forms in other charsets ---------------

CONTROL = st.sampled_from([chr(c) for c in [*range(0x01, 0x20), *range(0x7F, 0xA0)]])
WITH_CONTROLS = st.lists(
    st.one_of(CONTROL, st.sampled_from(["خبر", " ", "Beirut", "\n"])), max_size=12
).map("".join)


def admin_forms():
    """(add URL, POST data builder, model) for each desk form with free text."""
    from articles.models import Article, Author, Section, Tag
    from comments.models import Word
    from tests.factories import article_admin_form_data, make_section

    def article(text):
        return article_admin_form_data(
            headline=("خبر " + text)[:250],
            kicker=text[:120],
            standfirst=text,
            summary=text,
            body=f"<p>{text}</p>",
            lead_image_caption=text[:300],
            lead_image_credit=text[:150],
            lead_image_alt=text[:300],
            section=make_section().pk,
        )

    return {
        "article": ("/en/admin/articles/article/add/", article, Article),
        "section": (
            "/en/admin/articles/section/add/",
            lambda t: {"name_ar": "قسم " + t, "name_en": t, "slug": "s-x", "position": 1},
            Section,
        ),
        "author": (
            "/en/admin/articles/author/add/",
            lambda t: {
                "name_ar": "كاتب " + t,
                "name_en": t,
                "slug": "a-x",
                "bio_ar": t,
                "bio_en": t,
            },
            Author,
        ),
        "tag": ("/en/admin/articles/tag/add/", lambda t: {"name": "وسم " + t, "slug": "t-x"}, Tag),
        "word": (
            "/en/admin/comments/word/add/",
            lambda t: {"word": "كلمة" + t, "kind": "suspect", "active": "on"},
            Word,
        ),
    }


def _text_values(obj) -> list[str]:
    from django.db import models

    return [
        getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    ]


@pytest.mark.parametrize("form", ["article", "section", "author", "tag", "word"])
@FUZZ
@given(text=WITH_CONTROLS)
def test_control_characters_in_every_admin_text_field_never_fail_nor_stay(form, text):
    from tests.factories import make_user

    url, build, model = admin_forms()[form]
    model.objects.all().delete()
    client = Client()
    client.force_login(make_user(superuser=True))
    response = client.post(url, build(text))
    assert response.status_code in (200, 302), response.status_code
    for obj in model.objects.all():
        for value in _text_values(obj):
            assert not any(
                (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 for c in value
            ), (form, value)


CHARSETS = st.sampled_from(
    [
        "latin1",
        "windows-1256",
        "iso-8859-6",
        "utf-16",
        "utf-16-be",
        "cp1252",
        "shift_jis",
        "koi8-r",
        "x-unknown",
        "",
    ]
)


@FUZZ
@given(charset=CHARSETS, body=st.binary(max_size=300), multipart=st.booleans())
def test_forms_in_any_charset_never_fail(story, charset, body, multipart):
    from tests.factories import make_user

    client = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(make_user(superuser=True))
    kind = "multipart/form-data; boundary=xyz" if multipart else "application/x-www-form-urlencoded"
    content_type = f"{kind}; charset={charset}" if charset else kind
    for who, path in (
        (client, comment_url(story)),
        (client, "/en/admin/login/"),
        (client, "/i18n/setlang/"),
        (staff, "/en/admin/articles/article/add/"),
        (staff, "/en/admin/comments/word/add/"),
    ):
        response = who.generic("POST", path, body, content_type=content_type)
        assert response.status_code < 500, (path, charset, response.status_code)
