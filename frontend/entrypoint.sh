#!/bin/sh
# Renders the API upstream from API_UPSTREAM (host:port, e.g. mystack-api:80, set by the operator) and runs nginx
# in the foreground. The root filesystem is read-only: everything nginx writes goes to /tmp/nginx.
set -eu
upstream="${API_UPSTREAM:-}"
case "$upstream" in
  *[!a-zA-Z0-9.:-]*|'') echo "frontend: API_UPSTREAM must be host:port (e.g. mystack-api:80), got '$upstream'" >&2; exit 64 ;;
esac
mkdir -p /tmp/nginx
printf 'upstream api {\n  server %s;\n  keepalive 16;\n}\n' "$upstream" > /tmp/nginx/upstream.conf
exec nginx -e stderr -c /etc/nginx/nginx.conf -g 'daemon off;'
