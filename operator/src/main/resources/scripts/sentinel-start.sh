#!/bin/sh
# The Sentinel beside one Redis. It rewrites its configuration file (known replicas, Sentinels, the current epoch),
# so it runs from a copy in the pod's emptyDir; a restarted container keeps that state, a new pod starts from the
# master the other Sentinels name.
set -eu
. /etc/redis/redis-master.sh
me="$(own_name)"
conf=/run/supernova/sentinel.conf
if [ ! -s "$conf" ]; then
  master="$(initial_master)"
  # Sentinel refuses a monitor line whose name does not resolve (resolve-hostnames yes).
  await_dns "$master"
  await_dns "$me"
  sed "s/@MASTER@/$master/" /etc/redis/sentinel.conf >"$conf.new"
  echo "sentinel announce-ip $me" >>"$conf.new"
  mv "$conf.new" "$conf"
  echo "monitoring $master"
else
  await_dns "$me"
fi
exec redis-server "$conf" --sentinel
