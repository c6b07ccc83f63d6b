"""The benchmark harness behind ``make bench``: seed, serve, load, measure, report.

1. Creates its own PostgreSQL database (``newsroom_bench``, or ``BENCH_DB``), migrates
   it and seeds it with ``bench/seed.py`` (``BENCH_STORIES``/``BENCH_COMMENTS``,
   100,000 / 1,000,000 by default). The seeded database is kept as a template
   (``newsroom_bench_seed_<s>_<c>``):
   ``--reuse-seed`` clones it instead of seeding again.
2. Starts gunicorn (``bench.settings``, 2 workers) on 127.0.0.1 against that
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
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# Run as a script (bench/run.py): the checkout goes on the path for the bench package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness
from bench.database import (
    DB_NAME,
    django_facts,
    env_for_django,
    flush_cache,
    manage,
    prepare_database,
)
from bench.harness import (
    PYTHON,  # noqa: F401 - bench/newsday.py reads it from this module
    ROOT,
    peak_rss_mb,
    start_gunicorn,
    stop_gunicorn,
    worker_pids,
    wrk_command,
    wrk_result,
)
from bench.report import build_targets, ms, render_report, render_table

BYPASS = "X-Bench-No-Cache: 1"
#: Everything after this line in docs/benchmarks.md is kept when the table is rewritten.
NOTES_MARKER = "<!-- notes: kept by bench/run.py -->"
#: Three Arabic queries (one with tatweel, which the normaliser removes) and one English.
SEARCHES = [("ar", "الاسد"), ("ar", "الحكومة اللبنانية"), ("ar", "مـوسـكـو"), ("en", "elections")]


log = harness.logger("bench")


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
    cmd = wrk_command(
        base + scenario.path,
        ROOT / "bench" / scenario.script,
        threads=args.threads,
        connections=args.connections,
        duration=args.duration,
    )
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=args.duration + 60)
    data = wrk_result(out.stdout)
    if data is None:
        raise RuntimeError(f"wrk gave no result: {out.stdout[-500:]} {out.stderr[-500:]}")
    return data


def probe(client: Http, scenario: Scenario) -> tuple[int, dict, bytes]:
    headers = dict(h.split(": ", 1) for h in scenario.headers)
    return client.request(scenario.path, headers=headers)


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
    flush_cache()
    facts = django_facts(env)
    log(f"Database: {facts['stories']:,} stories, {facts['comments']:,} comments")

    base = f"http://127.0.0.1:{args.port}"
    import newsday  # the news-day rows (bench/newsday.py, which imports this module)

    varnish = newsday.prepare(env, args)
    import comment_stream  # the comment POST row (bench/comment_stream.py)
    import live_story  # the live-story rows (bench/live_story.py)

    options = ["--workers", str(args.workers), "--worker-class", "sync", "--timeout", "60"]
    proc = start_gunicorn(env, args.port, [*options, "--log-level", "warning"])
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
        post = comment_stream.comment_scenario(base, story20, facts, env, args, results)
        news_day = newsday.measure_in_bench(base, env, args, varnish)
        live_rows = live_story.measure_in_bench(base, env, args, results.get("floor"))
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
    report += "\n" + news_day + "\n" + live_rows
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


if __name__ == "__main__":
    sys.exit(main())
