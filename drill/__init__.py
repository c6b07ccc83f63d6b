"""``make drill``: faults and load against gunicorn, PostgreSQL and Redis on 127.0.0.1."""

from bench.harness import ROOT

#: Logs (gunicorn, wrk) and the wrk script of the last drill.
OUT = ROOT / "test-results" / "drill"
