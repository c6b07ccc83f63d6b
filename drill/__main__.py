"""``make drill``: load and faults against gunicorn + PostgreSQL + Redis on 127.0.0.1.

Timeline (bounded; everything stops by itself):

1. a fresh database ``newsroom_drill``, migrated and seeded with a few hundred stories;
2. gunicorn on 127.0.0.1 (production settings over plain HTTP, mail pointed at a
   closed port, so the mail server is "down" for the whole run);
3. 60 s of reads (article, home, section, search) at 64 connections with wrk, a
   steady stream of comment posts, and a prober that samples a page ten times a
   second to time outages; during the load PostgreSQL is restarted (at 15 s) and
   Redis is shut down for 8 s (at 35 s);
4. oversized requests after the load;
5. every accepted comment is looked up in the database (lost? doubled?);
6. the table is printed and written to docs/reliability.md.

Options: ``--duration`` (default 60), ``--stories`` (300), ``--port`` (8765),
``--no-faults`` (load only), ``--keep-db``.
"""

import argparse
import contextlib
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import UTC, datetime

from bench import harness
from bench.harness import PYTHON, ROOT, free_port, start_gunicorn, worker_pids, wrk_command
from drill import OUT
from drill.checks import Checks
from drill.faults import (
    PG_START,
    REDIS_START,
    Fault,
    pg_ready,
    redis_ping,
    restart_postgres,
    run,
    stop_redis,
)
from drill.traffic import CommentLog, CommentPoster, FormFinder, Prober, request

PG_SERVER = os.environ.get("DRILL_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("DRILL_DATABASE", "newsroom_drill")
REDIS_URL = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/3")
GUNICORN_LIMITS = [
    "--limit-request-line",
    "4094",
    "--limit-request-fields",
    "60",
    "--limit-request-field_size",
    "8190",
]


log = harness.logger("drill", stream=sys.stdout)


# --------------------------------------------------------------------------- wrk

WRK_SCRIPT = r"""
local paths = %(paths)s
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {}; n = math.random(#paths) end
request = function()
  n = n %% #paths + 1
  return wrk.format("GET", paths[n])
end
response = function(status, headers, body)
  local key = os.time() .. ":" .. status
  counts[key] = (counts[key] or 0) + 1
end
done = function(summary, latency, requests)
  io.write("DRILL-COUNTS\n")
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do io.write(k .. " " .. v .. "\n") end
  end
  local e = summary.errors
  io.write(string.format("DRILL-SUMMARY requests=%%d connect=%%d read=%%d write=%%d timeout=%%d "
    .. "p50=%%d p99=%%d max=%%d\n", summary.requests, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def lua_list(paths) -> str:
    return "{" + ",".join(json.dumps(p) for p in paths) + "}"


# --------------------------------------------------------------------------- main


class Drill(Checks):
    def __init__(self, args):
        self.args = args
        self.port = args.port
        self.run_id = secrets.token_hex(3)
        self.secret = secrets.token_urlsafe(60)
        self.mail_port = free_port()  # nothing listens there: the mail server is down
        self.db_url = f"{PG_SERVER}/{DB_NAME}"
        self.gunicorn = None
        self.rows: list[tuple[str, str, str]] = []
        self.ok = True
        (OUT / "static").mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "drill.settings",
            "DEBUG": "0",
            "SECRET_KEY": self.secret,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NEWSROOM_SITE_URL": "http://127.0.0.1",
            "DATABASE_URL": self.db_url,
            "DATABASE_CONNECT_TIMEOUT": "2",
            "CONN_MAX_AGE": "60",
            "REDIS_URL": REDIS_URL,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.mail_port),
            "MEDIA_ROOT": str(OUT / "media"),
            "STATIC_ROOT": str(OUT / "static"),
            "DRILL_PATHS_FILE": str(OUT / "paths.json"),
            "PYTHONUNBUFFERED": "1",
        }

    def row(self, check, measured, verdict):
        self.rows.append((check, measured, verdict))
        if verdict.startswith("FAIL"):
            self.ok = False

    # -- setup ---------------------------------------------------------------

    def preflight(self):
        if not pg_ready():
            raise SystemExit("PostgreSQL is not answering on 127.0.0.1:5432")
        if not redis_ping():
            raise SystemExit("Redis is not answering on 127.0.0.1:6379")
        if shutil.which(harness.WRK) is None:
            raise SystemExit("wrk is missing: apt-get install -y wrk")

    def database(self):
        log(f"fresh database {DB_NAME}")
        admin = f"{PG_SERVER}/postgres"
        run(["psql", admin, "-q", "-c", f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'])
        run(["psql", admin, "-q", "-c", f'CREATE DATABASE "{DB_NAME}"'])
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env=self.env, timeout=600)
        result = run([PYTHON, "-m", "drill.seed", str(self.args.stories)], env=self.env)
        log(result.stdout.strip())
        self.paths = json.loads((OUT / "paths.json").read_text())

    def start_gunicorn(self):
        self.gunicorn_log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115
        options = [
            "--workers",
            "3",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--keep-alive",
            "5",
            *GUNICORN_LIMITS,
        ]
        log("gunicorn " + " ".join(options))
        try:
            self.gunicorn = start_gunicorn(self.env, self.port, options, output=self.gunicorn_log)
        except RuntimeError as exc:
            raise SystemExit(f"{exc}; see {OUT / 'gunicorn.log'}") from exc

    def worker_pids(self) -> set[int]:
        return set(worker_pids(self.gunicorn.pid))

    def search_paths(self) -> list[str]:
        found = []
        for query in ("سوريا", "الكهرباء", "اقتصاد", "Lebanon"):
            for lang in ("ar",):
                path = f"/{lang}/search/?q={urllib.parse.quote(query)}"
                with contextlib.suppress(OSError):
                    if request(self.port, "GET", path).status == 200:
                        found.append(path)
        return found

    # -- the load with faults --------------------------------------------------

    def load(self):
        duration = self.args.duration
        stories = self.paths["stories"]
        search = self.search_paths()
        self.search_available = bool(search)
        mix = stories[:120] + self.paths["listing"] * 6 + search * 8
        script = OUT / "drill.lua"
        script.write_text(WRK_SCRIPT % {"paths": lua_list(mix)})
        stop = threading.Event()
        prober = Prober(self.port, ["/ar/", stories[0], stories[1]], stop)
        comments = CommentLog()
        probe_page = request(self.port, "GET", self.paths["comment"][0])
        finder = FormFinder()
        finder.feed(probe_page.body)
        self.comments_available = bool(finder.action)
        posters = []
        if self.comments_available:
            wait = float(self.env.get("COMMENTS_MIN_SECONDS", "3")) + 0.3
            posters = [
                CommentPoster(
                    self.port, self.paths["comment"], stop, comments, self.run_id, n, wait
                )
                for n in range(10)
            ]
        pids_before = self.worker_pids()
        log(f"load: {duration}s, 64 connections, {len(mix)} paths; {len(posters)} commenters")
        wrk = subprocess.Popen(  # noqa: S603
            wrk_command(
                f"http://127.0.0.1:{self.port}",
                script,
                threads=2,
                connections=64,
                duration=duration,
            ),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        load_start = time.time()
        prober.start()
        for poster in posters:
            poster.start()
        pg_fault, redis_fault = Fault("PostgreSQL restart"), Fault("Redis down")
        if not self.args.no_faults:
            self.sleep_until(load_start + duration * 0.25)
            log("fault: restarting PostgreSQL")
            restart_postgres(pg_fault)
            log(f"PostgreSQL back after {pg_fault.service_back - pg_fault.started:.1f}s")
            self.sleep_until(load_start + duration * 0.58)
            log("fault: Redis shut down for 8s")
            stop_redis(redis_fault, 8)
            log("Redis back")
        wrk_out, _ = wrk.communicate(timeout=duration + 60)
        load_end = time.time()
        stop.set()
        prober.join(20)
        for poster in posters:
            poster.join(30)
        (OUT / "wrk.txt").write_text(wrk_out)
        self.report_load(wrk_out, load_start, load_end, prober, pg_fault, redis_fault)
        self.row(
            "gunicorn workers restarted during the run",
            f"{len(pids_before - self.worker_pids())} of {len(pids_before)}",
            "ok" if pids_before and pids_before == self.worker_pids() else "FAIL",
        )
        self.comments = comments

    @staticmethod
    def sleep_until(moment):
        time.sleep(max(0.0, moment - time.time()))

    # -- teardown --------------------------------------------------------------

    def cleanup(self):
        if self.gunicorn and self.gunicorn.poll() is None:
            os.killpg(self.gunicorn.pid, signal.SIGTERM)
            try:
                self.gunicorn.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.gunicorn.pid, signal.SIGKILL)
        if not pg_ready():
            run(PG_START, check=False, timeout=60)
        if not redis_ping():
            run(REDIS_START, check=False, timeout=10)
        if not self.args.keep_db and pg_ready():
            run(
                [
                    "psql",
                    f"{PG_SERVER}/postgres",
                    "-q",
                    "-c",
                    f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)',
                ],
                check=False,
            )

    def write_report(self, started):
        width = max(len(r[0]) for r in self.rows)
        lines = [f"{'check'.ljust(width)}  verdict   measured"]
        lines += [f"{c.ljust(width)}  {v.ljust(8)}  {m}" for c, m, v in self.rows]
        print("\n" + "\n".join(lines) + "\n", flush=True)
        cpu = os.cpu_count()
        pg = run(
            ["psql", f"{PG_SERVER}/postgres", "-At", "-c", "SHOW server_version"], check=False
        ).stdout.strip()
        table = ["| check | measured | verdict |", "|---|---|---|"]
        table += [f"| {c} | {m.replace('|', '/')} | {v} |" for c, m, v in self.rows]
        doc = ROOT / "docs" / "reliability.md"
        doc.parent.mkdir(exist_ok=True)
        kept = kept_sections(doc.read_text(encoding="utf-8") if doc.exists() else "")
        doc.write_text(
            "# Reliability drill\n\n"
            "`make drill` runs this against gunicorn on 127.0.0.1 with PostgreSQL and Redis, "
            "bounded in time, and rewrites this file. What it does, how to read it, and how "
            "to run the other safety nets (backups, security tests) is described after the "
            "table.\n\n"
            f"## Latest run: {started:%Y-%m-%d %H:%M} UTC, overall "
            f"{'PASSED' if self.ok else 'FAILED'}\n\n"
            f"Machine: {cpu} cores, Python {platform.python_version()}, PostgreSQL {pg}, "
            f"{self.args.stories} seeded stories, gunicorn 3 workers × 4 threads (gthread), "
            f"load {self.args.duration} s at 64 connections (wrk) plus 10 commenters.\n\n"
            + "\n".join(table)
            + "\n\n"
            + (ROOT / "drill" / "REPORT_NOTES.md").read_text(encoding="utf-8")
            + kept
        )
        log(f"wrote {doc.relative_to(ROOT)}; logs in {OUT.relative_to(ROOT)}/")

    def main(self):
        started = datetime.now(UTC)
        self.preflight()
        try:
            self.database()
            self.start_gunicorn()
            self.load()
            self.oversized()
            self.verify_comments()
            self.log_checks()
        finally:
            self.cleanup()
        self.write_report(started)
        return 0 if self.ok else 1


#: Sections of docs/reliability.md written by hand, kept when the drill rewrites the file.
KEPT_HEADINGS = ("## Threats and what stops each",)


def kept_sections(previous: str) -> str:
    """The hand-written tail of the old report (from the first kept heading on), or ''."""
    starts = [previous.index(h) for h in KEPT_HEADINGS if h in previous]
    return "\n" + previous[min(starts) :].rstrip() + "\n" if starts else ""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m drill", description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--keep-db", action="store_true")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(Drill(parse_args()).main())
