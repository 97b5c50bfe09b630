#!/bin/sh
# The Sentinel beside one Redis. It rewrites its configuration file (known replicas, Sentinels, the current epoch),
# so it runs from a copy in the pod's emptyDir; a restarted container keeps that state, a new pod's Sentinel starts
# from the master this pod's Redis chose (initial_master: the one the other Sentinels name, or a new stack's first pod).
set -eu
config="${REDIS_CONFIG_DIR:-/etc/redis}" run="${REDIS_RUN_DIR:-/run/supernova}"
. "$config/redis-master.sh"
me="$(own_name)"
conf="$run/sentinel.conf"
if [ ! -s "$conf" ]; then
  master="$(recorded_choice "$run")"
  # Sentinel refuses a monitor line whose name does not resolve (resolve-hostnames yes).
  await_dns "$master"
  await_dns "$me"
  sed "s/@MASTER@/$master/" "$config/sentinel.conf" >"$conf.new"
  echo "sentinel announce-ip $me" >>"$conf.new"
  mv "$conf.new" "$conf"
  echo "monitoring $master"
else
  await_dns "$me"
fi
exec redis-server "$conf" --sentinel
