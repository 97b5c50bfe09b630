# shellcheck shell=bash
# The Prometheus Operator's ServiceMonitor and PrometheusRule CRDs, sourced by local-cluster: taken as released
# (example/prometheus-operator-crd/ of the root module github.com/prometheus-operator/prometheus-operator, from the
# Go module proxy), never written by hand, so the API server validates the operator's objects against the real
# schema. MonitoringIT installs them; `local-cluster bin prometheus-operator-crds` prints their directory.

promop_crd_dir() { echo "$CACHE/prometheus-operator-crds-$PROMETHEUS_OPERATOR_VERSION"; }

fetch_prometheus_operator_crds() {
  local out; out="$(promop_crd_dir)"
  [ -f "$out/monitoring.coreos.com_prometheusrules.yaml" ] && return 0
  require_go
  log "fetching Prometheus Operator $PROMETHEUS_OPERATOR_VERSION CRDs"
  local work src; work="$(mktemp -d "$CACHE/.fetch-promop.XXXXXX")"
  src="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json \
    "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" |
    sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  [ -d "$src/example/prometheus-operator-crd" ] || { rm -rf "$work"; die "no CRDs in the Prometheus Operator module"; }
  mkdir -p "$work/crds"
  cp "$src/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml" \
    "$src/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml" "$work/crds/"
  chmod u+w "$work/crds"/*
  finish_install "$work/crds" "$out"
  rm -rf "$work"
}
