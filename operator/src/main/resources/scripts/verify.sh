#!/bin/sh
# Restore drill: proves a backup restores. Restores it (default: the latest) with restore.sh into a
# scratch database, checks that every table of the dump is there and that sentiment_data holds as
# many rows as the backup recorded, then drops the scratch database.
#   verify.sh [file name in $BACKUP_DIR | latest]
# Environment: as restore.sh; PGDATABASE is only where the scratch database is created from.
# Exit codes as restore.sh (3 newer version, 5 missing, 6 corrupt), 7 when a sanity check fails.
set -eu

. "$(dirname "$0")/backup-lib.sh"
SCRIPT=verify

dir="${BACKUP_DIR:-/backups}"
work="$(mktemp -d)"
scratch="${PGDATABASE}_drill_$(date -u +%Y%m%d%H%M%S)"
cleanup() {
  psql -X -q -v scratch="$scratch" >/dev/null 2>&1 <<'SQL' || true
DROP DATABASE IF EXISTS :"scratch" WITH (FORCE);
SQL
  rm -rf "$work"
}
trap cleanup EXIT

dump="$(resolve_dump "$dir" "${1:-latest}")" || exit $?
name="$(basename "$dump")"
metadata="${dump%.dump}.json"

psql -X -q -v ON_ERROR_STOP=1 -v scratch="$scratch" >/dev/null 2>"$work/err" <<'SQL' ||
CREATE DATABASE :"scratch";
SQL
  fail DatabaseUnreachable "cannot create the scratch database ${scratch} at ${PGHOST:-localhost}:${PGPORT:-5432}: $(first_line "$work/err")"
log "drill: restoring ${name} into scratch database ${scratch}"

# restore.sh does the version, checksum and readability checks; its failure is the drill's.
code=0
PGDATABASE="$scratch" FORCE=false RESTORE_MARKER=false TERMINATION_LOG="$work/restore-result" \
  sh "$(dirname "$0")/restore.sh" "$dump" || code=$?
if [ "$code" -ne 0 ]; then
  reason="$(sed -n 's/.*"reason":"\([A-Za-z]*\)".*/\1/p' "$work/restore-result" 2>/dev/null)"
  message="$(sed -n 's/.*"message":"\(.*\)"}$/\1/p' "$work/restore-result" 2>/dev/null)"
  fail "${reason:-RestoreFailed}" "drill restore of ${name} failed: ${message:-see the log above}" "$code"
fi

# Every table of the dump is there.
pg_restore -l "$dump" | awk '$4 == "TABLE" && $5 != "DATA" {
    gsub(/\x27/, "\x27\x27", $5); gsub(/\x27/, "\x27\x27", $6)
    printf "%s(\x27%s\x27, \x27%s\x27)", (n++ ? ", " : ""), $5, $6 }' >"$work/tables"
expected_tables="$(pg_restore -l "$dump" | awk '$4 == "TABLE" && $5 != "DATA"' | wc -l | tr -d '[:space:]')"
if [ "$expected_tables" -gt 0 ]; then
  missing="$(PGDATABASE="$scratch" sql "SELECT coalesce(string_agg(format('%s.%s', s, t), ', '), '') FROM (VALUES $(cat "$work/tables")) v(s, t) WHERE to_regclass(format('%I.%I', s, t)) IS NULL")"
  [ -z "$missing" ] ||
    fail TablesMissing "drill restore of ${name} lacks tables: ${missing}" 7
fi

# sentiment_data holds what the backup counted while it ran (min before the dump, max after).
rows="$(PGDATABASE="$scratch" sentiment_rows)"
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
