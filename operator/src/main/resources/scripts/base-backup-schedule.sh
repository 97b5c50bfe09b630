#!/bin/sh
# The database pod's base-backup sidecar: pgBackRest copies the data directory's files, so it runs
# where they are. Waits for PostgreSQL, then takes a full base backup whenever the repository has
# none (archiving just enabled: the stanza is created then, which archive-push needs) or its newest
# one is BASE_BACKUP_INTERVAL_SECONDS old. A failed backup is retried after RETRY_SECONDS; every
# attempt logs one line, failures the "base-backup: FAILED (<Reason>)" line of base-backup.sh.
# Once PostgreSQL is up it also starts archiver-report.py (the archiving report the operator's
# ContinuousArchiving condition reads) in a loop of its own, so a long backup never delays a report;
# the newest backup's time it needs is written to NEWEST_BACKUP_FILE here (the reporter never calls
# the object store, which blocks while the store is down).
# Environment: as base-backup.sh, plus BASE_BACKUP_INTERVAL_SECONDS, PGHOST (pgBackRest's socket),
# PGPORT, PGUSER, NEWEST_BACKUP_FILE, and archiver-report.py's POD_NAME, POD_NAMESPACE.
set -u

SCRIPT=base-backup-schedule
interval="${BASE_BACKUP_INTERVAL_SECONDS:-86400}"
retry="${RETRY_SECONDS:-60}"
# How often a replica's sidecar looks whether its member has become the primary.
role_poll="${ROLE_POLL_SECONDS:-15}"
here="$(dirname "$0")"

log() { echo "${SCRIPT}: $*"; }

# Stop at once when the pod is deleted (a sleeping sh ignores SIGTERM until the sleep ends).
trap 'exit 0' TERM INT

# With instances > 1 every Patroni member runs this sidecar; only the primary's backs up (pgBackRest
# backs up from the primary; a replica's attempt would fail). After a failover the new primary's
# sidecar takes over, on the schedule the repository's newest backup sets.
is_primary() {
  [ "$(psql -XtAc 'select pg_is_in_recovery()' 2>/dev/null)" = "f" ]
}

# Stop time (epoch seconds) of the newest backup in the repository, or nothing.
newest_backup() {
  pgbackrest --stanza=db --output=json info 2>/dev/null \
    | tr ',{}' '\n\n\n' | sed -n 's/^"stop":\([0-9][0-9]*\)$/\1/p' | sort -n | tail -n 1
}

# An image without pgBackRest cannot archive: every segment then stays in pg_wal. Say so once a
# minute rather than exit (the pod would stop being Ready and take the database with it).
while ! command -v pgbackrest >/dev/null 2>&1; do
  echo "base-backup: FAILED (PgBackRestMissing): the database image has no pgbackrest on PATH; WAL is not archived and piles up in pg_wal (docs/image-contract.md)" >&2
  sleep 60 & wait $!
done

# Over TCP, as the readiness probe asks: the image's entrypoint first runs a temporary server on the
# socket only (initdb, init scripts) and stops it; a backup started then fails.
until pg_isready -q -h 127.0.0.1; do sleep 2 & wait $!; done

# The reporter restarts after a crash (or a missing python3-kubernetes, which it logs); it dies with
# this container's PID 1.
if [ -n "${POD_NAME:-}" ]; then
  (
    while :; do
      python3 "$here/archiver-report.py" || echo "archiver-report: exited ($?); restarting in ${retry}s" >&2
      sleep "$retry"
    done
  ) &
fi

log "PostgreSQL is up; a full base backup when the newest is ${interval}s old"
# The newest backup's stop time, also left where the reporter reads it.
remember_newest() {
  newest="$(newest_backup)"
  if [ -n "$newest" ] && [ -n "${NEWEST_BACKUP_FILE:-}" ]; then
    echo "$newest" >"$NEWEST_BACKUP_FILE"
  fi
}

role=""
while :; do
  if ! is_primary; then
    [ "$role" = replica ] || log "this member is a replica (or not answering): base backups are taken on the primary"
    role=replica
    sleep "$role_poll" & wait $!
    continue
  fi
  [ "$role" = primary ] || log "this member is the primary: it takes the base backups"
  role=primary
  remember_newest
  now="$(date +%s)"
  if [ -z "$newest" ] || [ $((now - newest)) -ge "$interval" ]; then
    if BACKUP_TYPE=full sh "$here/base-backup.sh"; then
      remember_newest
      wait_for="$interval"
    else
      wait_for="$retry"
    fi
  else
    wait_for=$((interval - (now - newest)))
  fi
  # Look again at least every retry period: a backup made elsewhere (or a restored repository)
  # moves the next one.
  [ "$wait_for" -gt "$retry" ] && wait_for="$retry"
  sleep "$wait_for" & wait $!
done
