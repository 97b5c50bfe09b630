#!/usr/bin/env bash
# Runs every test of the project on this machine, installing what is missing first:
# Debian packages (PostgreSQL, Redis, PgBouncer, Lua, openssl, containerd, mmdebstrap ...), the Go-built local
# control plane and real node (cached under ~/.cache/supernova-cluster), the project's container images (cached
# under ~/.cache/supernova-images), then `mvn verify` (unit tests, ITs on real processes, on the real local
# Kubernetes control plane and on its real node).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$SECONDS

bash scripts/install-test-deps.sh
t=$SECONDS; e2e/cluster/local-cluster build; echo "test.sh: local-cluster build took $((SECONDS - t))s"
t=$SECONDS; bash scripts/build-seaweedfs.sh >/dev/null; echo "test.sh: build-seaweedfs took $((SECONDS - t))s"
t=$SECONDS; e2e/images/build; echo "test.sh: e2e/images/build took $((SECONDS - t))s"

echo "test.sh: running mvn verify"
# Two module threads: the e2e module needs only the operator, so its 30 minutes start once the operator is built
# while the API server's tests (3 minutes of real PostgreSQL, Redis and PgBouncer) run beside them.
mvn -B -ntp -T 2 verify "$@"
echo "test.sh: all tests done in $((SECONDS - start))s"
