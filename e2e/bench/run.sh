#!/usr/bin/env bash
# The operator benchmark (issue 8): builds, then runs com.supernovaai.e2e.bench.OperatorBenchmark,
# which starts a fresh local control plane per stack count. Prints a Markdown table; writes
# e2e/target/bench/results.json, results.md and operator-n<N>.log.
#
#   e2e/bench/run.sh                      # N = 1,10,50,100, 60 s idle window, 30 latency samples
#   BENCH_SIZES=1,10 e2e/bench/run.sh     # a quick run
#   BENCH_SIZES=1,100,1000 e2e/bench/run.sh   # the issue's sizes (N=1000: about an hour here)
#   BENCH_IDLE_SECONDS=600 e2e/bench/run.sh   # the issue's 10-minute idle window
#
# Environment: BENCH_SIZES, BENCH_NAMESPACES (4), BENCH_THREADS (10, the operator's reconcile
# threads and the direct apply's), BENCH_IDLE_SECONDS (60), BENCH_RESYNC_WAIT_SECONDS (30),
# BENCH_LATENCY_SAMPLES (30), BENCH_LATENCY_AT (largest N), BENCH_WATCH (all: the operator watches
# all namespaces, as the chart's default; stacks: only the stacks' namespaces), OPERATOR_JAVA_OPTS (the operator
# JVM's flags), BENCH_JFR=1 (a JFR recording per operator process, in e2e/target/bench/),
# BENCH_VARIANTS (names, comma-separated: each N runs each variant on a fresh control plane, all
# beside the first one's direct baseline; variant X takes its JVM flags from BENCH_OPTS_X (flags after them,
# or after the default flags, from BENCH_OPTS_ADD_X), its jar
# from BENCH_JAR_X, extra environment from BENCH_ENV_X="K=V K=V", its JDK from BENCH_JAVA_HOME_X), BENCH_RESTART_PROBES (names of
# variants, configured the same way, that only restart the operator once more on each run's
# converged stacks: the restart's memory peak under other flags without a run of their own),
# BENCH_WARMUP (stacks of a first run that is not recorded, so that the benchmark's own JVM is warm
# in every recorded one; default: the largest N up to 100; 0: none), BENCH_SKIP_BUILD=1;
# LOCAL_CLUSTER_VOLUME_BINDING=WaitForFirstConsumer (passed on to local-cluster): the scheduler binds a pod's
# claims as it places the pod, instead of the volume binder binding them first (Immediate, the default).
# Extra arguments are passed to the benchmark JVM (e.g. -Dbench.settleSeconds=5).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="$root/e2e/target/bench"
mkdir -p "$out"

# A stack claims 3 volumes (database, Redis, backups); the direct run has a control plane of its own.
largest="$(tr ',' '\n' <<<"${BENCH_SIZES:-100}" | sort -n | tail -1)"
export LOCAL_CLUSTER_PVS="${LOCAL_CLUSTER_PVS:-$(( largest * 3 + 100 > 1000 ? largest * 3 + 100 : 1000 ))}"
# The bench reads the API server's audit log, which local-cluster caps at 200 MB and then rotates: at N=1000 it
# most likely rotated during convergence, losing the writes before it (544 of 31,000 objects counted). 8 GB here.
export LOCAL_CLUSTER_APISERVER_ARGS="${LOCAL_CLUSTER_APISERVER_ARGS:---audit-log-maxsize=8000}"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -ntp -q -pl test-support,model,operator,e2e -am install -DskipTests -Dspotless.check.skip=true
fi
mvn -B -ntp -q -pl e2e dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >/dev/null

props=()
add() { [ -n "${2:-}" ] && props+=("-D$1=$2") || true; }
add bench.sizes "${BENCH_SIZES:-}"
add bench.namespaces "${BENCH_NAMESPACES:-}"
add bench.threads "${BENCH_THREADS:-}"
add bench.idleSeconds "${BENCH_IDLE_SECONDS:-}"
add bench.resyncWaitSeconds "${BENCH_RESYNC_WAIT_SECONDS:-}"
add bench.latencySamples "${BENCH_LATENCY_SAMPLES:-}"
add bench.latencyAt "${BENCH_LATENCY_AT:-}"
add bench.javaOpts "${OPERATOR_JAVA_OPTS:-}"
add bench.watch "${BENCH_WATCH:-}"
add bench.variants "${BENCH_VARIANTS:-}"
add bench.restartProbes "${BENCH_RESTART_PROBES:-}"
add bench.warmUp "${BENCH_WARMUP:-}"
[ "${BENCH_JFR:-0}" = 1 ] && props+=("-Dbench.jfr=true")

exec java -Xmx2g -Dlogback.configurationFile="$root/e2e/bench/logback.xml" \
  -Dsupernova.repoRoot="$root" -Dbench.out="$out" "${props[@]}" "$@" \
  -cp "$root/e2e/target/classes:$(cat "$out/classpath.txt")" \
  com.supernovaai.e2e.bench.OperatorBenchmark
