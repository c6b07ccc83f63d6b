"""The benchmark's own PostgreSQL database: created, seeded (or cloned), and described."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench import harness
from bench.harness import PYTHON, ROOT

log = harness.logger("bench")

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DB_NAME = os.environ.get("BENCH_DB", "newsroom_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SETTINGS = "bench.settings"


def pg_admin():
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", **PG)
    conn.autocommit = True
    return conn


def database_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def drop_database(cursor, name: str) -> None:
    cursor.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
    )
    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def env_for_django(database: str, static_root: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}",
        REDIS_URL=REDIS_URL,
        STATIC_ROOT=str(static_root),
        PYTHONUNBUFFERED="1",
    )
    env.pop("DEBUG", None)
    return env


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


#: The seed (bench/seed.py) is a management command that lives outside the apps.
SEED_SCRIPT = (
    "import sys, django; django.setup(); from bench.seed import Command; "
    "Command().run_from_argv(['bench/run.py', 'seed', *sys.argv[1:]])"
)


def analyse(database: str) -> None:
    """Fresh planner statistics and visibility map, before any scenario (autovacuum may
    be off, or late).

    A seed saved by an older seeder was vacuumed and analysed before its search index
    rewrote every story, so its statistics say every story's vector is NULL and its
    listings' index-only scans visit the table. About three seconds.
    """
    import psycopg2

    log("Vacuuming and analysing")
    conn = psycopg2.connect(dbname=database, **PG)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    conn.close()


def prepare_database(args, env: dict) -> float:
    """Create (or clone) the seeded bench database; returns seconds spent seeding."""
    template = f"{DB_NAME}_seed_{args.stories}_{args.comments}"
    conn = pg_admin()
    with conn.cursor() as cursor:
        drop_database(cursor, DB_NAME)
        if args.reuse_seed and database_exists(cursor, template):
            log(f"Cloning the seeded database {template}")
            cursor.execute(f'CREATE DATABASE "{DB_NAME}" TEMPLATE "{template}"')
            conn.close()
            manage(env, "migrate", "--no-input", "-v0")
            analyse(DB_NAME)
            return 0.0
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    log("Migrating")
    manage(env, "migrate", "--no-input", "-v0")
    log(f"Seeding {args.stories:,} stories and {args.comments:,} comments")
    started = time.monotonic()
    seed = ["--stories", str(args.stories), "--comments", str(args.comments)]
    subprocess.run([PYTHON, "-c", SEED_SCRIPT, *seed], cwd=ROOT, env=env, check=True)
    seconds = time.monotonic() - started
    with conn.cursor() as cursor:
        drop_database(cursor, template)
        cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{DB_NAME}"')
    conn.close()
    return seconds


def flush_cache() -> None:
    """Empty the bench's Redis database: every page and fragment cold."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def standalone_parser(description: str) -> argparse.ArgumentParser:
    """The options a scenario run alone shares (``bench/newsday.py``, ``bench/live_story.py``):
    a smaller seed than ``make bench``'s, reused with ``--reuse-seed``."""
    parser = argparse.ArgumentParser(description=description)
    env = os.environ.get
    parser.add_argument("--stories", type=int, default=int(env("BENCH_STORIES", 1000)))
    parser.add_argument("--comments", type=int, default=int(env("BENCH_COMMENTS", 20_000)))
    parser.add_argument("--reuse-seed", action="store_true", default=bool(env("BENCH_REUSE_SEED")))
    parser.add_argument("--duration", type=int, default=int(env("BENCH_DURATION", 20)))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=int(env("BENCH_PORT", 8731)))
    parser.add_argument("--json", help="also write the rows here")
    return parser


def prepare_standalone(args) -> dict:
    """For a scenario run alone: the database seeded (or cloned), static files collected and
    the cache emptied. Returns the environment gunicorn and ``manage.py`` run with."""
    static_root = Path(tempfile.gettempdir()) / f"newsroom-bench-static-{os.getuid()}"
    env = env_for_django(DB_NAME, static_root)
    prepare_database(args, env)
    manage(env, "collectstatic", "--no-input", "-v0")
    flush_cache()
    return env


FACTS_SCRIPT = r"""
import json, secrets
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from articles.models import Article, Author, Section, Tag
password = secrets.token_urlsafe(16)
admin = get_user_model().objects.get(username="bench-admin")
admin.set_password(password)
admin.save()
published = Article.objects.published()
section = (Section.objects.filter(slug__startswith="bench-")
           .annotate(n=Count("articles")).order_by("-n").first())
section_count = published.filter(section=section, language="ar").count()
tag = (Tag.objects.filter(slug__startswith="bench-")
       .annotate(n=Count("tagged_articles")).order_by("-n").first())
author = (Author.objects.filter(slug__startswith="bench-")
          .annotate(n=Count("articles")).order_by("-n").first())
facts = {
    "password": password,
    "stories": Article.objects.count(),
    "section": section.slug, "section_stories": section_count,
    "tag": tag.slug, "author": author.slug,
    "comments_min_seconds": settings.COMMENTS_MIN_SECONDS,
}
try:
    from comments.models import Comment
    facts["comments"] = Comment.objects.count()
except Exception:
    facts["comments"] = 0
print("FACTS " + json.dumps(facts))
"""

COUNT_SCRIPT = r"""
import json
from comments.models import Comment
posted = Comment.objects.filter(email__startswith="bench-post-%s-")
print("COUNT " + json.dumps({
    "rows": posted.count(),
    "distinct": posted.values("email").distinct().count(),
    "held": posted.exclude(held_reason="").count(),
}))
"""


def django_facts(env: dict) -> dict:
    out = manage(env, "shell", "-c", FACTS_SCRIPT, capture=True)
    return json.loads(out.split("FACTS ", 1)[1])
