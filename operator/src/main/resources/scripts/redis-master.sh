#!/bin/sh
# Sourced by redis-start.sh, sentinel-start.sh and sentinel-stop.sh (redis.mode: sentinel). Environment: REDIS_PODS
# (the three pods' DNS names, space-separated), REDIS_MASTER_NAME, REDISCLI_AUTH (the password: redis-cli reads it
# from there, so it is on no command line). Only the Redis container mounts the pod's Redis volume, at /data.

# The master as the Sentinels name it: the first Sentinel that answers; nothing when none does (a new stack, or every
# Sentinel down). Asking them first is what keeps a pod that restarts from coming back as a second master.
sentinels_master() {
  for host in $REDIS_PODS; do
    answer="$(timeout 3 redis-cli --no-auth-warning -h "$host" -p 26379 --raw \
      sentinel get-master-addr-by-name "$REDIS_MASTER_NAME" 2>/dev/null | head -n 1)" || answer=""
    case "$answer" in
      "" | *ERR* | *rror* | *NOAUTH* | *LOADING*) ;;
      *) echo "$answer"; return 0 ;;
    esac
  done
  return 1
}

# The master to start with. Only the Sentinels know it once the stack has run, so a pod asks them and, when they name
# another pod, starts as its replica. Otherwise:
# - They name this very pod: its Redis is not running (it is starting), and the Sentinels are about to fail over to a
#   replica (down-after-milliseconds, 5 s). Starting as the master now would make a second one until they convert it
#   (seen on the real node: about 10 s with two pods labelled master), so wait for them to name another pod, for up
#   to REDIS_FAILOVER_WAIT (60 s). That is longer than a Sentinel's TILT mode (30 s), which it enters when its event
#   loop stalls for 2 s, for instance on a slow DNS answer for the very pod that went away; in TILT it does not fail
#   over. A CI run saw both Sentinels in TILT from 4 s after the master's pod was deleted: the pod gave up after 30 s,
#   started as the master again, and no failover happened. 60 s covers TILT, detection and one failed leader
#   election (retried after twice the failover-timeout, 10 s).
# - None answers, and this pod's Redis never ran (no data on its volume): a new stack, whose first pod starts as the
#   master and the others as its replicas.
# - None answers, but this pod's Redis ran before: the stack exists, and the Sentinels are only out of reach for now.
#   A pod's first packets can be dropped until the NetworkPolicy engine has learnt its new address, so keep asking,
#   for up to REDIS_SENTINEL_WAIT (30 s), then take the first pod (every Sentinel down: the whole stack restarted).
# When the Sentinels still name this pod after their wait, it starts as the master: no replica could be promoted.
initial_master() {
  me="$(own_name)"
  start=$(date +%s)
  while true; do
    if named="$(sentinels_master)"; then
      [ "$named" != "$me" ] && { echo "$named"; return 0; }
      waited_for="their failover" limit=${REDIS_FAILOVER_WAIT:-60}
      waiting="the Sentinels still name this pod the master; waiting for their failover"
    elif ! ran_before; then
      set -- $REDIS_PODS
      echo "$1"
      return 0
    else
      waited_for="a Sentinel" limit=${REDIS_SENTINEL_WAIT:-30}
      waiting="no Sentinel answers, but this pod's Redis ran before (data on its volume); asking again"
      named=""
    fi
    if [ $(($(date +%s) - start)) -ge "$limit" ]; then
      echo "waited $limit s for $waited_for: going on" >&2
      if [ "$named" = "$me" ]; then echo "$me"; else set -- $REDIS_PODS; echo "$1"; fi
      return 0
    fi
    echo "$waiting" >&2
    sleep 1
  done
}

# The Sentinel container's preStop (sentinel-stop.sh): while the Sentinels name this pod the master, keep the pod,
# and with it its name's address, until they have promoted a replica. Its Redis stops meanwhile (SIGTERM: it lets its
# replicas catch up first), so they see it down and fail over as for a crash; this pod's Sentinel votes too. Why hold
# the pod: the StatefulSet recreates a deleted pod at once, with a new address, and the headless Service publishes it
# before the pod is ready. A Sentinel that still has the master's old address then takes every replica's "master is
# this name" for a different master, reconfigures them (+fix-slave-config) and with that closes every client's
# connection to them, its own links included, each second until it sees the master down. A leader that chose a
# replica in the second its links were closed found none (-failover-abort-no-good-slave) and tried again only 20 s
# later (seen on the real node: 5 of 13 failovers reconfigured replicas, one took 27.9 s instead of 7).
# Gives up when no other pod's Sentinel answers (the whole stack is going away: nobody can fail over) or after
# REDIS_STOP_WAIT seconds (45; the pod's grace period is longer).
hold_until_failover() {
  me="$(own_name)"
  start=$(date +%s) limit=${REDIS_STOP_WAIT:-45}
  while named="$(sentinels_master)" && [ "$named" = "$me" ]; do
    if ! other_sentinel_answers "$me"; then
      echo "no other Sentinel answers: no failover to wait for" >&2
      return 0
    fi
    if [ $(($(date +%s) - start)) -ge "$limit" ]; then
      echo "waited $limit s for the Sentinels' failover: stopping" >&2
      return 0
    fi
    echo "the Sentinels name this pod the master; holding it until they have promoted a replica" >&2
    sleep 1
  done
}

# Whether a Sentinel other than this pod's (its name $1) answers.
other_sentinel_answers() {
  for host in $REDIS_PODS; do
    [ "$host" = "$1" ] && continue
    timeout 3 redis-cli --no-auth-warning -h "$host" -p 26379 ping >/dev/null 2>&1 && return 0
  done
  return 1
}

# The master this pod's Redis chose (redis-start.sh records it in the pod's run directory before Redis starts), which
# the Sentinel beside it monitors. The Sentinel does not choose for itself: by the time its container starts, a new
# stack's Redis has created its append-only directory, so the Sentinel took the pod for a restarted member and waited
# 30 s for Sentinels that no pod of the new stack had started (seen on the real node in most new stacks).
record_choice() { # $1 run directory, $2 the master
  printf '%s\n' "$2" >"$1/initial-master.new" && mv "$1/initial-master.new" "$1/initial-master"
}
recorded_choice() { # $1 run directory
  until [ -s "$1/initial-master" ]; do sleep 1; done
  cat "$1/initial-master"
}

# Whether this pod's Redis ran before: it left its append-only directory or a snapshot on the pod's volume, which
# outlives the pod (the StatefulSet's claim).
ran_before() {
  [ -e "${REDIS_DATA_DIR:-/data}/appendonlydir" ] || [ -e "${REDIS_DATA_DIR:-/data}/dump.rdb" ]
}

# This pod's DNS name: the one of REDIS_PODS that starts with its hostname.
own_name() {
  for host in $REDIS_PODS; do
    case "$host" in "$(hostname)".*) echo "$host"; return 0 ;; esac
  done
  echo "own_name: $(hostname) is not one of REDIS_PODS" >&2
  return 1
}

# Waits until a name resolves: the headless Service publishes a pod's name once it has an address.
await_dns() {
  until getent hosts "$1" >/dev/null 2>&1; do
    echo "waiting for $1 to resolve"
    sleep 1
  done
}
