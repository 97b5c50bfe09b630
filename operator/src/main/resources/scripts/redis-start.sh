#!/bin/sh
# One Redis of a sentinel-mode stack: as a replica of the master the Sentinels name, as the master only when they name
# this pod (it restarted before a failover) or when no Sentinel answers and this is the first pod (a new stack).
set -eu
config="${REDIS_CONFIG_DIR:-/etc/redis}" run="${REDIS_RUN_DIR:-/run/supernova}"
. "$config/redis-master.sh"
me="$(own_name)"
master="$(initial_master)"
record_choice "$run" "$master"
conf="$run/redis.conf"
# The rendered file (password, AOF) is read-only; a copy takes this pod's lines (cat, not cp: a copy would keep the
# Secret's read-only mode, and a restarted container could not rewrite it).
rm -f "$conf"
cat "$config/redis.conf" >"$conf"
echo "replica-announce-ip $me" >>"$conf"
if [ "$master" = "$me" ]; then
  echo "starting as the master"
else
  echo "starting as a replica of $master"
  echo "replicaof $master 6379" >>"$conf"
fi
exec redis-server "$conf"
