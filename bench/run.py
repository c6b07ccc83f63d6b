"""The benchmark harness behind ``make bench``: seed, serve, load, measure, report.

1. Creates its own PostgreSQL database (``newsroom_bench``), migrates it and seeds it with
   ``manage.py seed_bench`` (``BENCH_STORIES``/``BENCH_COMMENTS``, 100,000 / 1,000,000 by
   default). The seeded database is kept as a template (``newsroom_bench_seed_<s>_<c>``):
   ``--reuse-seed`` clones it instead of seeding again.
2. Starts gunicorn (``newsroom.settings.bench``, 2 workers) on 127.0.0.1 against that
   database and Redis, logs in an admin, warms every page up.
3. Drives each scenario of issue 7 with wrk for a fixed time (10 s, 16 connections by
   default), including the floor: a trivial page of the article page's size through the
   same middleware stack. Queries per request come from the bench-only ``X-Queries``
   header, server time from ``X-Server-Time-Ms``.
4. Reads the gunicorn workers' peak RSS, prints the table (absolute and as ratios to the
   floor, each target met or not) and writes it to ``docs/benchmarks.md``.

All traffic goes to 127.0.0.1. Scenarios whose page does not exist yet are reported as
"not available". Run: ``.venv/bin/python bench/run.py [--reuse-seed] [--duration 10]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DB_NAME = os.environ.get("BENCH_DB", "newsroom_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SETTINGS = "newsroom.settings.bench"
BYPASS = "X-Bench-No-Cache: 1"
#: Everything after this line in docs/benchmarks.md is kept when the table is rewritten.
NOTES_MARKER = "<!-- notes: kept by bench/run.py -->"
#: Three Arabic queries (one with tatweel, which the normaliser removes) and one English.
SEARCHES = [("ar", "الاسد"), ("ar", "الحكومة اللبنانية"), ("ar", "مـوسـكـو"), ("en", "elections")]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- database -----------------------------------------------------------------------------


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


def prepare_database(args, env: dict) -> float:
    """Create (or clone) the seeded bench database; returns seconds spent seeding."""
    template = f"newsroom_bench_seed_{args.stories}_{args.comments}"
    conn = pg_admin()
    with conn.cursor() as cursor:
        drop_database(cursor, DB_NAME)
        if args.reuse_seed and database_exists(cursor, template):
            log(f"Cloning the seeded database {template}")
            cursor.execute(f'CREATE DATABASE "{DB_NAME}" TEMPLATE "{template}"')
            conn.close()
            manage(env, "migrate", "--no-input", "-v0")
            return 0.0
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    log("Migrating")
    manage(env, "migrate", "--no-input", "-v0")
    log(f"Seeding {args.stories:,} stories and {args.comments:,} comments")
    started = time.monotonic()
    manage(env, "seed_bench", "--stories", str(args.stories), "--comments", str(args.comments))
    seconds = time.monotonic() - started
    with conn.cursor() as cursor:
        drop_database(cursor, template)
        cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{DB_NAME}"')
    conn.close()
    return seconds


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
    "comments_min_seconds": getattr(settings, "COMMENTS_MIN_SECONDS", 0),
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


# --- HTTP helpers -------------------------------------------------------------------------


class Http:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = dict(headers or {})
        if len(self.jar):
            # By hand: the bench serves production's Secure cookies over plain HTTP.
            headers.setdefault("Cookie", "; ".join(f"{c.name}={c.value}" for c in self.jar))
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def field_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def login_admin(base: str, password: str) -> str:
    client = Http(base)
    _, _, html = client.request("/ar/admin/login/")
    token = field_value(html.decode(), "csrfmiddlewaretoken")
    status, _, _ = client.request(
        "/ar/admin/login/?next=/ar/admin/",
        {"username": "bench-admin", "password": password, "csrfmiddlewaretoken": token},
    )
    session = client.cookie("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"admin login failed ({status})")
    return f"Cookie: sessionid={session}; csrftoken={client.cookie('csrftoken')}"


# --- gunicorn -----------------------------------------------------------------------------


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    cmd = [
        GUNICORN,
        "newsroom.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return proc
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        time.sleep(0.2)
    stop_gunicorn(proc)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout
    return [int(p) for p in out.split()]


def peak_rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return -1.0
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else -1.0


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


# --- scenarios ----------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    path: str
    headers: list[str] = field(default_factory=list)
    script: str = "latency.lua"
    env: dict = field(default_factory=dict)
    result: dict | None = None
    note: str = ""

    @property
    def available(self) -> bool:
        return self.result is not None


def run_wrk(base: str, scenario: Scenario, args) -> dict:
    env = dict(os.environ)
    env["BENCH_HEADERS"] = "|".join(scenario.headers)
    env.update(scenario.env)
    cmd = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / scenario.script),
        base + scenario.path,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=args.duration + 60)
    line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {out.stdout[-500:]} {out.stderr[-500:]}")
    data = json.loads(line.split(" ", 1)[1])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def probe(client: Http, scenario: Scenario) -> tuple[int, dict, bytes]:
    headers = dict(h.split(": ", 1) for h in scenario.headers)
    return client.request(scenario.path, headers=headers)


def comment_tokens(base: str, path: str, count: int) -> tuple[list[str], str]:
    """GET the story page as ``count`` readers; returns their token sets and the form's action."""
    sets, action = [], ""
    for _ in range(count):
        client = Http(base)
        status, _, body = client.request(path)
        html = body.decode()
        csrf, form = field_value(html, "csrfmiddlewaretoken"), field_value(html, "form_token")
        match = re.search(
            r'<form[^>]*action="([^"]*)"[^>]*>(?:(?!</form>).)*form_token', html, re.S
        )
        if status != 200 or not (csrf and form and match):
            return [], ""
        action = match.group(1)
        q = urllib.parse.quote
        sets.append(f"{q(client.cookie('csrftoken'), '')},{q(csrf, '')},{q(form, '')}")
    return sets, action


# --- the report ---------------------------------------------------------------------------


@dataclass
class Target:
    label: str
    check: object  # callable(results) -> (bool | None, str)


def ms(us: float) -> float:
    return us / 1000


def build_targets(r: dict, rss: list[float], notes: dict) -> list[tuple[str, str, str]]:
    """(target, measured, met) rows; met is "met", "NOT met" or "not available"."""

    def ratio(name):
        if r.get(name) and r.get("floor"):
            return r[name]["rps"] / r["floor"]["rps"]
        return None

    rows = []

    def add(label, value, ok, shown):
        rows.append((label, shown if value is not None else "-", _met(ok, value)))

    v = ratio("article (cached)")
    add("Cached article ≥ 80 % of floor", v, v is not None and v >= 0.80, f"{v:.0%}" if v else "")
    for name, need in (("article, 20 comments (uncached)", 0.15),):
        v = ratio(name)
        add(f"Uncached article, 20 comments ≥ {need:.0%} of floor", v, v and v >= need,
            f"{v:.0%}" if v else "")  # fmt: skip
    v = ratio("article, 200 comments (uncached)")
    add(
        "Uncached article, 200 comments ≥ 10 % of floor",
        v,
        v and v >= 0.10,
        f"{v:.0%}" if v else "",
    )
    for name in ("article, 20 comments (uncached)", "article, 200 comments (uncached)"):
        res = r.get(name)
        p99 = ms(res["p99_us"]) if res else None
        add(f"{name}: p99 < 100 ms at 16 connections", p99, p99 is not None and p99 < 100,
            f"{p99:.1f} ms" if p99 is not None else "")  # fmt: skip
    for name in ("home (uncached)", "section page 1 (uncached)"):
        v = ratio(name)
        add(f"{name} ≥ 10 % of floor", v, v and v >= 0.10, f"{v:.0%}" if v else "")
    deep = next(
        (k for k in r if k.startswith("section page ") and k != "section page 1 (uncached)"), None
    )
    if deep and r.get("section page 1 (uncached)"):
        slower = r["section page 1 (uncached)"]["rps"] / r[deep]["rps"]
        add(f"{deep} no slower than 2× page 1", slower, slower <= 2.0, f"{slower:.2f}× slower")
    else:
        add("Deep section page no slower than 2× page 1", None, False, "")
    for name in [k for k in r if k.startswith("search")]:
        res = r[name]
        p50, p99 = res["server_p50_ms"], res["server_p99_ms"]
        add(f"{name}: server p50 < 30 ms, p99 < 100 ms", p50, p50 < 30 and p99 < 100,
            f"{p50:.1f} / {p99:.1f} ms")  # fmt: skip
    if not any(k.startswith("search") for k in r):
        add("Search: server p50 < 30 ms", None, False, "")
    for name in ("admin article list", "admin comment queue"):
        res = r.get(name)
        p50 = res["server_p50_ms"] if res else None
        if res is None and "10 s" in notes.get(name, ""):
            rows.append((f"{name}: server p50 < 300 ms", notes[name], "NOT met"))
            continue
        add(f"{name}: server p50 < 300 ms", p50, p50 is not None and p50 < 300,
            f"{p50:.1f} ms" if p50 is not None else "")  # fmt: skip
    post = r.get("comment POST stream")
    if post:
        rate = post["accepted"] / (post["duration_us"] / 1e6)
        intact = post.get("intact", False)
        add("Comment POST ≥ 300 accepted/s, none lost or doubled", rate, rate >= 300 and intact,
            f"{rate:.0f}/s, {post.get('integrity', '')}")  # fmt: skip
    else:
        add("Comment POST ≥ 300 accepted/s", None, False, "")
    worst = max(rss) if rss else None
    add("Each gunicorn worker < 150 MB RSS", worst, worst is not None and worst < 150,
        f"{worst:.0f} MB (highest worker peak)" if worst else "")  # fmt: skip
    return rows


def _met(ok, value) -> str:
    if value is None:
        return "not available"
    return "met" if ok else "NOT met"


def render_table(scenarios: list[Scenario], floor: dict | None) -> str:
    lines = [
        "| scenario | req/s | × floor | p50 ms | p99 ms | server p50 / p99 ms "
        "| non-2xx | SQL/req | worker peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scenarios:
        if not s.available:
            lines.append(f"| {s.name} | not available{': ' + s.note if s.note else ''} ||||||||")
            continue
        r = s.result
        ratio = f"{r['rps'] / floor['rps']:.2f}" if floor else "-"
        server = (
            f"{r['server_p50_ms']:.1f} / {r['server_p99_ms']:.1f}"
            if r["server_p50_ms"] >= 0
            else "-"
        )
        queries = str(r["queries"]) if r["queries"] >= 0 else "-"
        non2xx = str(r["non2xx"]) + (f" ({s.note})" if s.note else "")
        lines.append(
            f"| {s.name} | {r['rps']:,.0f} | {ratio} | {ms(r['p50_us']):.1f} | "
            f"{ms(r['p99_us']):.1f} | {server} | {non2xx} | {queries} | "
            f"{r.get('rss_mb', -1):.0f} |"
        )
    return "\n".join(lines)


def machine_facts() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass

    redis_version = "?"
    try:
        import redis

        redis_version = redis.Redis.from_url(REDIS_URL).info("server")["redis_version"]
    except Exception as exc:  # a fact for the report, not a reason to fail
        log(f"Redis version unknown: {exc}")

    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return "?"

    return {
        "CPU": f"{cpu} × {os.cpu_count()} cores",
        "Memory": mem,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": version(
            ["psql", "-h", PG["host"], "-U", PG["user"], "-tAc", "SHOW server_version", "postgres"]
        ),
        "Redis": redis_version,
        "wrk": " ".join((version(["wrk", "--version"]) or "wrk").split()[:2]),
    }  # fmt: skip


# --- main ---------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--stories", type=int, default=int(os.environ.get("BENCH_STORIES", 100_000))
    )
    parser.add_argument(
        "--comments", type=int, default=int(os.environ.get("BENCH_COMMENTS", 1_000_000))
    )
    parser.add_argument(
        "--reuse-seed", action="store_true", default=bool(os.environ.get("BENCH_REUSE_SEED"))
    )
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 10)))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8731)))
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args()  # fmt: skip
    for tool in ("wrk",):
        if not shutil.which(tool):
            log(f"{tool} is not installed (apt-get install -y {tool})")
            return 2

    started = time.monotonic()
    static_root = Path(tempfile.gettempdir()) / f"newsroom-bench-static-{os.getuid()}"
    env = env_for_django(DB_NAME, static_root)
    seed_seconds = prepare_database(args, env)
    log("Collecting static files")
    manage(env, "collectstatic", "--no-input", "-v0")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    facts = django_facts(env)
    log(f"Database: {facts['stories']:,} stories, {facts['comments']:,} comments")

    base = f"http://127.0.0.1:{args.port}"
    import newsday  # the news-day rows (bench/newsday.py, which imports this module)

    varnish = newsday.prepare(env, args)
    proc = start_gunicorn(env, args.port, args.workers)
    args.master = proc.pid
    scenarios: list[Scenario] = []
    results: dict = {}
    rss: list[float] = []
    try:
        admin_cookie = login_admin(base, facts["password"])
        client = Http(base)
        story20 = "/ar/news/bench-story-20-comments/"
        status, _, page = client.request(story20)
        size = len(page) if status == 200 else 30_000
        pages_deep = max(1, min(500, facts["section_stories"] // 20))
        q = urllib.parse.quote
        section_url = f"/ar/section/{q(facts['section'])}/"
        story200 = "/ar/news/bench-story-200-comments/"
        queue = "/ar/admin/comments/comment/?status__exact=pending"
        scenarios = [
            Scenario("floor", f"/ar/bench-floor/?bytes={size}"),
            Scenario("article (cached)", story20),
            Scenario("article, 20 comments (uncached)", story20, [BYPASS]),
            Scenario("article, 200 comments (uncached)", story200, [BYPASS]),
            Scenario("home (uncached)", "/ar/", [BYPASS]),
            Scenario("section page 1 (uncached)", section_url, [BYPASS]),
            Scenario(
                f"section page {pages_deep} (uncached)",
                f"{section_url}?page={pages_deep}",
                [BYPASS],
            ),
            Scenario("tag page (uncached)", f"/ar/tag/{q(facts['tag'])}/", [BYPASS]),
            Scenario("author page (uncached)", f"/ar/author/{facts['author']}/", [BYPASS]),
            *(
                Scenario(f"search: {query} (uncached)", f"/{lang}/search/?q={q(query)}", [BYPASS])
                for lang, query in SEARCHES
            ),
            Scenario("RSS feed", "/ar/feed/"),
            Scenario("sitemap.xml", "/sitemap.xml"),
            Scenario("admin article list", "/ar/admin/articles/article/", [admin_cookie]),
            Scenario("admin comment queue", queue, [admin_cookie]),
        ]
        log(f"Article page: {size:,} bytes; warming up")
        # The comment stream runs before the admin lists, the slowest and largest pages;
        # each group is warmed up just before it runs, so the RSS column tells them apart.
        admin = [s for s in scenarios if s.name.startswith("admin")]
        public = [s for s in scenarios if s not in admin]
        warm_up(base, client, public)
        for scenario in public:
            measure(base, scenario, args, results)
        post = comment_scenario(base, story20, facts, env, args, results)
        news_day = newsday.measure_in_bench(base, env, args, varnish)
        scenarios = [*public, post, *admin]
        warm_up(base, client, admin)
        for scenario in admin:
            measure(base, scenario, args, results)
        # Workers killed for a timeout are replaced: keep the peaks seen along the way too.
        seen = [r.get("rss_mb", -1) for r in results.values()]
        rss = [peak_rss_mb(pid) for pid in worker_pids(proc.pid)] + [max(seen, default=-1)]
    finally:
        stop_gunicorn(proc)

    floor = results.get("floor")
    table = render_table(scenarios, floor)
    targets = build_targets(results, rss, {s.name: s.note for s in scenarios})
    target_table = "\n".join(
        ["| target (issue 7) | measured | |", "|---|---|---|"]
        + [f"| {a} | {b} | {c} |" for a, b, c in targets]
    )
    total = time.monotonic() - started
    report = render_report(args, facts, table, target_table, rss, seed_seconds, total, size)
    report += "\n" + news_day
    print(table)
    print()
    print(target_table)
    if not args.no_write:
        out = Path(args.output)
        if out.exists() and NOTES_MARKER in out.read_text():
            report += "\n" + NOTES_MARKER + out.read_text().split(NOTES_MARKER, 1)[1]
        out.write_text(report)
        log(f"Wrote {args.output}")
    log(f"Done in {total / 60:.1f} min")
    return 0


def warm_up(base: str, client: Http, scenarios: list[Scenario]) -> None:
    """Three requests per page (templates compiled, caches filled); a failure is noted."""
    for scenario in scenarios:
        try:
            for _ in range(3):
                status, _, _ = probe(client, scenario)
        except OSError as exc:
            status = f"no answer in 60 s ({exc.__class__.__name__})"
            wait_ready(base)
        if status != 200:
            scenario.note = f"HTTP {status}" if isinstance(status, int) else status


def wait_ready(base: str, seconds: int = 120) -> None:
    """Wait (bounded) until a worker answers again after a scenario left slow requests."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)


def measure(base: str, scenario: Scenario, args, results: dict) -> None:
    if scenario.note:
        log(f"{scenario.name}: not available ({scenario.note})")
        return
    log(f"{scenario.name}: {args.duration}s of wrk")
    try:
        res = run_wrk(base, scenario, args)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        scenario.note = f"wrk failed: {exc}"[:200]
        log(f"  {scenario.note}")
        wait_ready(base)
        return
    if res["requests"] == 0:
        scenario.note = "every request took over 10 s (wrk's timeout)"
        log(f"  {scenario.note}")
        wait_ready(base)
        return
    scenario.result = results[scenario.name] = res
    res["rss_mb"] = max((peak_rss_mb(pid) for pid in worker_pids(args.master)), default=-1)
    log(
        f"  {res['rps']:,.0f} req/s, p50 {ms(res['p50_us']):.1f} ms, "
        f"non-2xx {res['non2xx']}, SQL/req {res['queries']}"
    )
    if res["socket_errors"]:
        wait_ready(base)


def comment_scenario(base, story_path, facts, env, args, results) -> Scenario:
    scenario = Scenario("comment POST stream", story_path, script="comment_post.lua")
    try:
        return _comment_scenario(scenario, base, story_path, facts, env, args, results)
    except (OSError, RuntimeError, ValueError, subprocess.SubprocessError) as exc:
        scenario.note = f"failed: {exc.__class__.__name__}: {exc}"[:200]
        log(f"{scenario.name}: {scenario.note}")
        wait_ready(base)
        return scenario


def _comment_scenario(scenario, base, story_path, facts, env, args, results) -> Scenario:
    tokens, action = comment_tokens(base, story_path, args.connections)
    if not tokens:
        scenario.note = "no comment form with a form token on the story page"
        log(f"{scenario.name}: not available ({scenario.note})")
        return scenario
    # The form token refuses posts made faster than a human could: wait that long.
    time.sleep(facts["comments_min_seconds"] + 0.5)
    run_id = str(int(time.time()))
    q = urllib.parse.quote
    scenario.path = action
    scenario.env = {
        "BENCH_TOKENS": ";".join(tokens),
        "BENCH_NAME": q("قارئ من بيروت", ""),
        "BENCH_TEXT": q("تعليق على الخبر من قارئ متابع", ""),
        "BENCH_RUN": run_id,
    }
    log(f"{scenario.name}: {args.duration}s of wrk POSTing to {action}")
    result = run_wrk(base, scenario, args)
    out = manage(env, "shell", "-c", COUNT_SCRIPT % run_id, capture=True)
    counted = json.loads(out.split("COUNT ", 1)[1])
    in_flight = counted["rows"] - result["accepted"]
    result["intact"] = counted["distinct"] == counted["rows"] and 0 <= in_flight <= args.connections
    result["integrity"] = (
        f"{counted['rows']:,} stored for {result['accepted']:,} accepted "
        f"({in_flight} in flight at stop), {counted['held']:,} held for links, "
        f"{counted['rows'] - counted['distinct']} doubled"
    )
    result["rss_mb"] = max((peak_rss_mb(pid) for pid in worker_pids(args.master)), default=-1)
    scenario.result = result
    scenario.note = ", ".join(f"{k}: {v}" for k, v in sorted(result["statuses"].items()))
    results[scenario.name] = result
    log(
        f"  {result['accepted'] / (result['duration_us'] / 1e6):,.0f} accepted/s; "
        f"{result['integrity']}"
    )
    return scenario


def render_report(args, facts, table, target_table, rss, seed_seconds, total, size) -> str:
    machine = machine_facts()
    machine_lines = "\n".join(f"- **{k}**: {v}" for k, v in machine.items())
    seed = (
        f"seeded in {seed_seconds:.0f} s"
        if seed_seconds
        else "reused a seeded database (--reuse-seed)"
    )
    small = ""
    if args.stories < 100_000 or args.comments < 1_000_000:
        small = (
            f"\n> **Smaller seed than issue 7 asks for** ({args.stories:,} stories, "
            f"{args.comments:,} comments instead of 100,000 / 1,000,000), to fit the time "
            "available on a shared machine. `make bench` without overrides uses the full size.\n"
        )
    rss_line = (
        f"{', '.join(f'{x:.0f} MB' for x in rss[:-1])} (the highest seen during the run: "
        f"{rss[-1]:.0f} MB; the last column of the table gives it after each scenario)"
        if rss
        else "not measured"
    )
    return f"""# Benchmarks

The latest run of `make bench` (`bench/run.py`). Absolute numbers on shared machines drift
from run to run; the **× floor** column (requests/s divided by the floor's) is the figure to
compare. The floor is a trivial view returning a static page of the article page's size
({size:,} bytes) through the same middleware stack.

Run on {dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")}, whole run {total / 60:.1f} min.
{small}
## Machine

{machine_lines}
- **Server**: gunicorn, {args.workers} sync workers, `newsroom.settings.bench`
  (DEBUG off, Redis cache, manifest static files), PostgreSQL and Redis on loopback
- **Load**: wrk, {args.threads} threads, {args.connections} connections,
  {args.duration} s per scenario, after a warm-up
- **Data**: {facts["stories"]:,} stories, {facts["comments"]:,} comments ({seed});
  the article scenarios use planted stories with 10 tags, 3 authors and 20 / 200 approved
  comments (with replies)

## Results

{table}

"uncached" scenarios send `X-Bench-No-Cache: 1`, which only the bench settings honour:
the page cache is bypassed and the view runs. p50/p99 are client latencies at
{args.connections} connections; *server* times come from the `X-Server-Time-Ms` header
(the whole middleware stack and view, without queueing), *SQL/req* from `X-Queries`.

Gunicorn workers' peak RSS after the run: {rss_line}.

## Targets

{target_table}

## Reproduce

```sh
make bench                                            # 100,000 stories, 1,000,000 comments
BENCH_STORIES=20000 BENCH_COMMENTS=200000 make bench  # a smaller seed
BENCH_REUSE_SEED=1 make bench                         # reuse the last seed of that size
```
"""


if __name__ == "__main__":
    sys.exit(main())
