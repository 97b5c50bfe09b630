#!/usr/bin/env bash
# The main job, on a fresh machine: build what is needed, start a local Kubernetes control plane, install the
# operator's Helm chart, run the operator, apply examples/minimal.yaml, wait for Ready and show `kubectl get sns`.
#
#   scripts/demo.sh          run the demo (leaves the cluster and the operator running so you can explore)
#   scripts/demo.sh stop     stop the operator and the cluster of the last demo
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
STATE="${SUPERNOVA_DEMO_DIR:-${TMPDIR:-/tmp}/supernova-demo}"
PORT="${SUPERNOVA_DEMO_PORT:-18080}"
say() { printf '\n==> %s\n' "$*"; }

if [ "${1:-}" = "stop" ]; then
  [ -f "$STATE/operator.pid" ] && kill "$(cat "$STATE/operator.pid")" 2>/dev/null || true
  [ -f "$STATE/cluster" ] && e2e/cluster/local-cluster down "$(cat "$STATE/cluster")" || true
  rm -rf "$STATE"
  exit 0
fi
[ -z "${1:-}" ] || { sed -n '2,7p' "$0"; exit 2; }

for tool in java mvn go; do
  command -v "$tool" >/dev/null || { echo "demo: '$tool' is missing (needs a JDK 17, Maven and Go >= 1.24)" >&2; exit 1; }
done
if [ -f "$STATE/operator.pid" ]; then
  echo "demo: a previous demo is still running; stop it first: scripts/demo.sh stop" >&2; exit 1
fi
mkdir -p "$STATE"

say "Building the local control plane binaries (first run: ~16 min; then cached in ~/.cache/supernova-cluster)"
e2e/cluster/local-cluster build

jar="$ROOT/operator/target/supernova-operator.jar"
if [ "${SUPERNOVA_DEMO_SKIP_BUILD:-}" = 1 ] && [ -f "$jar" ]; then
  say "Using the operator already built at $jar"
else
  say "Building the operator"
  mvn -B -ntp -q -pl operator -am package -DskipTests -Dspotless.check.skip=true
fi

say "Starting the local control plane"
kubeconfig="$(e2e/cluster/local-cluster up)"
dirname "$kubeconfig" > "$STATE/cluster"
kubectl="$(e2e/cluster/local-cluster bin kubectl)"
helm="$(e2e/cluster/local-cluster bin helm)"
k() { "$kubectl" --kubeconfig "$kubeconfig" "$@"; }

say "Installing the operator chart (CRD, RBAC, Deployment) into supernova-system"
"$helm" --kubeconfig "$kubeconfig" install supernova-operator helm/supernova-operator \
  -n supernova-system --create-namespace --wait --timeout 2m >/dev/null
"$helm" --kubeconfig "$kubeconfig" list -n supernova-system

# kwok only simulates pods: the chart's operator pod "runs" but executes nothing. So the real operator runs
# here as a local process, authenticated as the chart's ServiceAccount, i.e. with exactly the chart's RBAC.
say "Running the operator locally as the chart's ServiceAccount"
token="$(k -n supernova-system create token supernova-operator --duration=24h)"
server="$(k config view --raw -o jsonpath='{.clusters[0].cluster.server}')"
ca="$(k config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')"
cat > "$STATE/operator.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "$server", certificate-authority-data: "$ca"}}]
users: [{name: supernova-operator, user: {token: "$token"}}]
contexts: [{name: operator, context: {cluster: local, user: supernova-operator, namespace: supernova-system}}]
current-context: operator
KC
chmod 600 "$STATE/operator.kubeconfig"
KUBECONFIG="$STATE/operator.kubeconfig" OPERATOR_HTTP_PORT=$PORT POD_NAMESPACE=supernova-system \
  nohup java -XX:+UseSerialGC -Xss512k -XX:MaxRAMPercentage=25 -jar "$jar" > "$STATE/operator.log" 2>&1 &
echo $! > "$STATE/operator.pid"
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:$PORT/readyz >/dev/null 2>&1 && break; sleep 1; done
curl -sf http://127.0.0.1:$PORT/readyz >/dev/null || { echo "demo: the operator did not become ready; log:" >&2; tail -30 "$STATE/operator.log" >&2; exit 1; }

say "Applying examples/minimal.yaml in namespace supernova"
k create namespace supernova >/dev/null
k apply -n supernova -f examples/minimal.yaml
k wait -n supernova sns/minimal --for=condition=Ready --timeout=180s >/dev/null

say "kubectl get supernovastack"
k get sns -n supernova
cat <<MSG

The stack is Ready. On this local control plane pods are simulated by kwok: the Deployments, StatefulSets,
Services, PVCs, CronJobs and the operator's work on them are real Kubernetes objects, but no container runs.

Explore:
  export KUBECONFIG=$kubeconfig
  alias kubectl=$kubectl
  kubectl get sns,statefulsets,deployments,services,pvc,cronjobs -n supernova
  kubectl describe sns minimal -n supernova
  curl -s localhost:$PORT/metrics | grep supernova_      # operator metrics; its log: $STATE/operator.log
Stop everything: scripts/demo.sh stop

On a real cluster the same steps are (see README.md, "Install on a real cluster"):
  helm install supernova-operator helm/supernova-operator -n supernova-system --create-namespace
  kubectl apply -n supernova -f examples/minimal.yaml
MSG
