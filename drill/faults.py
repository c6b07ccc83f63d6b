"""The drill's faults: PostgreSQL restarted, Redis shut down, and how long each outage was."""

import subprocess
import time
from collections import Counter
from dataclasses import dataclass

from bench.harness import ROOT

PG_RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
PG_START = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"]
REDIS_STOP = ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"]
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
]


def run(cmd, *, env=None, timeout=300, check=True, stdin=None):
    result = subprocess.run(  # noqa: S603
        cmd,
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result


# --------------------------------------------------------------------------- faults


@dataclass
class Fault:
    name: str
    started: float = 0.0
    service_back: float = 0.0  # when PostgreSQL/Redis answered again
    ended: float = 0.0
    note: str = ""


def pg_ready() -> bool:
    return run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False).returncode == 0


def restart_postgres(fault: Fault) -> None:
    fault.started = time.time()
    run(PG_RESTART, timeout=60, check=False)
    deadline = time.time() + 60
    while not pg_ready() and time.time() < deadline:
        time.sleep(0.05)
    fault.service_back = time.time()


def redis_ping() -> bool:
    result = run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"], check=False, timeout=5)
    return result.stdout.strip() == "PONG"


def stop_redis(fault: Fault, seconds: float) -> None:
    fault.started = time.time()
    run(REDIS_STOP, check=False, timeout=10)
    time.sleep(seconds)
    run(REDIS_START, check=False, timeout=10)
    deadline = time.time() + 20
    while not redis_ping() and time.time() < deadline:
        time.sleep(0.05)
    fault.service_back = time.time()


def window_stats(samples, start, end):
    inside = [s for s in samples if start <= s[0] <= end]
    statuses = Counter(s[1] for s in inside)
    slowest = max((s[2] for s in inside if s[1] != 200), default=0.0)
    return statuses, slowest


def outage_from_samples(samples, fault: Fault):
    """Client-seen outage (first failure to first success after it) and recovery time."""
    after = [s for s in samples if s[0] >= fault.started - 0.5]
    first_fail = next((s for s in after if s[1] != 200), None)
    if first_fail is None:
        return 0.0, 0.0
    first_ok = next((s for s in after if s[0] > first_fail[0] and s[1] == 200), None)
    if first_ok is None:
        return float("inf"), float("inf")
    outage = first_ok[0] + first_ok[2] - first_fail[0]
    recovery = max(0.0, first_ok[0] + first_ok[2] - fault.service_back)
    return outage, recovery
