# shellcheck shell=bash
# NetworkPolicy enforcement on the real node, sourced by local-cluster: kube-network-policies (SIG Network's
# reference implementation, sigs.k8s.io/kube-network-policies) built from the Go module proxy and run as a host
# process beside kube-proxy, with a client certificate of its own. It keeps the IPs of the node's pods that
# policies select in an nftables set (table inet kube-network-policies) and sends the first packet of each of
# their connections to an NFQUEUE, where it decides from the Pod, Namespace and NetworkPolicy informers.
#
# Four changes to upstream v0.8.0, applied at build time and checked (the build fails if they no longer apply):
# - the queue verdict is the xtables NFQUEUE target through nft's compat layer: these VMs' kernels have
#   nfnetlink_queue and nft_compat but not nft's own `queue` expression (CONFIG_NFT_QUEUE), so upstream's rule
#   is refused with ENOENT;
# - a pod whose address the Pod informer does not have yet is found from the runtime (`PodFromIPWithoutNRI`,
#   set by our main, below). Upstream learns a new pod's address from NRI as its sandbox starts; without NRI it
#   knows it only once the kubelet's status update reaches the informer, and until then refused the pod's
#   first connections to pods that policies guard (seen on the real node: a restarted Redis pod's connections
#   to a Sentinel). Our main reads the address's owner from the CNI's host-local store (a file per address,
#   holding the sandbox's ID) and the sandbox's pod from containerd's CRI service;
# - every packet it drops by policy is logged (`Dropped packet`, with the pods it knows the addresses of): a test
#   whose pod's lookups or connections time out shows which were refused;
# - our own main: upstream's reads only the in-cluster config (a pod's service account), stops on SIGINT only,
#   and turns on NRI, which containerd 1.6 does not speak; ours takes a kubeconfig, stops on SIGTERM too
#   (upstream then deletes its table), disables NRI, and has -cleanup for `down` after an unclean stop.

NETPOL_TABLE=kube-network-policies
NETPOL_QUEUE=100

# Keyed by the changes too: a machine that built an older form of them builds again.
netpol_dir() {
  echo "$CACHE/kube-network-policies-$KUBE_NETWORK_POLICIES_VERSION-$(declare -f netpol_patch netpol_main | sha256sum | cut -c1-12)"
}

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

# The compat-layer queue verdict, the runtime's answer where NRI's would be (upstream asks NRI for any
# address of no known pod, e.g. the node's own, even when NRI is off) and the log of drops (see the header).
netpol_patch() { # $1 upstream source dir
  local c="$1/pkg/networkpolicy/controller.go" n="$1/pkg/networkpolicy/nri.go"
  perl -0pi -e 's/queue := &expr\.Queue\{Num: uint16\(c\.config\.QueueID\)\}\n\tif c\.config\.FailOpen \{\n\t\tqueue\.Flag = expr\.QueueFlagBypass\n\t\}/queue := xtQueue(c.config.QueueID, c.config.FailOpen)/g' "$c"
  perl -0pi -e 's/(func \(p \*nriPlugin\) GetPodFromIP\(ip string\) string \{\n)/$1\tif p == nil {\n\t\treturn PodFromIPWithoutNRI(ip)\n\t}\n/' "$n"
  perl -0pi -e 's/(\t\t\} else \{\n\t\t\tverdict = nfqueue\.NfDrop\n)(\t\t\}\n\t\tc\.nfq\.SetVerdict)/$1\t\t\tlogDrop(logger, c, packet)\n$2/' "$c"
  [ "$(grep -c 'xtQueue(c.config.QueueID' "$c")" -eq 2 ] && grep -q 'return PodFromIPWithoutNRI(ip)' "$n" \
    && grep -q 'logDrop(logger, c, packet)' "$c" \
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
  cat > "$1/pkg/networkpolicy/withoutnri.go" <<'EOF'
package networkpolicy

// PodFromIPWithoutNRI names ("namespace/name") the pod that holds an address the Pod informer does not have
// yet, or returns ""; what NRI tells upstream as a sandbox starts. Set before the controller runs.
var PodFromIPWithoutNRI = func(ip string) string { return "" }
EOF
  cat > "$1/pkg/networkpolicy/droplog.go" <<'EOF'
package networkpolicy

import (
	"net"

	"github.com/go-logr/logr"
)

// logDrop logs a packet refused by policy with the pods the engine knows by their addresses.
func logDrop(logger logr.Logger, c *Controller, p packet) {
	logger.Info("Dropped packet", "proto", p.proto, "src", podOrIP(c, p.srcIP), "srcPort", p.srcPort,
		"dst", podOrIP(c, p.dstIP), "dstPort", p.dstPort)
}

func podOrIP(c *Controller, ip net.IP) string {
	if pod := c.getPodAssignedToIP(ip.String()); pod != nil {
		return pod.Namespace + "/" + pod.Name + " " + ip.String()
	}
	return ip.String() + " (no pod known)"
}
EOF
}

netpol_main() {
  cat <<'EOF'
// kube-network-policies for the local real node: upstream's controller with a kubeconfig, no NRI (the pods of
// addresses the informer lacks come from the runtime instead) and a clean stop on SIGTERM; -cleanup removes the
// nftables table a killed instance left.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/nftables"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
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
	runtimeEndpoint := flag.String("runtime-endpoint", "", "the CRI socket of the node's containerd")
	ipamDir := flag.String("ipam-dir", "", "the CNI host-local store of the pod network (a file per address)")
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
	if *runtimeEndpoint != "" && *ipamDir != "" {
		conn, err := grpc.NewClient("unix://"+*runtimeEndpoint, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			klog.Fatalf("runtime endpoint: %v", err)
		}
		defer conn.Close()
		pods := &sandboxPods{ipamDir: *ipamDir, runtime: runtimeapi.NewRuntimeServiceClient(conn), byID: map[string]string{}}
		networkpolicy.PodFromIPWithoutNRI = pods.podFromIP
	}
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

// sandboxPods finds the pod of an address from the runtime, for the time between a pod's sandbox getting its
// address and the kubelet's status update bringing it to the informer.
type sandboxPods struct {
	ipamDir string
	runtime runtimeapi.RuntimeServiceClient
	mu      sync.Mutex
	byID    map[string]string // sandbox ID -> "namespace/name"
}

func (s *sandboxPods) podFromIP(ip string) string {
	// host-local keeps a file per address it handed out, holding the sandbox's ID, until the sandbox's teardown.
	held, err := os.ReadFile(filepath.Join(s.ipamDir, ip))
	if err != nil {
		return ""
	}
	id := strings.TrimSpace(strings.SplitN(string(held), "\n", 2)[0])
	s.mu.Lock()
	pod, known := s.byID[id]
	s.mu.Unlock()
	if known {
		return pod
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	status, err := s.runtime.PodSandboxStatus(ctx, &runtimeapi.PodSandboxStatusRequest{PodSandboxId: id})
	if err != nil || status.GetStatus().GetMetadata() == nil {
		klog.Infof("no pod for %s (sandbox %s) from the runtime: %v", ip, id, err)
		return ""
	}
	pod = status.GetStatus().GetMetadata().GetNamespace() + "/" + status.GetStatus().GetMetadata().GetName()
	klog.Infof("%s is pod %s (sandbox %s), from the runtime", ip, pod, id)
	s.mu.Lock()
	s.byID[id] = pod
	s.mu.Unlock()
	return pod
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
    --table "$NETPOL_TABLE" --metrics-bind-address "127.0.0.1:$metrics" \
    --runtime-endpoint "$n/containerd/containerd.sock" --ipam-dir "$n/cni/ipam/supernova" --v 1
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
