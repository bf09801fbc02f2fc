# Shared by the benchmark scripts: start and stop smfront and nginx on loopback,
# run wrk, and record results. Every process started here is stopped by its pid.
# shellcheck shell=bash

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
smfront_bin=${SMFRONT_BIN:-$repo_root/build/server/smfront}
bench_pids=()

bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  bench_pids=()
}

require_tools() {
  local missing=()
  for t in wrk nginx; do command -v "$t" >/dev/null || missing+=("$t"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "missing ${missing[*]}: run scripts/install-deps.sh test" >&2
    exit 2
  fi
  if [ ! -x "$smfront_bin" ]; then
    "$repo_root/scripts/build.sh"
  fi
}

# start_smfront WORKDIR THREADS [EXTRA] [SERVER_EXTRA] -> sets smfront_pid and
# smfront_http_port. EXTRA holds more top-level config members, e.g.
# '"feeds": [...]'; SERVER_EXTRA more members of "server", e.g. '"store": "memory"'.
start_smfront() {
  local work=$1 threads=$2 extra=${3:-} server_extra=${4:-}
  mkdir -p "$work/web"
  [ -f "$work/certs/server.crt" ] || "$repo_root/certs/make-dev-certs.sh" "$work/certs" >/dev/null
  cat >"$work/smfront.json" <<JSON
{"listeners": {"bind": "127.0.0.1", "http": 0, "https": 0, "bosh": 0, "boshs": 0, "mr": 0},
 "tls": {"cert": "$work/certs/server.crt", "key": "$work/certs/server.key"},
 "server": {"threads": $threads, "web_root": "$work/web", "data_dir": "$work/data"${server_extra:+, $server_extra}},
 "log": {"level": "warn", "access": "off"}${extra:+,
 $extra}}
JSON
  coproc SMFRONT { exec "$smfront_bin" --config "$work/smfront.json" 2>"$work/smfront.log"; }
  smfront_pid=$SMFRONT_PID
  bench_pids+=("$smfront_pid")
  local line
  if ! IFS= read -r -t 10 line <&"${SMFRONT[0]}"; then
    echo "smfront did not start:" >&2
    cat "$work/smfront.log" >&2
    exit 1
  fi
  # shellcheck disable=SC2034 # read by the scripts that source this file
  smfront_http_port=$(sed -E 's/.*"http":([0-9]+).*/\1/' <<<"$line")
  # shellcheck disable=SC2034 # the whole line, for smfront_port
  smfront_listening=$line
}

# start_nginx WORKDIR PORT -> sets nginx_pid; one worker answering `return 200`.
start_nginx() {
  local work=$1 port=$2
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
  nginx -c "$work/nginx/nginx.conf" &
  nginx_pid=$!
  bench_pids+=("$nginx_pid")
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && return 0
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.05  # polling for readiness; nginx prints nothing when it is up
  done
  echo "nginx did not start:" >&2
  cat "$work/nginx/error.log" >&2
  exit 1
}

# free_port -> a TCP port nobody listens on right now
free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# wrk_rate URL DURATION CONNECTIONS [extra wrk args] -> prints "requests_per_s p99_ms"
wrk_rate() {
  local url=$1 duration=$2 connections=$3
  shift 3
  local out
  out=$(wrk -t1 -c"$connections" -d"$duration" --latency "$@" "$url")
  local rate p99
  rate=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  if grep -q "Non-2xx" <<<"$out"; then
    echo "wrk saw non-2xx answers from $url:" >&2
    echo "$out" >&2
    exit 1
  fi
  echo "$rate ${p99:-?}"
}

machine_line() {
  echo "$(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(uname -r)"
}

# The load client next to the smfront binary (or SMLOAD_BIN), built if missing.
smload_path() {
  local build_dir
  build_dir=$(cd "$(dirname "$smfront_bin")/.." && pwd)
  local bin=${SMLOAD_BIN:-$build_dir/tools/smload/smload}
  [ -x "$bin" ] || cmake --build "$build_dir" --target smload >&2
  echo "$bin"
}

# raise_fd_limit N: at least N open files for this shell and what it starts.
raise_fd_limit() {
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$1" ]; then
    ulimit -n "$1" || { echo "cannot raise the open-file limit to $1 (hard limit $(ulimit -Hn))" >&2; exit 2; }
  fi
}

# smfront_port DOOR -> the port smfront bound for that door ("bosh", "mr", ...)
smfront_port() { sed -nE "s/.*\"$1\":([0-9]+).*/\1/p" <<<"$smfront_listening"; }

# cpu_seconds PID -> user + system CPU time the process has used so far
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# json_field JSON KEY[.KEY] -> the number at that key of a smload summary line
# (flat objects one level deep, numbers only; sed keeps the scripts free of jq).
json_field() {
  local value
  if [[ $2 == *.* ]]; then
    value=$(sed -nE "s/.*\"${2%%.*}\":\\{[^}]*\"${2#*.}\":([-0-9.]+).*/\\1/p" <<<"$1")
  else
    value=$(sed -nE "s/.*\"$2\":([-0-9.]+).*/\\1/p" <<<"$1")
  fi
  [ -n "$value" ] || { echo "no $2 in: $1" >&2; return 1; }
  echo "$value"
}
