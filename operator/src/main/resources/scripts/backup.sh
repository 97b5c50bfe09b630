#!/bin/sh
# Backup of one SuperNova database: pg_dump in custom format to $BACKUP_DIR, the PostgreSQL and
# TimescaleDB versions recorded beside each dump (<dump>.json), then retention by age.
# Environment: PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD (libpq), STACK_NAME, BACKUP_DIR,
# RETENTION_DAYS. Dumps are named <stack>-<database>-<UTC timestamp>.dump.
set -eu

dir="${BACKUP_DIR:-/backups}"
retention_days="${RETENTION_DAYS:-30}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
base="${STACK_NAME:-supernova}-${PGDATABASE}-${stamp}"
mkdir -p "$dir"

server_version="$(psql -X -A -t -c 'SHOW server_version' | tr -d '[:space:]')"
timescaledb_version="$(psql -X -A -t -c "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'" | tr -d '[:space:]')"
pg_dump_version="$(pg_dump --version | awk '{print $NF}')"

echo "backup: dumping ${PGDATABASE} (PostgreSQL ${server_version}, TimescaleDB ${timescaledb_version:-none}) to ${dir}/${base}.dump"
# Written under a temporary name so a failed or interrupted dump never looks like a backup.
pg_dump -Fc -f "${dir}/${base}.dump.partial"
mv "${dir}/${base}.dump.partial" "${dir}/${base}.dump"
size="$(wc -c < "${dir}/${base}.dump" | tr -d '[:space:]')"

cat > "${dir}/${base}.json.partial" <<META
{
  "stack": "${STACK_NAME:-}",
  "database": "${PGDATABASE}",
  "file": "${base}.dump",
  "format": "custom",
  "createdAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "sizeBytes": ${size},
  "postgresVersion": "${server_version}",
  "timescaledbVersion": "${timescaledb_version}",
  "pgDumpVersion": "${pg_dump_version}"
}
META
mv "${dir}/${base}.json.partial" "${dir}/${base}.json"
echo "backup: wrote ${base}.dump (${size} bytes)"

# Retention: everything older than RETENTION_DAYS days goes, dumps and their metadata alike.
minutes=$((retention_days * 1440))
find "$dir" -maxdepth 1 -type f \( -name '*.dump' -o -name '*.json' -o -name '*.partial' \) \
  -mmin +"$minutes" -print | while read -r old; do
  echo "backup: retention ${retention_days}d removes $(basename "$old")"
  rm -f "$old"
done
