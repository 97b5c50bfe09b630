#!/bin/sh
# Restore drill: proves a backup restores, without touching the production database, its server or
# its volume. It starts a scratch PostgreSQL of its own in $SCRATCH_DIR (initdb; a unix socket in
# that directory, no TCP), restores the dump (default: the latest) there with restore.sh, checks
# that every table of the dump is there and that sentiment_data holds as many rows as the backup
# recorded, then stops the scratch server and removes its files.
#   verify.sh [file name in $BACKUP_DIR | latest]
# Nothing of a drill that is killed half-way (SIGKILL, a deleted pod) can outlive it: the scratch
# server runs in the drill's own process group, and in the Job's pod SCRATCH_DIR is an emptyDir,
# which goes with the pod. The production database never sees a connection: libpq variables in
# the environment (PGHOST, PGPASSWORD, ...) are ignored.
# Environment: BACKUP_DIR, SCRATCH_DIR (default /scratch; needs about the backed-up database's
# size plus 128 MiB free), TERMINATION_LOG. initdb, postgres, pg_restore and psql come from PATH
# or else from the newest /usr/lib/postgresql/*/bin.
# Exit codes as restore.sh (3 newer version, 5 missing, 6 corrupt), 7 when a check fails or the
# scratch volume is too small (DrillVolumeTooSmall), 1 when the scratch server cannot start.
set -eu

. "$(dirname "$0")/backup-lib.sh"
SCRIPT=verify

dir="${BACKUP_DIR:-/backups}"
scratch_root="${SCRATCH_DIR:-/scratch}"
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGPASSFILE PGSERVICE PGSERVICEFILE \
  PGOPTIONS PGSSLMODE PGTARGETSESSIONATTRS

dump="$(resolve_dump "$dir" "${1:-latest}")" || exit $?
name="$(basename "$dump")"
RESULT_FILE="$name"
metadata="${dump%.dump}.json"

# The server binaries, and the client tools of the same version first on PATH.
bin=""
if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
  bin="$(dirname "$(command -v initdb)")"
else
  for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -n -r); do
    if [ -x "/usr/lib/postgresql/${v}/bin/initdb" ] && [ -x "/usr/lib/postgresql/${v}/bin/postgres" ]; then
      bin="/usr/lib/postgresql/${v}/bin"
      break
    fi
  done
fi
[ -n "$bin" ] ||
  fail ScratchServerFailed "no PostgreSQL server binaries (initdb, postgres) on PATH or in /usr/lib/postgresql/*/bin; run the drill with the database image (spec.backup.image)"
PATH="${bin}:${PATH}"
export PATH

# Room for the restored database: its size when it was backed up (older metadata: ten times the
# dump, custom-format dumps are compressed), plus the scratch server's own files and WAL.
mkdir -p "$scratch_root" 2>/dev/null || true
dump_bytes="$(wc -c <"$dump" | tr -d '[:space:]')"
database_bytes="$(meta "$metadata" databaseSizeBytes)"
case "$database_bytes" in
  '' | *[!0-9]*) database_bytes=$((dump_bytes * 10)) ;;
esac
need_kib=$((database_bytes / 1024 + 128 * 1024))
free_kib="$(df -Pk "$scratch_root" 2>/dev/null | awk 'NR == 2 {print $4}')"
[ -n "$free_kib" ] ||
  fail ScratchServerFailed "scratch volume ${scratch_root} does not exist or cannot be read; the drill needs a volume there (SCRATCH_DIR)"
if [ "$free_kib" -lt "$need_kib" ]; then
  fail DrillVolumeTooSmall "scratch volume ${scratch_root} has $((free_kib / 1024)) MiB free; restoring ${name} needs about $((need_kib / 1024)) MiB (the database was ${database_bytes} bytes when backed up, plus 128 MiB for the scratch server); give the drill a larger scratch volume" 7
fi

drill="${scratch_root}/drill"
# The unix socket path must fit in sockaddr_un (108 bytes).
[ "${#drill}" -le 90 ] ||
  fail ScratchServerFailed "scratch directory ${drill} is too long a path for a unix socket; use a shorter SCRATCH_DIR"
pg_pid=""
restore_pid=""
cleanup() {
  if [ -n "$restore_pid" ]; then
    kill "$restore_pid" 2>/dev/null || true
    wait "$restore_pid" 2>/dev/null || true
  fi
  if [ -n "$pg_pid" ]; then
    # Immediate shutdown: the scratch data is thrown away anyway.
    kill -QUIT "$pg_pid" 2>/dev/null || true
    wait "$pg_pid" 2>/dev/null || true
  fi
  rm -rf "$drill"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# Left by an earlier attempt in the same volume (a pod restarts its container in place).
rm -rf "$drill"
mkdir -p "$drill" 2>"${scratch_root}/.drill-err" || {
  err="$(first_line "${scratch_root}/.drill-err")"
  rm -f "${scratch_root}/.drill-err"
  fail ScratchServerFailed "cannot create ${drill}: ${err}"
}
rm -f "${scratch_root}/.drill-err"
if ! initdb -D "${drill}/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync \
  >"${drill}/initdb.log" 2>&1; then
  fail ScratchServerFailed "initdb of the scratch server in ${drill} failed: $(grep -i 'error\|fatal\|could not' "${drill}/initdb.log" | head -n 1)"
fi
# Unix socket only, readable by this user only; durability is pointless for a throwaway copy, and
# wal_level minimal lets the one-transaction restore skip WAL for the tables it creates.
cat >>"${drill}/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '${drill}'
unix_socket_permissions = 0700
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
min_wal_size = 32MB
max_wal_size = 64MB
shared_buffers = 32MB
max_connections = 10
autovacuum = off
CONF
if pg_restore -l "$dump" 2>/dev/null | grep -q ' EXTENSION - timescaledb'; then
  printf "shared_preload_libraries = 'timescaledb'\ntimescaledb.telemetry_level = off\n" \
    >>"${drill}/data/postgresql.conf"
fi
# In the background of this shell, so it is in the drill's process group and dies with it.
postgres -D "${drill}/data" >"${drill}/postgres.log" 2>&1 &
pg_pid=$!
export PGHOST="$drill" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
tries=0
until pg_isready -q 2>/dev/null; do
  if ! kill -0 "$pg_pid" 2>/dev/null; then
    pg_pid=""
    fail ScratchServerFailed "the scratch server did not start: $(grep -i 'error\|fatal' "${drill}/postgres.log" | head -n 1)"
  fi
  tries=$((tries + 1))
  [ "$tries" -le 120 ] ||
    fail ScratchServerFailed "the scratch server did not accept connections within 120s"
  sleep 1
done
log "drill: restoring ${name} into a scratch PostgreSQL $(sql 'SHOW server_version' | awk '{print $1}') in ${drill} (the production database is not touched)"

# restore.sh does the version, checksum and readability checks; its failure is the drill's. In
# the background so that a TERM stops it at once.
code=0
FORCE=false RESTORE_MARKER=false RESTORE_ROLE="" TERMINATION_LOG="${drill}/restore-result" \
  sh "$(dirname "$0")/restore.sh" "$dump" &
restore_pid=$!
wait "$restore_pid" || code=$?
restore_pid=""
if [ "$code" -ne 0 ]; then
  reason="$(sed -n 's/.*"reason":"\([A-Za-z]*\)".*/\1/p' "${drill}/restore-result" 2>/dev/null)"
  message="$(sed -n 's/.*"message":"\(.*\)"}$/\1/p' "${drill}/restore-result" 2>/dev/null)"
  fail "${reason:-RestoreFailed}" "drill restore of ${name} failed: ${message:-see the log above}" "$code"
fi

# Every table of the dump is there.
pg_restore -l "$dump" | awk '$4 == "TABLE" && $5 != "DATA" {
    gsub(/\x27/, "\x27\x27", $5); gsub(/\x27/, "\x27\x27", $6)
    printf "%s(\x27%s\x27, \x27%s\x27)", (n++ ? ", " : ""), $5, $6 }' >"${drill}/tables"
expected_tables="$(pg_restore -l "$dump" | awk '$4 == "TABLE" && $5 != "DATA"' | wc -l | tr -d '[:space:]')"
if [ "$expected_tables" -gt 0 ]; then
  missing="$(sql "SELECT coalesce(string_agg(format('%s.%s', s, t), ', '), '') FROM (VALUES $(cat "${drill}/tables")) v(s, t) WHERE to_regclass(format('%I.%I', s, t)) IS NULL")"
  [ -z "$missing" ] ||
    fail TablesMissing "drill restore of ${name} lacks tables: ${missing}" 7
fi

# sentiment_data holds what the backup counted while it ran (min before the dump, max after).
rows="$(sentiment_rows)"
min="$(meta "$metadata" sentimentDataRowsMin)"
max="$(meta "$metadata" sentimentDataRowsMax)"
if [ -n "$min" ] && [ "$min" != "null" ]; then
  if [ -z "$rows" ]; then
    fail TablesMissing "drill restore of ${name} has no sentiment_data table; the backup counted ${min} rows" 7
  fi
  if [ "$rows" -lt "$min" ] || [ "$rows" -gt "${max:-$min}" ]; then
    fail RowCountMismatch "drill restore of ${name} has ${rows} sentiment_data rows; the backup counted ${min}..${max:-$min}" 7
  fi
fi

log "drill OK: ${name} restores (${expected_tables} tables, ${rows:-no} sentiment_data rows)"
result "{\"result\":\"Succeeded\",\"file\":\"${name}\",\"tables\":${expected_tables},\"sentimentDataRows\":${rows:-null}}"
