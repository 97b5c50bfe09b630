#!/bin/sh
# Backup of one SuperNova database: pg_dump in custom format to $BACKUP_DIR, the PostgreSQL and
# TimescaleDB versions, a SHA-256 and the sentiment_data row count recorded beside each dump
# (<dump>.json), then retention by age.
# Environment: PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD (libpq), STACK_NAME, BACKUP_DIR,
# RETENTION_DAYS, TERMINATION_LOG (default /dev/termination-log: the result as one JSON line, which
# the operator reads from the pod). Dumps are named <stack>-<database>-<UTC timestamp>.dump.
# Every failure ends with one line "backup: FAILED (<Reason>): <what happened and what to do>".
set -eu

. "$(dirname "$0")/backup-lib.sh"
SCRIPT=backup

dir="${BACKUP_DIR:-/backups}"
retention_days="${RETENTION_DAYS:-30}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
base="${STACK_NAME:-supernova}-${PGDATABASE}-${stamp}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$dir" 2>"$work/err" ||
  fail BackupVolumeNotWritable "cannot create ${dir}: $(first_line "$work/err")"
if ! (: >"${dir}/.write-test") 2>"$work/err"; then
  if grep -q 'No space left' "$work/err"; then
    fail BackupVolumeFull "backup volume ${dir} is full ($(free_space "$dir") free); grow spec.backup.storage.size or lower spec.backup.retentionDays"
  fi
  fail BackupVolumeNotWritable "cannot write to ${dir}: $(first_line "$work/err")"
fi
rm -f "${dir}/.write-test"

server_version="$(sql 'SHOW server_version' 2>"$work/err")" ||
  fail DatabaseUnreachable "cannot connect to database ${PGDATABASE} at ${PGHOST:-localhost}:${PGPORT:-5432}: $(first_line "$work/err")"
server_version="$(echo "$server_version" | awk '{print $1}')"
timescaledb_version="$(sql "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'" 2>/dev/null || true)"
pg_dump_version="$(pg_dump --version | awk '{print $NF}')"
rows_before="$(sentiment_rows)"

log "dumping ${PGDATABASE} (PostgreSQL ${server_version}, TimescaleDB ${timescaledb_version:-none}) to ${dir}/${base}.dump"
started="$(date +%s)"
# Written under a temporary name so a failed or interrupted dump never looks like a backup.
if ! pg_dump -Fc -f "${dir}/${base}.dump.partial" 2>"$work/err"; then
  rm -f "${dir}/${base}.dump.partial"
  if grep -q 'No space left' "$work/err"; then
    fail BackupVolumeFull "backup volume ${dir} is full ($(free_space "$dir") free) after a partial dump; the partial file was removed, earlier backups are untouched; grow spec.backup.storage.size or lower spec.backup.retentionDays"
  fi
  if grep -qiE 'connection|server closed|terminat' "$work/err"; then
    fail DatabaseUnreachable "lost the database ${PGDATABASE} during the dump: $(first_line "$work/err")"
  fi
  fail DumpFailed "pg_dump failed: $(first_line "$work/err")"
fi
rows_after="$(sentiment_rows)"
mv "${dir}/${base}.dump.partial" "${dir}/${base}.dump"
size="$(wc -c <"${dir}/${base}.dump" | tr -d '[:space:]')"
sha256="$(sha256sum "${dir}/${base}.dump" | awk '{print $1}')"
seconds=$(($(date +%s) - started))

if ! cat >"${dir}/${base}.json.partial" 2>"$work/err" <<META
{
  "stack": "${STACK_NAME:-}",
  "database": "${PGDATABASE}",
  "file": "${base}.dump",
  "format": "custom",
  "createdAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "sizeBytes": ${size},
  "sha256": "${sha256}",
  "durationSeconds": ${seconds},
  "postgresVersion": "${server_version}",
  "timescaledbVersion": "${timescaledb_version}",
  "pgDumpVersion": "${pg_dump_version}",
  "sentimentDataRowsMin": ${rows_before:-null},
  "sentimentDataRowsMax": ${rows_after:-null}
}
META
then
  rm -f "${dir}/${base}.json.partial" "${dir}/${base}.dump"
  if grep -q 'No space left' "$work/err"; then
    fail BackupVolumeFull "backup volume ${dir} is full ($(free_space "$dir") free) writing the metadata; the dump was removed; grow spec.backup.storage.size"
  fi
  fail BackupVolumeNotWritable "cannot write ${base}.json: $(first_line "$work/err")"
fi
mv "${dir}/${base}.json.partial" "${dir}/${base}.json"
log "wrote ${base}.dump (${size} bytes, ${seconds}s, sha256 ${sha256})"

# Retention: everything older than RETENTION_DAYS days goes, dumps and their metadata alike.
minutes=$((retention_days * 1440))
find "$dir" -maxdepth 1 -type f \( -name '*.dump' -o -name '*.json' -o -name '*.partial' \) \
  -mmin +"$minutes" -print | while read -r old; do
  log "retention ${retention_days}d removes $(basename "$old")"
  rm -f "$old"
done

result "{\"result\":\"Succeeded\",\"file\":\"${base}.dump\",\"sizeBytes\":${size},\"postgresVersion\":\"${server_version}\"}"
