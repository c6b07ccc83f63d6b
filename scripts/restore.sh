#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database with pg_restore --clean,
# and the media folder (replaced by the backup's).
#
#   DATABASE_URL=postgres://user@host:5432/newsroom scripts/restore.sh [BACKUP_DIR] [--yes]
#
# BACKUP_DIR defaults to the newest folder under backups/. Without --yes it asks first.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to restore into}"
here="$(cd "$(dirname "$0")/.." && pwd)"
media_root="${MEDIA_ROOT:-$here/media}"
backup_root="${BACKUP_ROOT:-$here/backups}"

src=""
yes=0
for arg in "$@"; do
  case "$arg" in
    --yes|-y) yes=1 ;;
    *) src="$arg" ;;
  esac
done
if [ -z "$src" ]; then
  src="$(find "$backup_root" -mindepth 1 -maxdepth 1 -type d ! -name '*.partial' 2>/dev/null | sort | tail -n 1)"
fi
if [ -z "$src" ] || [ ! -f "$src/db.dump" ] || [ ! -f "$src/media.tar.gz" ]; then
  echo "restore.sh: no complete backup found (${src:-$backup_root})" >&2
  exit 2
fi
(cd "$src" && sha256sum --check --quiet <(grep -E '^[0-9a-f]{64}  ' MANIFEST)) || {
  echo "restore.sh: checksums of $src do not match its MANIFEST" >&2
  exit 3
}

if [ "$yes" -ne 1 ]; then
  printf 'Replace the database and %s with %s? [y/N] ' "$media_root" "$src"
  read -r answer
  [ "$answer" = "y" ] || [ "$answer" = "Y" ] || { echo "cancelled"; exit 1; }
fi

pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
  --dbname="$DATABASE_URL" "$src/db.dump"

mkdir -p "$media_root"
staging="$(mktemp -d "${media_root%/}.restore.XXXXXX")"
tar -C "$staging" -xzf "$src/media.tar.gz"
find "$media_root" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
cp -a "$staging/." "$media_root/"
rm -rf "$staging"
echo "restored $src"
