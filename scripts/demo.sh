#!/usr/bin/env bash
# The main job: start the local control plane and show how to use it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
kubeconfig="$(e2e/cluster/local-cluster up)"
kubectl="$(e2e/cluster/local-cluster bin kubectl)"
"$kubectl" --kubeconfig "$kubeconfig" get nodes
cat <<MSG

A local Kubernetes control plane is running (pods are simulated by kwok: nothing really runs in them).
  export KUBECONFIG=$kubeconfig
  alias kubectl=$kubectl
Stop it with: e2e/cluster/local-cluster down $(dirname "$kubeconfig")
MSG
