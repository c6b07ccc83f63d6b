"""Time (and optionally profile) the story page with 20 comments, in one process.

Against a database seeded by ``make bench`` (``manage.py seed_bench``), with the bench
settings and the page cache bypassed, so only the view and its fragments are measured:

- ``--mode cold``: every per-worker fragment and memo emptied before each request (a
  story nobody has read yet in this worker);
- ``--mode thread``: the story's ``thread:<id>`` touched before each request, the page
  cache bypassed (the view renders the page; the article and head are reused);
- ``--mode approval``: the same through the page cache, as a reader after a moderator's
  approval gets it: only the page's parts that show the thread are rendered again
  (``newsroom.cache.parts``).

Run::

    NEWSROOM_SITE_URL=http://127.0.0.1 STATIC_ROOT=/tmp/newsroom-static \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
    REDIS_URL=redis://127.0.0.1:6379/14 DJANGO_SETTINGS_MODULE=bench.settings \\
    .venv/bin/python scripts/profile_story.py --mode thread [--profile]

(``manage.py collectstatic`` once with the same settings before the first run.)
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Article  # noqa: E402
from comments.dependencies import thread_key  # noqa: E402
from comments.templatetags import comments as comment_tags  # noqa: E402
from newsroom.cache import changed, fragments  # noqa: E402

STORY = "/ar/news/bench-story-20-comments/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=("cold", "thread", "approval"), default="cold")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--profile", action="store_true", help="print the 40 costliest calls")
    args = parser.parse_args()
    header = settings.NEWSROOM_PAGE_CACHE_BYPASS_HEADER.upper().replace("-", "_")
    bypass = {} if args.mode == "approval" else {f"HTTP_{header}": "1"}
    client = Client(HTTP_HOST="127.0.0.1", **bypass)
    response = client.get(STORY)
    if response.status_code != 200:
        print(f"{STORY} answered {response.status_code}: seed the bench database first")
        return 1
    story = Article.objects.get(slug=STORY.split("/")[-2])

    def once():
        """The request's own time, in ms (what the moderator's change costs is not counted)."""
        if args.mode == "cold":
            fragments.clear()
            comment_tags._rendered.clear()
            comment_tags._blank_fields.clear()
        else:
            changed({thread_key(story.pk)})
        started = time.perf_counter()
        response = client.get(STORY)
        took = (time.perf_counter() - started) * 1000
        if args.mode == "approval":
            assert response["X-Page-Cache"] == "part", response["X-Page-Cache"]
        server.append(float(response["X-Server-Time-Ms"]))
        return took

    server: list[float] = []
    for _ in range(5):
        once()
    times, server[:] = [], []
    for _ in range(args.requests):
        times.append(once())
    times.sort()
    server.sort()
    print(
        f"{args.mode}: p50 {times[len(times) // 2]:.1f} ms, fastest {times[0]:.1f} ms; "
        f"server (X-Server-Time-Ms) p50 {server[len(server) // 2]:.1f} ms"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [once() for _ in range(20)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
