"""A worker's memory over a news day's stories: peak resident memory while one process
reads the newest N story pages once each, through the page cache, the cache emptied first.

What the per-worker budgets bound (``docs/scaling.md``): pages kept in memory, fragments
and comment markup. Against a database seeded by ``make bench``, with the bench settings::

    NEWSROOM_SITE_URL=http://127.0.0.1 STATIC_ROOT=/tmp/newsroom-bench-static-0 \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
    REDIS_URL=redis://127.0.0.1:6379/14 DJANGO_SETTINGS_MODULE=bench.settings \\
    .venv/bin/python scripts/worker_memory.py --stories 1000

Empties that Redis database. Prints the peak (``VmHWM``) every quarter of the way and
what each per-worker store holds at the end.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Article  # noqa: E402
from comments.templatetags.comments import _rendered  # noqa: E402
from newsroom.cache import fragments, pages  # noqa: E402


def peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    args = parser.parse_args()
    stories = Article.objects.published().order_by("-published_at", "-pk")
    paths = [story.get_absolute_url() for story in stories[: args.stories]]
    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(paths[0])
    print(f"after one page: peak {peak_mb():.0f} MB")
    for done, path in enumerate(paths, 1):
        if client.get(path).status_code != 200:
            print(f"{path}: not 200", file=sys.stderr)
            return 1
        if done % max(1, len(paths) // 4) == 0:
            print(f"after {done:,} pages: peak {peak_mb():.0f} MB")
    for name, store in (
        ("pages", pages._hot),
        ("fragments", fragments._fragments),
        ("comment markup", _rendered),
    ):
        print(f"{name}: {len(store.entries):,} kept, about {store.weight / 2**20:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
