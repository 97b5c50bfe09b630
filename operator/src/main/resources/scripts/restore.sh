#!/bin/sh
# Restores a dump made by backup.sh into $PGDATABASE:
#   restore.sh <file name in $BACKUP_DIR | absolute path | latest>
# Refuses, without touching the database: a dump from a newer PostgreSQL or TimescaleDB than the
# target (exit 3), a target that already has tables unless FORCE=true (exit 4), a missing file
# (exit 5), a corrupt or truncated file (exit 6). pg_restore runs in one transaction, so a failed
# restore leaves the database as it was.
# A restore runs at most once per database, FORCE or not: a restored database is marked (ALTER
# DATABASE ... SET supernova.restored_from, which pg_dump does not copy into later backups) and
# running again is a no-op. FORCE only lets the first restore replace tables that were there before
# it (a Retain stack re-created from the same manifest must not restore over its live data).
# "latest" is resolved once: the first attempt pins the file in the database (supernova.
# restore_pinned) and every retry restores that file, even when a newer dump has appeared since.
# With TimescaleDB, timescaledb_pre_restore()/timescaledb_post_restore() bracket pg_restore; the
# exit trap undoes pre_restore when the script fails or is stopped, and every attempt first takes
# the database out of restoring mode if an earlier one was killed outright (SIGKILL, node loss).
# Environment: PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD (libpq), BACKUP_DIR, FORCE,
# RESTORE_ROLE (role that owns the restored objects; default: the connecting user),
# RESTORE_MARKER (default true; false for the drill's scratch server: no marker, no pin),
# TERMINATION_LOG.
set -eu

. "$(dirname "$0")/backup-lib.sh"
SCRIPT=restore

dir="${BACKUP_DIR:-/backups}"
force="${FORCE:-false}"
mark="${RESTORE_MARKER:-true}"
work="$(mktemp -d)"
pre_restored=""
restore_pid=""
cleanup() {
  if [ -n "$restore_pid" ]; then
    # The server rolls the single transaction back when pg_restore goes away.
    kill "$restore_pid" 2>/dev/null || true
    wait "$restore_pid" 2>/dev/null || true
  fi
  if [ -n "$pre_restored" ]; then
    if sql 'SELECT timescaledb_post_restore()' >/dev/null 2>&1; then
      log "took ${PGDATABASE} out of TimescaleDB's restoring mode"
    else
      log "could not run timescaledb_post_restore() on ${PGDATABASE}; the next attempt does"
    fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# set_database <setting> <value>: ALTER DATABASE ... SET for the target database (RESET when the
# value is empty). Database settings outlive the session and are not in pg_dump's output.
set_database() {
  if [ -n "$2" ]; then
    psql -X -q -v ON_ERROR_STOP=1 -v db="$PGDATABASE" -v value="$2" >/dev/null <<SQL
ALTER DATABASE :"db" SET $1 = :'value';
SQL
  else
    psql -X -q -v ON_ERROR_STOP=1 -v db="$PGDATABASE" >/dev/null <<SQL
ALTER DATABASE :"db" RESET $1;
SQL
  fi
}

target_version_num="$(sql 'SHOW server_version_num' 2>"$work/err")" ||
  fail DatabaseUnreachable "cannot connect to database ${PGDATABASE} at ${PGHOST:-localhost}:${PGPORT:-5432}: $(first_line "$work/err")"
target_version="$(sql 'SHOW server_version' | awk '{print $1}')"

# An attempt killed between timescaledb_pre_restore() and _post_restore() leaves every new session
# of the database in restoring mode (TimescaleDB's background jobs stay off): undo that first.
restoring="$(sql "SELECT lower(coalesce(current_setting('timescaledb.restoring', true), ''))")"
case "$restoring" in
  on | true | yes | 1)
    log "database ${PGDATABASE} was left in TimescaleDB's restoring mode by an interrupted attempt; taking it out"
    if [ "$(sql "SELECT to_regproc('timescaledb_post_restore') IS NOT NULL")" = "t" ]; then
      sql 'SELECT timescaledb_post_restore()' >/dev/null
    else
      set_database timescaledb.restoring ""
    fi
    ;;
esac

if [ "$mark" = "true" ]; then
  marker="$(sql "SELECT coalesce(current_setting('supernova.restored_from', true), '')")"
  if [ -n "$marker" ]; then
    # FORCE does not matter here: it allowed replacing what was there before the first restore,
    # never what was written after it.
    log "database ${PGDATABASE} was already restored from ${marker}; not restoring again"
    result "{\"result\":\"Succeeded\",\"alreadyRestored\":true,\"file\":\"$(json_escape "${marker%% at *}")\"}"
    exit 0
  fi
fi

want="${1:-latest}"
pinned=""
if [ "$mark" = "true" ] && [ "$want" = "latest" ]; then
  pinned="$(sql "SELECT coalesce(current_setting('supernova.restore_pinned', true), '')")"
fi
if [ -n "$pinned" ]; then
  RESULT_FILE="$pinned"
  case "$pinned" in
    /*) dump="$pinned" ;;
    *) dump="${dir}/${pinned}" ;;
  esac
  [ -f "$dump" ] ||
    fail BackupNotFound "backup file ${pinned} not found in ${dir}: \"latest\" was pinned to it when this restore started and it has been removed since; a newer dump is not taken in its place. Put it back, or name a file in spec.database.bootstrap.fromBackup.file" 5
  log "latest was pinned to ${pinned} when this restore started; restoring that file"
else
  if [ "$want" != "latest" ]; then
    RESULT_FILE="$want"
  fi
  dump="$(resolve_dump "$dir" "$want")" || exit $?
  if [ "$mark" = "true" ] && [ "$want" = "latest" ]; then
    pin="$(basename "$dump")"
    if [ "$(dirname "$dump")" != "$dir" ]; then
      pin="$dump"
    fi
    # Before anything else can fail: a retried pod must not pick up a dump written since.
    set_database supernova.restore_pinned "$pin" 2>"$work/err" ||
      fail RestoreFailed "cannot pin ${pin} as the file to restore into database ${PGDATABASE}: $(first_line "$work/err" | sed 's/^ERROR: *//'); the restore needs the database's owner or a superuser as PGUSER"
    log "latest is ${pin}; pinned for every retry of this restore"
  fi
fi
name="$(basename "$dump")"
RESULT_FILE="$name"
metadata="${dump%.dump}.json"

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
set -- --no-owner --no-privileges -L "$work/list" -f -
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
  pre_restored="yes"
  sql 'SELECT timescaledb_pre_restore()' >/dev/null
fi
# pg_restore's SQL runs in one transaction that also sets the marker: the data and "restored"
# commit together, so no attempt can ever find restored tables without the marker (a retry would
# refuse them, or with FORCE restore over them). When pg_restore fails no COMMIT is sent and the
# transaction dies with the connection. In the background so that a TERM reaches the trap at once.
{
  echo 'BEGIN;'
  if pg_restore "$@" "$dump" 2>"$work/err"; then
    if [ "$mark" = "true" ]; then
      echo 'RESET ROLE;'
      echo "ALTER DATABASE :\"db\" SET supernova.restored_from = :'marker';"
    fi
    echo 'COMMIT;'
  else
    echo "$?" >"$work/pg_restore-failed"
  fi
} | PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -v db="$PGDATABASE" \
  -v marker="${name} at $(date -u +%Y-%m-%dT%H:%M:%SZ)" >/dev/null 2>"$work/psql-err" &
restore_pid=$!
code=0
wait "$restore_pid" || code=$?
restore_pid=""
if [ -f "$work/pg_restore-failed" ] &&
  grep -qiE 'could not read|unexpected end|invalid|corrupt|decompress' "$work/err"; then
  fail CorruptBackup "${name} cannot be restored: $(first_line "$work/err"); ${PGDATABASE} is unchanged" 6
fi
if [ "$code" -ne 0 ]; then
  error="$(grep -m 1 -E 'ERROR|FATAL|could not|closed' "$work/psql-err" | sed 's/^psql:[^ ]*: //')"
  if grep -q 'must be owner of database' "$work/psql-err"; then
    fail RestoreFailed "restoring ${name} needs the owner of database ${PGDATABASE} or a superuser as PGUSER, to mark it restored in the same transaction: ${error}; ${PGDATABASE} is unchanged (one transaction)"
  fi
  fail RestoreFailed "pg_restore of ${name} failed: ${error:-$(first_line "$work/psql-err")}; ${PGDATABASE} is unchanged (one transaction)"
fi
if [ -f "$work/pg_restore-failed" ]; then
  fail RestoreFailed "pg_restore of ${name} failed: $(first_line "$work/err"); ${PGDATABASE} is unchanged (one transaction)"
fi
if [ -n "$pre_restored" ]; then
  # The dump brings back its retention jobs without their run statistics, and TimescaleDB runs
  # such a job as soon as its scheduler starts: an old dump would be dropped right after its
  # restore. Unscheduled here; the API server installs its retention policy, held for one
  # retention period after this restore, at its next start (api-server/README.md).
  sql "SELECT count(alter_job(job_id, scheduled => false)) FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'" >/dev/null ||
    log "could not unschedule the restored retention jobs of ${PGDATABASE}; the API server replaces them at its start"
  sql 'SELECT timescaledb_post_restore()' >/dev/null
  pre_restored=""
fi
seconds=$(($(date +%s) - started))
rows="$(sentiment_rows)"

log "restored ${name} into ${PGDATABASE} in ${seconds}s (${rows:-no} sentiment_data rows)"
result "{\"result\":\"Succeeded\",\"file\":\"${name}\",\"sentimentDataRows\":${rows:-null},\"durationSeconds\":${seconds}}"
