"""The comment POST row of ``make bench``: readers posting new comments to one story.

Each of the 16 connections GETs the story page once for its CSRF cookie and token; every
post carries a form token of its own (a token sends one comment), issued beforehand as
the page issues them and dated as if each reader had opened the page a while ago (a token
younger than ``COMMENTS_MIN_SECONDS`` is refused as a bot's). ``comment_post.lua`` sends
them; afterwards the stored rows are counted: none lost, none doubled.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

from run import Http, Scenario, field_value, log, manage, run_wrk, wait_ready

from bench.database import COUNT_SCRIPT
from bench.harness import peak_rss_mb, worker_pids

#: Form tokens issued for the stream: more than 16 connections can send in a run.
FORM_TOKENS = 40_000
MINT_SCRIPT = r"""
import time
from django.conf import settings
from comments.tokens import issue_token
issued = time.time() - settings.COMMENTS_MIN_SECONDS - 1
with open(%r, "w") as out:
    out.write("\n".join(issue_token(issued_at=issued) for _ in range(%d)))
print("MINTED")
"""


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
        action = match.group(1).partition("#")[0]  # a browser never sends the fragment
        q = urllib.parse.quote
        sets.append(f"{q(client.cookie('csrftoken'), '')},{q(csrf, '')},{q(form, '')}")
    return sets, action


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
    # A form token sends one comment: every post needs its own, as every reader has. They
    # are issued as the page does, dated as if each reader had opened it a while ago (a
    # token younger than COMMENTS_MIN_SECONDS is refused as a bot's).
    form_tokens = Path(tempfile.mkstemp(prefix="newsroom-bench-tokens-", suffix=".txt")[1])
    out = manage(env, "shell", "-c", MINT_SCRIPT % (str(form_tokens), FORM_TOKENS), capture=True)
    if "MINTED" not in out:
        raise RuntimeError(f"no form tokens: {out[:200]}")
    run_id = str(int(time.time()))
    q = urllib.parse.quote
    scenario.path = action
    scenario.env = {
        "BENCH_FORM_TOKENS": str(form_tokens),
        "BENCH_TOKENS": ";".join(tokens),
        "BENCH_NAME": q("قارئ من بيروت", ""),
        "BENCH_TEXT": q("تعليق على الخبر من قارئ متابع", ""),
        "BENCH_RUN": run_id,
        "BENCH_THREADS": str(args.threads),
    }
    log(f"{scenario.name}: {args.duration}s of wrk POSTing to {action}")
    try:
        result = run_wrk(base, scenario, args)
    finally:
        form_tokens.unlink(missing_ok=True)
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
