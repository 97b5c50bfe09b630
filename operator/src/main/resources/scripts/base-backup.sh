#!/bin/sh
# A base backup of the database to the object store with pgBackRest, run where the data directory
# is (the database pod). Creates the stanza on the first run (a no-op afterwards), takes the backup
# (pgBackRest waits until the WAL that makes it consistent is archived, so a backup that succeeds
# can be restored), then pgBackRest's retention expires the full backups beyond
# repo1-retention-full and only the WAL that no kept backup needs.
# Environment: PGBACKREST_CONFIG (the rendered pgbackrest.conf), PGBACKREST_REPO1_S3_KEY and
# PGBACKREST_REPO1_S3_KEY_SECRET (from the credentials Secret), BACKUP_TYPE (full, diff or incr;
# default full), TERMINATION_LOG.
# Every failure ends with one line "base-backup: FAILED (<Reason>): <what happened and what to do>".
set -eu

. "$(dirname "$0")/backup-lib.sh"
SCRIPT=base-backup

type="${BACKUP_TYPE:-full}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! pgbackrest --stanza=db stanza-create >"$work/out" 2>&1; then
  cat "$work/out" >&2
  fail ObjectStoreUnreachable "cannot create or check the stanza in the object store: $(grep -m1 'ERROR' "$work/out" | sed 's/^.*ERROR: *//')"
fi
log "taking a ${type} backup"
started="$(date +%s)"
if ! pgbackrest --stanza=db --type="$type" backup >"$work/out" 2>&1; then
  cat "$work/out" >&2
  fail BaseBackupFailed "pgBackRest backup failed: $(grep -m1 'ERROR' "$work/out" | sed 's/^.*ERROR: *//')"
fi
seconds=$(($(date +%s) - started))

# The newest backup as pgBackRest's repository records it (label, WAL range).
pgbackrest --stanza=db --output=json info >"$work/info" 2>/dev/null || true
label="$(tr ',' '\n' <"$work/info" | sed -n 's/.*"label":"\([^"]*\)".*/\1/p' | tail -n 1)"
log "backup ${label} done in ${seconds}s"
result "{\"result\":\"Succeeded\",\"label\":\"$(json_escape "$label")\",\"type\":\"${type}\",\"seconds\":${seconds}}"
