"""The news-day scenario: many readers, a few editors, and the caches in between.

Readers spread over the published stories with a skewed popularity (the i-th most read
with weight 1/i, ``bench/newsday.lua``) while, in the same run, a moderator approves a
waiting comment every second and an editor publishes a story every minute (a Django
process beside gunicorn, going through the same code as the admin: ``policy.decide`` and
``Article.save``). Rows, each a ratio to the floor of the same run:

- **news day (app cache)**: gunicorn alone, its page cache warm;
- **first pass (cold)**: every story read once right after the cache was emptied;
- **news day (Varnish)**: the same readers through ``deploy/varnish/newsroom.vcl``
  (only when ``varnishd`` with vmod xkey is installed), purges sent by the app.

The hit ratio is read from the responses (``X-Page-Cache`` from the app, ``X-Cache`` from
Varnish). Run alone (``.venv/bin/python bench/newsday.py``, seeds 1,000 stories) or from
``bench/run.py``, which appends these rows to ``make bench``'s report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as harness

from bench.database import flush_cache, prepare_standalone, standalone_parser

ROOT = harness.ROOT

PATHS_SCRIPT = r"""
from articles.models import Article
stories = Article.objects.published().order_by("-published_at", "-pk")[:%d]
print("PATHS " + "\n".join(story.get_absolute_url() for story in stories))
"""

#: The newsroom at work during a run: one approval a second, one publication a minute.
EDITORS_SCRIPT = r"""
import random, sys, time
from django.utils import timezone
from articles.models import Article
from comments.models import Comment
from comments.moderation import policy
until = time.monotonic() + %d
pending = list(Comment.objects.filter(status="pending", article__in=Article.objects.published())
               .order_by("?").values_list("pk", flat=True)[:2000])
drafts = list(Article.objects.filter(status="draft").order_by("?")[:100])
approved = published = 0
done = []
next_publish = time.monotonic()
while time.monotonic() < until:
    tick = time.monotonic()
    if pending:
        comment = Comment.objects.get(pk=pending.pop())
        if policy.decide(comment, "approved"):
            approved += 1
            done.append(comment.pk)
    if drafts and tick >= next_publish:
        story = drafts.pop()
        story.status, story.published_at = "published", timezone.now()
        story.save()
        published += 1
        next_publish = tick + 60
    time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
# Every story whose comment was approved shows that comment on its next read.
import os, urllib.request
from django.utils.html import escape
time.sleep(0.5)
stale = 0
for comment in Comment.objects.filter(pk__in=done).select_related("article"):
    url = os.environ["BENCH_CHECK_BASE"] + comment.article.get_absolute_url()
    with urllib.request.urlopen(url, timeout=30) as response:
        page = response.read().decode()
    stale += escape(comment.body.splitlines()[0][:30]) not in page
print("EDITORS", approved, published, stale)
"""


def story_paths(env: dict, count: int) -> list[str]:
    out = harness.manage(env, "shell", "-c", PATHS_SCRIPT % count, capture=True)
    return out.split("PATHS ", 1)[1].split()


def run_readers(base: str, paths_file: Path, args, *, seconds=None) -> dict:
    scenario = harness.Scenario(
        "news day",
        "/",
        script="newsday.lua",
        env={
            "BENCH_PATHS": str(paths_file),
            "BENCH_THREADS": str(args.threads),
        },
    )
    duration = args.duration
    if seconds:
        args.duration = seconds
    try:
        result = harness.run_wrk(base, scenario, args)
    finally:
        args.duration = duration
    hits = result["app_hits"] + result["proxy_hits"]
    counted = hits + result["app_misses"] + result["proxy_misses"]
    if result["proxy_hits"] + result["proxy_misses"]:  # through Varnish: its answers count
        hits, counted = result["proxy_hits"], result["proxy_hits"] + result["proxy_misses"]
    result["hit_ratio"] = hits / counted if counted else 0.0
    return result


def first_pass(base: str, paths: list[str], connections: int) -> dict:
    """Every story read once, ``connections`` at a time: what a cold cache costs."""

    def get(path: str) -> tuple[float, int, str]:
        started = time.monotonic()
        status, headers, _ = harness.Http(base).request(path)
        return time.monotonic() - started, status, headers.get("X-Page-Cache", "")

    started = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        answers = list(pool.map(get, paths))
    seconds = time.monotonic() - started
    latencies = sorted(a[0] for a in answers)
    hits = sum(a[2] == "hit" for a in answers)
    return {
        "requests": len(answers),
        "rps": len(answers) / seconds,
        "p50_us": latencies[len(latencies) // 2] * 1e6,
        "p99_us": latencies[int(len(latencies) * 0.99)] * 1e6,
        "non2xx": sum(not 200 <= a[1] < 300 for a in answers),
        "hit_ratio": hits / len(answers),
    }


def with_editors(env: dict, seconds: int, base: str):
    return subprocess.Popen(
        [harness.PYTHON, "manage.py", "shell", "-c", EDITORS_SCRIPT % seconds],
        cwd=ROOT,
        env={**env, "BENCH_CHECK_BASE": base},
        stdout=subprocess.PIPE,
        text=True,
    )


def measure_news_day(base: str, env: dict, args, varnish_base: str | None = None) -> dict:
    """The rows of this scenario, measured against an already running gunicorn."""
    rows: dict = {}
    client = harness.Http(base)
    size = len(client.request(f"/ar/news/{args.sample_slug}/")[2]) if args.sample_slug else 30_000
    paths = story_paths(env, args.readers)
    paths_file = Path(tempfile.mkstemp(prefix="newsday-", suffix=".txt")[1])
    paths_file.write_text("\n".join(paths) + "\n")
    try:
        harness.log(f"News day: {len(paths)} stories read with 1/i popularity")
        rows["floor"] = harness.run_wrk(
            base, harness.Scenario("floor", f"/ar/bench-floor/?bytes={size}"), args
        )
        flush_cache()
        harness.log("  first pass over cold stories")
        rows["first pass (cold)"] = first_pass(base, paths, args.connections)
        harness.log("  news day through the app cache")
        run_readers(base, paths_file, args, seconds=max(3, args.duration // 3))  # warm
        editors = with_editors(env, args.duration, base)
        rows["news day (app cache)"] = run_readers(base, paths_file, args)
        rows["news day (app cache)"]["editors"] = editors.communicate(timeout=300)[0].split()[-3:]
        if varnish_base:
            harness.log("  news day through Varnish")
            first_pass(varnish_base, paths, args.connections)  # every story in Varnish once
            run_readers(varnish_base, paths_file, args, seconds=max(3, args.duration // 3))
            editors = with_editors(env, args.duration, varnish_base)
            rows["news day (Varnish)"] = run_readers(varnish_base, paths_file, args)
            rows["news day (Varnish)"]["editors"] = editors.communicate(timeout=300)[0].split()[-3:]
    finally:
        paths_file.unlink(missing_ok=True)
    for name, row in rows.items():
        harness.log(
            f"  {name}: {row['rps']:,.0f} req/s "
            f"({row['rps'] / rows['floor']['rps']:.2f} of the floor), "
            f"p99 {harness.ms(row['p99_us']):.1f} ms, hits {row.get('hit_ratio', 0):.1%}, "
            f"non-2xx {row['non2xx']}"
        )
    return rows


def varnish_available() -> bool:
    if shutil.which("varnishd"):
        return True
    harness.log(
        "News day through Varnish: not measured (apt-get install -y varnish varnish-modules)"
    )
    return False


class Varnish:
    """deploy/varnish/newsroom.vcl in front of the bench's gunicorn (scripts/ci/varnish.sh)."""

    script = str(ROOT / "scripts" / "ci" / "varnish.sh")

    def __init__(self, port: int, backend: int):
        self.port, self.backend = port, backend
        self.base = f"http://127.0.0.1:{port}"
        self.workdir = tempfile.mkdtemp(prefix="newsroom-bench-varnish-")

    def start(self) -> None:
        subprocess.run(
            [self.script, "start", str(self.port), str(self.backend), self.workdir], check=True
        )

    def stop(self) -> None:
        subprocess.run([self.script, "stop", self.workdir], check=False)
        shutil.rmtree(self.workdir, ignore_errors=True)


def render_rows(rows: dict, before: dict | None = None) -> str:
    """The news-day table; ``before``: the same rows measured on the previous design."""
    floor = rows["floor"]["rps"]
    lines = [
        "| news day | req/s | share of floor | before | p50 ms | p99 ms | hit ratio "
        "| approvals, stories published | stale pages after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in rows.items():
        old = (before or {}).get(name)
        was = f"{old['rps'] / before['floor']['rps']:.2f}" if old else "–"
        hits = f"{row['hit_ratio']:.1%}" if "hit_ratio" in row else "–"
        approved, published, stale = (row.get("editors") or ["–", "–", "–"])[-3:]
        lines.append(
            f"| {name} | {row['rps']:,.0f} | {row['rps'] / floor:.2f} | {was} | "
            f"{harness.ms(row['p50_us']):.1f} | {harness.ms(row['p99_us']):.1f} | {hits} | "
            f"{approved}, {published} | {stale} |"
        )
    return "\n".join(lines)


def render_targets(rows: dict) -> str:
    """The issue's targets that ``make bench`` measures, each marked met or not."""
    floor = rows["floor"]["rps"]
    lines = ["| target (issue 12) | measured | |", "|---|---|---|"]

    def add(target: str, measured: str, met: bool) -> None:
        lines.append(f"| {target} | {measured} | {'met' if met else 'NOT met'} |")

    app = rows.get("news day (app cache)")
    if app:
        share, p99 = app["rps"] / floor, harness.ms(app["p99_us"])
        add(
            "news day through the app cache: ≥ 0.60 × floor, hits ≥ 95 %, p99 < 50 ms",
            f"{share:.2f} ×, {app['hit_ratio']:.1%} hits, p99 {p99:.1f} ms",
            share >= 0.60 and app["hit_ratio"] >= 0.95 and p99 < 50,
        )
    cold = rows.get("first pass (cold)")
    if cold:
        share = cold["rps"] / floor
        add("first pass over 1,000 cold stories: ≥ 0.25 × floor", f"{share:.2f} ×", share >= 0.25)
    proxy = rows.get("news day (Varnish)")
    if proxy:
        share = proxy["rps"] / floor
        stale = (proxy.get("editors") or ["", "", "?"])[-1]
        add(
            "news day through Varnish: ≥ 3 × floor, 0 stale pages after a purge",
            f"{share:.1f} ×, {stale} stale",
            share >= 3 and stale == "0",
        )
    return "\n".join(lines)


# --- as part of make bench (bench/run.py) ---------------------------------------------------


def prepare(env: dict, args) -> Varnish | None:
    """Before gunicorn starts: a Varnish to measure through, and purges pointed at it."""
    if not varnish_available():
        return None
    varnish = Varnish(int(os.environ.get("BENCH_VARNISH_PORT", args.port + 1)), args.port)
    env["NEWSROOM_PURGE_URL"] = f"{varnish.base}/"
    return varnish


def measure_in_bench(base: str, env: dict, args, varnish: Varnish | None) -> str:
    """The news-day rows against make bench's running gunicorn, as a Markdown section."""
    args.readers, args.sample_slug = 1000, "bench-story-20-comments"
    try:
        if varnish:
            varnish.start()
        rows = measure_news_day(base, env, args, varnish.base if varnish else None)
    except (OSError, RuntimeError, ValueError, subprocess.SubprocessError) as exc:
        harness.log(f"News day: failed ({exc})")
        return f"## News day (issue 12)\n\nNot measured: {exc}\n"
    finally:
        if varnish:
            varnish.stop()
    before = ROOT / "bench" / "newsday-before.json"
    table = render_rows(rows, json.loads(before.read_text()) if before.exists() else None)
    targets = render_targets(rows)
    print(table, targets, sep="\n\n")
    return f"## News day (issue 12)\n\n{table}\n\n{targets}\n"


def main() -> int:
    parser = standalone_parser(__doc__.split("\n")[0])
    parser.add_argument("--readers", type=int, default=1000, help="how many stories are read")
    parser.add_argument(
        "--varnish-port", type=int, default=int(os.environ.get("BENCH_VARNISH_PORT", 0))
    )
    parser.add_argument("--no-varnish", action="store_true", help="gunicorn alone")
    parser.add_argument("--before", help="rows of a previous run (--json) for the before column")
    args = parser.parse_args()
    args.sample_slug = "bench-story-20-comments"
    env = prepare_standalone(args)
    base = f"http://127.0.0.1:{args.port}"
    use_varnish = not args.no_varnish and varnish_available()
    varnish = Varnish(args.varnish_port, args.port) if use_varnish else None
    if varnish:
        env["NEWSROOM_PURGE_URL"] = f"{varnish.base}/"
    options = ["--workers", str(args.workers), "--worker-class", "sync", "--timeout", "60"]
    proc = harness.start_gunicorn(env, args.port, [*options, "--log-level", "warning"])
    args.master = proc.pid
    try:
        if varnish:
            varnish.start()
        rows = measure_news_day(base, env, args, varnish.base if varnish else None)
    finally:
        harness.stop_gunicorn(proc)
        if varnish:
            varnish.stop()
    before = json.loads(Path(args.before).read_text()) if args.before else None
    print(render_rows(rows, before), render_targets(rows), sep="\n\n")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    harness.log(f"Done in {time.monotonic() - started:.0f} s")
    sys.exit(code)
