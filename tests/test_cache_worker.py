"""What a worker keeps and reads: its own copies (pages, fragments, comments) stay within
their memory budgets, and a page rendered around the page cache reads its cards' keys in
one round trip, not one per card."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from newsroom.cache import fragments
from newsroom.cache import keys as dependency
from newsroom.cache import pages as page_cache
from newsroom.cache.fragments import LocalEntries, rough_size
from tests.factories import make_article, make_section, make_user

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_entries_over_their_byte_budget_drop_the_least_recently_used():
    entries = LocalEntries(size=100, budget=1_000, weigh=len)
    entries.put("a", "x" * 400)
    entries.put("b", "y" * 400)
    assert entries.get("a")  # "a" is now the most recently used
    entries.put("c", "z" * 400)  # 1,200 bytes: one must go, the least recently used
    assert entries.get("b") is None
    assert entries.get("a") and entries.get("c")
    assert entries.weight == 800


def test_replacing_or_discarding_an_entry_gives_its_bytes_back():
    entries = LocalEntries(size=100, budget=1_000, weigh=len)
    entries.put("a", "x" * 600)
    entries.put("a", "x" * 300)
    assert entries.weight == 300
    entries.put("b", "y" * 600)
    assert entries.get("a") and entries.get("b")  # 900: both kept
    entries.discard("a")
    entries.put("c", "z" * 350)
    assert entries.weight == 950 and entries.get("b") and entries.get("c")
    entries.clear()
    assert entries.weight == 0 and entries.get("b") is None


def test_one_entry_larger_than_the_budget_is_still_kept_alone():
    entries = LocalEntries(size=100, budget=100, weigh=len)
    entries.put("a", "x" * 50)
    entries.put("big", "y" * 500)
    assert entries.get("big") and entries.get("a") is None


def test_a_kept_story_is_weighed_with_its_text():
    story = make_article(body="<p>" + "نص " * 2_000 + "</p>")
    assert rough_size(story) > 2 * len(story.body)  # its Arabic body, not a fixed guess
    assert rough_size(["x" * 1_000, "y" * 1_000]) > 2_000


@override_settings(CACHES=LOCMEM)
def test_a_worker_serving_many_pages_keeps_only_its_budget_of_them(client, monkeypatch):
    cache.clear()
    stories = [make_article(headline=f"خبر رقم {n}", slug=f"story-{n}") for n in range(8)]
    first = client.get(stories[0].get_absolute_url()).content
    budget = 3 * (len(first) + 1024)  # about three story pages
    hot = LocalEntries(size=512, budget=budget, weigh=page_cache._hot.weigh)
    monkeypatch.setattr(page_cache, "_hot", hot)
    for story in stories:
        assert client.get(story.get_absolute_url()).status_code == 200
    assert 1 <= len(hot.entries) <= 4
    assert hot.weight <= budget * 1.5
    # The pages no longer kept by the worker are still served from the shared cache.
    again = client.get(stories[0].get_absolute_url())
    assert again["X-Page-Cache"] == "hit"


class CountedReads:
    """The dependency keys' cache, counting its reads (``newsroom.cache.keys.versions``)."""

    def __init__(self):
        self.reads = []

    def get_many(self, keys, *args, **kwargs):
        self.reads.append(len(keys))
        return cache.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(cache, name)


@override_settings(CACHES=LOCMEM)
def test_a_listing_rendered_around_the_cache_reads_its_cards_keys_at_once(client, monkeypatch):
    """An editor browsing the site (never cached) costs one round trip for 20 cards' keys."""
    cache.clear()
    fragments.clear()
    section = make_section()
    for n in range(20):
        make_article(section=section, headline=f"خبر {n}", slug=f"listed-{n}")
    client.force_login(make_user(superuser=True))
    counted = CountedReads()
    monkeypatch.setattr(dependency, "cache", counted)
    response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "bypass"
    assert len(counted.reads) <= 8, counted.reads  # not one per card
    assert max(counted.reads) >= 20


@override_settings(CACHES=LOCMEM)
def test_the_front_page_reads_its_cards_keys_at_once(client, monkeypatch):
    cache.clear()
    fragments.clear()
    sections = [make_section() for _ in range(4)]
    for n in range(24):
        make_article(section=sections[n % 4], headline=f"خبر {n}", slug=f"front-{n}")
    counted = CountedReads()
    monkeypatch.setattr(dependency, "cache", counted)
    response = client.get("/ar/")
    assert response["X-Page-Cache"] == "miss"
    cards = response.content.decode().count('class="card__headline"')
    assert cards >= 15
    assert len(counted.reads) <= 8, counted.reads  # not one per card
