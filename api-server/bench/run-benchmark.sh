#!/usr/bin/env bash
# Benchmark of the API server (not a test): real PostgreSQL, PgBouncer (transaction mode) and Redis
# on loopback, supernova-api.jar as its own process, closed-loop clients. Prints req/s, p50, p99 for
# an ingest mix and a read mix with the cache on and off. Bounded: ~50 s with the defaults.
#   api-server/bench/run-benchmark.sh [--clients 16] [--seconds 15]
# SKIP_BUILD=1 reuses target/ from a previous build.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install-test-deps.sh
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  mvn -q -B -pl test-support,api-server -am package dependency:build-classpath \
    -DskipTests -Dspotless.check.skip=true \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
CP="api-server/target/test-classes:api-server/target/classes:$(cat api-server/target/bench.classpath)"
exec java -cp "$CP" com.supernovaai.api.bench.Benchmark --jar api-server/target/supernova-api.jar "$@"
