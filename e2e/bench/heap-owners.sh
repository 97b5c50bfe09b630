#!/usr/bin/env bash
# Where a running operator's heap goes (issue 19, twenty-fourth slice): a heap dump of its live objects
# (jcmd GC.heap_dump, which runs a full collection first), then the objects that retain the most of it, each
# with its path from a GC root (com.supernovaai.e2e.bench.HeapOwners).
#
#   e2e/bench/heap-owners.sh PID [COUNT] [MIN_MIB]     # a running operator, e.g. in a bench's idle window
#   e2e/bench/heap-owners.sh DUMP.hprof [COUNT] [MIN_MIB]
#
# A dump the script makes (from a PID) is removed afterwards: it holds every Secret the operator caches.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 PID|DUMP.hprof [COUNT] [MIN_MIB]" >&2; exit 2; }
target="$1"; shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ "$target" =~ ^[0-9]+$ ]]; then
  jcmd "$target" GC.heap_dump "$work/operator.hprof" >/dev/null
  dump="$work/operator.hprof"
else
  dump="$target"
fi
mvn -B -ntp -q -f "$root/pom.xml" -pl e2e dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null
java -Xmx4g -cp "$root/e2e/target/classes:$(cat "$work/classpath.txt")" com.supernovaai.e2e.bench.HeapOwners "$dump" "$@"
