#!/bin/sh
# Point-in-time recovery of a new stack's database (spec.database.bootstrap.fromObjectStore): the
# init container of the database pod, before PostgreSQL's own container starts.
#
#   1. A volume this script restored before (done marker): nothing to do, the result is repeated.
#      A data directory it did not make: refused (exit 4), never restored over.
#      An attempt that was interrupted (running marker): its partial data directory is removed.
#   2. pitr-restore.sh: pgBackRest restores the newest base backup before TARGET_TIME.
#   3. PostgreSQL starts once, socket only, without archiving, replays the source's archived WAL to
#      TARGET_TIME and promotes.
#   4. The roles get this stack's passwords (the restored ones are the source's), the role and
#      database of the API server are made if the source had none, and the recovery settings
#      pgBackRest wrote into postgresql.auto.conf are reset, so no later start replays again.
#   5. PostgreSQL stops cleanly; the done marker and the result are written.
#
# Env: PGDATA, PGHOST (socket directory), PGPORT, PGBACKREST_CONFIG (the SOURCE repository),
# PGBACKREST_REPO1_S3_KEY, PGBACKREST_REPO1_S3_KEY_SECRET, TARGET_TIME (empty: the archive's end),
# POSTGRES_CONFIG_FILE (optional: the stack's postgresql.conf), POSTGRES_USER, POSTGRES_PASSWORD,
# APP_DB_USER, APP_DB_PASSWORD, APP_DB_NAME (this stack's credentials), TERMINATION_LOG.
# No password is ever on a command line or in the server log (see rotate.sh).
set -eu
SCRIPT=pitr-bootstrap
here="$(dirname "$0")"
. "$here/backup-lib.sh"
: "$PGDATA" "$PGHOST" "$POSTGRES_USER" "$POSTGRES_PASSWORD" "$APP_DB_USER" "$APP_DB_PASSWORD" "$APP_DB_NAME"
export PGUSER="$POSTGRES_USER"

volume="$(dirname "$PGDATA")"
done_marker="$volume/.supernova-pitr-done"
running_marker="$volume/.supernova-pitr-running"
server_log="$PGHOST/pitr-bootstrap-server.log"

if [ -f "$done_marker" ] && [ -s "$PGDATA/PG_VERSION" ]; then
  log "the data directory was restored before ($(cat "$done_marker")); nothing to do"
  result "$(cat "$done_marker")"
  exit 0
fi
if [ -f "$running_marker" ]; then
  log "an earlier restore into ${PGDATA} was interrupted; removing what it left and restoring again"
  rm -rf "$PGDATA"
elif [ -n "$(ls -A "$PGDATA" 2>/dev/null)" ]; then
  fail DataDirectoryNotEmpty "${PGDATA} already holds a database this restore did not make; it is never restored over: delete the volume claim or remove database.bootstrap" 4
fi
date -u +%Y-%m-%dT%H:%M:%SZ >"$running_marker"
started="$(date +%s)"

# 2. The base backup, and the recovery settings in postgresql.auto.conf.
sh "$here/pitr-restore.sh" || exit $?
restored="$(date +%s)"

# 3. Replay and promote. Socket only and no archiving: nothing but this script can connect, and the
# new timeline is never pushed anywhere (this stack's own archive starts with its first backup).
set -- -c listen_addresses= -c "unix_socket_directories=$PGHOST" -c "port=${PGPORT:-5432}" \
  -c archive_mode=off
if [ -n "${POSTGRES_CONFIG_FILE:-}" ]; then
  set -- -c "config_file=$POSTGRES_CONFIG_FILE" "$@"
fi
: >"$server_log"
postgres -D "$PGDATA" "$@" >>"$server_log" 2>&1 &
server=$!

# Still running: a server that exited stays a zombie child until waited for, which kill -0 cannot tell.
server_alive() {
  [ -r "/proc/$server/stat" ] && [ "$(cut -d' ' -f3 "/proc/$server/stat")" != Z ]
}

server_failure() {
  grep -E 'FATAL|PANIC|ERROR' "$server_log" | tail -n 1 | sed -E 's/^.*(FATAL|PANIC|ERROR): *//'
}

log "replaying the archived WAL${TARGET_TIME:+ up to ${TARGET_TIME}}"
while :; do
  if ! server_alive; then
    tail -n 20 "$server_log" >&2
    reason=RecoveryFailed
    if grep -q 'recovery ended before configured recovery target was reached' "$server_log"; then
      reason=TargetNotReached
    elif grep -q 'recovery stop point is before consistent recovery point' "$server_log"; then
      reason=TargetBeforeBackup
    fi
    fail "$reason" "PostgreSQL stopped during the recovery: $(server_failure)"
  fi
  state="$(psql -X -A -t -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null || true)"
  [ "$state" = "f" ] && break
  sleep 1
done
replayed="$(date +%s)"
last_commit="$(sql "SELECT coalesce(to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '')")"
log "promoted; last transaction replayed committed at ${last_commit:-unknown}"

# 4. This stack's passwords and roles; the recovery settings out of postgresql.auto.conf.
err="$PGHOST/pitr-bootstrap.err"
code=0
psql -X -q -v ON_ERROR_STOP=1 -d postgres >/dev/null 2>"$err" <<'SQL' || code=$?
SET log_statement = 'none';
SET log_min_error_statement = 'panic';
SET log_min_duration_statement = -1;
\set app_user `printf '%s' "$APP_DB_USER"`
\set app_password `printf '%s' "$APP_DB_PASSWORD"`
\set app_db `printf '%s' "$APP_DB_NAME"`
\set superuser_password `printf '%s' "$POSTGRES_PASSWORD"`
SELECT format('CREATE ROLE %I LOGIN', :'app_user')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'app_user', :'app_password') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', current_user, :'superuser_password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'app_db') \gexec
ALTER SYSTEM RESET restore_command;
ALTER SYSTEM RESET recovery_target;
ALTER SYSTEM RESET recovery_target_name;
ALTER SYSTEM RESET recovery_target_time;
ALTER SYSTEM RESET recovery_target_xid;
ALTER SYSTEM RESET recovery_target_lsn;
ALTER SYSTEM RESET recovery_target_inclusive;
ALTER SYSTEM RESET recovery_target_timeline;
ALTER SYSTEM RESET recovery_target_action;
CHECKPOINT;
SQL
if [ "$code" -ne 0 ]; then
  kill -INT "$server" 2>/dev/null || true
  fail CredentialsNotApplied "setting this stack's passwords on the restored roles failed: $(first_line "$err")"
fi
rm -f "$err"

# 5. A clean stop (a fast shutdown writes a checkpoint), then the markers.
kill -INT "$server"
wait "$server" || true
if grep -Eq '^[[:space:]]*(restore_command|recovery_target)' "$PGDATA/postgresql.auto.conf" 2>/dev/null; then
  fail RecoverySettingsLeft "postgresql.auto.conf still holds recovery settings after the reset" 1
fi
if [ -f "$PGDATA/recovery.signal" ] || [ -f "$PGDATA/standby.signal" ]; then
  fail RecoverySettingsLeft "a recovery signal file is still in ${PGDATA}" 1
fi
finished="$(date +%s)"
outcome="{\"result\":\"Succeeded\",\"targetTime\":\"$(json_escape "${TARGET_TIME:-}")\",\"lastReplayedCommit\":\"$(json_escape "$last_commit")\",\"restoreSeconds\":$((restored - started)),\"replaySeconds\":$((replayed - restored)),\"seconds\":$((finished - started))"
backup="$(sed -n 's/.*"backup":"\([^"]*\)".*/\1/p' "${TERMINATION_LOG:-/dev/termination-log}" 2>/dev/null | head -n 1)"
outcome="${outcome}${backup:+,\"backup\":\"$backup\"},\"finishedAt\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}"
printf '%s\n' "$outcome" >"$done_marker"
rm -f "$running_marker"
log "restored in $((finished - started))s (base backup $((restored - started))s, WAL replay $((replayed - restored))s)"
result "$outcome"
