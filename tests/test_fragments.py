"""Fragments kept per worker (story cards, comment lists) are fresh after every change.

These pages are requested by a logged-in editor, whom the page cache never serves, so
only the fragments could show something stale.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from articles.pagination import IndexedPaginator
from comments.moderation import policy
from newsroom.cache import fragments, keys
from tests.factories import make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("Editors"))
    return client


def test_a_story_card_shows_an_edited_headline_at_once(editor_client):
    section = make_section()
    story = make_article(section=section, headline="عنوان أول")
    url = section.get_absolute_url()
    assert "عنوان أول" in editor_client.get(url).text
    story.headline = "عنوان مصحح"
    story.save()
    html = editor_client.get(url).text
    assert "عنوان مصحح" in html
    assert "عنوان أول" not in html


def test_a_renamed_section_shows_on_the_cards_at_once(editor_client):
    section = make_section(name_ar="اقتصاد")
    make_article(section=section)
    assert "اقتصاد" in editor_client.get("/ar/").text
    section.name_ar = "مال وأعمال"
    section.save()
    assert "مال وأعمال" in editor_client.get("/ar/").text


def test_an_approved_comment_joins_the_kept_comment_list_at_once(editor_client):
    article = make_article()
    make_comment(article, body="أول تعليق")
    waiting = make_comment(article, body="تعليق ينتظر", status="pending")
    url = article.get_absolute_url()
    assert "تعليق ينتظر" not in editor_client.get(url).text
    policy.decide(waiting, "approved", user=make_user("Moderators"))
    html = editor_client.get(url).text
    assert "أول تعليق" in html
    assert "تعليق ينتظر" in html


def test_fragments_are_rendered_again_only_when_one_of_their_keys_changes():
    calls = []

    def render():
        calls.append(1)
        return "<p>card</p>"

    assert fragments.fragment(("test",), render, keys=["story:1"]) == "<p>card</p>"
    assert fragments.fragment(("test",), render, keys=["story:1"]) == "<p>card</p>"
    assert len(calls) == 1
    keys.touch(["story:2", "thread:1"])  # someone else's story, this story's comments
    fragments.fragment(("test",), render, keys=["story:1"])
    assert len(calls) == 1
    keys.touch(["story:1"])
    fragments.fragment(("test",), render, keys=["story:1"])
    assert len(calls) == 2


def test_a_fragment_rendered_while_its_story_changed_is_not_kept():
    calls = []

    def render():
        calls.append(1)
        if len(calls) == 1:  # the story's change commits while the first render runs
            keys.touch(["story:1"])
        return "<p>card</p>"

    fragments.fragment(("racing",), render, keys=["story:1"])
    fragments.fragment(("racing",), render, keys=["story:1"])
    assert len(calls) == 2
    fragments.fragment(("racing",), render, keys=["story:1"])
    assert len(calls) == 2


def test_a_change_elsewhere_while_a_fragment_renders_does_not_stop_it_being_kept():
    calls = []

    def render():
        calls.append(1)
        keys.touch(["story:9", "thread:1"])  # busy newsroom: other things change meanwhile
        return "<p>card</p>"

    fragments.fragment(("busy",), render, keys=["story:1"])
    fragments.fragment(("busy",), render, keys=["story:1"])
    assert len(calls) == 1


def test_a_cache_outage_renders_fragments_instead_of_failing(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", down)
    assert fragments.fragment(("outage",), lambda: "rendered") == "rendered"


def test_a_scheduled_story_reaches_a_kept_listing_count_within_a_minute(editor_client, monkeypatch):
    section = make_section()
    for n in range(3):
        make_article(section=section, headline=f"خبر {n}")
    soon = timezone.now() + timedelta(seconds=30)
    make_article(section=section, headline="خبر مجدول", published_at=soon)
    clock = [1_000_000.0]
    monkeypatch.setattr(fragments.time, "time", lambda: clock[0])

    def counted():
        paginator = IndexedPaginator(
            Article.objects.published().filter(section=section),
            20,
        )
        paginator.count_key = ("count", "test", section.pk)
        return paginator.count

    assert counted() == 3
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=45))
    assert counted() == 3  # kept within the minute
    clock[0] += 60
    assert counted() == 4


def test_a_scheduled_story_reaches_the_kept_front_page_within_a_minute(editor_client, monkeypatch):
    make_article(headline="الخبر الحالي")
    make_article(headline="خبر مجدول", published_at=timezone.now() + timedelta(seconds=30))
    clock = [2_000_000.0]
    monkeypatch.setattr(fragments.time, "time", lambda: clock[0])
    assert "خبر مجدول" not in editor_client.get("/ar/").text

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=45))
    clock[0] += 60
    assert "خبر مجدول" in editor_client.get("/ar/").text


def test_publishing_a_story_reaches_the_kept_front_page_at_once(editor_client):
    make_article(headline="الخبر الحالي")
    assert "خبر عاجل" not in editor_client.get("/ar/").text
    make_article(headline="خبر عاجل")
    assert "خبر عاجل" in editor_client.get("/ar/").text


def test_a_story_page_shows_an_edited_body_at_once(editor_client):
    story = make_article(body="<p>النص الأول</p>")
    url = story.get_absolute_url()
    assert "النص الأول" in editor_client.get(url).text
    story.body = "<p>النص المعدل</p>"
    story.minor_correction = True  # even a typo fix that keeps "last updated"
    story.save()
    html = editor_client.get(url).text
    assert "النص المعدل" in html
    assert "النص الأول" not in html


def test_a_scheduled_story_loses_its_preview_notice_when_its_time_comes(editor_client, monkeypatch):
    story = make_article(published_at=timezone.now() + timedelta(minutes=5))
    url = story.get_absolute_url()
    assert "preview-notice" in editor_client.get(url).text
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(minutes=6))
    assert "preview-notice" not in editor_client.get(url).text


def test_a_kept_part_of_a_page_is_reused_until_one_of_its_keys_changes():
    from django.template import engines

    page = engines["django"].from_string(
        "{% load page_parts %}{% keep keys %}<p>{{ counter.next }}</p>{% endkeep %}"
    )

    class Counter:
        n = 0

        def next(self):
            self.n += 1
            return self.n

    context = {"keys": ["story:1", "names"], "counter": Counter()}
    assert page.render(context) == "<p>1</p>"
    keys.touch(["thread:1"])  # a comment approved under the story
    assert page.render(context) == "<p>1</p>"
    keys.touch(["story:1"])
    assert page.render(context) == "<p>2</p>"
    assert page.render({**context, "keys": []}) == "<p>3</p>"  # nothing to keep under


def test_a_draft_preview_shows_each_edit_at_once(editor_client):
    story = make_article(body="<p>مسودة أولى</p>", status=Article.Status.DRAFT, published_at=None)
    url = story.get_absolute_url()
    assert "مسودة أولى" in editor_client.get(url).text
    story.body = "<p>مسودة ثانية</p>"
    story.save()
    html = editor_client.get(url).text
    assert "مسودة ثانية" in html
    assert "مسودة أولى" not in html


def test_a_cold_listing_reads_its_keys_in_a_few_round_trips(client, monkeypatch):
    """Every card's key read at once, every fragment confirmed in one reading at the end:
    the number of version readings does not grow with the number of cards."""
    section = make_section()
    for _ in range(12):
        make_article(section=section)
    readings = []
    real = keys.versions

    def counted(wanted, *, fresh=False):
        memo = keys._memo.get()
        if fresh or memo is None or any(k not in memo for k in {*wanted, keys.EPOCH}):
            readings.append(set(wanted))
        return real(wanted, fresh=fresh)

    monkeypatch.setattr(keys, "versions", counted)
    cache.clear()
    fragments.clear()
    assert client.get(section.get_absolute_url())["X-Page-Cache"] == "miss"
    assert len(readings) <= 8, readings
    assert client.get(section.get_absolute_url())["X-Page-Cache"] == "hit"


def test_fragments_rendered_while_their_story_changed_are_not_kept_in_a_request():
    story = make_article()
    renders = []

    def render():
        renders.append(1)
        keys.changed({f"story:{story.pk}"})  # an editor saves while it renders
        return "<p>card</p>"

    with keys.request_memo():
        fragments.fragment(("racing-request",), render, keys=[f"story:{story.pk}"])
    with keys.request_memo():
        fragments.fragment(("racing-request",), render, keys=[f"story:{story.pk}"])
    assert len(renders) == 2


def test_an_edited_disclaimer_shows_under_a_story_read_before(editor_client):
    from comments.models import Disclaimer

    article = make_article()
    url = article.get_absolute_url()
    assert Disclaimer.current("ar") in editor_client.get(url).text
    Disclaimer.objects.update_or_create(pk=1, defaults={"text_ar": "تنبيه جديد", "text_en": "New"})
    Disclaimer.objects.get(pk=1).save()
    assert "تنبيه جديد" in editor_client.get(url).text
