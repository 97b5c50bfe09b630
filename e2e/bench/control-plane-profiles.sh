#!/usr/bin/env bash
# CPU profiles of the local control plane while the benchmark runs (issue 19, twenty-third slice): back to
# back 30 s profiles of kube-apiserver, kube-controller-manager and kube-scheduler from their /debug/pprof
# endpoints, with the admin certificate of the newest local cluster, named by cluster dir, process and time.
# Each N's operator run and its direct apply have clusters of their own, so their files part by dir.
#
#   e2e/bench/control-plane-profiles.sh OUT_DIR &     # then e2e/bench/run.sh as usual; kill it afterwards
#   go tool pprof -top -cum OUT_DIR/supernova-cluster.XXXX-kube-scheduler-*.pb.gz   # one process, one run
#
# Go's profiler samples each process at 100 Hz; what that costs it was not measured here.
set -uo pipefail
out="${1:?usage: $0 OUT_DIR}"
mkdir -p "$out"
run_root="${LOCAL_CLUSTER_RUN_ROOT:-${TMPDIR:-/tmp}}"
trap 'kill $(jobs -p) 2>/dev/null; exit 0' INT TERM  # no profile request outlives the script
while true; do
  dir="$(ls -dt "$run_root"/supernova-cluster.* 2>/dev/null | head -1)"
  if [ -z "$dir" ] || [ ! -f "$dir/pki/admin.crt" ]; then sleep 2; continue; fi
  at="$(date +%H%M%S)" started=false
  for process in kube-apiserver kube-controller-manager kube-scheduler; do
    # The process local-cluster started for this cluster, and the port it serves on.
    pid="$(cat "$dir/pids/$process.pid" 2>/dev/null)"
    [ -n "$pid" ] || continue
    port="$(ss -ltnpH | grep "pid=$pid," | awk '{print $4}' | sed 's/.*://' | sort -n | head -1)"
    [ -n "$port" ] || continue
    curl -sk --max-time 40 --cert "$dir/pki/admin.crt" --key "$dir/pki/admin.key" \
      -o "$out/$(basename "$dir")-$process-$at.pb.gz" \
      "https://127.0.0.1:$port/debug/pprof/profile?seconds=30" &
    started=true
  done
  if $started; then wait; else sleep 2; fi
done
