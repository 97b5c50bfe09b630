#!/bin/sh
# Sourced by redis-start.sh and sentinel-start.sh (redis.mode: sentinel). Environment: REDIS_PODS (the three pods'
# DNS names, space-separated), REDIS_MASTER_NAME, REDISCLI_AUTH (the password: redis-cli reads it from there, so it
# is on no command line).

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

# The master to start with: the Sentinels', else the first pod (only a stack none of whose Sentinels runs).
# When they name this very pod, its Redis is not running (it is starting): the Sentinels are about to fail over to a
# replica (down-after-milliseconds, 5 s). Starting as the master now would make a second one until they convert it
# (seen on the real node: about 10 s with two pods labelled master), so wait for them to name another pod, and
# start as the master only if they still name this one after REDIS_FAILOVER_WAIT seconds (no replica to promote).
initial_master() {
  me="$(own_name)"
  if ! named="$(sentinels_master)"; then
    set -- $REDIS_PODS
    echo "$1"
    return 0
  fi
  if [ "$named" = "$me" ]; then
    deadline=$(($(date +%s) + ${REDIS_FAILOVER_WAIT:-30}))
    while [ "$named" = "$me" ] && [ "$(date +%s)" -lt "$deadline" ]; do
      echo "the Sentinels still name this pod the master; waiting for their failover" >&2
      sleep 1
      named="$(sentinels_master)" || named="$me"
    done
  fi
  echo "$named"
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
