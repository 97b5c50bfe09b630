# shellcheck shell=bash
# The real node of `local-cluster up --real-node`, sourced by local-cluster: containerd (Debian's, with a config,
# root, state and socket of its own), a kubelet and kube-proxy built from the control plane's Kubernetes source,
# a CNI bridge of its own, CoreDNS without any forwarding, and a pool of hostPath PersistentVolumes on real
# directories. Everything lives under "$dir/node"; `down` takes it all apart again (see node_down).
#
# Isolation (nothing leaves the machine): pods get routes to their own subnet and to the Service range only (no
# default route); the mangle FORWARD chain drops whatever comes in on the bridge and would go out anywhere else,
# and anything still addressed to the Service range (no DNAT happened); the filter OUTPUT chain drops host traffic
# to untranslated Service addresses; nothing is masqueraded (the bridge plugin runs with ipMasq false); CoreDNS
# serves cluster.local only and forwards nowhere; IPv6 from the bridge is dropped altogether.
#
# One real node per machine at a time: kube-proxy and the kubelet own machine-wide iptables chains (KUBE-*), so
# a second one would fight over them. kwok clusters are unaffected and may run beside it.

NODE_NAME=supernova-node
SERVICE_CIDR=10.96.0.0/16
NODE_SYSCTLS="net.ipv4.ip_forward vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes net.ipv4.conf.all.route_localnet"

node_bin_dir() { echo "$CACHE/kubernetes-node-$KUBE_VERSION"; }
coredns_dir() { echo "$CACHE/coredns-$COREDNS_VERSION"; }
crictl_dir() { echo "$CACHE/crictl-$CRICTL_VERSION"; }
images_build() { echo "$HERE/../images/build"; }

# ---------------------------------------------------------------------------------------------------- build

build_node() {
  build_kube_commands "$(node_bin_dir)" "kubelet kube-proxy"
  build_coredns
  build_plain crictl "sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION" "$(crictl_dir)" \
    "-X sigs.k8s.io/cri-tools/pkg/version.Version=$CRICTL_VERSION"
  build_network_policies
}

# CoreDNS with only the plugins a cluster-internal resolver needs: no forward, no hosts file, no external
# backends. CoreDNS chooses plugins at build time, through the directive list its main package imports.
build_coredns() {
  local out; out="$(coredns_dir)"
  [ -x "$out/coredns" ] && return 0
  require_go
  log "building CoreDNS $COREDNS_VERSION (plugins: bind ready health errors log loadbalance cache kubernetes)"
  local work; work="$(mktemp -d "$CACHE/.build-coredns.XXXXXX")"
  (
    cd "$work"
    go mod init supernova.local/coredns >/dev/null 2>&1
    cat > main.go <<'EOF'
// CoreDNS for the local real node: the kubernetes plugin and nothing that resolves outside the cluster.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/ready"
)

func init() {
	dnsserver.Directives = []string{"bind", "ready", "health", "errors", "log", "loadbalance", "cache", "kubernetes"}
}

func main() { coremain.Run() }
EOF
    GOFLAGS=-mod=mod go get "github.com/coredns/coredns@$COREDNS_VERSION" >/dev/null 2>&1 || exit 1
    GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 || exit 1
    mkdir -p bin
    go build -trimpath -ldflags "-s -w" -o bin/coredns . || exit 1
  ) || { rm -rf "$work"; die "building CoreDNS $COREDNS_VERSION failed"; }
  finish_install "$work/bin" "$out"; rm -rf "$work"
}

# ------------------------------------------------------------------------------------------------------- up

node_preflight() {
  [ "$(id -u)" -eq 0 ] || die "--real-node needs root (network namespaces, bridges, iptables, mounts)"
  local missing="" c
  for c in containerd runc ctr iptables ip6tables ip mount umount; do command -v "$c" >/dev/null 2>&1 || missing="$missing $c"; done
  for c in bridge host-local loopback; do [ -x "/usr/lib/cni/$c" ] || missing="$missing cni/$c"; done
  [ -z "$missing" ] || die "missing for --real-node:$missing (apt-get install containerd runc containernetworking-plugins iptables; see scripts/install-test-deps.sh)"
  # down removes every KUBE-* chain of the machine: never beside a kubelet or kube-proxy that is not ours.
  local pid
  for pid in $(pgrep -x kubelet 2>/dev/null; pgrep -x kube-proxy 2>/dev/null); do
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "/supernova-cluster\." \
      || die "a kubelet or kube-proxy not started by local-cluster runs on this machine (pid $pid): a real node here would fight over its iptables chains"
  done
  local other
  for other in "$RUN_ROOT"/supernova-cluster.*/node/node.env; do
    [ -f "$other" ] || continue
    local pidf; pidf="$(dirname "$(dirname "$other")")/pids/kubelet.pid"
    if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then
      die "a real-node cluster is already running in $(dirname "$(dirname "$other")") (one per machine: kube-proxy and the kubelet own machine-wide iptables chains); stop it with: $0 down $(dirname "$(dirname "$other")")"
    fi
  done
  [ -n "$("$(images_build)" list | awk '$1=="pause"')" ] || "$(images_build)" pause >&2 \
    || die "building the pause image failed"
}

# Picks the bridge name and a free /24 for the pod subnet; writes them to node.env before anything is created,
# so that a failed `up` (and `down`) knows what to remove.
node_plan() { # $1 dir
  local dir="$1" n sub used
  mkdir -p "$dir/node"
  used="$(ip -4 -o addr show; ip -4 route show table all)"
  for n in $(seq 0 255); do
    sub="10.201.$n"
    grep -qE "(^| )10\.201\.$n\." <<<"$used" || break
  done
  local suffix; suffix="$(basename "$dir" | sed 's/.*\.//' | tr -cd 'A-Za-z0-9' | cut -c1-6)"
  cat > "$dir/node/node.env" <<EOF
BRIDGE=snbr-$suffix
POD_SUBNET=$sub.0/24
NODE_IP=$sub.1
CHAIN=SUPERNOVA-$suffix
EOF
  {
    local k
    for k in $NODE_SYSCTLS; do echo "$k $(sysctl -n "$k" 2>/dev/null || echo '?')"; done
  } > "$dir/node/sysctl.saved"
}

# The bridge exists with the node's address before anything starts: the kubelet binds there (it refuses a
# loopback node IP) and kube-apiserver advertises it (the `kubernetes` Service must be reachable from pods).
node_network_up() { # $1 dir
  local dir="$1"; source "$dir/node/node.env"
  ip link add "$BRIDGE" type bridge
  # A MAC address of its own, set: a bridge left to itself takes the lowest of its ports' addresses and changes it as
  # pods come and go, while every pod keeps the old one cached for its gateway (the node: DNS, Services, the API
  # server). When the pod whose veth carried it was deleted, the others' packets to the node went nowhere until their
  # ARP entries expired: 38 s measured by hand; a Redis failover's Sentinels failed their lookups for ~30 s.
  ip link set "$BRIDGE" address "$(printf '02:53:4e:00:%02x:01' "$(echo "$NODE_IP" | cut -d. -f3)")"
  ip addr add "$NODE_IP/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Nothing from the pods leaves the machine; installed before any pod exists.
  local t
  iptables -t mangle -N "$CHAIN-FWD"
  iptables -t mangle -A "$CHAIN-FWD" -i "$BRIDGE" ! -o "$BRIDGE" -j DROP
  iptables -t mangle -A "$CHAIN-FWD" -s "$POD_SUBNET" ! -o "$BRIDGE" -j DROP
  iptables -t mangle -A "$CHAIN-FWD" -d "$SERVICE_CIDR" -j DROP
  iptables -t mangle -I FORWARD 1 -j "$CHAIN-FWD"
  iptables -t filter -N "$CHAIN-OUT"
  iptables -t filter -A "$CHAIN-OUT" -d "$SERVICE_CIDR" -j DROP
  iptables -t filter -A OUTPUT -j "$CHAIN-OUT"
  ip6tables -t mangle -N "$CHAIN-FWD"
  ip6tables -t mangle -A "$CHAIN-FWD" -i "$BRIDGE" -j DROP
  ip6tables -t mangle -A "$CHAIN-FWD" -o "$BRIDGE" -j DROP
  ip6tables -t mangle -I FORWARD 1 -j "$CHAIN-FWD"
  # No IPv6 on the pod network at all.
  sysctl -qw "net.ipv6.conf.$BRIDGE.disable_ipv6=1" 2>/dev/null || true
  sysctl -qw net.ipv4.ip_forward=1
}

gen_node_certs() { # $1 pki dir, $2 node ip
  local pki="$1" ip="$2"
  (
    cd "$pki"
    client_cert() { # $1 file, $2 subject
      openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$1.key" -out "$1.csr" 2>/dev/null
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile client.ext -out "$1.crt" 2>/dev/null
    }
    client_cert node "/O=system:nodes/CN=system:node:$NODE_NAME"
    client_cert kube-proxy "/CN=system:kube-proxy"
    client_cert coredns "/CN=system:coredns"
    client_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
    # The kubelet serves a certificate of the cluster CA rather than a self-signed one: its clients (metrics-server)
    # verify it.
    printf 'subjectAltName=IP:%s,DNS:%s\nextendedKeyUsage=serverAuth\n' "$ip" "$NODE_NAME" > kubelet.ext
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$NODE_NAME" -keyout kubelet.key -out kubelet.csr 2>/dev/null
    openssl x509 -req -in kubelet.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile kubelet.ext -out kubelet.crt 2>/dev/null
    # kube-apiserver serves on the node address too (pods reach it through the `kubernetes` Service).
    sed -i "s|^subjectAltName=|subjectAltName=IP:$ip,|" server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile server.ext -out server.crt 2>/dev/null
  ) || die "openssl failed to create the node certificates"
}

write_client_kubeconfig() { # $1 out, $2 server url, $3 pki dir, $4 cert name
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster: {server: "$2", certificate-authority: "$3/ca.crt"}
users:
- name: $4
  user: {client-certificate: "$3/$4.crt", client-key: "$3/$4.key"}
contexts:
- name: local
  context: {cluster: local, user: $4}
current-context: local
EOF
  chmod 600 "$1"
}

write_containerd_config() { # $1 dir
  local n="$1/node"
  mkdir -p "$n/containerd" "$n/cni/net.d" "$n/cni/ipam"
  local pause; pause="$("$(images_build)" list | awk '$1=="pause" {print $2}')"
  cat > "$n/containerd/config.toml" <<EOF
# containerd 1.6 for the local real node: everything under this cluster's dir, CRI on, no apparmor (the VM
# has none), oom_score_adj never lowered (these VMs refuse negative scores, even to root).
version = 2
root = "$n/containerd/root"
state = "$n/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "$n/containerd/containerd.sock"

[ttrpc]
  address = "$n/containerd/containerd.sock.ttrpc"

[debug]
  address = ""
  level = "info"

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$n/containerd/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$pause"
  restrict_oom_score_adj = true
  disable_apparmor = true
  enable_selinux = false
  max_container_log_line_size = 16384
  # Pod network namespaces under the state dir, not the machine's /var/run/netns: down unmounts them with the rest.
  netns_mounts_under_state_dir = true

  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    discard_unpacked_layers = false

    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$n/containerd/runc"

  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$n/cni/net.d"
    max_conf_num = 1

  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = ""
EOF
}

write_cni_config() { # $1 dir
  local n="$1/node"; source "$n/node.env"
  # Routes: the pod subnet (on link) and the Service range through the node; no default route, no masquerade.
  cat > "$n/cni/net.d/10-supernova.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "supernova",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$n/cni/ipam",
        "ranges": [[{"subnet": "$POD_SUBNET", "gateway": "$NODE_IP"}]],
        "routes": [{"dst": "$SERVICE_CIDR"}]
      }
    }
  ]
}
EOF
}

write_kubelet_config() { # $1 dir, $2 kubelet port, $3 healthz port
  local dir="$1" n="$1/node"; source "$n/node.env"
  cat > "$n/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $2
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $3
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$dir/pki/ca.crt"}
authorization: {mode: Webhook}
tlsCertFile: "$dir/pki/kubelet.crt"
tlsPrivateKeyFile: "$dir/pki/kubelet.key"
containerRuntimeEndpoint: unix://$n/containerd/containerd.sock
cgroupDriver: cgroupfs
clusterDNS: [$NODE_IP]
clusterDomain: cluster.local
# No host resolver in pods: dnsPolicy Default gets an empty resolv.conf (nothing outside resolves anyway).
resolvConf: ""
podLogsDir: $n/pod-logs
staticPodPath: ""
# These VMs refuse negative OOM scores, even to root.
oomScoreAdj: 0
failSwapOn: false
# cAdvisor cannot read filesystem stats of this VM's disk: no disk-based eviction, image GC or ephemeral-storage
# accounting (the images are imported, never pulled: garbage-collecting them would lose them).
evictionHard: {memory.available: "100Mi"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
localStorageCapacityIsolation: false
serializeImagePulls: false
maxPods: 110
nodeStatusReportFrequency: 10s
EOF
}

write_kube_proxy_config() { # $1 dir, $2 healthz port, $3 metrics port
  local n="$1/node"; source "$n/node.env"
  cat > "$n/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
hostnameOverride: $NODE_NAME
clusterCIDR: $POD_SUBNET
clientConnection: {kubeconfig: "$n/kube-proxy.kubeconfig"}
healthzBindAddress: 127.0.0.1:$2
metricsBindAddress: 127.0.0.1:$3
# NodePorts on the node's bridge address only, never on the machine's other interfaces or on localhost (which
# would need route_localnet).
nodePortAddresses: ["$NODE_IP/32"]
iptables: {localhostNodePorts: false, syncPeriod: 30s, minSyncPeriod: 1s}
# Leave the machine's conntrack sysctls alone.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
}

write_coredns_config() { # $1 dir, $2 health port, $3 ready port
  local n="$1/node"; source "$n/node.env"
  cat > "$n/Corefile" <<EOF
# cluster.local and the reverse zones only; every other name is refused (no forward plugin is built in).
cluster.local:53 in-addr.arpa:53 ip6.arpa:53 {
    bind $NODE_IP
    errors
    health 127.0.0.1:$2
    ready 127.0.0.1:$3
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $n/coredns.kubeconfig local
        pods insecure
    }
    loadbalance
    cache 30
}
EOF
}

# RBAC for CoreDNS (the kubelet and kube-proxy users have built-in bindings).
node_rbac() {
  cat <<'EOF'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:coredns"}
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns"}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:coredns"}
EOF
}

# The default StorageClass and a pool of hostPath volumes on real directories of this cluster, writable by any
# pod user (the stack's images run as uids 70, 999 and 10001; the kubelet applies no fsGroup to hostPath).
node_cluster_objects() { # $1 dir
  local dir="$1" i
  local count="${LOCAL_CLUSTER_PVS_REAL:-40}"
  mkdir -p "$dir/node/volumes"
  {
    node_rbac
    cat <<'EOF'
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate
allowVolumeExpansion: true
EOF
    for i in $(seq 1 "$count"); do
      install -d -m 0777 "$dir/node/volumes/pv-$i"
      cat <<EOF
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: local-pv-$i, labels: {supernova.local/pool: "true"}}
spec:
  capacity: {storage: 10Ti}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: standard
  hostPath: {path: "$dir/node/volumes/pv-$i", type: Directory}
EOF
    done
  } > "$dir/node/cluster-objects.yaml"
  "$(bin_path kubectl)" --kubeconfig "$dir/kubeconfig" apply --server-side -f "$dir/node/cluster-objects.yaml" >/dev/null
}

node_import_images() { # $1 dir: every cached image (LOCAL_CLUSTER_IMAGES="pause redis ..." limits it)
  local dir="$1" sock="$1/node/containerd/containerd.sock" name ref f want="${LOCAL_CLUSTER_IMAGES:-}"
  while read -r name ref f; do
    if [ -n "$want" ] && [ "$name" != pause ] && ! grep -qw "$name" <<<"$want"; then continue; fi
    ctr --address "$sock" -n k8s.io images import "$f" >/dev/null 2>"$dir/logs/ctr-import.err" \
      || { cat "$dir/logs/ctr-import.err" >&2; die "importing $f failed"; }
    log "image $ref imported"
  done < <("$(images_build)" list)
}

# Starts the node beside a running control plane (the apiserver already advertises the node address).
node_up() { # $1 dir, $2 deadline
  local dir="$1" deadline="$2" n="$1/node" kubectl; kubectl="$(bin_path kubectl)"
  source "$n/node.env"
  local api_port; api_port="$(cat "$dir/apiserver.port")"
  local server="https://$NODE_IP:$api_port"  # kube-apiserver serves on the node address only
  write_client_kubeconfig "$n/kubelet.kubeconfig" "$server" "$dir/pki" node
  write_client_kubeconfig "$n/kube-proxy.kubeconfig" "$server" "$dir/pki" kube-proxy
  write_client_kubeconfig "$n/coredns.kubeconfig" "$server" "$dir/pki" coredns
  local ports kubelet_port kubelet_healthz kp_healthz kp_metrics dns_health dns_ready
  ports="$(free_ports 6)"; read -r kubelet_port kubelet_healthz kp_healthz kp_metrics dns_health dns_ready <<<"$ports"

  write_containerd_config "$dir"
  write_cni_config "$dir"
  start_component "$dir" containerd containerd --config "$n/containerd/config.toml"
  wait_for "$dir" "containerd" "$deadline" ctr --address "$n/containerd/containerd.sock" version
  node_import_images "$dir"

  node_cluster_objects "$dir"
  write_kubelet_config "$dir" "$kubelet_port" "$kubelet_healthz"
  mkdir -p "$n/kubelet" "$n/pod-logs"
  start_component "$dir" kubelet "$(node_bin_dir)/kubelet" --config "$n/kubelet-config.yaml" \
    --kubeconfig "$n/kubelet.kubeconfig" --root-dir "$n/kubelet" --cert-dir "$n/kubelet/pki" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --node-labels "supernova.local/node=real" --v 2
  write_kube_proxy_config "$dir" "$kp_healthz" "$kp_metrics"
  start_component "$dir" kube-proxy "$(node_bin_dir)/kube-proxy" --config "$n/kube-proxy-config.yaml" --v 2
  netpol_up "$dir" "$server" "$deadline"
  write_coredns_config "$dir" "$dns_health" "$dns_ready"
  start_component "$dir" coredns "$(coredns_dir)/coredns" -conf "$n/Corefile"
  wait_for "$dir" "CoreDNS ready" "$deadline" curl -sf "http://127.0.0.1:$dns_ready/ready"
  wait_for "$dir" "node $NODE_NAME Ready" "$deadline" sh -c \
    "'$kubectl' --kubeconfig '$dir/kubeconfig' get node $NODE_NAME -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
}

# ----------------------------------------------------------------------------------------------------- down

# Mount points under $1, deepest first.
mounts_under() {
  awk -v d="$1" '{ p=$5; gsub(/\\040/, " ", p); if (p == d || index(p, d "/") == 1) print p }' /proc/self/mountinfo \
    | awk '{ print length($0) " " $0 }' | sort -rn | cut -d' ' -f2-
}

# Alive and not a zombie: the components are reparented to PID 1 once `up` exits, which may reap them late.
alive() { local s; s="$(ps -o stat= -p "$1" 2>/dev/null)" && [ -n "$s" ] && [ "${s#Z}" = "$s" ]; }

stop_pid() { # $1 dir, $2 name, $3 seconds before KILL
  local f="$1/pids/$2.pid" pid
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $(( $3 * 10 ))); do alive "$pid" || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$f"
}

# Removes the kubelet's and kube-proxy's iptables chains in one family (kube-proxy --cleanup does its own; the
# kubelet's KUBE-FIREWALL, KUBE-KUBELET-CANARY and KUBE-IPTABLES-HINT it never removes).
flush_kube_chains() { # $1 iptables or ip6tables
  local ipt="$1" table chain rule
  for table in filter nat mangle; do
    { "$ipt" -t "$table" -S 2>/dev/null || true; } | awk '$1 == "-A" && $2 ~ /^(INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING)$/ && / -j KUBE-/' \
      | while read -r rule; do
          # shellcheck disable=SC2086
          "$ipt" -t "$table" ${rule/-A/-D} 2>/dev/null || true
        done
    for chain in $("$ipt" -t "$table" -S 2>/dev/null | awk '$1=="-N" && $2 ~ /^KUBE-/ {print $2}'); do
      "$ipt" -t "$table" -F "$chain" 2>/dev/null || true
    done
    for chain in $("$ipt" -t "$table" -S 2>/dev/null | awk '$1=="-N" && $2 ~ /^KUBE-/ {print $2}'); do
      "$ipt" -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
}

remove_own_chains() { # $1 iptables or ip6tables, $2 chain prefix
  local ipt="$1" prefix="$2" table rule chain
  for table in filter mangle; do
    { "$ipt" -t "$table" -S 2>/dev/null || true; } | awk -v j="-j $prefix-" '$1 == "-A" && index($0, j) > 0' | while read -r rule; do
      # shellcheck disable=SC2086
      "$ipt" -t "$table" ${rule/-A/-D} 2>/dev/null || true
    done
    for chain in $("$ipt" -t "$table" -S 2>/dev/null | awk -v p="$prefix-" '$1=="-N" && index($2, p)==1 {print $2}'); do
      "$ipt" -t "$table" -F "$chain"; "$ipt" -t "$table" -X "$chain"
    done
  done
}

# Takes the node apart: pods (through the CRI, so CNI tears their network down), then the daemons, then what
# they leave behind on the machine: shims, network namespaces, mounts, cgroups, iptables chains, the bridge,
# sysctls. Every step tolerates a half-started node (a failed `up` calls this too).
node_down() { # $1 dir
  local dir="$1" n="$1/node"
  [ -f "$n/node.env" ] || return 0
  source "$n/node.env"
  local sock="$n/containerd/containerd.sock"
  metrics_server_down "$dir"
  stop_pid "$dir" kubelet 10
  stop_pid "$dir" coredns 5
  stop_pid "$dir" kube-proxy 5
  netpol_down "$dir"
  local crictl; crictl="$(crictl_dir)/crictl"
  if [ -S "$sock" ] && [ -f "$dir/pids/containerd.pid" ] && kill -0 "$(cat "$dir/pids/containerd.pid")" 2>/dev/null; then
    if [ -x "$crictl" ]; then
      local cri=("$crictl" --runtime-endpoint "unix://$sock" --image-endpoint "unix://$sock" --timeout 20s)
      local pods; pods="$("${cri[@]}" pods -q 2>/dev/null || true)"
      # shellcheck disable=SC2086
      [ -z "$pods" ] || "${cri[@]}" stopp $pods >/dev/null 2>&1 || true
      # shellcheck disable=SC2086
      [ -z "$pods" ] || "${cri[@]}" rmp -f $pods >/dev/null 2>&1 || true
    fi
    # Whatever the CRI did not remove (containers made outside it, or a stuck pod).
    local c
    for c in $(ctr --address "$sock" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr --address "$sock" -n k8s.io tasks kill -a -s SIGKILL "$c" >/dev/null 2>&1 || true
    done
    sleep 0.5
    for c in $(ctr --address "$sock" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr --address "$sock" -n k8s.io tasks delete -f "$c" >/dev/null 2>&1 || true
    done
  fi
  stop_pid "$dir" containerd 10
  # Shims and container processes that outlived containerd: found by the socket they were started with.
  local pid
  for pid in $(pgrep -f -- "-address $sock" 2>/dev/null || true); do kill -KILL "$pid" 2>/dev/null || true; done
  local cg
  for cg in /sys/fs/cgroup/*/kubepods; do
    [ -d "$cg" ] || continue
    for pid in $(find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  done
  # Network namespaces of this node's pods: those holding an address of its pod subnet.
  local ns prefix="${POD_SUBNET%.0/24}."
  for ns in /var/run/netns/cni-*; do
    [ -e "$ns" ] || continue
    if ip netns exec "$(basename "$ns")" ip -4 -o addr show 2>/dev/null | grep -q " inet $prefix" \
       || ! ip netns exec "$(basename "$ns")" true 2>/dev/null; then
      umount "$ns" 2>/dev/null || umount -l "$ns" 2>/dev/null || true
      rm -f "$ns"
    fi
  done
  local m
  while read -r m; do
    [ -n "$m" ] || continue
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done < <(mounts_under "$dir")
  # Empty pod cgroups (the kubelet's kubepods hierarchy), deepest first.
  for cg in /sys/fs/cgroup/*/kubepods; do
    [ -d "$cg" ] && find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  if [ -x "$(node_bin_dir)/kube-proxy" ]; then
    "$(node_bin_dir)/kube-proxy" --cleanup >"$dir/logs/kube-proxy-cleanup.log" 2>&1 || true
  fi
  flush_kube_chains iptables
  flush_kube_chains ip6tables
  remove_own_chains iptables "$CHAIN"
  remove_own_chains ip6tables "$CHAIN"
  ip link del "$BRIDGE" 2>/dev/null || true
  # veths whose peer namespace is already gone are removed by the kernel; any left on the bridge go with it.
  if [ -f "$n/sysctl.saved" ]; then
    local k v
    while read -r k v; do
      [ "$v" != "?" ] && [ "$(sysctl -n "$k" 2>/dev/null)" != "$v" ] && sysctl -qw "$k=$v" 2>/dev/null || true
    done < "$n/sysctl.saved"
  fi
  # Paths no config moves: containerd 1.6 keeps its shims' sockets in /run/containerd/s, the CNI library caches
  # results in /var/lib/cni, the kubelet links container logs from /var/log/containers and serves device plugins
  # on /var/lib/kubelet/device-plugins/kubelet.sock. Empty, they go (a containerd of the machine's own keeps its).
  if [ ! -S /run/containerd/containerd.sock ]; then
    rmdir /run/containerd/s /run/containerd/fifo /run/containerd/runc/k8s.io /run/containerd/runc /run/containerd 2>/dev/null || true
  fi
  rm -f /var/lib/kubelet/device-plugins/kubelet.sock
  [ -d /var/log/containers ] && find /var/log/containers -maxdepth 1 -type l -lname "$dir/*" -delete
  rmdir /var/lib/kubelet/device-plugins /var/lib/kubelet /var/lib/cni/results /var/lib/cni /var/log/containers 2>/dev/null || true
  rm -f "$n/node.env"
}
