#!/usr/bin/env bash
# Builds SeaweedFS's `weed` (Apache-2.0), the S3-compatible object store the archiving tests run, from the Go module
# proxy into ~/.cache/supernova-seaweedfs/VERSION/weed (idempotent: returns at once when it is there) and prints its
# path. test-support's LocalObjectStore starts it (`weed mini`, loopback only, telemetry off).
# Environment: SUPERNOVA_SEAWEEDFS_CACHE (default ~/.cache/supernova-seaweedfs).
set -euo pipefail

# A pseudo-version: SeaweedFS tags its releases without a Go-module-compatible major, so the proxy serves commits.
SEAWEEDFS_VERSION="v0.0.0-20261109003541-7506e5f91cd6"
CACHE="${SUPERNOVA_SEAWEEDFS_CACHE:-$HOME/.cache/supernova-seaweedfs}"
out="$CACHE/$SEAWEEDFS_VERSION"

if [ -x "$out/weed" ]; then
  echo "$out/weed"
  exit 0
fi
command -v go >/dev/null || { echo "build-seaweedfs: go is not installed" >&2; exit 1; }

echo "build-seaweedfs: building weed $SEAWEEDFS_VERSION (a few minutes the first time)" >&2
mkdir -p "$CACHE"
work="$(mktemp -d "$CACHE/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  go mod init supernova.local/seaweedfsbuild >/dev/null 2>&1
  go get -tool "github.com/seaweedfs/seaweedfs/weed@$SEAWEEDFS_VERSION" >get.log 2>&1 || { cat get.log; exit 1; }
  mkdir -p bin
  go build -trimpath -ldflags "-s -w" -o bin/weed github.com/seaweedfs/seaweedfs/weed
) >&2 || { echo "build-seaweedfs: building weed failed (see the go output above)" >&2; exit 1; }
rm -rf "$out"
mv "$work/bin" "$out"
echo "$out/weed"
