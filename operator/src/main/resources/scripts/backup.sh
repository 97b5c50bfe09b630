#!/bin/sh
# Backup of one SuperNova database: pg_dump in custom format to $BACKUP_DIR, the PostgreSQL and
# TimescaleDB versions, a SHA-256, the database size and the sentiment_data row count recorded
# beside each dump (<dump>.json), then retention.
# Retention never throws the last good backups away: it runs only after this backup succeeded,
# never removes the dump just written, keeps the RETENTION_KEEP_MIN newest finished backups
# whatever their age, and removes the rest (and leftovers of interrupted backups) only once older
# than RETENTION_DAYS. A backup whose sentiment_data row count fell by more than ROW_DROP_PERCENT
# against the previous finished backup is kept but flagged ("suspectedDataLoss" in its metadata and
# in the result), and nothing is pruned on that run: the older dumps may be the only good copies.
# Environment: PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD (libpq), STACK_NAME, BACKUP_DIR,
# RETENTION_DAYS (default 30), RETENTION_KEEP_MIN (default 3), ROW_DROP_PERCENT (default 50),
# TERMINATION_LOG (default /dev/termination-log: the result as one JSON line, which the operator
# reads from the pod). Dumps are named <stack>-<database>-<UTC timestamp>.dump.
# Every failure ends with one line "backup: FAILED (<Reason>): <what happened and what to do>".
set -eu

. "$(dirname "$0")/backup-lib.sh"
SCRIPT=backup

dir="${BACKUP_DIR:-/backups}"
retention_days="${RETENTION_DAYS:-30}"
keep_min="${RETENTION_KEEP_MIN:-3}"
drop_percent="${ROW_DROP_PERCENT:-50}"
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
database_size="$(sql 'SELECT pg_database_size(current_database())' 2>/dev/null || true)"
mv "${dir}/${base}.dump.partial" "${dir}/${base}.dump"
size="$(wc -c <"${dir}/${base}.dump" | tr -d '[:space:]')"
sha256="$(sha256sum "${dir}/${base}.dump" | awk '{print $1}')"
seconds=$(($(date +%s) - started))

# The previous finished backup, to notice a sharp fall in rows (sentiment_data from 1,000,000 to 0
# after a bad migration or a wrong DELETE): such a dump must not push the good ones out.
previous="$(finished_dumps "$dir" | grep -vxF "${dir}/${base}.dump" | head -n 1 || true)"
previous_rows=""
if [ -n "$previous" ]; then
  previous_rows="$(meta "${previous%.dump}.json" sentimentDataRowsMax)"
fi
suspect=""
case "$previous_rows" in
  '' | *[!0-9]*) ;;
  *)
    # A vanished sentiment_data table counts as 0 rows.
    if [ "$previous_rows" -gt 0 ] &&
      [ $(((previous_rows - ${rows_after:-0}) * 100)) -gt $((previous_rows * drop_percent)) ]; then
      suspect="yes"
    fi
    ;;
esac
flag=""
if [ -n "$suspect" ]; then
  flag=",
  \"suspectedDataLoss\": true,
  \"previousFile\": \"$(basename "$previous")\",
  \"previousSentimentDataRows\": ${previous_rows}"
fi

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
  "databaseSizeBytes": ${database_size:-null},
  "sentimentDataRowsMin": ${rows_before:-null},
  "sentimentDataRowsMax": ${rows_after:-null}${flag}
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

# The offsite copy (spec.backup.objectStore): the dump, then its metadata, so a dump with metadata
# in the bucket is a whole one. rclone checks each upload's size and checksum. A failure fails the
# backup (the volume's copy is kept and counts for retention as any finished dump).
if [ -n "${OFFSITE_REMOTE:-}" ]; then
  command -v rclone >/dev/null 2>&1 ||
    fail OffsiteToolMissing "the backup image has no rclone: ${base}.dump is on the volume only; use an image with rclone (docs/image-contract.md) or remove spec.backup.objectStore"
  for f in "${base}.dump" "${base}.json"; do
    if ! rclone copyto --retries 3 --low-level-retries 3 "${dir}/${f}" "${OFFSITE_REMOTE}/${f}" 2>"$work/err"; then
      fail OffsiteCopyFailed "${base}.dump is on the volume, but copying ${f} to the object store failed: $(grep -m1 -i 'error' "$work/err" | sed 's/^.*ERROR *: *//')"
    fi
  done
  log "copied ${base}.dump and its metadata to the object store"
fi

if [ -n "$suspect" ]; then
  log "suspected data loss: sentiment_data has ${rows_after:-0} rows, the previous backup $(basename "$previous") had ${previous_rows} (more than ${drop_percent}% gone); both are kept and retention is skipped on this run"
  result "{\"result\":\"Succeeded\",\"file\":\"${base}.dump\",\"sizeBytes\":${size},\"postgresVersion\":\"${server_version}\",\"databaseSizeBytes\":${database_size:-null},\"sentimentDataRows\":${rows_after:-0},\"suspectedDataLoss\":true,\"previousSentimentDataRows\":${previous_rows}}"
  exit 0
fi

# Retention, only now that this backup succeeded.
cutoff=$(($(date +%s) - retention_days * 86400))
older() {
  [ "$(stat -c %Y "$1" 2>/dev/null || echo "$cutoff")" -lt "$cutoff" ]
}
remove() {
  log "retention ${retention_days}d removes $(basename "$1")"
  rm -f "$1"
}
# Finished backups, newest first: the newest RETENTION_KEEP_MIN stay whatever their age (this one
# included). Flagged ones do not count, so a run of bad dumps cannot displace the last good one.
kept=0
for d in $(finished_dumps "$dir"); do
  if [ "$d" = "${dir}/${base}.dump" ] ||
    { [ "$kept" -lt "$keep_min" ] && ! grep -q '"suspectedDataLoss": true' "${d%.dump}.json"; }; then
    kept=$((kept + 1))
  elif older "$d"; then
    remove "$d"
    remove "${d%.dump}.json"
  fi
done
# What is left of interrupted backups (partial files, a dump without metadata or the reverse).
for f in "$dir"/*.dump "$dir"/*.json "$dir"/*.partial; do
  [ -f "$f" ] || continue
  case "$f" in
    "${dir}/${base}".*) continue ;;
    *.dump) [ ! -f "${f%.dump}.json" ] || continue ;;
    *.json) [ ! -f "${f%.json}.dump" ] || continue ;;
  esac
  if older "$f"; then
    remove "$f"
  fi
done

# The same rule for the offsite copies: the newest RETENTION_KEEP_MIN (flagged ones, as the volume's
# metadata says, do not count) stay whatever their age, the rest go once older than the retention,
# judged by the UTC time in their name. A listing that fails prunes nothing.
if [ -n "${OFFSITE_REMOTE:-}" ] && rclone lsf --files-only --include '*.dump' "${OFFSITE_REMOTE}" >"$work/remote" 2>"$work/err"; then
  cutoff_stamp="$(date -u -d "@${cutoff}" +%Y%m%d%H%M%S 2>/dev/null || true)"
  kept=0
  for f in $(sort -r "$work/remote"); do
    stamp_of="$(echo "$f" | sed -n 's/.*-\([0-9]\{8\}\)T\([0-9]\{6\}\)Z\.dump$/\1\2/p')"
    if [ "$f" = "${base}.dump" ] ||
      { [ "$kept" -lt "$keep_min" ] && ! grep -qs '"suspectedDataLoss": true' "${dir}/${f%.dump}.json"; }; then
      kept=$((kept + 1))
    elif [ -n "$stamp_of" ] && [ -n "$cutoff_stamp" ] && [ "$stamp_of" -lt "$cutoff_stamp" ]; then
      log "retention ${retention_days}d removes ${f} from the object store"
      rclone deletefile "${OFFSITE_REMOTE}/${f}" 2>/dev/null || log "could not remove ${f} from the object store; next run retries"
      rclone deletefile "${OFFSITE_REMOTE}/${f%.dump}.json" 2>/dev/null || true
    fi
  done
fi

result "{\"result\":\"Succeeded\",\"file\":\"${base}.dump\",\"sizeBytes\":${size},\"postgresVersion\":\"${server_version}\",\"databaseSizeBytes\":${database_size:-null},\"sentimentDataRows\":${rows_after:-null}}"
