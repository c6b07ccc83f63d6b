"""A live story's polling endpoint through a real Varnish: shared by every reader, purged by
its story's keys at each update (``live:<id>``), and nothing else purged with it."""

import json

from articles.live import close_coverage
from tests.factories import make_article, make_live_story, make_live_update, make_user

# The same Varnish fixture, helpers and marks (transactional, skipped without varnishd).
from tests.test_varnish import get, pytestmark, served, varnish, warm  # noqa: F401


def test_an_update_purges_its_storys_endpoint_and_page_only(varnish):  # noqa: F811
    story, other = make_live_story(), make_article()
    first = make_live_update(story)
    endpoint = f"/ar/live/{story.pk}/updates/?since={first.pk}"
    pages = [endpoint, story.get_absolute_url(), other.get_absolute_url(), "/ar/"]
    warm(varnish, *pages)

    update = make_live_update(story, title="نتائج أولية")

    status, headers, body = get(varnish + endpoint)
    assert status == 200 and headers["X-Cache"] == "miss"
    assert [u["id"] for u in json.loads(body)["updates"]] == [update.pk]
    assert served(varnish + endpoint) == "hit"  # the next reader shares it
    assert "نتائج أولية" in get(varnish + story.get_absolute_url())[2]
    for path in pages[2:]:  # not a key event: the front page keeps its copy
        assert served(varnish + path) == "hit", path


def test_closing_the_story_reaches_pollers_through_the_proxy(varnish):  # noqa: F811
    story = make_live_story()
    first = make_live_update(story)
    endpoint = f"/ar/live/{story.pk}/updates/?since={first.pk}"
    warm(varnish, endpoint)
    close_coverage(story, make_user("Editors"))
    assert json.loads(get(varnish + endpoint)[2])["open"] is False
