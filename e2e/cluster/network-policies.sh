# shellcheck shell=bash
# NetworkPolicy enforcement on the real node, sourced by local-cluster: kube-network-policies (SIG Network's
# reference implementation, sigs.k8s.io/kube-network-policies) built from the Go module proxy and run as a host
# process beside kube-proxy, with a client certificate of its own. It keeps the IPs of the node's pods that
# policies select in an nftables set (table inet kube-network-policies) and sends the first packet of each of
# their connections to an NFQUEUE, where it decides from the Pod, Namespace and NetworkPolicy informers.
#
# Two changes to upstream v0.8.0, applied at build time and checked (the build fails if they no longer apply):
# - the queue verdict is the xtables NFQUEUE target through nft's compat layer: these VMs' kernels have
#   nfnetlink_queue and nft_compat but not nft's own `queue` expression (CONFIG_NFT_QUEUE), so upstream's rule
#   is refused with ENOENT;
# - our own main: upstream's reads only the in-cluster config (a pod's service account), stops on SIGINT only,
#   and turns on NRI, which containerd 1.6 does not speak; ours takes a kubeconfig, stops on SIGTERM too
#   (upstream then deletes its table), disables NRI, and has -cleanup for `down` after an unclean stop.

NETPOL_TABLE=kube-network-policies
NETPOL_QUEUE=100

netpol_dir() { echo "$CACHE/kube-network-policies-$KUBE_NETWORK_POLICIES_VERSION"; }

build_network_policies() {
  local out; out="$(netpol_dir)"
  [ -x "$out/kube-network-policies" ] && return 0
  require_go
  log "building kube-network-policies $KUBE_NETWORK_POLICIES_VERSION"
  local start=$SECONDS work; work="$(mktemp -d "$CACHE/.build-netpol.XXXXXX")"
  (
    cd "$work"
    local src
    src="$(GOFLAGS=-mod=mod go mod download -json "sigs.k8s.io/kube-network-policies@$KUBE_NETWORK_POLICIES_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
    [ -d "$src" ] || exit 1
    cp -r "$src" upstream && chmod -R u+w upstream
    netpol_patch upstream || exit 1
    go mod init supernova.local/netpol >/dev/null 2>&1
    go mod edit -require "sigs.k8s.io/kube-network-policies@$KUBE_NETWORK_POLICIES_VERSION" \
      -replace "sigs.k8s.io/kube-network-policies=./upstream"
    netpol_main > main.go
    GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 || exit 1
    mkdir -p bin
    go build -trimpath -ldflags "-s -w" -o bin/kube-network-policies . || exit 1
  ) || { rm -rf "$work"; die "building kube-network-policies $KUBE_NETWORK_POLICIES_VERSION failed"; }
  finish_install "$work/bin" "$out"; rm -rf "$work"
  log "kube-network-policies built in $((SECONDS - start))s"
}

# The compat-layer queue verdict (see the header), and a nil guard for the NRI lookup that upstream reaches
# for an IP of no known pod (e.g. the node's own address) even when NRI is off.
netpol_patch() { # $1 upstream source dir
  local c="$1/pkg/networkpolicy/controller.go" n="$1/pkg/networkpolicy/nri.go"
  perl -0pi -e 's/queue := &expr\.Queue\{Num: uint16\(c\.config\.QueueID\)\}\n\tif c\.config\.FailOpen \{\n\t\tqueue\.Flag = expr\.QueueFlagBypass\n\t\}/queue := xtQueue(c.config.QueueID, c.config.FailOpen)/g' "$c"
  perl -0pi -e 's/(func \(p \*nriPlugin\) GetPodFromIP\(ip string\) string \{\n)/$1\tif p == nil {\n\t\treturn ""\n\t}\n/' "$n"
  [ "$(grep -c 'xtQueue(c.config.QueueID' "$c")" -eq 2 ] && grep -q 'if p == nil' "$n" \
    || { echo "kube-network-policies: the build patches no longer apply to $KUBE_NETWORK_POLICIES_VERSION" >&2; return 1; }
  cat > "$1/pkg/networkpolicy/xtqueue.go" <<'EOF'
package networkpolicy

import (
	"encoding/binary"

	"github.com/google/nftables/expr"
	"github.com/google/nftables/xt"
)

// xtQueue is `queue num N [bypass]` as the xtables NFQUEUE target (revision 3, struct xt_NFQ_info_v3:
// queuenum, queues_total, flags), for kernels without nft's native queue expression.
func xtQueue(id int, failOpen bool) expr.Any {
	info := make([]byte, 6)
	binary.NativeEndian.PutUint16(info[0:], uint16(id))
	binary.NativeEndian.PutUint16(info[2:], 1)
	if failOpen {
		binary.NativeEndian.PutUint16(info[4:], 1) // NFQ_FLAG_BYPASS
	}
	u := xt.Unknown(info)
	return &expr.Target{Name: "NFQUEUE", Rev: 3, Info: &u}
}
EOF
}

netpol_main() {
  cat <<'EOF'
// kube-network-policies for the local real node: upstream's controller with a kubeconfig, no NRI and a clean
// stop on SIGTERM; -cleanup removes the nftables table a killed instance left.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/google/nftables"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	"sigs.k8s.io/kube-network-policies/pkg/networkpolicy"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the node's identity")
	nodeName := flag.String("hostname-override", "", "name of the Node whose pods are enforced")
	queueID := flag.Int("nfqueue-id", 100, "NFQUEUE number")
	table := flag.String("table", "kube-network-policies", "nftables table (family inet)")
	metrics := flag.String("metrics-bind-address", "127.0.0.1:0", "metrics address")
	cleanup := flag.Bool("cleanup", false, "remove the table and exit")
	klog.InitFlags(nil)
	flag.Parse()
	if *cleanup {
		os.Exit(removeTable(*table))
	}
	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		klog.Fatalf("kubeconfig: %v", err)
	}
	config.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	config.ContentType = "application/vnd.kubernetes.protobuf"
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		klog.Fatalf("client: %v", err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	http.Handle("/metrics", promhttp.Handler())
	go func() { klog.Info(http.ListenAndServe(*metrics, nil)) }()
	factory := informers.NewSharedInformerFactory(client, 0)
	controller, err := networkpolicy.NewController(client,
		factory.Networking().V1().NetworkPolicies(), factory.Core().V1().Namespaces(), factory.Core().V1().Pods(),
		nil, nil, nil, nil,
		networkpolicy.Config{QueueID: *queueID, NodeName: *nodeName, NFTableName: *table, NRIdisabled: true,
			NetfilterBug1766Fix: true})
	if err != nil {
		klog.Fatalf("controller: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- controller.Run(ctx) }() // deletes its table when ctx ends
	factory.Start(ctx.Done())
	select {
	case <-ctx.Done():
		<-done
	case err := <-done:
		klog.Errorf("controller stopped: %v", err)
		removeTable(*table)
		os.Exit(1)
	}
}

func removeTable(name string) int {
	nft, err := nftables.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	tables, err := nft.ListTablesOfFamily(nftables.TableFamilyINet)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, t := range tables {
		if t.Name == name {
			nft.DelTable(t)
			if err := nft.Flush(); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			fmt.Println("removed table inet " + name)
		}
	}
	return 0
}
EOF
}

netpol_rbac() {
  cat <<'EOF'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "supernova:kube-network-policies"}
rules:
- apiGroups: [""]
  resources: [pods, namespaces, nodes]
  verbs: [list, watch]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [list, watch]
- apiGroups: ["", events.k8s.io]
  resources: [events]
  verbs: [create, patch, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "supernova:kube-network-policies"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "supernova:kube-network-policies"}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:kube-network-policies"}
EOF
}

# Starts the engine beside kube-proxy (the node's network and the apiserver are up). Waits for its table, so
# that no pod the stack starts afterwards runs unenforced.
netpol_up() { # $1 dir, $2 apiserver url, $3 deadline
  local dir="$1" n="$1/node" pki="$1/pki"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=system:kube-network-policies" -keyout "$pki/netpol.key" \
    -out "$pki/netpol.csr" 2>/dev/null \
    && openssl x509 -req -in "$pki/netpol.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 3650 \
      -extfile "$pki/client.ext" -out "$pki/netpol.crt" 2>/dev/null \
    || die "openssl failed to create the kube-network-policies certificate"
  write_client_kubeconfig "$n/netpol.kubeconfig" "$2" "$pki" netpol
  netpol_rbac | "$(bin_path kubectl)" --kubeconfig "$dir/kubeconfig" apply --server-side -f - >/dev/null
  local metrics; metrics="$(free_ports 1)"
  start_component "$dir" kube-network-policies "$(netpol_dir)/kube-network-policies" \
    --kubeconfig "$n/netpol.kubeconfig" --hostname-override "$NODE_NAME" --nfqueue-id "$NETPOL_QUEUE" \
    --table "$NETPOL_TABLE" --metrics-bind-address "127.0.0.1:$metrics" --v 1
  # Its packet counts by verdict and queue drops, for a failed test's diagnostics (RealNode).
  echo "NETPOL_METRICS=127.0.0.1:$metrics" >>"$n/node.env"
  wait_for "$dir" "kube-network-policies' nftables table" "$3" \
    grep -q "^ *$NETPOL_QUEUE " /proc/net/netfilter/nfnetlink_queue
}

# Stops the engine (SIGTERM: it deletes its table) and removes the table if it was killed instead. Its
# queue goes with its netlink socket.
netpol_down() { # $1 dir
  stop_pid "$1" kube-network-policies 10
  [ -x "$(netpol_dir)/kube-network-policies" ] || return 0
  "$(netpol_dir)/kube-network-policies" -cleanup -table "$NETPOL_TABLE" >>"$1/logs/kube-network-policies-cleanup.log" 2>&1 || true
}
