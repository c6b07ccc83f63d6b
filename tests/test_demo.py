"""The demo newsroom (`load_demo`) and the demo staff accounts (`create_demo_accounts`)."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import Article, Author, Section, SlugRedirect, Tag, TaggedArticle
from comments.models import Comment

pytestmark = pytest.mark.django_db

MODELS = [Article, Article.history.model, Author, Section, Tag, TaggedArticle, SlugRedirect]


def snapshot() -> dict:
    """Every demo row, field by field, plus the files in MEDIA_ROOT."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    rows["authors"] = sorted(Article.authors.through.objects.values_list("article", "author"))
    media = Path(settings.MEDIA_ROOT)
    rows["files"] = (
        sorted(str(p) for p in media.rglob("*") if p.is_file()) if media.exists() else []
    )
    return rows


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_newsroom_has_what_the_brief_asks_for():
    load()
    assert Article.objects.count() == 12
    assert (
        Article.objects.filter(language="ar").count()
        > Article.objects.filter(language="en").count()
        > 0
    )
    assert set(Section.objects.values_list("name_ar", flat=True)) == {
        "سياسة",
        "اقتصاد",
        "ثقافة",
        "رياضة",
    }
    assert set(Section.objects.values_list("name_en", flat=True)) == {
        "Politics",
        "Economy",
        "Culture",
        "Sport",
    }
    assert Author.objects.filter(name_ar__contains="ڤ").exists()
    assert Tag.objects.filter(name="الأردن").exists()
    assert Article.objects.published().count() == 10
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED).exclude(
        pk__in=Article.objects.published()
    )
    assert scheduled.count() == 1


def test_demo_stories_are_real_news_prose():
    load()
    for story in Article.objects.all():
        assert story.section and story.authors.exists() and story.tags.exists(), story
        assert story.body.count("<p>") >= 3, story
        assert story.standfirst and story.summary, story
    arabic = Article.objects.filter(language="ar")
    assert all("كانون الأول/ديسمبر 2022" in story.body for story in arabic)
    assert any("ڤ" in story.body for story in arabic)


def test_two_demo_stories_are_a_translation_pair():
    load()
    pairs = Article.objects.filter(translation__isnull=False)
    assert pairs.count() == 2
    first, second = pairs
    assert first.translation == second and second.translation == first
    assert {first.language, second.language} == {"ar", "en"}


def test_demo_lead_images_are_generated_pictures():
    load()
    for story in Article.objects.all():
        with Image.open(story.lead_image.path) as image:
            assert image.format == "JPEG"
            assert image.size == (1200, 675)


def test_demo_stories_open_for_readers(client):
    load()
    for story in Article.objects.published():
        response = client.get(story.get_absolute_url())
        assert response.status_code == 200, story.get_absolute_url()
        assert story.headline in response.text


def test_loading_twice_changes_nothing():
    load()
    before = snapshot()
    comments = list(Comment.objects.values_list("pk", "status", "body"))
    output = load()
    assert snapshot() == before
    assert re.search(r"0 stories created, 12 already there", output)
    assert list(Comment.objects.values_list("pk", "status", "body")) == comments


def test_demo_gives_moderators_a_queue_and_readers_a_thread():
    load()
    assert Comment.objects.in_moderation().count() >= 2
    reply = Comment.objects.approved().exclude(parent=None).get()
    assert reply.parent.status == "approved"


def test_an_editors_change_to_a_demo_story_survives_a_reload():
    load()
    story = Article.objects.get(slug="a-beirut-bookshop-turns-sixty")
    story.headline = "Edited by the desk"
    story.save()
    load()
    story.refresh_from_db()
    assert story.headline == "Edited by the desk"


def test_demo_accounts_get_random_passwords_printed_once(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_accounts", stdout=out)
    text = out.getvalue()
    passwords = dict(re.findall(r"(editor|moderator|writer)\s+\(\w+\): (\S+)", text))
    assert set(passwords) == {"editor", "moderator", "writer"}
    assert len(set(passwords.values())) == 3
    for username, role in (
        ("editor", "Editors"),
        ("moderator", "Moderators"),
        ("writer", "Writers"),
    ):
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert user.groups.filter(name=role).exists()
        assert user.check_password(passwords[username])

    again = io.StringIO()
    call_command("create_demo_accounts", stdout=again)
    for password in passwords.values():
        assert password not in again.getvalue()
    assert User.objects.get(username="editor").check_password(passwords["editor"])


def test_demo_accounts_reset_gives_new_passwords(settings):
    settings.DEBUG = True
    first = io.StringIO()
    call_command("create_demo_accounts", stdout=first)
    old = re.search(r"editor\s+\(\w+\): (\S+)", first.getvalue()).group(1)
    second = io.StringIO()
    call_command("create_demo_accounts", "--reset", stdout=second)
    new = re.search(r"editor\s+\(\w+\): (\S+)", second.getvalue()).group(1)
    assert new != old
    assert User.objects.get(username="editor").check_password(new)


def test_demo_accounts_refuse_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_demo_accounts", stdout=io.StringIO())
    assert not User.objects.filter(username__in=["editor", "moderator", "writer"]).exists()
