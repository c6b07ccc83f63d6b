#!/bin/sh
# gunicorn with the production settings and its request limits; the proxy sits in front of it.
# BIND (default 0.0.0.0:8000) and WEB_CONCURRENCY (workers, default 3) are read from the environment.
set -eu
cd "$(dirname "$0")/.."
export DEBUG=0
exec "${PYTHON:-python}" -m gunicorn newsroom.wsgi \
  --bind "${BIND:-0.0.0.0:8000}" \
  --workers "${WEB_CONCURRENCY:-3}" \
  --timeout 30 \
  --graceful-timeout 20 \
  --limit-request-line 4094 \
  --limit-request-field_size 8190 \
  --limit-request-fields 60 \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}" \
  --access-logfile - \
  --error-logfile -
