#!/bin/sh
# Point-in-time recovery from the object store into an empty data directory, before PostgreSQL
# starts (an init container of a new stack's database). pgBackRest picks the newest base backup
# that ends before the target and sets PostgreSQL up to replay archived WAL up to the target, then
# promote: the first start of the server finishes the recovery.
# Environment: PGBACKREST_CONFIG, PGBACKREST_REPO1_S3_KEY, PGBACKREST_REPO1_S3_KEY_SECRET, PGDATA,
# TARGET_TIME (e.g. "2026-12-02 03:58:12.345678+00"; empty: replay every archived segment),
# TERMINATION_LOG.
# Refuses (exit 4) a data directory that already holds a database: a restore never overwrites data.
set -eu

. "$(dirname "$0")/backup-lib.sh"
SCRIPT=pitr-restore

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -n "$(ls -A "$PGDATA" 2>/dev/null)" ]; then
  fail DataDirectoryNotEmpty "${PGDATA} already holds files (e.g. $(ls -A "$PGDATA" | head -n 1)); refusing to restore over them" 4
fi
mkdir -p "$PGDATA"
chmod 0700 "$PGDATA"

if [ -n "${TARGET_TIME:-}" ]; then
  set -- --type=time "--target=${TARGET_TIME}" --target-action=promote
  log "restoring to ${TARGET_TIME}"
else
  set -- --type=default
  log "restoring to the end of the archive"
fi
started="$(date +%s)"
if ! pgbackrest --stanza=db --pg1-path="$PGDATA" "$@" restore >"$work/out" 2>&1; then
  cat "$work/out" >&2
  error="$(grep -m1 'ERROR' "$work/out" | sed 's/^.*ERROR: *//')"
  case "$error" in
    *"unable to find backup set with stop time less than"*)
      fail TargetBeforeBackup "the target time is before the end of the archive's first base backup (${error})" ;;
    *"no backup set found to restore"*)
      fail NoBackupFound "no base backup in the repository: check the endpoint, bucket and path, and that the keys may read it (${error})" ;;
  esac
  fail RestoreFailed "pgBackRest restore failed: ${error}"
fi
backup="$(sed -n 's/.*repo1: restore backup set \([^ ,]*\).*/\1/p' "$work/out" | head -n 1)"
seconds=$(($(date +%s) - started))
log "restored backup ${backup} in ${seconds}s; PostgreSQL replays the archived WAL on its first start"
result "{\"result\":\"Succeeded\",\"backup\":\"$(json_escape "$backup")\",\"targetTime\":\"$(json_escape "${TARGET_TIME:-}")\",\"seconds\":${seconds}}"
