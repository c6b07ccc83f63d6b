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
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from datetime import UTC, datetime

from bench import harness
from bench.harness import PYTHON, ROOT, free_port, start_gunicorn, worker_pids, wrk_command
from drill.faults import (
    PG_START,
    REDIS_START,
    Fault,
    outage_from_samples,
    pg_ready,
    redis_ping,
    restart_postgres,
    run,
    stop_redis,
    window_stats,
)
from drill.traffic import CommentLog, CommentPoster, FormFinder, Prober, request

OUT = ROOT / "test-results" / "drill"
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


class Drill:
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

    def report_load(self, wrk_out, start, end, prober, pg_fault, redis_fault):
        parsed = harness.wrk_per_second(wrk_out)
        counts, summary = parsed["counts"], parsed["summary"]
        if not summary:
            self.row("load generator", "wrk produced no summary", "FAIL")
            return

        def in_window(second, fault, slack=2):
            return fault.started and fault.started - slack <= second <= fault.service_back + 10

        by_status: Counter = Counter()
        outside_5xx = 0
        for (second, status), n in counts.items():
            by_status[status] += n
            if status >= 500 and not (
                in_window(second, pg_fault) or in_window(second, redis_fault)
            ):
                outside_5xx += n
        total = sum(by_status.values())
        five = sum(n for s, n in by_status.items() if s >= 500)
        errors = sum(summary.get(k, 0) for k in ("connect", "read", "write", "timeout"))
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items()))
        self.row(
            f"reads at 64 connections for {end - start:.0f}s (wrk"
            + (", with search)" if self.search_available else ", no search page)"),
            f"{total} responses ({total / (end - start):.0f}/s), "
            f"p50 {summary['p50'] / 1000:.0f} ms, p99 {summary['p99'] / 1000:.0f} ms; {statuses}",
            "ok",
        )
        self.row(
            "5xx responses outside the fault windows",
            str(outside_5xx),
            "ok" if outside_5xx == 0 else "FAIL",
        )
        self.row(
            "500 responses (any time)",
            str(by_status.get(500, 0)),
            "ok" if by_status.get(500, 0) == 0 else "FAIL",
        )
        self.row(
            "socket errors and timeouts (hangs)",
            f"{errors} (timeouts: {summary.get('timeout', 0)})",
            "ok" if summary.get("timeout", 0) == 0 else "FAIL",
        )
        self.row(
            "5xx in total, all of them 503 from the faults",
            f"{five} ({by_status.get(503, 0)} × 503)",
            "ok" if five == by_status.get(503, 0) else "FAIL",
        )
        samples = prober.samples
        if pg_fault.started:
            outage, recovery = outage_from_samples(samples, pg_fault)
            statuses, slowest = window_stats(
                samples, pg_fault.started - 0.5, pg_fault.service_back + max(recovery, 0) + 1
            )
            seen = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
            self.row(
                "PostgreSQL restart: database down",
                f"{pg_fault.service_back - pg_fault.started:.1f} s (pg_ctlcluster restart)",
                "injected",
            )
            fast = slowest < 5
            self.row(
                "PostgreSQL restart: outage seen by uncached requests (prober)",
                f"{outage:.1f} s; slowest failed request {slowest * 1000:.0f} ms; statuses {seen}",
                "ok" if fast and 500 not in statuses and 0 not in statuses else "FAIL",
            )
            self.row(
                "PostgreSQL restart: recovery after the database answered",
                f"{recovery:.2f} s, gunicorn not restarted",
                "ok" if recovery < 10 else "FAIL",
            )
        if redis_fault.started:
            statuses, slowest = window_stats(
                samples, redis_fault.started, redis_fault.service_back + 2
            )
            seen = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
            wrk_window = Counter()
            for (second, status), n in counts.items():
                if redis_fault.started - 1 <= second <= redis_fault.service_back + 1:
                    wrk_window[status] += n
            bad = sum(n for s, n in wrk_window.items() if s >= 500)
            self.row(
                "Redis down: pages still served, no 5xx",
                f"{redis_fault.service_back - redis_fault.started:.1f} s down; prober {seen}; "
                f"wrk {sum(wrk_window.values())} responses, {bad} 5xx",
                "ok" if bad == 0 and set(statuses) <= {200} else "FAIL",
            )

    # -- after the load --------------------------------------------------------

    def oversized(self):
        story = self.paths["comment"][0]
        page = request(self.port, "GET", story)
        finder = FormFinder()
        finder.feed(page.body)
        target = finder.action or story
        csrf = page.cookies.get("csrftoken", "k" * 32)
        body = "body=" + "x" * (6 * 1024 * 1024)
        cases = [
            (
                "6 MB form POST to the comment form",
                "POST",
                target,
                body,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={csrf}",
                },
            ),
            ("10 KB request line", "GET", "/ar/?q=" + "a" * 10_000, None, {}),
            ("16 KB header field", "GET", "/ar/", None, {"X-Junk": "b" * 16_000}),
            ("100 header fields", "GET", "/ar/", None, {f"X-H{n}": "1" for n in range(100)}),
        ]
        for label, method, path, data, headers in cases:
            try:
                reply = request(self.port, method, path, body=data, headers=headers, timeout=30)
                status, seconds = reply.status, reply.seconds
            except OSError as exc:
                status, seconds = f"connection closed ({exc.__class__.__name__})", 0
            refused = isinstance(status, str) or status in (400, 413, 414, 431)
            self.row(
                f"oversized: {label}",
                f"{status} in {seconds * 1000:.0f} ms",
                "ok" if refused else "FAIL",
            )

    def verify_comments(self):
        if not self.comments_available:
            self.row("comment stream", "not available (no comment form on story pages)", "n/a")
            return
        log_ = self.comments
        query = "SELECT body, count(*) FROM comments_comment WHERE body LIKE :'pattern' GROUP BY 1"
        pattern = f"pattern=%drill-{self.run_id}-%"
        result = run(["psql", self.db_url, "-At", "-F", "\t", "-v", pattern], stdin=query)
        stored = {}
        for line in result.stdout.splitlines():
            body, _, count = line.rpartition("\t")
            marker = re.search(rf"drill-{self.run_id}-\d+-\d+", body)
            if marker:
                stored[marker[0]] = (body, int(count))
        accepted = log_.accepted
        lost = [m for m in accepted if m not in stored]
        changed = [m for m in accepted if m in stored and stored[m][0] != accepted[m]]
        doubled = [m for m, (_, n) in stored.items() if n > 1]
        extra = [m for m in stored if m not in accepted]
        refused = ", ".join(f"{s}: {n}" for s, n in sorted(log_.refused.items())) or "none"
        self.row(
            "comments sent / accepted / stored",
            f"{log_.sent} / {len(accepted)} / {len(stored)} (refused: {refused}; "
            f"no answer: {len(log_.unanswered)})",
            "ok" if accepted else "FAIL",
        )
        self.row(
            "accepted comments lost, altered or doubled",
            f"lost {len(lost)}, altered {len(changed)}, doubled {len(doubled)}",
            "ok" if not (lost or changed or doubled) else "FAIL",
        )
        self.row(
            "stored without an accepted answer (client saw an error)",
            str(len(extra)),
            "ok" if len(extra) <= len(log_.unanswered) else "FAIL",
        )
        mail_errors = (
            (OUT / "gunicorn.log")
            .read_text(errors="replace")
            .count("could not email the moderators")
        )
        self.row(
            "mail server down: comments saved, failure logged",
            f"{len(stored)} comments stored; {mail_errors} mail failures logged",
            "ok" if stored and mail_errors else "FAIL",
        )

    def log_checks(self):
        text = (OUT / "gunicorn.log").read_text(errors="replace")
        errors = sum(
            1
            for line in text.splitlines()
            if "ERROR django.request" in line and "Service Unavailable" not in line
        )
        verdict = "ok" if not errors else "FAIL"
        self.row("server errors logged (other than 503)", str(errors), verdict)
        self.row(
            "Redis outage logged by the cache fallback",
            "yes" if "Redis unreachable" in text else "no",
            "ok" if "Redis unreachable" in text or self.args.no_faults else "FAIL",
        )

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
