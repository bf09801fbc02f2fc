#!/usr/bin/env bash
# Tasks routed through CCE: tasks created over the task API (GET
# /ccp/task/feed/<id>?..., one task per request) on smfront with routing = mr,
# sent as NEW_TASK to tools/mrpg-sim, which answers DO_THIS_WITH_TASK at once
# from AGENTS agents that are busy HANDLE for each task; the contact is then
# reserved. Many tasks are in flight at once (CONNECTIONS keep-alive clients).
#   Phase 1 (throughput): wrk creates tasks as fast as it can for DURATION_S;
#     the figure is tasks reserved per second (smfront's mr.routed over the time
#     from the first create until every dialogue is closed). Target: 10,000/s.
#   Phase 2 (latency): about RATE tasks a second (wrk, a fixed pause per request
#     and connection) for DURATION_S; the figure is the p99 of wrk's create
#     latency plus the p99 of smfront_mr_route_duration_seconds (NEW_TASK sent
#     to DO_THIS_WITH_TASK received), i.e. create-to-reserved. Target: < 5 ms.
# Every task must end reserved: the script exits 1 otherwise.
#   bench/mr/run.sh
# Knobs: DURATION_S (20), CONNECTIONS (64), RATE (2000), AGENTS (400), HANDLE (20ms),
# THREADS (smfront io threads, 2). SMFRONT_BIN / MRPG_SIM_BIN pick the binaries
# (default build/server/smfront and build/tools/mrpg-sim/mrpg-sim).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$here/../lib/common.sh"
trap bench_cleanup EXIT

duration_s=${DURATION_S:-20}
connections=${CONNECTIONS:-64}
rate=${RATE:-2000}
agents=${AGENTS:-400}
handle=${HANDLE:-20ms}
threads=${THREADS:-2}
sim_bin=${MRPG_SIM_BIN:-$(dirname "$(dirname "$smfront_bin")")/tools/mrpg-sim/mrpg-sim}
command -v wrk >/dev/null || { echo "missing wrk: run scripts/install-deps.sh test" >&2; exit 2; }

work=$(mktemp -d)
trap 'bench_cleanup; rm -rf "$work"' EXIT
mkdir -p "$work/web"
"$repo_root/certs/make-dev-certs.sh" "$work/certs" >/dev/null
cat >"$work/smfront.json" <<JSON
{"listeners": {"bind": "127.0.0.1", "http": 0, "https": 0, "mr": 0},
 "tls": {"cert": "$work/certs/server.crt", "key": "$work/certs/server.key"},
 "server": {"threads": $threads, "web_root": "$work/web", "data_dir": "$work/data", "store": "memory"},
 "log": {"level": "warn", "access": "off"},
 "routing": "mr", "request_expiry_ms": 1000,
 "feeds": [{"name": "Tasks", "type": "task"}]}
JSON
coproc SMFRONT { exec "$smfront_bin" --config "$work/smfront.json" 2>"$work/smfront.log"; }
bench_pids+=("$SMFRONT_PID")
IFS= read -r -t 10 line <&"${SMFRONT[0]}" || { cat "$work/smfront.log" >&2; exit 1; }
http=$(sed -E 's/.*"http":([0-9]+).*/\1/' <<<"$line")
mr=$(sed -E 's/.*"mr":([0-9]+).*/\1/' <<<"$line")

names=$(seq -f "a%g" 1 "$agents" | paste -sd,)
"$sim_bin" --app "127.0.0.1:$mr" --agents "$names" --delay 0ms --handle-time "$handle" \
  >/dev/null 2>"$work/sim.log" &
bench_pids+=("$!")
status() { curl -sf "http://127.0.0.1:$http/ccp/status"; }
mr_field() { status | python3 -c "import json,sys; print(json.load(sys.stdin)['mr']['$1'])"; }
for _ in $(seq 200); do [ "$(mr_field state)" = open ] && break; sleep 0.05; done
[ "$(mr_field state)" = open ] || { echo "mrpg-sim did not connect" >&2; cat "$work/sim.log" >&2; exit 1; }

url="http://127.0.0.1:$http/ccp/task/feed/100000?name=Bench&title=Load&scriptSelector=TaskDN"
drain() {  # waits for every dialogue to close; prints the seconds it took
  local start=$1
  for _ in $(seq 600); do
    [ "$(mr_field in_flight)" = 0 ] && [ "$(mr_field pending)" = 0 ] && break
    sleep 0.05
  done
  python3 -c "import time; print(time.time() - $start)"
}

# Phase 1: throughput.
routed0=$(mr_field routed)
start=$(python3 -c 'import time; print(time.time())')
wrk -t2 -c"$connections" -d"${duration_s}s" "$url" >"$work/wrk1.txt"
elapsed=$(drain "$start")
routed1=$(mr_field routed)
created1=$(awk '/requests in/ {print $1}' "$work/wrk1.txt")
tput=$(python3 -c "print(round(($routed1 - $routed0) / $elapsed))")

# Phase 2: latency at about RATE a second: each connection pauses so that
# connections / pause = RATE.
pause_ms=$(python3 -c "print(max(1, round(32 * 1000 / $rate)))")
cat >"$work/pace.lua" <<LUA
function delay() return $pause_ms end
LUA
curl -sf "http://127.0.0.1:$http/metrics" >"$work/metrics0.txt"
wrk -t1 -c32 -d"${duration_s}s" --latency -s "$work/pace.lua" "$url" >"$work/wrk2.txt"
drain "$(python3 -c 'import time; print(time.time())')" >/dev/null
curl -sf "http://127.0.0.1:$http/metrics" >"$work/metrics1.txt"
rate2=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk2.txt")
create_p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$work/wrk2.txt")
route_p99=$(python3 - "$work/metrics0.txt" "$work/metrics1.txt" <<'PY'
import re, sys
def buckets(path):
    out = {}
    for line in open(path):
        m = re.match(r'smfront_mr_route_duration_seconds_bucket\{le="([^"]+)"\} (\d+)', line)
        if m: out[m.group(1)] = int(m.group(2))
    return out
a, b = buckets(sys.argv[1]), buckets(sys.argv[2])
les = sorted(b, key=lambda le: float('inf') if le == '+Inf' else float(le))
total = b['+Inf'] - a.get('+Inf', 0)
for le in les:
    if (b[le] - a.get(le, 0)) >= 0.99 * total:
        print("%.3f" % (float(le) * 1000) if le != '+Inf' else 'inf'); break
PY
)
total_p99=$(python3 -c "print(round($create_p99 + $route_p99, 3))")
final_routed=$(mr_field routed)
final_sent=$(mr_field sent)
discarded=$(mr_field discarded)
if [ "$final_routed" != "$final_sent" ] || [ "$discarded" != 0 ]; then
  echo "not every task was reserved: sent $final_sent, routed $final_routed, discarded $discarded" >&2
  exit 1
fi
rev=${BENCH_REV:-$(git -C "$repo_root" rev-parse --short HEAD)}
summary="tasks reserved/s: $tput (created $created1 in ${duration_s}s, drained in ${elapsed%.*}s); at ${rate2}/s: create p99 ${create_p99} ms + NEW_TASK->DO_THIS p99 <= ${route_p99} ms (bucket bound) = ${total_p99} ms"
echo "$summary"
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ): end to end through mrpg-sim"
  echo "$summary. Command: \`bench/mr/run.sh\` (DURATION_S=$duration_s CONNECTIONS=$connections RATE=$rate AGENTS=$agents HANDLE=$handle THREADS=$threads) at $rev; load average $(cut -d' ' -f1 /proc/loadavg)."
} >>"$here/results.md"
