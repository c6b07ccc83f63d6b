"""The live-story scenario (issue 16): readers polling one live story while an editor posts.

Sixteen wrk connections ask the story's updates endpoint (``/ar/live/<id>/updates/?since=
<n>``, the address every reader who opened the page at the same moment polls) as fast as
they can, while a Django process beside gunicorn posts an update every 5 seconds through
``articles.live.save_update`` (what the desk's form calls). A prober polls the same
endpoint as a reader would, but every 50 ms, asking for updates after the newest it has
seen; the delay is from each post's commit to the prober's first answer holding it.
A reader polling every ``NEWSROOM_LIVE_POLL_SECONDS`` sees an update at worst that long
plus this delay after it was posted.

Rows: the floor of the same run and the polling readers (requests/s as a share of the
floor), and the delay's median and worst. Run by ``bench/run.py`` after the other rows, or
alone (``.venv/bin/python bench/live_story.py``: 1,000 stories seeded, 20 s per row).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as harness

from bench.database import prepare_standalone, standalone_parser

ROOT = harness.ROOT
POST_EVERY = 5  # seconds between an editor's updates

#: The live story: the newest published Arabic story, switched to live, with one update.
SETUP_SCRIPT = r"""
from django.utils import timezone
from articles.models import Article, LiveUpdate
story = Article.objects.published().in_language("ar").order_by("-published_at").first()
LiveUpdate.objects.filter(article=story).delete()
Article.objects.filter(pk=story.pk).update(live_started_at=timezone.now(), live_closed_at=None)
first = LiveUpdate.objects.create(article=story, body="<p>بدأت التغطية المباشرة.</p>")
from articles.live import poll_seconds
print("LIVE", story.pk, first.pk, story.get_absolute_url(), poll_seconds())
"""

#: The editor: an update every POST_EVERY seconds, each printed with its commit time.
EDITOR_SCRIPT = r"""
import json, time
from django.contrib.auth import get_user_model
from articles import live
from articles.models import Article, LiveUpdate
story = Article.objects.get(pk=%d)
editor = get_user_model().objects.filter(is_superuser=True).first()
until = time.monotonic() + %d
posted = {}
n = 0
while time.monotonic() < until - 1:
    tick = time.monotonic()
    n += 1
    update = LiveUpdate(article=story, title=f"تحديث رقم {n}", key_event=n %% 4 == 0,
                        body=f"<p>فرز الأصوات مستمر في الدائرة {n}، والنتائج الأولية تتوالى.</p>")
    live.save_update(update, editor)  # autocommit: committed, keys touched, on return
    posted[update.pk] = time.time()
    time.sleep(max(0.0, %d - (time.monotonic() - tick)))
print("POSTED " + json.dumps(posted))
"""


def prober(base: str, path: str, since: int, stop: threading.Event, seen: dict) -> None:
    """Ask like a reader, every 50 ms, for updates after the newest seen; note when each
    update first appears."""
    client = harness.Http(base)
    while not stop.is_set():
        status, _, body = client.request(f"{path}?since={since}")
        now = time.time()
        if status == 200:
            data = json.loads(body)
            for update in data["updates"]:
                seen.setdefault(update["id"], now)
            since = max(since, data["latest"])
        stop.wait(0.05)


def measure_live(base: str, env: dict, args, floor: dict | None = None) -> dict:
    """The rows of this scenario against an already running gunicorn."""
    out = harness.manage(env, "shell", "-c", SETUP_SCRIPT, capture=True)
    pk, first, page, poll = out.split("LIVE ", 1)[1].split()[:4]
    path = f"/ar/live/{pk}/updates/"
    client = harness.Http(base)
    rows: dict = {"poll_seconds": int(poll)}
    size = len(client.request(page)[2])
    floor_scenario = harness.Scenario("floor", f"/ar/bench-floor/?bytes={size}")
    if floor is None:
        harness.log(f"Live story: the floor at the story page's size ({size:,} bytes)")
        rows["floor"] = harness.run_wrk(base, floor_scenario, args)
    else:
        rows["floor"] = floor
    url = f"{path}?since={first}"
    for _ in range(3):
        client.request(url)  # warm: the answer is in the page cache
    harness.log(f"Live story: {args.duration}s of 16 readers polling {url}, an update every 5 s")
    editor = subprocess.Popen(
        [
            harness.PYTHON,
            "manage.py",
            "shell",
            "-c",
            EDITOR_SCRIPT % (int(pk), args.duration, POST_EVERY),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    stop, seen = threading.Event(), {}
    watcher = threading.Thread(target=prober, args=(base, path, int(first), stop, seen))
    watcher.start()
    try:
        result = harness.run_wrk(base, harness.Scenario("live story polling", url), args)
        posted = json.loads(editor.communicate(timeout=120)[0].split("POSTED ", 1)[1])
        time.sleep(1)  # the last update's first sighting
    finally:
        stop.set()
        watcher.join(timeout=30)
        if editor.poll() is None:
            editor.kill()
    if floor is None:
        # The floor again after the row: on a shared machine the load moves within a run,
        # so the row is compared with the mean of the floors either side of it.
        after = harness.run_wrk(base, floor_scenario, args)
        before = rows.pop("floor")
        rows["floor"] = {
            **after,
            "rps": (before["rps"] + after["rps"]) / 2,
            "either_side": [before["rps"], after["rps"]],
        }
    delays = sorted(seen[int(i)] - t for i, t in posted.items() if int(i) in seen)
    result["bytes"] = len(client.request(url)[2])  # the answer, all the run's updates in it
    result["posted"] = len(posted)
    result["seen"] = len(delays)
    result["delay_p50_s"] = delays[len(delays) // 2] if delays else -1
    result["delay_max_s"] = delays[-1] if delays else -1
    rows["live story polling"] = result
    harness.log(
        f"  {result['rps']:,.0f} req/s ({result['rps'] / rows['floor']['rps']:.2f} of the "
        f"floor), {len(posted)} updates posted, {len(delays)} seen; delay p50 "
        f"{result['delay_p50_s'] * 1000:.0f} ms, worst {result['delay_max_s'] * 1000:.0f} ms"
    )
    return rows


def render_rows(rows: dict) -> str:
    rows = dict(rows)
    poll_seconds = rows.pop("poll_seconds")
    floor = rows["floor"]["rps"]
    live = rows["live story polling"]
    ratio = live["rps"] / floor
    worst = live["delay_max_s"]
    lines = [
        "| live story (issue 16) | req/s | × floor | p50 ms | p99 ms | non-2xx | SQL/req |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in rows.items():
        if "either_side" in row:
            name += " (mean of before and after: {:,.0f} / {:,.0f})".format(*row["either_side"])
        lines.append(
            f"| {name} | {row['rps']:,.0f} | {row['rps'] / floor:.2f} | "
            f"{harness.ms(row['p50_us']):.1f} | {harness.ms(row['p99_us']):.1f} | "
            f"{row['non2xx']} | {row.get('queries', '-')} |"
        )
    lines += [
        "",
        f"The pollers' answer grew to {live['bytes']:,} bytes (every update of the run); the "
        "floor is the story page's size. Of the pollers' {:,} requests, {} ran the view "
        "(page-cache misses) for {} updates posted: the rest were served from the cache.".format(
            live["requests"], live.get("renders", "?"), live["posted"]
        ),
        "",
        "| target (issue 16) | measured | |",
        "|---|---|---|",
        f"| polling ≥ 50 % of the floor | {ratio:.0%} | {'met' if ratio >= 0.5 else 'NOT met'} |",
        f"| an update visible to pollers within the poll interval ({poll_seconds} s) + 2 s "
        f"| posted {live['posted']}, seen {live['seen']}; after its commit: p50 "
        f"{live['delay_p50_s'] * 1000:.0f} ms, worst {worst * 1000:.0f} ms "
        f"(so at worst {poll_seconds + worst:.1f} s for a reader) "
        f"| {'met' if live['seen'] == live['posted'] and 0 <= worst <= 2 else 'NOT met'} |",
    ]
    return "\n".join(lines)


def measure_in_bench(base: str, env: dict, args, floor: dict | None) -> str:
    """The live-story rows against make bench's running gunicorn, as a Markdown section."""
    try:
        rows = measure_live(base, env, args, floor)
    except (OSError, RuntimeError, ValueError, KeyError, subprocess.SubprocessError) as exc:
        harness.log(f"Live story: failed ({exc})")
        return f"## Live story (issue 16)\n\nNot measured: {exc}\n"
    table = render_rows(rows)
    print(table)
    return f"## Live story (issue 16)\n\n{table}\n"


def main() -> int:
    args = standalone_parser(__doc__.split("\n")[0]).parse_args()
    env = prepare_standalone(args)
    base = f"http://127.0.0.1:{args.port}"
    options = ["--workers", str(args.workers), "--worker-class", "sync", "--timeout", "60"]
    proc = harness.start_gunicorn(env, args.port, [*options, "--log-level", "warning"])
    args.master = proc.pid
    try:
        rows = measure_live(base, env, args)
    finally:
        harness.stop_gunicorn(proc)
    print(render_rows(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    harness.log(f"Done in {time.monotonic() - started:.0f} s")
    sys.exit(code)
