#!/bin/sh
# Applies edited database credentials to the roles before any consumer sees them: ALTER ROLE of
# the API server's role and of the superuser, in one transaction, then a login with each new
# password. The operator copies the new values into <stack>-db-credentials-applied only after this
# succeeded; until then every consumer keeps the passwords the database accepts.
#
# Env: PGHOST, PGPORT, PGUSER (the superuser), PGPASSWORD (its password the database accepts now),
# APP_DB_USER and APP_DB_NAME (the role and database the API server uses), NEW_APP_DB_USER,
# NEW_APP_DB_PASSWORD, NEW_SUPERUSER_PASSWORD (the edited Secret's values).
#
# No value is ever on a command line (visible in ps) or in the server log: they reach psql from the
# environment through the shell builtin printf, and the session logs no statement. Safe to run
# again: a run that finds the superuser already on the new password (an earlier attempt committed,
# then its pod was lost) applies the same values again.
set -eu
SCRIPT=rotate
. "$(dirname "$0")/backup-lib.sh"
: "$PGUSER" "$PGPASSWORD" "$APP_DB_USER" "$APP_DB_NAME" "$NEW_APP_DB_USER" "$NEW_APP_DB_PASSWORD" "$NEW_SUPERUSER_PASSWORD"

err="$(mktemp "${TMPDIR:-/tmp}/rotate.XXXXXX")"
trap 'rm -f "$err"' EXIT

if [ "$NEW_APP_DB_USER" != "$APP_DB_USER" ]; then
  fail UsernameChanged "the username changed from ${APP_DB_USER} to ${NEW_APP_DB_USER}; only the passwords can be rotated: set username back" 3
fi
if [ -z "$NEW_APP_DB_PASSWORD" ] || [ -z "$NEW_SUPERUSER_PASSWORD" ]; then
  fail EmptyPassword "a new password is empty" 3
fi

# Which superuser password the database accepts: the applied one, or (after an attempt that
# committed) already the new one.
if psql -X -A -t -v ON_ERROR_STOP=1 -d postgres -c 'SELECT 1' >/dev/null 2>"$err"; then
  :
elif PGPASSWORD="$NEW_SUPERUSER_PASSWORD" psql -X -A -t -v ON_ERROR_STOP=1 -d postgres -c 'SELECT 1' >/dev/null 2>/dev/null; then
  log "the superuser already has the new password (an earlier attempt applied it)"
  PGPASSWORD="$NEW_SUPERUSER_PASSWORD"
  export PGPASSWORD
elif grep -q 'authentication failed' "$err"; then
  fail AuthenticationFailed "${PGUSER} accepts neither its applied nor its new password: $(first_line "$err")" 3
else
  fail DatabaseUnreachable "cannot connect to the database: $(first_line "$err")"
fi

exists="$(psql -X -A -t -v ON_ERROR_STOP=1 -d postgres -v "app_user=${APP_DB_USER}" 2>"$err" <<'SQL'
SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user');
SQL
)" || fail DatabaseUnreachable "cannot read the roles: $(first_line "$err")"
if [ "$exists" != "t" ]; then
  fail RoleMissing "role ${APP_DB_USER} does not exist in the database" 3
fi

log "changing the passwords of roles ${APP_DB_USER} and ${PGUSER}"
# ALTER ROLE is transactional: both passwords change, or neither.
code=0
psql -X -q -v ON_ERROR_STOP=1 -d postgres >/dev/null 2>"$err" <<'SQL' || code=$?
SET log_statement = 'none';
SET log_min_error_statement = 'panic';
SET log_min_duration_statement = -1;
SET pg_stat_statements.track_utility = off;
\set app_user `printf '%s' "$APP_DB_USER"`
\set app_password `printf '%s' "$NEW_APP_DB_PASSWORD"`
\set superuser_password `printf '%s' "$NEW_SUPERUSER_PASSWORD"`
BEGIN;
SELECT format('ALTER ROLE %I PASSWORD %L', :'app_user', :'app_password') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', current_user, :'superuser_password') \gexec
COMMIT;
SQL
if [ "$code" -ne 0 ]; then
  fail RotationFailed "$(first_line "$err")"
fi

# The proof: each role logs in over the network with its new password, as the consumers will.
if ! PGPASSWORD="$NEW_SUPERUSER_PASSWORD" psql -X -A -t -v ON_ERROR_STOP=1 -d postgres -c 'SELECT 1' >/dev/null 2>"$err"; then
  fail VerificationFailed "${PGUSER} cannot log in with its new password: $(first_line "$err")"
fi
if ! PGUSER="$APP_DB_USER" PGPASSWORD="$NEW_APP_DB_PASSWORD" psql -X -A -t -v ON_ERROR_STOP=1 -d "$APP_DB_NAME" -c 'SELECT 1' >/dev/null 2>"$err"; then
  fail VerificationFailed "${APP_DB_USER} cannot log in with its new password: $(first_line "$err")"
fi

log "passwords of ${APP_DB_USER} and ${PGUSER} changed; both log in with them"
result "{\"result\":\"Succeeded\",\"roles\":[\"$(json_escape "$APP_DB_USER")\",\"$(json_escape "$PGUSER")\"]}"
