#!/bin/sh
# The Sentinel container's preStop: when this pod's Redis is the master, the pod stays until the Sentinels have
# promoted a replica (redis-master.sh, hold_until_failover, says why). The kubelet stops the other containers meanwhile.
set -u
config="${REDIS_CONFIG_DIR:-/etc/redis}"
. "$config/redis-master.sh"
hold_until_failover
