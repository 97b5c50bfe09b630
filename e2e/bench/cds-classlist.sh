#!/usr/bin/env bash
# Refreshes operator/cds/operator.classlist, the classes the operator's image archives for class-data sharing
# (operator/cds/dump-archive.sh): the operator converges 10 stacks on a local control plane with
# -XX:DumpLoadedClassList (a run of this bench, one variant, without an archive), and what it loaded is the list.
#
#   e2e/bench/cds-classlist.sh [JAR]      (default: operator/target/supernova-operator.jar)
#
# Run it when the operator's dependencies change (a new fabric8, JOSDK or Jackson): a class the list lacks is
# loaded from the class path as without an archive, so a stale list costs memory, never correctness. The list is
# written by the last operator process of the run (the restarted one, which reconciles but creates nothing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# run.sh builds the operator and the bench first unless BENCH_SKIP_BUILD=1.
jar="$(realpath -m "${1:-$root/operator/target/supernova-operator.jar}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

BENCH_WARMUP=0 BENCH_SIZES=10 BENCH_IDLE_SECONDS=5 BENCH_LATENCY_SAMPLES=3 \
  BENCH_VARIANTS=train BENCH_JAR_train="$jar" BENCH_CDS_train=off \
  BENCH_OPTS_ADD_train="-XX:DumpLoadedClassList=$work/operator.classlist" \
  "$root/e2e/bench/run.sh" -Dbench.out="$work/bench" >"$work/train.log" 2>&1 \
  || { tail -n 30 "$work/train.log" >&2; echo "cds-classlist: the training run failed" >&2; exit 1; }

cp "$work/operator.classlist" "$root/operator/cds/operator.classlist"
echo "cds-classlist: $(grep -cv '^[#@]' "$work/operator.classlist") classes listed in operator/cds/operator.classlist"
