#!/usr/bin/env bash
# smfront with one thread against nginx with one worker (`return 200`), side by
# side in one run, same wrk settings, on loopback. Prints the rates and their
# ratio and appends them to bench/http-baseline/results.md.
#   bench/http-baseline/run.sh                       # 3 rounds of 10 s, 50 connections
#   ROUNDS=1 DURATION=5s CONNECTIONS=100 bench/http-baseline/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$here/../lib/common.sh"
trap bench_cleanup EXIT

rounds=${ROUNDS:-3}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-50}
require_tools
work=$(mktemp -d /tmp/smfront-bench.XXXXXX)
trap 'bench_cleanup; rm -rf "$work"' EXIT

nginx_port=$(free_port)
start_nginx "$work" "$nginx_port"
start_smfront "$work" 1
echo "nginx on $nginx_port, smfront on $smfront_http_port; $rounds round(s) of $duration, $connections connections"

# A short unrecorded run of each first: the first seconds after start measure
# cold caches and page faults, not steady serving.
wrk -t1 -c"$connections" -d2s "http://127.0.0.1:$nginx_port/" >/dev/null
wrk -t1 -c"$connections" -d2s "http://127.0.0.1:$smfront_http_port/ccp/health" >/dev/null

# Alternate the two so drift in machine load hits both alike.
sum_n=0 sum_s=0
rows=()
for r in $(seq "$rounds"); do
  read -r n_rate n_p99 < <(wrk_rate "http://127.0.0.1:$nginx_port/" "$duration" "$connections")
  read -r s_rate s_p99 < <(wrk_rate "http://127.0.0.1:$smfront_http_port/ccp/health" "$duration" "$connections")
  echo "round $r: nginx $n_rate req/s (p99 $n_p99 ms), smfront $s_rate req/s (p99 $s_p99 ms)"
  rows+=("| $r | $n_rate | $n_p99 | $s_rate | $s_p99 |")
  sum_n=$(awk -v a="$sum_n" -v b="$n_rate" 'BEGIN {print a + b}')
  sum_s=$(awk -v a="$sum_s" -v b="$s_rate" 'BEGIN {print a + b}')
done
ratio=$(awk -v s="$sum_s" -v n="$sum_n" 'BEGIN {printf "%.2f", s / n}')
echo "smfront / nginx = $ratio (target >= 0.80)"

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ): ratio $ratio"
  echo "Command: \`ROUNDS=$rounds DURATION=$duration CONNECTIONS=$connections bench/http-baseline/run.sh\`"
  echo "at $(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown); machine: $(machine_line)."
  echo "smfront: 1 thread, GET /ccp/health, access log off. nginx $(nginx -v 2>&1 | sed 's/.*\///'): 1 worker, return 200, access log off."
  echo
  echo "| round | nginx req/s | nginx p99 ms | smfront req/s | smfront p99 ms |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >>"$here/results.md"
