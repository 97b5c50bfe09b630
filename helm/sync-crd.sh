#!/usr/bin/env bash
# Copies the generated CRD (crds/, written by the model build) into the chart, or with --check fails when the
# chart's copy is missing or stale. Helm installs only what is in the chart, so the copy must be a file, not a link.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
name="supernovastacks.ops.supernova-ai.com-v1.yml"
source="$root/crds/$name"
copy="$root/helm/supernova-operator/crds/$name"

[ -f "$source" ] || { echo "sync-crd: $source does not exist; build the model module first" >&2; exit 1; }

if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$source" "$copy"; then
    echo "sync-crd: $copy is missing or differs from $source; run helm/sync-crd.sh" >&2
    exit 1
  fi
  exit 0
fi

mkdir -p "$(dirname "$copy")"
cp "$source" "$copy"
echo "sync-crd: copied $name into the chart"
