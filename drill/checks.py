"""What the drill checks: the load through the faults, then oversized requests, the
comments that were posted, and the server's log. Mixed into ``Drill`` (``__main__``),
which provides ``port``, ``paths``, ``args``, ``run_id``, ``env`` and ``row()``."""

import re
from collections import Counter

from bench import harness
from drill import OUT
from drill.faults import outage_from_samples, run, window_stats
from drill.traffic import FormFinder, request


class Checks:
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
