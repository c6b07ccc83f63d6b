#!/usr/bin/env bash
# Back up the newsroom: the PostgreSQL database (pg_dump, custom format) and the
# media folder (a tar), into backups/<UTC timestamp>/ (or $BACKUP_ROOT/<timestamp>/).
#
#   DATABASE_URL=postgres://user@host:5432/newsroom scripts/backup.sh
#
# Prints the backup folder on its last line. Restore with scripts/restore.sh.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL (SQLite: copy db.sqlite3)" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")/.." && pwd)"
media_root="${MEDIA_ROOT:-$here/media}"
backup_root="${BACKUP_ROOT:-$here/backups}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dest="$backup_root/$stamp"
n=1
while [ -e "$dest" ]; do dest="$backup_root/$stamp-$n"; n=$((n + 1)); done
mkdir -p "$dest.partial"

# A consistent snapshot of the database, without owners, so it restores anywhere.
pg_dump --format=custom --no-owner --no-privileges --file="$dest.partial/db.dump" \
  --dbname="$DATABASE_URL"

if [ -d "$media_root" ]; then
  tar -C "$media_root" -czf "$dest.partial/media.tar.gz" .
else
  tar -czf "$dest.partial/media.tar.gz" --files-from /dev/null
fi

{
  echo "created_utc=$stamp"
  echo "database=$(printf '%s' "$DATABASE_URL" | sed -E 's#//([^:@/]+):[^@]*@#//\1:***@#')"
  echo "media_root=$media_root"
  (cd "$dest.partial" && sha256sum db.dump media.tar.gz)
} > "$dest.partial/MANIFEST"

# Only a complete backup gets its final name.
mv "$dest.partial" "$dest"
echo "$dest"
