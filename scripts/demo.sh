#!/usr/bin/env bash
# The main job, on a fresh machine: build what is needed, start a local Kubernetes control plane, install the
# operator's Helm chart, apply a stack, wait for Ready and show `kubectl get sns`.
#
#   scripts/demo.sh          run the demo (leaves the cluster and the operator running so you can explore)
#   scripts/demo.sh stop     stop everything the last demo started
#
# When this machine can run containers (root, containerd, runc, the CNI plugins and the image tools; no other real
# node running) the stack runs for real: a real node (`local-cluster up --real-node`), the project's images
# (`e2e/images/build`), the operator in a pod from its own image, examples/local-images.yaml, and the API answering
# through its Service. Otherwise the demo says why and runs the kwok path: pods simulated, examples/minimal.yaml.
# SUPERNOVA_DEMO_MODE=real or kwok chooses (real fails when the machine cannot); SUPERNOVA_DEMO_PORT is the local
# port of the API (real) or of the operator's /metrics (kwok); SUPERNOVA_DEMO_FRONTEND_PORT the frontend's (real).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
STATE="${SUPERNOVA_DEMO_DIR:-${TMPDIR:-/tmp}/supernova-demo}"
PORT="${SUPERNOVA_DEMO_PORT:-18080}"
FRONTEND_PORT="${SUPERNOVA_DEMO_FRONTEND_PORT:-$((PORT + 1))}"
say() { printf '\n==> %s\n' "$*"; }

if [ "${1:-}" = "stop" ]; then
  for pid in operator port-forward frontend-port-forward; do
    [ -f "$STATE/$pid.pid" ] && kill "$(cat "$STATE/$pid.pid")" 2>/dev/null || true
  done
  [ -f "$STATE/cluster" ] && e2e/cluster/local-cluster down "$(cat "$STATE/cluster")" || true
  rm -rf "$STATE"
  exit 0
fi
[ -z "${1:-}" ] || { sed -n '2,14p' "$0"; exit 2; }

for tool in java mvn go; do
  command -v "$tool" >/dev/null || { echo "demo: '$tool' is missing (needs a JDK 17, Maven and Go >= 1.24)" >&2; exit 1; }
done
if [ -f "$STATE/cluster" ]; then
  echo "demo: a previous demo is still running; stop it first: scripts/demo.sh stop" >&2; exit 1
fi
mkdir -p "$STATE"
trap 'rc=$?; [ $rc -eq 0 ] || echo "demo: failed (exit $rc); scripts/demo.sh stop stops what it started" >&2' EXIT

# Why this machine cannot run the stack in real containers; nothing when it can. Cheap: no container is started.
why_not_real() {
  [ "$(id -u)" -eq 0 ] || { echo "not root (a real node needs bridges, network namespaces, iptables and mounts)"; return; }
  local c missing=""
  for c in containerd runc ctr iptables ip6tables mmdebstrap umoci skopeo; do
    command -v "$c" >/dev/null 2>&1 || missing="$missing $c"
  done
  for c in bridge host-local loopback; do [ -x "/usr/lib/cni/$c" ] || missing="$missing /usr/lib/cni/$c"; done
  [ -z "$missing" ] || { echo "missing:$missing (scripts/install-test-deps.sh installs them)"; return; }
  if pgrep -x kubelet >/dev/null 2>&1 || pgrep -x kube-proxy >/dev/null 2>&1; then
    echo "a kubelet already runs on this machine (one real node per machine: another demo or a test holds it)"
  fi
}

mode="${SUPERNOVA_DEMO_MODE:-auto}"
case "$mode" in
  auto)
    why="$(why_not_real)"
    if [ -z "$why" ]; then mode=real; else
      mode=kwok
      say "This machine cannot run the stack in real containers: $why. Running the kwok demo (pods simulated)."
    fi ;;
  real) why="$(why_not_real)"; [ -z "$why" ] || { echo "demo: SUPERNOVA_DEMO_MODE=real, but $why" >&2; exit 1; } ;;
  kwok) ;;
  *) echo "demo: SUPERNOVA_DEMO_MODE must be real or kwok, not '$mode'" >&2; exit 2 ;;
esac

# The stack in real containers on a real node, the operator in a pod from its own image.
real_demo() {
  say "Building the local control plane and the real node's binaries (first run: ~25 min; then cached in ~/.cache/supernova-cluster)"
  e2e/cluster/local-cluster build

  if [ "${SUPERNOVA_DEMO_SKIP_BUILD:-}" = 1 ]; then
    say "Images from Debian packages; the API server and operator images as built before"
    e2e/images/build --no-app
    e2e/images/build current api-server operator
  else
    say "Building the images: Debian packages and the Maven build, no registry (first run: ~10 min; then cached)"
    e2e/images/build
  fi

  say "Starting the local control plane with a real node (containerd, kubelet, kube-proxy, CoreDNS)"
  local kubeconfig
  # The JRE image is only a base of the two Java images: the node needs the others.
  kubeconfig="$(LOCAL_CLUSTER_IMAGES="pause postgres pgbouncer redis frontend api-server operator" \
    e2e/cluster/local-cluster up --real-node)"
  dirname "$kubeconfig" > "$STATE/cluster"
  local kubectl helm
  kubectl="$(e2e/cluster/local-cluster bin kubectl)"
  helm="$(e2e/cluster/local-cluster bin helm)"
  k() { "$kubectl" --kubeconfig "$kubeconfig" "$@"; }
  k get nodes -o wide

  # Both namespaces enforce the restricted Pod Security profile: every pod the chart and the operator render
  # must pass it.
  local ns
  for ns in supernova-system supernova; do
    k create namespace "$ns" >/dev/null
    k label namespace "$ns" pod-security.kubernetes.io/enforce=restricted >/dev/null
  done

  say "Installing the operator chart; the operator runs in a pod from localhost/supernova/operator:local"
  "$helm" --kubeconfig "$kubeconfig" install supernova-operator helm/supernova-operator -n supernova-system \
    --set image.repository=localhost/supernova/operator --set image.tag=local --wait --timeout 4m >/dev/null
  k get pods -n supernova-system

  say "Applying examples/local-images.yaml in namespace supernova (the project's images, small resources)"
  k apply -n supernova -f examples/local-images.yaml
  say "Adding the web frontend (spec.frontend): nginx serving frontend/ and proxying the API's routes"
  k patch -n supernova sns/local --type merge -p '{"spec":{"frontend":{"image":"localhost/supernova/frontend:local",
    "replicas":1,"resources":{"requests":{"cpu":"10m","memory":"16Mi"},"limits":{"cpu":"200m","memory":"64Mi"}}}}}'
  k wait -n supernova sns/local --for=condition=Ready --timeout=600s >/dev/null
  k rollout status -n supernova deployment/local-frontend --timeout=180s >/dev/null
  k get pods -n supernova

  say "The API through its Service: kubectl port-forward svc/local-api $PORT:80"
  # The binary itself, not the k function: $! must be kubectl's pid for `stop` to end it.
  "$kubectl" --kubeconfig "$kubeconfig" port-forward -n supernova svc/local-api "$PORT:80" \
    > "$STATE/port-forward.log" 2>&1 &
  echo $! > "$STATE/port-forward.pid"
  local url="http://127.0.0.1:$PORT" i
  for i in $(seq 1 30); do curl -sf "$url/health" >/dev/null 2>&1 && break; sleep 1; done
  call() { # $1 method, $2 path, $3 body (optional); prints the answer and its status
    # Passwords and tokens reach curl through stdin and a private file, never its command line
    # (which any user of the machine reads with ps).
    local args=(-sS -m 20 -X "$1" -w ' -> HTTP %{http_code}\n' -H 'Content-Type: application/json')
    local header="$STATE/authorization"
    rm -f "$header"
    if [ -n "${token:-}" ]; then
      (umask 077 && printf 'Authorization: Bearer %s\n' "$token" > "$header")
      args+=(-H "@$header")
    fi
    [ -z "${3:-}" ] || args+=(--data-binary @-)
    printf '%s %s: ' "$1" "$2"
    printf '%s' "${3:-}" | curl "${args[@]}" "$url$2"
    rm -f "$header"
  }
  local token="" credentials='{"username":"demo","password":"demo-password"}' login admin
  call GET /health
  # Self-registration is off (spec.api.auth.selfRegistration): the administrator the operator generated
  # (Secret local-api-admin) creates an account that reads and writes. Its password is never printed.
  call POST /auth/register "$credentials"
  admin="$(k get secret -n supernova local-api-admin -o jsonpath='{.data.password}' | base64 -d)"
  login="$(call POST /auth/login "{\"username\":\"admin\",\"password\":\"$admin\"}")"
  token="$(echo "$login" | sed -nE 's/.*"access_token":"([^"]*)".*/\1/p')"
  [ -n "$token" ] || { echo "demo: administrator login failed" >&2; exit 1; }
  call POST /admin/users '{"username":"demo","password":"demo-password","roles":["read","write"]}'
  token=""
  login="$(call POST /auth/login "$credentials")"
  echo "$login" | sed -E 's/"(access|refresh)_token":"[^"]*"/"\1_token":"..."/g'
  token="$(echo "$login" | sed -nE 's/.*"access_token":"([^"]*)".*/\1/p')"
  [ -n "$token" ] || { echo "demo: login failed" >&2; exit 1; }
  call POST /api/sentiment "[{\"timestamp\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"symbol\":\"NOVA\",\"overall_score\":0.42,\"confidence\":0.9}]"
  call GET /api/sentiment/NOVA

  say "The frontend through its Service: kubectl port-forward svc/local-frontend $FRONTEND_PORT:80"
  "$kubectl" --kubeconfig "$kubeconfig" port-forward -n supernova svc/local-frontend "$FRONTEND_PORT:80" \
    > "$STATE/frontend-port-forward.log" 2>&1 &
  echo $! > "$STATE/frontend-port-forward.pid"
  local page="http://127.0.0.1:$FRONTEND_PORT"
  for i in $(seq 1 30); do curl -sf "$page/healthz" >/dev/null 2>&1 && break; sleep 1; done
  printf 'GET / (the page): '; curl -sS -m 20 -o /dev/null -w 'HTTP %{http_code} %{content_type}\n' "$page/"
  url="$page" call GET /api/sentiment/NOVA

  say "kubectl get supernovastack"
  k get sns -n supernova
  cat <<MSG

The stack is Ready and every pod runs for real: PostgreSQL, PgBouncer, Redis and the API server from images built
here from Debian packages (docs/image-contract.md), the operator from its own image with the chart's RBAC.

Explore:
  export KUBECONFIG=$kubeconfig
  alias kubectl=$kubectl
  kubectl get sns,pods,services,pvc,cronjobs -n supernova
  kubectl describe sns local -n supernova
  kubectl annotate sns local -n supernova ops.supernova-ai.com/backup-now=\$(date +%s)   # a pg_dump in a pod
  curl -s $url/health                        # the API, port-forwarded from its Service
  open $page/ in a browser                   # the frontend: sign in as demo / demo-password, symbol NOVA
  kubectl logs -n supernova-system deploy/supernova-operator
Stop everything: scripts/demo.sh stop
MSG
}

if [ "$mode" = real ]; then
  real_demo
  exit 0
fi

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
