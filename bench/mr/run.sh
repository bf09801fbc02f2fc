#!/usr/bin/env bash
# Tasks routed through CCE: tasks created over the task API (GET
# /ccp/task/feed/<id>?..., one task per request) on smfront with routing = mr,
# sent as NEW_TASK to tools/mrpg-sim, which answers DO_THIS_WITH_TASK at once
# from AGENTS agents that are busy HANDLE for each task; the contact is then
# reserved. Many tasks are in flight at once (CONNECTIONS keep-alive clients).
#   Phase 1 (throughput): wrk creates tasks as fast as it can for DURATION_S;
#     the figure is tasks reserved per second (smfront's mr.routed over the time
#     from the first create until every dialogue is closed). Target: 10,000/s.
#   Phase 2 (latency): RATE tasks a second, open loop on a fixed schedule
#     (tools/smload callback --kind task, 32 connections) for DURATION_S. Each
#     task is measured alone, end to end: from the moment smload sends its create
#     (the --sent-log line with the contact id) to the moment mrpg-sim writes the
#     DO_THIS_WITH_TASK that reserves it (its NEW_TASK names the contact, the
#     dialogue id joins the two); both times are the host's CLOCK_MONOTONIC
#     (mrpg-sim --mono-time). smfront reserves the contact when it reads that
#     message, microseconds later on loopback. Figures: p50, p99, max over every
#     task of the phase. Target: p99 < 5 ms.
# Every task must end reserved: the script exits 1 otherwise.
#   bench/mr/run.sh
# Knobs: DURATION_S (20), CONNECTIONS (64), RATE (2000), AGENTS (400), HANDLE (20ms),
# THREADS (smfront io threads, 2). SMFRONT_BIN / MRPG_SIM_BIN / SMLOAD_BIN pick the
# binaries (default build/server/smfront, build/tools/mrpg-sim/mrpg-sim and
# build/tools/smload/smload).
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
smload_bin=$(smload_path)

work=$(mktemp -d)
trap 'bench_cleanup; rm -rf "$work"' EXIT
mkdir -p "$work/web"
"$repo_root/certs/make-dev-certs.sh" "$work/certs" >/dev/null
cat >"$work/smfront.json" <<JSON
{"listeners": {"bind": "127.0.0.1", "http": 0, "https": 0, "bosh": 0, "boshs": 0, "mr": 0},
 "tls": {"cert": "$work/certs/server.crt", "key": "$work/certs/server.key"},
 "server": {"threads": $threads, "web_root": "$work/web", "data_dir": "$work/data", "store": "memory"},
 "log": {"level": "warn", "access": "off"},
 "routing": "mr", "request_expiry_ms": 1000,
 "limits": {"new_contacts_per_address_per_minute": 100000000},
 "feeds": [{"name": "Tasks", "type": "task"}]}
JSON
# The one limit raised above: phase 1's wrk sends every task from 127.0.0.1 (it cannot
# choose its source address) while standing for thousands of customers, whom the
# default limit (600 a minute per address) would count as one.
coproc SMFRONT { exec "$smfront_bin" --config "$work/smfront.json" 2>"$work/smfront.log"; }
bench_pids+=("$SMFRONT_PID")
IFS= read -r -t 10 line <&"${SMFRONT[0]}" || { cat "$work/smfront.log" >&2; exit 1; }
http=$(sed -E 's/.*"http":([0-9]+).*/\1/' <<<"$line")
mr=$(sed -E 's/.*"mr":([0-9]+).*/\1/' <<<"$line")

names=$(seq -f "a%g" 1 "$agents" | paste -sd,)
status() { curl -sf "http://127.0.0.1:$http/ccp/status"; }
mr_field() { status | python3 -c "import json,sys; print(json.load(sys.stdin)['mr']['$1'])"; }
# start_sim OUT: mrpg-sim writing its JSON lines to OUT, once its session is open.
start_sim() {
  "$sim_bin" --app "127.0.0.1:$mr" --agents "$names" --delay 0ms --handle-time "$handle" --mono-time \
    >"$1" 2>>"$work/sim.log" &
  sim_pid=$!
  bench_pids+=("$sim_pid")
  for _ in $(seq 200); do [ "$(mr_field state)" = open ] && break; sleep 0.05; done
  [ "$(mr_field state)" = open ] || { echo "mrpg-sim did not connect" >&2; cat "$work/sim.log" >&2; exit 1; }
}
# Phase 1 writes no lines: at 10,000 tasks a second the simulator's own log
# would be the bottleneck.
start_sim /dev/null

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

# Phase 2: latency at RATE a second, every task timed from its create to its reservation.
# A simulator of its own, whose lines are kept (SIGTERM: CLOSE_REQ, then it exits).
kill -TERM "$sim_pid"
wait "$sim_pid" || true
for _ in $(seq 200); do [ "$(mr_field state)" = down ] && break; sleep 0.05; done
start_sim "$work/sim.jsonl"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"$smload_bin" callback --port "$http" --feed 100000 --kind task --rate "$rate" --duration-s "$duration_s" \
  --connections 32 --poll-interval-ms 0 --deadline-s 10 --sent-log "$work/sent.txt" >"$work/smload2.json"
drain "$(python3 -c 'import time; print(time.time())')" >/dev/null
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
latency=$(python3 - "$work/sent.txt" "$work/sim.jsonl" "$work/smload2.json" <<'PY'
import json, sys
sent = {}
for line in open(sys.argv[1]):
    contact, t = line.split()
    sent[contact] = float(t)
contact_of, reserved = {}, {}
for line in open(sys.argv[2]):
    o = json.loads(line)
    if o.get("dir") == "in" and o.get("type") == "NEW_TASK" and o.get("contact") in sent:
        contact_of[o["dlg"]] = o["contact"]
    elif o.get("dir") == "out" and o.get("type") == "DO_THIS_WITH_TASK" and o.get("dlg") in contact_of:
        reserved[contact_of[o["dlg"]]] = o["t"]
ms = sorted((reserved[c] - sent[c]) * 1000 for c in reserved)
if len(ms) != len(sent):
    sys.exit("only %d of %d tasks were reserved" % (len(ms), len(sent)))
load = json.load(open(sys.argv[3]))
pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
print("%d tasks at %s/s (sent at %s/s, schedule lag p99 %s ms): create-to-reserved p50 %.3f ms, p99 %.3f ms, "
      "max %.3f ms (create answered: p99 %s ms)"
      % (len(ms), load["rate"], load["create_rate_per_s"], load["lag_ms"]["p99"], pick(0.5), pick(0.99), ms[-1],
         load["create_latency_ms"]["p99"]))
PY
)
final_routed=$(mr_field routed)
final_sent=$(mr_field sent)
discarded=$(mr_field discarded)
if [ "$final_routed" != "$final_sent" ] || [ "$discarded" != 0 ]; then
  echo "not every task was reserved: sent $final_sent, routed $final_routed, discarded $discarded" >&2
  exit 1
fi
rev=${BENCH_REV:-$(git -C "$repo_root" rev-parse --short HEAD)}
summary="tasks reserved/s: $tput (created $created1 in ${duration_s}s, drained in ${elapsed%.*}s); $latency"
echo "$summary"
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ): end to end through mrpg-sim"
  echo "$summary. Command: \`bench/mr/run.sh\` (DURATION_S=$duration_s CONNECTIONS=$connections RATE=$rate AGENTS=$agents HANDLE=$handle THREADS=$threads) at $rev; load average (1, 5, 15 min) before phase 2 $load_before, after $load_after."
} >>"$here/results.md"
