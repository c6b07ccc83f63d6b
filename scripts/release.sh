#!/bin/sh
# Before the web servers start: publish the built static files to the proxy's volume (when
# STATIC_PUBLISH_DIR is set) and apply migrations. Safe to run on every start.
set -eu
cd "$(dirname "$0")/.."
export DEBUG=0
if [ -n "${STATIC_PUBLISH_DIR:-}" ]; then
  # Old fingerprinted files stay: pages cached elsewhere may still name them.
  cp -a "${STATIC_ROOT:-staticfiles}/." "$STATIC_PUBLISH_DIR/"
fi
exec "${PYTHON:-python}" manage.py migrate --no-input
