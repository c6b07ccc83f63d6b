"""The benchmark's report: targets met or not, the results table, the machine, the page."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench import harness
from bench.database import PG, REDIS_URL

if TYPE_CHECKING:
    from bench.run import Scenario

log = harness.logger("bench")


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
- **Server**: gunicorn, {args.workers} sync workers, `bench.settings`
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
