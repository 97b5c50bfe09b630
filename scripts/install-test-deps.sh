#!/usr/bin/env bash
# Installs the real server binaries the integration tests start (PostgreSQL, Redis, PgBouncer, pgBackRest, rclone),
# promtool (Debian's prometheus package) for the stack alerts' test, what e2e/cluster/local-cluster needs besides Go
# (openssl, curl, python3), and what
# the real node and the project's images need (containerd, runc, the CNI plugins, iptables, nft; mmdebstrap, umoci,
# skopeo), and Debian's chromium (RealNodeDemoIT loads the frontend's page in it, headless).
# Idempotent: returns at once when everything is already there. CI calls it on a fresh machine.
set -euo pipefail

have_all() {
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 &&
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
    [ -x /usr/bin/redis-server ] &&
    [ -x /usr/sbin/pgbouncer ] &&
    command -v openssl >/dev/null && command -v curl >/dev/null && command -v python3 >/dev/null &&
    command -v containerd >/dev/null && command -v runc >/dev/null && [ -x /usr/lib/cni/bridge ] &&
    command -v iptables >/dev/null && command -v mmdebstrap >/dev/null && command -v umoci >/dev/null &&
    command -v skopeo >/dev/null && command -v nft >/dev/null && command -v promtool >/dev/null &&
    command -v pgbackrest >/dev/null && command -v rclone >/dev/null && command -v chromium >/dev/null
}

if have_all; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# The packaged services are not wanted (tests start their own processes on free ports); stop them if apt started any.
$SUDO apt-get install -y -q --no-install-recommends postgresql redis-server pgbouncer openssl curl python3 \
  containerd runc containernetworking-plugins iptables nftables mmdebstrap umoci skopeo prometheus pgbackrest \
  rclone chromium
# The real node runs a containerd of its own (own socket and dirs); the packaged one is not wanted either.
for svc in redis-server pgbouncer postgresql containerd prometheus; do
  $SUDO service "$svc" stop >/dev/null 2>&1 || true
done

have_all || { echo "install-test-deps: some of postgresql redis-server pgbouncer openssl curl python3 containerd runc containernetworking-plugins iptables nftables mmdebstrap umoci skopeo prometheus pgbackrest rclone chromium still missing after apt-get install" >&2; exit 1; }
