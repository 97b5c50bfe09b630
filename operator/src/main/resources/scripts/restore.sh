#!/bin/sh
# Restores a dump made by backup.sh into $PGDATABASE:
#   restore.sh <file name in $BACKUP_DIR | absolute path | latest>
# Refuses, without touching the database: a dump from a newer PostgreSQL or TimescaleDB than the
# target (exit 3), a target that already has tables unless FORCE=true (exit 4), a missing file
# (exit 5), a corrupt or truncated file (exit 6). pg_restore runs in one transaction, so a failed
# restore leaves the database as it was. A restored database is marked (ALTER DATABASE ... SET
# supernova.restored_from, which pg_dump does not copy into later backups) and running again is a
# no-op, so a restore never runs twice on the same database.
# With TimescaleDB, timescaledb_pre_restore()/timescaledb_post_restore() bracket pg_restore.
# Environment: PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD (libpq), BACKUP_DIR, FORCE,
# RESTORE_ROLE (role that owns the restored objects; default: the connecting user),
# RESTORE_MARKER (default true), TERMINATION_LOG.
set -eu

. "$(dirname "$0")/backup-lib.sh"
SCRIPT=restore

dir="${BACKUP_DIR:-/backups}"
force="${FORCE:-false}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dump="$(resolve_dump "$dir" "${1:-latest}")" || exit $?
name="$(basename "$dump")"
metadata="${dump%.dump}.json"

target_version_num="$(sql 'SHOW server_version_num' 2>"$work/err")" ||
  fail DatabaseUnreachable "cannot connect to database ${PGDATABASE} at ${PGHOST:-localhost}:${PGPORT:-5432}: $(first_line "$work/err")"
target_version="$(sql 'SHOW server_version' | awk '{print $1}')"

marker="$(sql "SELECT coalesce(current_setting('supernova.restored_from', true), '')")"
if [ -n "$marker" ] && [ "$force" != "true" ] && [ "${RESTORE_MARKER:-true}" = "true" ]; then
  log "database ${PGDATABASE} was already restored from ${marker}; not restoring again"
  result "{\"result\":\"Succeeded\",\"alreadyRestored\":true,\"file\":\"$(json_escape "$marker")\"}"
  exit 0
fi

# The file: checksum recorded by backup.sh, then a readable archive.
expected="$(meta "$metadata" sha256)"
if [ -n "$expected" ]; then
  actual="$(sha256sum "$dump" | awk '{print $1}')"
  [ "$actual" = "$expected" ] ||
    fail CorruptBackup "${name} does not match the SHA-256 recorded when it was written (size now $(wc -c <"$dump" | tr -d '[:space:]') bytes, $(meta "$metadata" sizeBytes) when written): the file is corrupt or truncated" 6
fi
if ! pg_restore -l "$dump" >"$work/toc" 2>"$work/err"; then
  if grep -q 'unsupported version' "$work/err"; then
    fail NewerVersion "${name} was written by a newer pg_dump than this pg_restore ($(pg_restore --version | awk '{print $NF}')): $(first_line "$work/err")" 3
  fi
  fail CorruptBackup "cannot read ${name}: $(first_line "$work/err"); the file is truncated or not a pg_dump custom-format archive" 6
fi

# Versions: PostgreSQL cannot load a dump of a newer major version reliably, TimescaleDB not at all.
dump_version="$(meta "$metadata" postgresVersion)"
if [ -z "$dump_version" ]; then
  dump_version="$(sed -n 's/^;[[:space:]]*Dumped from database version: //p' "$work/toc" | awk '{print $1}')"
fi
if [ -n "$dump_version" ] && [ "$(major "$dump_version")" -gt "$((target_version_num / 10000))" ]; then
  fail NewerVersion "${name} was dumped from PostgreSQL ${dump_version}, newer than this server (PostgreSQL ${target_version}); restore it into PostgreSQL $(major "$dump_version") or newer (spec.database.image)" 3
fi
has_timescaledb="$(grep -c ' EXTENSION - timescaledb' "$work/toc" || true)"
dump_timescaledb="$(meta "$metadata" timescaledbVersion)"
if [ "$has_timescaledb" -gt 0 ]; then
  available="$(sql "SELECT coalesce(max(default_version), '') FROM pg_available_extensions WHERE name = 'timescaledb'")"
  [ -n "$available" ] ||
    fail NewerVersion "${name} holds TimescaleDB ${dump_timescaledb:-data} but this server has no timescaledb extension; use a TimescaleDB image (spec.database.image)" 3
  if [ -n "$dump_timescaledb" ] && version_gt "$dump_timescaledb" "$available"; then
    fail NewerVersion "${name} was dumped from TimescaleDB ${dump_timescaledb}, newer than this server's ${available}; use a TimescaleDB ${dump_timescaledb} image (spec.database.image)" 3
  fi
fi

# Never over data, unless asked to.
user_tables="FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT LIKE '\_timescaledb%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                    AND d.objid = c.oid AND d.deptype = 'e')"
tables="$(sql "SELECT count(*) ${user_tables}")"
clean=""
if [ "$tables" -gt 0 ]; then
  example="$(sql "SELECT format('%s.%s', n.nspname, c.relname) ${user_tables} ORDER BY 1 LIMIT 1")"
  [ "$force" = "true" ] ||
    fail DatabaseNotEmpty "database ${PGDATABASE} already has ${tables} tables (e.g. ${example}); refusing to restore over data. To replace them set spec.database.bootstrap.fromBackup.force: true" 4
  log "FORCE=true: the ${tables} existing tables of ${PGDATABASE} (e.g. ${example}) are replaced"
  clean="yes"
fi

# Extension comments belong to the extension's owner; restoring them as RESTORE_ROLE would fail.
grep -v ' COMMENT - EXTENSION ' "$work/toc" >"$work/list"
set -- --no-owner --no-privileges --single-transaction --exit-on-error -L "$work/list" -d "$PGDATABASE"
if [ -n "${RESTORE_ROLE:-}" ]; then
  set -- "$@" --role="$RESTORE_ROLE"
fi
if [ -n "$clean" ]; then
  set -- "$@" --clean --if-exists
fi

log "restoring ${name} (PostgreSQL ${dump_version:-unknown}, TimescaleDB ${dump_timescaledb:-none}) into ${PGDATABASE} (PostgreSQL ${target_version})"
started="$(date +%s)"
if [ "$has_timescaledb" -gt 0 ]; then
  sql 'CREATE EXTENSION IF NOT EXISTS timescaledb' >/dev/null
  sql 'SELECT timescaledb_pre_restore()' >/dev/null
fi
if ! pg_restore "$@" "$dump" 2>"$work/err"; then
  if [ "$has_timescaledb" -gt 0 ]; then
    sql 'SELECT timescaledb_post_restore()' >/dev/null 2>&1 || true
  fi
  if grep -qiE 'could not read|unexpected end|invalid|corrupt|decompress' "$work/err"; then
    fail CorruptBackup "${name} cannot be restored: $(first_line "$work/err"); ${PGDATABASE} is unchanged" 6
  fi
  fail RestoreFailed "pg_restore of ${name} failed: $(first_line "$work/err"); ${PGDATABASE} is unchanged (one transaction)"
fi
if [ "$has_timescaledb" -gt 0 ]; then
  sql 'SELECT timescaledb_post_restore()' >/dev/null
fi
seconds=$(($(date +%s) - started))
rows="$(sentiment_rows)"

if [ "${RESTORE_MARKER:-true}" = "true" ]; then
  psql -X -q -v ON_ERROR_STOP=1 -v db="$PGDATABASE" \
    -v marker="${name} at $(date -u +%Y-%m-%dT%H:%M:%SZ)" >/dev/null <<'SQL'
ALTER DATABASE :"db" SET supernova.restored_from = :'marker';
SQL
fi
log "restored ${name} into ${PGDATABASE} in ${seconds}s (${rows:-no} sentiment_data rows)"
result "{\"result\":\"Succeeded\",\"file\":\"${name}\",\"sentimentDataRows\":${rows:-null},\"durationSeconds\":${seconds}}"
