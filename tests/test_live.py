"""Live stories for readers: the stream, the polling endpoint, its cache keys, JSON-LD and RSS."""

import json
import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import extruct
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles.live import close_coverage, live_key, remove_update, save_update
from articles.models import Article, LiveUpdate
from newsroom import dates
from newsroom.cache import keys as dependency
from tests.factories import make_article, make_live_story, make_live_update, make_user
from tests.vnu import vnu_command, vnu_errors

pytestmark = pytest.mark.django_db


def updates_url(story, since=0) -> str:
    return reverse("articles:live-updates", args=[story.pk]) + f"?since={since}"


def test_page_shows_pinned_then_key_events_then_the_stream_newest_first(client):
    story = make_live_story()
    first = make_live_update(story, title="افتتاح مراكز الاقتراع", key_event=True)
    second = make_live_update(story, body="<p>نسبة المشاركة ٣٠٪ حتى الظهر.</p>")
    pinned = make_live_update(story, title="ما نعرفه حتى الآن", pinned=True)
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.index(f'id="update-{pinned.pk}"') < html.index("key-events-heading")
    assert html.index("key-events-heading") < html.index(f'id="update-{second.pk}"')
    assert html.index(f'id="update-{second.pk}"') < html.index(f'id="update-{first.pk}"')
    assert f'href="#update-{first.pk}"' in html  # the key event links to its anchor
    assert 'class="live-badge"' in html
    assert f'data-latest="{pinned.pk}"' in html
    assert "data-open" in html


def test_update_time_is_in_the_newsrooms_zone_and_digits(client, settings):
    story = make_live_story()
    # 2023-07-14 19:40 UTC is 22:40 in Beirut (summer time, UTC+3).
    at = datetime(2023, 7, 14, 19, 40, tzinfo=UTC)
    story.live_started_at = at - timedelta(hours=1)
    story.save()
    make_live_update(story, created_at=at)
    settings.NEWSROOM_DIGITS = "eastern"
    html = client.get(story.get_absolute_url()).content.decode()
    assert "٢٢:٤٠" in html
    assert 'datetime="2023-07-14T22:40:00+03:00"' in html


def test_an_english_update_in_an_arabic_story_reads_left_to_right(client):
    story = make_live_story(language="ar")
    update = make_live_update(story, body="<p>The UN envoy arrived in Beirut at noon.</p>")
    arabic = make_live_update(story)
    assert update.direction == "ltr"
    assert arabic.direction == "rtl"
    html = client.get(story.get_absolute_url()).content.decode()
    block = html[html.index(f'id="update-{update.pk}"') :]
    block = block[: block.index("</article>")]
    # Its words read left to right; its time and flags follow the page.
    assert '<div class="live-update__body" dir="ltr">' in block
    assert f'data-update="{update.pk}" dir=' not in block


def test_update_body_is_sanitised_like_a_story():
    story = make_live_story()
    update = make_live_update(
        story, body='<p onclick="alert(1)">خبر<script>alert(1)</script></p><img src=x onerror=1>'
    )
    assert "script" not in update.body
    assert "onclick" not in update.body
    assert "onerror" not in update.body


def test_removed_updates_vanish_from_a_fresh_page_and_the_endpoint(client):
    story = make_live_story()
    kept = make_live_update(story, title="يبقى")
    gone = make_live_update(story, title="يُحذف", key_event=True)
    client.get(story.get_absolute_url())  # cached now
    remove_update(gone, make_user("Editors"))
    html = client.get(story.get_absolute_url()).content.decode()
    assert f"update-{gone.pk}" not in html
    assert f"update-{kept.pk}" in html
    data = client.get(updates_url(story)).json()
    assert [u["id"] for u in data["updates"]] == [kept.pk]


def test_endpoint_lists_updates_after_since_oldest_first(client):
    story = make_live_story()
    first = make_live_update(story)
    second = make_live_update(story, key_event=True, title="نتائج أولية")
    third = make_live_update(story)
    data = client.get(updates_url(story, first.pk)).json()
    assert [u["id"] for u in data["updates"]] == [second.pk, third.pk]
    assert data["latest"] == third.pk
    assert data["open"] is True
    assert f'href="#update-{second.pk}"' in data["updates"][0]["key_html"]
    assert "key_html" not in data["updates"][1]
    assert f'id="update-{second.pk}"' in data["updates"][0]["html"]
    nothing = client.get(updates_url(story, third.pk)).json()
    assert nothing["updates"] == [] and nothing["latest"] == third.pk


@pytest.mark.parametrize("since", ["abc", "-1", "1.5", "٣", "9" * 20])
def test_endpoint_refuses_a_bad_since_with_a_clear_400(client, since):
    story = make_live_story()
    response = client.get(reverse("articles:live-updates", args=[story.pk]), {"since": since})
    assert response.status_code == 400
    assert "since" in response.json()["error"]


def test_endpoint_is_404_for_stories_readers_cannot_see_or_never_live(client):
    draft = make_live_story(status=Article.Status.DRAFT)
    plain = make_article()
    for story in (draft, plain):
        assert client.get(updates_url(story)).status_code == 404


def test_endpoint_is_publicly_cacheable_with_the_storys_keys(client):
    story = make_live_story()
    make_live_update(story)
    response = client.get(updates_url(story))
    control = response["Cache-Control"]
    assert "public" in control
    assert "max-age=25" in control
    keys = response["xkey"].split()
    assert f"story:{story.pk}" in keys and live_key(story.pk) in keys
    assert "all" not in keys


def test_pollers_share_one_render_until_an_update_is_posted(client, django_assert_num_queries):
    story = make_live_story()
    first = make_live_update(story)
    url = updates_url(story, first.pk)
    assert client.get(url).json()["updates"] == []
    with django_assert_num_queries(0):
        for _ in range(5):
            assert client.get(url)["X-Page-Cache"] == "hit"
    second = make_live_update(story)
    data = client.get(url).json()
    assert [u["id"] for u in data["updates"]] == [second.pk]


def test_an_update_touches_only_its_storys_live_key_and_a_key_event_its_card():
    story = make_live_story()
    other = make_article()
    before = dependency.versions(
        [live_key(story.pk), f"story:{story.pk}", f"home:{story.language}", f"story:{other.pk}"]
    )
    make_live_update(story)
    after = dependency.versions(before)
    assert after[live_key(story.pk)] > before[live_key(story.pk)]
    assert after[f"story:{story.pk}"] == before[f"story:{story.pk}"]
    assert after[f"home:{story.language}"] == before[f"home:{story.language}"]
    make_live_update(story, key_event=True)
    assert dependency.versions(after)[f"story:{story.pk}"] > after[f"story:{story.pk}"]


def test_closing_the_story_tells_pollers_to_stop(client):
    story = make_live_story()
    update = make_live_update(story)
    assert client.get(updates_url(story, update.pk)).json()["open"] is True
    close_coverage(story, make_user("Editors"))
    data = client.get(updates_url(story, update.pk)).json()
    assert data["open"] is False
    assert "Live coverage ended" in data["status"] or "انتهت التغطية" in data["status"]
    html = client.get(story.get_absolute_url()).content.decode()
    assert "data-open" not in html
    assert f"update-{update.pk}" in html  # the updates stay


def test_last_updated_follows_the_latest_update(client):
    story = make_live_story()
    story.refresh_from_db()
    before = story.last_updated
    make_live_update(story)
    story.refresh_from_db()
    assert story.last_updated > before
    assert story.history.count() == 1  # an update is not a new version of the story


def test_the_pages_last_updated_follows_an_update_the_worker_has_kept_the_story(client):
    """The story is kept per worker between renders; a plain update must still move the
    page's "last updated" (and its modified time) at once, not a minute later."""
    story = make_live_story()
    Article.objects.filter(pk=story.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    url = story.get_absolute_url()
    client.get(url)  # renders the page and keeps the story in this worker
    make_live_update(story)
    story.refresh_from_db()
    html = client.get(url).content.decode()
    assert f'article:modified_time" content="{dates.iso(story.last_updated)}"' in html
    assert f'<time datetime="{dates.iso(story.last_updated)}"' in html


def test_editing_marks_the_update_edited_with_the_time(client):
    story = make_live_story()
    update = make_live_update(story)
    update.body = "<p>تصحيح: نسبة المشاركة ٣٢٪.</p>"
    save_update(update, make_user("Editors"))
    html = client.get(story.get_absolute_url()).content.decode()
    assert "live-update__edited" in html
    assert "٣٢٪" in html


def test_pinning_an_update_unpins_the_previous_one():
    story = make_live_story()
    editor = make_user("Editors")
    old = make_live_update(story, pinned=True)
    new = save_update(LiveUpdate(article=story, body="<p>جديد</p>", pinned=True), editor)
    old.refresh_from_db()
    assert new.pinned and not old.pinned


def test_card_shows_the_live_badge_and_latest_key_event(client):
    story = make_live_story(headline="فرز الأصوات في الانتخابات النيابية")
    client.get("/ar/")  # the front page and its card are cached now
    event = make_live_update(story, key_event=True, title="إعلان النتائج الأولية")
    html = client.get("/ar/").content.decode()
    assert 'class="live-badge live-badge--card"' in html
    assert f'href="{story.get_absolute_url()}#update-{event.pk}"' in html
    assert "إعلان النتائج الأولية" in html


def test_a_closed_story_has_no_badge_on_its_card(client):
    story = make_live_story(live_closed_at=timezone.now())
    html = client.get("/ar/").content.decode()
    assert story.headline in html
    assert "live-badge" not in html


def test_json_ld_is_a_live_blog_posting_with_its_updates(client):
    story = make_live_story(headline="قمة بيروت مباشرة")
    first = make_live_update(story, title="وصول الوفود")
    second = make_live_update(story, body="<p>The summit opens with a minute of silence.</p>")
    html = client.get(story.get_absolute_url()).content.decode()
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    assert len(data) == 1
    blog = data[0]
    assert blog["@type"] == "LiveBlogPosting"
    for required in ("headline", "datePublished", "dateModified", "coverageStartTime", "url"):
        assert blog[required], required
    assert "coverageEndTime" not in blog  # still open
    updates = blog["liveBlogUpdate"]
    assert [u["@type"] for u in updates] == ["BlogPosting", "BlogPosting"]
    assert updates[0]["url"].endswith(f"#update-{second.pk}")
    assert updates[1]["headline"] == "وصول الوفود"
    assert updates[1]["url"].endswith(f"#update-{first.pk}")
    assert all(u["datePublished"] and u["articleBody"] for u in updates)
    close_coverage(story, make_user("Editors"))
    html = client.get(story.get_absolute_url()).content.decode()
    closed = extruct.extract(html, syntaxes=["json-ld"])["json-ld"][0]
    assert closed["coverageEndTime"]


def test_a_story_never_live_stays_a_news_article(client):
    story = make_article()
    html = client.get(story.get_absolute_url()).content.decode()
    data = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    assert data[0]["@type"] == "NewsArticle"
    assert "data-live" not in html


def test_the_live_storys_feed_lists_its_updates(client):
    story = make_live_story()
    first = make_live_update(story, title="افتتاح")
    second = make_live_update(story, body="<p>تحديث &amp; متابعة</p>")
    gone = make_live_update(story, title="محذوف")
    remove_update(gone, make_user("Editors"))
    page = client.get(story.get_absolute_url()).content.decode()
    feed_url = reverse("articles:live-feed", args=[story.pk])
    assert f'href="{feed_url}"' in page
    items = ET.fromstring(client.get(feed_url).content).findall("channel/item")  # noqa: S314 (our own response)
    links = [item.findtext("link") for item in items]
    assert links[0].endswith(f"#update-{second.pk}")
    assert links[1].endswith(f"#update-{first.pk}")
    assert len(links) == 2
    assert items[0].findtext("title").startswith("تحديث & متابعة")
    assert items[0].findtext("pubDate")


@override_settings(NEWSROOM_LIVE_POLL_SECONDS=7)
def test_the_page_carries_the_poll_interval_and_the_endpoint(client):
    story = make_live_story()
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'data-poll-seconds="7"' in html
    assert f'data-updates-url="{reverse("articles:live-updates", args=[story.pk])}"' in html
    assert json.loads(client.get(updates_url(story)).content)["open"]


def test_live_pages_and_the_desk_page_have_no_html_errors(client, tmp_path):

    command = vnu_command()
    files = []
    for language in ("ar", "en"):
        story = make_live_story(language=language)
        make_live_update(story, title="حدث" if language == "ar" else "Event", key_event=True)
        make_live_update(story, body="<p>The envoy <strong>arrived</strong>.</p>")
        make_live_update(story, title="مثبت", pinned=True)
        closed = make_live_story(language=language, live_closed_at=timezone.now())
        make_live_update(closed)
        for name, path in {
            f"live-{language}": story.get_absolute_url(),
            f"closed-{language}": closed.get_absolute_url(),
            f"home-{language}": f"/{language}/",
        }.items():
            response = client.get(path)
            assert response.status_code == 200, path
            (tmp_path / f"{name}.html").write_bytes(response.content)
            files.append(str(tmp_path / f"{name}.html"))
    assert vnu_errors(command, files) == []


def test_a_live_story_page_and_its_endpoint_stay_within_their_query_budgets(
    client, django_assert_max_num_queries
):
    story = make_live_story()
    editor = make_user("Editors")
    for n in range(30):
        make_live_update(story, author=editor, key_event=n % 5 == 0, pinned=n == 7)
    with django_assert_max_num_queries(9):  # a story page's 8, and one for all its updates
        assert client.get(story.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(4):  # the story, its new, edited and removed updates
        assert client.get(updates_url(story, 5)).status_code == 200


def test_the_demo_newsroom_has_a_live_story_and_loading_again_adds_nothing(client):
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    story = Article.objects.get(live_started_at__isnull=False)
    updates = list(story.live_updates.visible())
    assert len(updates) == 7 and sum(u.key_event for u in updates) == 3
    assert [u.direction for u in updates].count("ltr") == 1
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert LiveUpdate.objects.count() == 7
    html = client.get(story.get_absolute_url()).content.decode()
    assert "key-events-heading" in html and "live-status" in html


def test_endpoint_answers_head_and_refuses_post(client):
    story = make_live_story()
    assert client.head(updates_url(story)).status_code == 200
    assert client.post(updates_url(story)).status_code in (403, 405)


def test_endpoint_tells_open_pages_of_edits_and_removals_to_what_they_have(client):
    story = make_live_story()
    editor = make_user("Editors")
    edited, removed, kept = (make_live_update(story) for _ in range(3))
    latest = make_live_update(story)
    edited.body = "<p>تصحيح الرقم.</p>"
    save_update(edited, editor)
    remove_update(removed, editor)
    data = client.get(updates_url(story, latest.pk)).json()
    assert data["updates"] == []
    assert data["removed"] == [removed.pk]
    assert [u["id"] for u in data["edited"]] == [edited.pk]
    assert "تصحيح الرقم" in data["edited"][0]["html"]
    assert f'data-edited="{data["edited"][0]["edited_at"]}"' in data["edited"][0]["html"]
    # A page that has only the first update hears only about that one.
    early = client.get(updates_url(story, edited.pk)).json()
    assert early["removed"] == [] and [u["id"] for u in early["edited"]] == [edited.pk]
    assert kept.pk in [u["id"] for u in early["updates"]]
