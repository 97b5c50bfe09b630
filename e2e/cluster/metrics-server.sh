# shellcheck shell=bash
# metrics-server on the real node (`local-cluster up --real-node`), sourced by local-cluster: built from the
# upstream Go module (sigs.k8s.io/metrics-server, METRICS_SERVER_VERSION) and run as a host process beside
# kube-proxy and CoreDNS. It scrapes the kubelet's /metrics/resource and serves metrics.k8s.io (what
# `kubectl top` and the controller-manager's HPA controller read) through the apiserver's aggregation layer:
# APIService v1beta1.metrics.k8s.io -> Service kube-system/metrics-server without a selector -> an
# EndpointSlice naming the node address and the port it listens on.
#
# TLS all the way: metrics-server serves a certificate of the cluster CA (the APIService's caBundle), verifies the
# kubelet's serving certificate with the same CA (real-node.sh has the kubelet serve one signed by it), and has an
# identity of its own (system:metrics-server) with upstream's RBAC. Its process, certificate and kubeconfig live
# in the cluster dir; its API objects live in etcd: `down` leaves nothing behind.

metrics_server_dir() { echo "$CACHE/metrics-server-$METRICS_SERVER_VERSION"; }

build_metrics_server() {
  local out; out="$(metrics_server_dir)"
  [ -x "$out/metrics-server" ] && return 0
  require_go
  log "building metrics-server $METRICS_SERVER_VERSION"
  local work; work="$(mktemp -d "$CACHE/.build-metrics-server.XXXXXX")"
  (
    cd "$work"
    go mod init supernova.local/metricsserver >/dev/null 2>&1
    go get -tool "sigs.k8s.io/metrics-server/cmd/metrics-server@$METRICS_SERVER_VERSION" >/dev/null || exit 1
    mkdir -p bin
    # The version upstream's Makefile stamps in (it shows in /version and the log's first line).
    go build -trimpath -ldflags "-s -w -X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION" \
      -o bin/metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server || exit 1
  ) || { rm -rf "$work"; die "building metrics-server $METRICS_SERVER_VERSION failed (see the go output above)"; }
  finish_install "$work/bin" "$out"; rm -rf "$work"
}

# Its serving certificate (the name the aggregator checks is the Service's DNS name) and its client identity.
gen_metrics_server_certs() { # $1 pki dir, $2 node ip
  (
    cd "$1"
    printf 'subjectAltName=DNS:metrics-server.kube-system.svc,IP:%s\nextendedKeyUsage=serverAuth\n' "$2" > metrics-server.ext
    openssl req -newkey rsa:2048 -nodes -subj "/CN=metrics-server" -keyout metrics-server.key -out metrics-server.csr 2>/dev/null
    openssl x509 -req -in metrics-server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile metrics-server.ext -out metrics-server.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=system:metrics-server" -keyout metrics-server-client.key -out metrics-server-client.csr 2>/dev/null
    openssl x509 -req -in metrics-server-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile client.ext -out metrics-server-client.crt 2>/dev/null
  ) || die "openssl failed to create metrics-server's certificates"
}

# Upstream's manifests/base (rbac.yaml, service.yaml, apiservice.yaml) for a user instead of a ServiceAccount, a
# Service without a selector and an EndpointSlice for the host process, and a caBundle instead of
# insecureSkipTLSVerify.
metrics_server_objects() { # $1 pki dir, $2 node ip, $3 port
  cat <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:aggregated-metrics-reader
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
    rbac.authorization.k8s.io/aggregate-to-admin: "true"
rules:
- apiGroups: [metrics.k8s.io]
  resources: [pods, nodes]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:metrics-server"}
rules:
- apiGroups: [""]
  resources: [nodes/metrics]
  verbs: [get]
- apiGroups: [""]
  resources: [pods, nodes]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:metrics-server"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:metrics-server"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:metrics-server"}]
---
# Token and access reviews for the requests it serves.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "metrics-server:system:auth-delegator"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:auth-delegator"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:metrics-server"}]
---
# The front proxy's CA and header names, which kube-apiserver publishes in kube-system.
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: metrics-server-auth-reader, namespace: kube-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:metrics-server"}]
---
apiVersion: v1
kind: Service
metadata: {name: metrics-server, namespace: kube-system, labels: {k8s-app: metrics-server}}
spec:
  ports: [{name: https, port: 443, protocol: TCP, targetPort: $3}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: metrics-server-host
  namespace: kube-system
  labels: {kubernetes.io/service-name: metrics-server, endpointslice.kubernetes.io/managed-by: supernova.local}
addressType: IPv4
ports: [{name: https, port: $3, protocol: TCP}]
endpoints: [{addresses: ["$2"], conditions: {ready: true}}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io, labels: {k8s-app: metrics-server}}
spec:
  service: {name: metrics-server, namespace: kube-system, port: 443}
  group: metrics.k8s.io
  version: v1beta1
  caBundle: $(base64 -w0 "$1/ca.crt")
  groupPriorityMinimum: 100
  versionPriority: 100
EOF
}

# Starts it once the node is up; returns when the aggregator reports the APIService Available.
metrics_server_up() { # $1 dir, $2 deadline
  local dir="$1" deadline="$2" n="$1/node" pki="$1/pki" kubectl; kubectl="$(bin_path kubectl)"
  source "$n/node.env"
  local port; port="$(free_ports 1)"
  gen_metrics_server_certs "$pki" "$NODE_IP"
  write_client_kubeconfig "$n/metrics-server.kubeconfig" "https://$NODE_IP:$(cat "$dir/apiserver.port")" "$pki" metrics-server-client
  metrics_server_objects "$pki" "$NODE_IP" "$port" > "$n/metrics-server.yaml"
  "$kubectl" --kubeconfig "$dir/kubeconfig" apply --server-side -f "$n/metrics-server.yaml" >/dev/null
  local kc="$n/metrics-server.kubeconfig"
  # 15 s resolution as upstream's manifests: the HPA controller syncs every 15 s.
  start_component "$dir" metrics-server "$(metrics_server_dir)/metrics-server" \
    --kubeconfig "$kc" --authentication-kubeconfig "$kc" --authorization-kubeconfig "$kc" \
    --bind-address "$NODE_IP" --secure-port "$port" \
    --tls-cert-file "$pki/metrics-server.crt" --tls-private-key-file "$pki/metrics-server.key" \
    --kubelet-preferred-address-types InternalIP --kubelet-use-node-status-port \
    --kubelet-certificate-authority "$pki/ca.crt" --metric-resolution 15s
  wait_for "$dir" "APIService v1beta1.metrics.k8s.io Available" "$deadline" sh -c \
    "'$kubectl' --kubeconfig '$dir/kubeconfig' get apiservice v1beta1.metrics.k8s.io -o jsonpath='{.status.conditions[?(@.type==\"Available\")].status}' | grep -qx True"
}

metrics_server_down() { # $1 dir
  stop_pid "$1" metrics-server 5
}
