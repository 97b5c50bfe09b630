# Shared by backup.sh, restore.sh and verify.sh (sourced, never run). POSIX sh: the scripts run in
# the database image (Alpine's busybox as well as Debian's dash).
# The caller sets SCRIPT (the log prefix).

log() {
  echo "${SCRIPT}: $*"
}

# The result as one JSON line where Kubernetes keeps it for the operator (the container's
# termination message); best effort, a missing /dev/termination-log is not an error.
result() {
  printf '%s\n' "$1" >"${TERMINATION_LOG:-/dev/termination-log}" 2>/dev/null || true
}

# fail <Reason> <message> [exit code]: one readable line on stderr, the reason for the operator,
# and a non-zero exit. Exit codes 3-7 are refusals a retry cannot fix (the Job's pod failure
# policy fails the Job at once); 1 is anything else. RESULT_FILE, once the caller knows which dump
# it works on, goes into the result too, so the operator can show it even for a failure.
fail() {
  echo "${SCRIPT}: FAILED ($1): $2" >&2
  _file=""
  if [ -n "${RESULT_FILE:-}" ]; then
    _file="\"file\":\"$(json_escape "$RESULT_FILE")\","
  fi
  result "{\"result\":\"Failed\",\"reason\":\"$1\",${_file}\"message\":\"$(json_escape "$2")\"}"
  exit "${3:-1}"
}

json_escape() {
  printf '%s' "$1" | tr '\n\t' '  ' | sed 's/\\/\\\\/g; s/"/\\"/g' | cut -c1-600
}

first_line() {
  grep -v '^[[:space:]]*$' "$1" | head -n 1 | sed 's/^[a-z_]*: error: //'
}

free_space() {
  df -Pk "$1" 2>/dev/null | awk 'NR == 2 {printf "%d KiB of %d KiB", $4, $2}'
}

# One value from the database (unaligned, no headers); fails when psql fails.
sql() {
  _sql_out="$(psql -X -A -t -v ON_ERROR_STOP=1 -c "$1")" || return $?
  printf '%s\n' "$_sql_out"
}

# Row count of sentiment_data, or nothing when the table does not exist.
sentiment_rows() {
  [ "$(sql "SELECT to_regclass('public.sentiment_data') IS NOT NULL" 2>/dev/null)" = "t" ] || return 0
  sql 'SELECT count(*) FROM public.sentiment_data' 2>/dev/null || true
}

# A string or number field of a backup's metadata file (flat JSON written by backup.sh).
meta() {
  [ -f "$1" ] || return 0
  sed -n "s/^[[:space:]]*\"$2\":[[:space:]]*\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}[[:space:]]*$/\1/p" "$1" | head -n 1
}

# version_gt A B: true when dotted version A is newer than B (numeric fields; "16.4 (Debian ...)"
# style suffixes ignored).
version_gt() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    sub(/[^0-9.].*/, "", a); sub(/[^0-9.].*/, "", b)
    n = split(a, x, "."); m = split(b, y, "."); k = n > m ? n : m
    for (i = 1; i <= k; i++) { if (x[i] + 0 > y[i] + 0) exit 0; if (x[i] + 0 < y[i] + 0) exit 1 }
    exit 1 }'
}

major() {
  echo "$1" | sed 's/[^0-9.].*//' | cut -d. -f1
}

# finished_dumps <dir>: the finished backups (a .dump with its .json), newest first.
finished_dumps() {
  for _d in $(ls -1t "$1"/*.dump 2>/dev/null); do
    if [ -f "${_d%.dump}.json" ]; then
      echo "$_d"
    fi
  done
}

# resolve_dump <dir> <file|latest>: prints the path of the dump, or fails with BackupNotFound.
# "latest" is the newest dump whose metadata exists (a backup that finished).
resolve_dump() {
  _dir="$1"
  _want="$2"
  if [ "$_want" = "latest" ]; then
    _latest="$(finished_dumps "$_dir" | head -n 1)"
    if [ -n "$_latest" ]; then
      echo "$_latest"
      return 0
    fi
    fail BackupNotFound "no finished backup (a .dump with its .json) in ${_dir}" 5
  fi
  case "$_want" in
    /*) _path="$_want" ;;
    *) _path="${_dir}/${_want}" ;;
  esac
  if [ ! -f "$_path" ]; then
    _have="$(ls -1t "$_dir"/*.dump 2>/dev/null | head -n 5 | xargs -n 1 basename 2>/dev/null | tr '\n' ' ')"
    fail BackupNotFound "backup file ${_want} not found in ${_dir}; newest backups there: ${_have:-none}" 5
  fi
  echo "$_path"
}
