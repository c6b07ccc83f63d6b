"""CPU time of the story page (20 comments) in one process, for one source tree.

Compares builds side by side on a busy machine, where wall time moves with the load and
CPU time much less: run it for a copy of an earlier commit and for this tree, in turn,
against the same bench database (the environment of ``scripts/profile_story.py``)::

    git archive 61d197a | tar -x -C /tmp/base
    .venv/bin/python scripts/compare_story.py /tmp/base
    .venv/bin/python scripts/compare_story.py .

Rows: a page-cache hit; the next reader after an approval (the story's thread touched);
the page cache bypassed after a thread change, warm, and with every fragment emptied; the
first read of 40 other stories (page cache bypassed) in a worker that has served pages.
"""

import os
import statistics
import sys
import time

TREE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
sys.path.insert(0, TREE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

import articles  # noqa: E402
from articles.models import Article  # noqa: E402
from comments.dependencies import thread_key  # noqa: E402
from comments.templatetags import comments as comment_tags  # noqa: E402
from newsroom.cache import changed, fragments  # noqa: E402

STORY = "/ar/news/bench-story-20-comments/"


def timed(before, client, requests: int, urls=None) -> tuple[float, float, str]:
    """(p50, least) CPU ms of ``requests`` requests, each after ``before()``, of the story
    or of the next of ``urls``; and the last answer's ``X-Page-Cache``."""
    spent, answer = [], ""
    for n in range(requests + 5):
        before()
        started = time.process_time()
        response = client.get(urls[n] if urls else STORY)
        spent.append((time.process_time() - started) * 1000)
        assert response.status_code == 200
        answer = response.get("X-Page-Cache", "")
    spent = sorted(spent[5:])
    return statistics.median(spent), spent[0], answer


def main() -> None:
    assert articles.__file__.startswith(TREE), articles.__file__
    story = Article.objects.get(slug=STORY.split("/")[-2])
    page = Client(HTTP_HOST="127.0.0.1")
    bypass = Client(HTTP_HOST="127.0.0.1", HTTP_X_BENCH_NO_CACHE="1")

    def approval():
        changed({thread_key(story.pk)})

    def cold():
        fragments.clear()
        comment_tags._rendered.clear()
        comment_tags._blank_fields.clear()

    # Stories this worker has not read yet, one request each: the first pass over cold
    # stories, in a worker that has served pages before (navigation, the blank form, the
    # banner kept), as a news day's readers meet them.
    others = Article.objects.published().filter(language="ar").exclude(pk=story.pk)
    firsts = [a.get_absolute_url() for a in others.order_by("pk")[:45]]
    rows = [
        ("hit", lambda: None, page, 200),
        ("after approval", approval, page, 40),
        ("page cache bypassed, thread changed", approval, bypass, 40),
        ("page cache bypassed, warm", lambda: None, bypass, 40),
        ("page cache bypassed, cold", cold, bypass, 40),
        ("first read of 40 other stories", lambda: None, bypass, 40, firsts),
    ]
    tag = os.path.basename(TREE)[:12]
    for name, before, client, requests, *urls in rows:
        median, least, answer = timed(before, client, requests, *urls)
        print(f"{tag:12s} {name:38s} CPU p50 {median:6.2f} ms  least {least:6.2f} ms  ({answer})")


if __name__ == "__main__":
    main()
