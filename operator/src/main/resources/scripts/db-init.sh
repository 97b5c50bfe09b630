#!/bin/sh
# Runs once, when the data directory is initialised (docker-entrypoint-initdb.d): creates the API
# server's role and database, owned by that role, with the timescaledb extension where the image
# has it. Safe to run again: what exists is left alone.
set -eu
: "$POSTGRES_USER" "$APP_DB_USER" "$APP_DB_PASSWORD" "$APP_DB_NAME" # set -u names a missing one

# The values reach psql from the environment, through the shell builtin printf, never on a command
# line (visible in ps); psql's \getenv would do the same but needs psql 15. This session logs no
# statement, whatever log_statement the stack's parameters set.
psql -X -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<'SQL'
SET log_statement = 'none';
SET log_min_error_statement = 'panic';
\set app_user `printf '%s' "$APP_DB_USER"`
\set app_password `printf '%s' "$APP_DB_PASSWORD"`
\set app_db `printf '%s' "$APP_DB_NAME"`
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app_user', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'app_db') \gexec
SQL
psql -X -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$APP_DB_NAME" <<'SQL'
SELECT 'CREATE EXTENSION IF NOT EXISTS timescaledb'
WHERE EXISTS (SELECT FROM pg_available_extensions WHERE name = 'timescaledb') \gexec
SQL
