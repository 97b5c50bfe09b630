#!/bin/sh
# Keeps this pod's role label (ops.supernova-ai.com/redis-role: master | replica) equal to what its Redis says it is,
# so that the <stack>-redis Service and the stack's status.redis.master follow a failover. Patches only its own pod
# (the Role allows nothing else), with the pod's projected token; the token goes to curl on stdin, never on its
# command line.
set -u
# sh as a container's first process ignores SIGTERM unless it says otherwise: without this the pod would take its
# whole grace period to stop.
trap 'exit 0' TERM INT
sa=/var/run/secrets/kubernetes.io/serviceaccount
api="https://${KUBERNETES_SERVICE_HOST}:${KUBERNETES_SERVICE_PORT}"
pod="$(hostname)"
ns="$(cat "$sa/namespace")"
label=ops.supernova-ai.com/redis-role
last=""
while true; do
  role="$(timeout 3 redis-cli --no-auth-warning -h 127.0.0.1 role 2>/dev/null | head -n 1)" || role=""
  case "$role" in
    master) want=master ;;
    slave) want=replica ;;
    *) want="" ;;
  esac
  if [ -n "$want" ] && [ "$want" != "$last" ]; then
    body="{\"metadata\":{\"labels\":{\"$label\":\"$want\"}}}"
    if printf 'header = "Authorization: Bearer %s"\n' "$(cat "$sa/token")" |
      curl -sS -f -o /dev/null --max-time 5 -K - --cacert "$sa/ca.crt" -X PATCH \
        -H 'Content-Type: application/merge-patch+json' --data "$body" \
        "$api/api/v1/namespaces/$ns/pods/$pod"; then
      echo "role label: $want"
      last="$want"
    fi
  fi
  sleep 1
done
