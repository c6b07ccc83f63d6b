#!/usr/bin/env bash
# Start or stop a Varnish with the repository's VCL, in front of an app on 127.0.0.1.
#   scripts/ci/varnish.sh start PORT BACKEND_PORT DIR   (prints nothing; ready when it returns)
#   scripts/ci/varnish.sh stop DIR
# DIR holds the generated backend.vcl, Varnish's working files and its pid file. Used by
# tests/test_varnish.py and bench/newsday.py; deploy/varnish/compose-backend.vcl is compose's.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

case "${1:-}" in
start)
  port="$2" backend="$3" dir="$4"
  command -v varnishd >/dev/null || { echo "varnishd is not installed (apt-get install -y varnish varnish-modules)" >&2; exit 2; }
  mkdir -p "$dir"
  chmod 755 "$dir"  # the VCL compiler runs as Varnish's own unprivileged user
  cat >"$dir/backend.vcl" <<VCL
backend default {
    .host = "127.0.0.1";
    .port = "$backend";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}
acl purgers { "127.0.0.1"; }
VCL
  # include "backend.vcl" is looked up on vcl_path: this directory's comes first.
  varnishd -a "127.0.0.1:$port" -f "$root/deploy/varnish/newsroom.vcl" \
    -p "vcl_path=$dir:/usr/share/varnish/vcl" \
    -n "$dir/work" -s malloc,64m -P "$dir/varnishd.pid" >"$dir/varnishd.log" 2>&1 \
    || { cat "$dir/varnishd.log" >&2; exit 1; }
  for _ in $(seq 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then exit 0; fi
    sleep 0.1
  done
  echo "Varnish did not answer on port $port" >&2
  exit 1
  ;;
stop)
  dir="$2"
  if [ -f "$dir/varnishd.pid" ]; then
    kill "$(cat "$dir/varnishd.pid")" 2>/dev/null || true
    rm -f "$dir/varnishd.pid"
  fi
  ;;
*)
  echo "usage: $0 start PORT BACKEND_PORT DIR | stop DIR" >&2
  exit 2
  ;;
esac
