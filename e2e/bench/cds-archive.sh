#!/usr/bin/env bash
# A class-data sharing (AppCDS) archive of an operator jar, for a bench variant (issue 19, fifteenth slice):
# the operator converges 10 stacks on a local control plane with -XX:DumpLoadedClassList (a run of this bench,
# one variant, results in a directory of their own), then the JDK dumps the classes it listed into an archive.
#
#   e2e/bench/cds-archive.sh JAR ARCHIVE
#   BENCH_VARIANTS=a,cds BENCH_JAR_a=JAR BENCH_JAR_cds=JAR \
#     BENCH_OPTS_ADD_cds="-Xshare:on -XX:SharedArchiveFile=ARCHIVE" BENCH_SIZES=100 e2e/bench/run.sh
#
# The archive records the jar's path, size and modification time and serves that file only: copy the jar
# somewhere no build overwrites it first. -Xshare:on makes a JVM refuse to start rather than run without it.
# The list is written by the last operator process of the run (the restarted one, which reconciles but
# creates nothing); a class it did not load is loaded from the jar as usual.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -eq 2 ] || { echo "usage: $0 JAR ARCHIVE" >&2; exit 2; }
jar="$(realpath "$1")"
archive="$(realpath -m "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

BENCH_SIZES=10 BENCH_IDLE_SECONDS=5 BENCH_LATENCY_SAMPLES=3 BENCH_VARIANTS=train BENCH_JAR_train="$jar" \
  BENCH_OPTS_ADD_train="-XX:DumpLoadedClassList=$work/operator.classlist" \
  "$root/e2e/bench/run.sh" -Dbench.out="$work/bench" >"$work/train.log" 2>&1 \
  || { tail -n 30 "$work/train.log" >&2; echo "cds-archive: the training run failed" >&2; exit 1; }

# The dump warns about every class it cannot archive (JFR's event classes, ...): only errors are shown.
java -Xshare:dump -XX:+UseSerialGC -Xlog:cds=error -XX:SharedClassListFile="$work/operator.classlist" \
  -XX:SharedArchiveFile="$archive" -cp "$jar"
echo "cds-archive: $(grep -cv '^[#@]' "$work/operator.classlist") classes listed, archive $archive ($(du -m "$archive" | cut -f1) MiB)"
