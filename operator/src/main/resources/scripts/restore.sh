#!/bin/sh
# Restores a dump made by backup.sh into $PGDATABASE (which must exist and be empty):
#   restore.sh /backups/<stack>-<db>-<stamp>.dump
# With TimescaleDB, timescaledb_pre_restore()/timescaledb_post_restore() bracket pg_restore.
set -eu

dump="${1:?usage: restore.sh <dump file>}"
[ -f "$dump" ] || { echo "restore: no such file: $dump" >&2; exit 2; }

has_timescaledb="$(pg_restore -l "$dump" | grep -c 'EXTENSION - timescaledb' || true)"
if [ "$has_timescaledb" -gt 0 ]; then
  psql -X -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS timescaledb'
  psql -X -v ON_ERROR_STOP=1 -c 'SELECT timescaledb_pre_restore()'
fi
pg_restore -Fc --no-owner --exit-on-error -d "$PGDATABASE" "$dump"
if [ "$has_timescaledb" -gt 0 ]; then
  psql -X -v ON_ERROR_STOP=1 -c 'SELECT timescaledb_post_restore()'
fi
echo "restore: restored $(basename "$dump") into ${PGDATABASE}"
