"""The load-test harness ``bench/run.py`` and ``python -m drill`` share.

- ``logger(tool)``: timestamped progress lines, ``[bench 12:00:00] ...``.
- ``free_port()``: a free TCP port on 127.0.0.1.
- ``start_gunicorn(env, port, options, ...)``: gunicorn serving ``newsroom.wsgi`` from the
  checkout, returned once ``/healthz`` answers 200; ``stop_gunicorn(proc)`` ends it.
- ``worker_pids(master)`` and ``peak_rss_mb(pid)``: gunicorn's workers and their peak
  resident memory (``VmHWM``), for the memory figures.
- ``wrk_command(url, script, ...)``: the ``wrk`` command line both tools run.
- ``wrk_result(output)`` (the benchmark's ``BENCH_JSON`` summary line) and
  ``wrk_per_second(output)`` (the drill's per-second status counts): wrk's output parsed.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if VENV_BIN.exists() else sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
WRK = "wrk"


def logger(tool: str, stream=sys.stderr) -> Callable[[str], None]:
    def log(message: str) -> None:
        print(f"[{tool} {time.strftime('%H:%M:%S')}] {message}", file=stream, flush=True)

    return log


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    env: dict, port: int, options: list[str], *, output=None, wait_seconds: float = 60
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:``port``, returned once ``/healthz`` answers 200."""
    cmd = [GUNICORN, "newsroom.wsgi:application", "--bind", f"127.0.0.1:{port}", *options]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output is not None else None,
        start_new_session=True,
    )
    deadline = time.monotonic() + wait_seconds
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
    raise RuntimeError(f"gunicorn did not answer /healthz within {wait_seconds:.0f} s")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True, check=False
    ).stdout
    return [int(p) for p in out.split()]


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory in MiB, or -1 when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return -1.0
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else -1.0


def wrk_command(
    url: str, script: Path | str, *, threads: int, connections: int, duration: int
) -> list[str]:
    return [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]


def wrk_result(output: str) -> dict | None:
    """The benchmark scripts' ``BENCH_JSON {...}`` line, with requests per second added."""
    line = next((x for x in output.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        return None
    data = json.loads(line.split(" ", 1)[1])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def wrk_per_second(output: str) -> dict:
    """The drill script's ``second:status count`` lines and its ``DRILL-SUMMARY`` line."""
    counts: Counter = Counter()  # (second, status) -> n
    summary = {}
    for line in output.splitlines():
        match = re.fullmatch(r"(\d+):(\d+) (\d+)", line.strip())
        if match:
            counts[(int(match[1]), int(match[2]))] += int(match[3])
        elif line.startswith("DRILL-SUMMARY"):
            summary = {k: int(v) for k, v in (item.split("=") for item in line.split()[1:])}
    return {"counts": counts, "summary": summary}
