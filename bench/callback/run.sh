#!/usr/bin/env bash
# Web callbacks on smfront (one thread), on loopback: tools/smload creates
# RATE callbacks a second for DURATION_S seconds (open loop) on a callback feed
# served by AGENTS virtual agents, each holding AGENT_TASK_LIMIT callbacks and
# finishing one HANDLE_MS after it is assigned; every callback is polled every
# POLL_INTERVAL_MS until it says handled, or DEADLINE_S after the last create.
# Every callback must reach handled: the script exits 1 and says so otherwise.
# Prints requests/s and p99 latencies and appends them to bench/callback/results.md.
#   bench/callback/run.sh                               # about 65 s
#   RATE=100 DURATION_S=10 bench/callback/run.sh
# Knobs: RATE (300), DURATION_S (60), AGENTS (8), HANDLE_MS (50),
# AGENT_TASK_LIMIT (4), CONNECTIONS (50), POLL_INTERVAL_MS (20), DEADLINE_S (30).
# SMFRONT_BIN picks the server (default build/server/smfront); SMLOAD_BIN the
# load client (default tools/smload/smload in the same build tree, built if
# missing). BENCH_REV names the revision SMFRONT_BIN was built from when that
# is not the work tree's HEAD.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$here/../lib/common.sh"
trap bench_cleanup EXIT

rate=${RATE:-300}
duration_s=${DURATION_S:-60}
agents=${AGENTS:-8}
handle_ms=${HANDLE_MS:-50}
task_limit=${AGENT_TASK_LIMIT:-4}
connections=${CONNECTIONS:-50}
poll_interval_ms=${POLL_INTERVAL_MS:-20}
deadline_s=${DEADLINE_S:-30}
feed_id=100000  # the first feed of the configuration

# The machine may be shared; the load before the run helps read noisy figures.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if [ ! -x "$smfront_bin" ]; then
  "$repo_root/scripts/build.sh"
fi
smload_bin=$(smload_path)
# The agents must keep up, or the queue grows for the whole run and what is
# measured is a backlog, not the API.
capacity=$((agents * task_limit * 1000 / (handle_ms > 0 ? handle_ms : 1)))
if [ "$handle_ms" -gt 0 ] && [ "$rate" -gt "$capacity" ]; then
  echo "RATE=$rate is more than $agents agents x $task_limit callbacks / $handle_ms ms = $capacity a second can handle;" \
    "raise AGENTS or AGENT_TASK_LIMIT" >&2
  exit 2
fi
raise_fd_limit $((connections + 256))
work=$(mktemp -d /tmp/smfront-bench.XXXXXX)
trap 'bench_cleanup; rm -rf "$work"' EXIT


# json_object JSON KEY -> the flat object at that key, e.g. {"404":3}
json_object() { sed -nE "s/.*\"$2\":(\\{[^}]*\\}).*/\\1/p" <<<"$1"; }

# A callback feed and the virtual agents that handle it.
agent_list=""
for i in $(seq "$agents"); do
  agent_list+="${agent_list:+, }{\"name\": \"va$i\", \"handle_ms\": $handle_ms, \"greeting\": \"\"}"
done
start_smfront "$work" 1 '"feeds": [{"name": "Callbacks", "type": "callback"}], '"\"agent_task_limit\": $task_limit, \"virtual_agents\": [$agent_list]"
echo "smfront on $smfront_http_port (pid $smfront_pid): $agents virtual agents, $task_limit callbacks each, handle $handle_ms ms (capacity $capacity/s)"
echo "$rate callbacks/s for $duration_s s, each polled every $poll_interval_ms ms until handled, over $connections connections"
rss_before=$(rss_kib "$smfront_pid")
smload_command=("$smload_bin" callback --port "$smfront_http_port" --feed "$feed_id" --rate "$rate"
  --duration-s "$duration_s" --connections "$connections" --poll-interval-ms "$poll_interval_ms"
  --deadline-s "$deadline_s")
out=$("${smload_command[@]}")
rss_after=$(rss_kib "$smfront_pid")
kill -0 "$smfront_pid" 2>/dev/null || { echo "smfront died during the run:" >&2; cat "$work/smfront.log" >&2; exit 1; }
echo "smload: $out"

due=$(json_field "$out" creates_due)
created=$(json_field "$out" callbacks_created)
handled=$(json_field "$out" callbacks_handled)
unfinished=$(json_field "$out" callbacks_unfinished)
lost=$(json_field "$out" callbacks_404)
rate_per_s=$(json_field "$out" rate_per_s)
create_rate=$(json_field "$out" create_rate_per_s)
poll_rate=$(json_field "$out" poll_rate_per_s)
create_p50=$(json_field "$out" create_latency_ms.p50)
create_p99=$(json_field "$out" create_latency_ms.p99)
create_max=$(json_field "$out" create_latency_ms.max)
poll_p50=$(json_field "$out" poll_latency_ms.p50)
poll_p99=$(json_field "$out" poll_latency_ms.p99)
poll_max=$(json_field "$out" poll_latency_ms.max)
lag_p99=$(json_field "$out" lag_ms.p99)
handled_p50=$(json_field "$out" handled_after_ms.p50)
handled_p99=$(json_field "$out" handled_after_ms.p99)
handled_max=$(json_field "$out" handled_after_ms.max)
transport_errors=$(json_field "$out" transport_errors)
unanswered=$(json_field "$out" unanswered)
unsent=$(json_field "$out" unsent)
non_2xx=$(json_object "$out" non_2xx)
smfront_log_lines=$(wc -l <"$work/smfront.log")

verdict="all $due handled"
ok=1
if [ "$handled" != "$due" ]; then
  ok=0
  verdict="NOT ALL HANDLED: $handled of $due callbacks handled ($created created, $unfinished unfinished at the deadline, $lost answered 404)"
fi
echo "requests $rate_per_s/s ($create_rate creates/s + $poll_rate polls/s)"
echo "create latency p50 $create_p50 ms, p99 $create_p99 ms, max $create_max ms; poll latency p50 $poll_p50 ms, p99 $poll_p99 ms, max $poll_max ms"
echo "create to handled p50 $handled_p50 ms, p99 $handled_p99 ms; non-2xx $non_2xx, transport errors $transport_errors"
echo "RSS $rss_before -> $rss_after KiB; smfront log: $smfront_log_lines line(s) at warn"
echo "$verdict"

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ): $rate_per_s req/s, p99 create $create_p99 ms / poll $poll_p99 ms, $handled of $due handled"
  echo "Command: \`${SMFRONT_BIN:+SMFRONT_BIN=$SMFRONT_BIN }${BENCH_REV:+BENCH_REV=$BENCH_REV }${SMLOAD_BIN:+SMLOAD_BIN=$SMLOAD_BIN }RATE=$rate DURATION_S=$duration_s AGENTS=$agents HANDLE_MS=$handle_ms AGENT_TASK_LIMIT=$task_limit CONNECTIONS=$connections POLL_INTERVAL_MS=$poll_interval_ms DEADLINE_S=$deadline_s bench/callback/run.sh\`"
  echo "at ${BENCH_REV:-$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)}; machine: $(machine_line); load average before the run: $load_before."
  echo "smfront: 1 thread, access log off, log level warn, one callback feed, $agents virtual agents x $task_limit callbacks, handle $handle_ms ms (capacity $capacity/s)."
  echo "smload: $rate creates/s for $duration_s s, each callback polled every $poll_interval_ms ms until handled, $connections keep-alive connections."
  echo
  echo "| figure | value |"
  echo "|---|---|"
  echo "| requests answered | $rate_per_s /s ($create_rate creates + $poll_rate polls) |"
  echo "| create latency p50 / p99 / max | $create_p50 / $create_p99 / $create_max ms |"
  echo "| poll latency p50 / p99 / max | $poll_p50 / $poll_p99 / $poll_max ms |"
  echo "| client lag p99 (due to sent) | $lag_p99 ms |"
  echo "| create to handled seen, p50 / p99 / max | $handled_p50 / $handled_p99 / $handled_max ms |"
  echo "| callbacks handled / due | $handled / $due: **$([ "$ok" = 1 ] && echo all || echo NOT ALL)** |"
  echo "| unfinished at the deadline / answered 404 | $unfinished / $lost |"
  echo "| non-2xx / transport errors / unanswered / unsent | $non_2xx / $transport_errors / $unanswered / $unsent |"
  echo "| smfront RSS before / after | $rss_before / $rss_after KiB |"
  echo
  echo "smload: \`$out\`"
} >>"$here/results.md"

[ "$ok" = 1 ] || { echo "FAILED: $verdict" >&2; exit 1; }
