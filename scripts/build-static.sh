#!/bin/sh
# Collect static files with the production settings: fingerprinted names, a manifest, .gz/.br copies.
# Run once per build (the Dockerfile and CI call this very script). The key below only lets the
# production settings load; collecting static files uses no secret.
set -eu
cd "$(dirname "$0")/.."
export DEBUG=0
export SECRET_KEY="${SECRET_KEY:-build-static-only-$(printf '%050d' 0)}"
exec "${PYTHON:-python}" manage.py collectstatic --no-input --clear --verbosity 0
