#!/usr/bin/env bash
# Runs every test of the project on this machine, installing what is missing first:
# Debian packages (PostgreSQL, Redis, PgBouncer, Lua, openssl), the Go-built local control plane
# (cached under ~/.cache/supernova-cluster), then `mvn verify` (unit tests, ITs on real processes and
# on the real local Kubernetes control plane).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$SECONDS

bash scripts/install-test-deps.sh
e2e/cluster/local-cluster build

echo "test.sh: running mvn verify"
mvn -B -ntp verify "$@"
echo "test.sh: all tests done in $((SECONDS - start))s"
