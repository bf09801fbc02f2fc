#!/usr/bin/env bash
# Customer chat polling on smfront (one thread), on loopback, in two parts:
#  1. poll rate: wrk polls GET /ccp/chat?eventid=1 rotating through the cookies
#     of POLL_CHATS live chats, against nginx with one worker (`return 200`),
#     alternating rounds, same wrk settings as bench/http-baseline.
#     Target: at least 0.70 of nginx.
#  2. hold: tools/smload creates CHATS chats and has each poll every
#     INTERVAL_MS for HOLD_S seconds over POOL keep-alive connections.
#     Targets: RSS per chat <= 8 KiB, poll p99 < 10 ms, no answer but 200.
# Prints the figures and appends them to bench/chat-poll/results.md.
#   bench/chat-poll/run.sh                                # about 2.5 minutes
#   ROUNDS=1 DURATION=5s CHATS=2000 HOLD_S=15 bench/chat-poll/run.sh
# Other knobs: CONNECTIONS (wrk, 50), POLL_CHATS (200), INTERVAL_MS (2000),
# POOL (500), CREATE_CONNECTIONS (20). SMFRONT_BIN picks the server (default
# build/server/smfront); SMLOAD_BIN the load client (default tools/smload/smload
# in the same build tree, built if missing). BENCH_REV names the revision
# SMFRONT_BIN was built from when that is not the work tree's HEAD.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$here/../lib/common.sh"
trap bench_cleanup EXIT

rounds=${ROUNDS:-3}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-50}
poll_chats=${POLL_CHATS:-200}
chats=${CHATS:-10000}
hold_s=${HOLD_S:-60}
interval_ms=${INTERVAL_MS:-2000}
pool=${POOL:-500}
create_connections=${CREATE_CONNECTIONS:-20}
feed_id=100000  # the first feed of the configuration

# The machine may be shared; the load before the run helps read noisy figures.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
require_tools
smload_bin=$(smload_path)
# Each pooled connection is a descriptor in smload and in smfront.
raise_fd_limit $((pool + connections + 256))
work=$(mktemp -d /tmp/smfront-bench.XXXXXX)
trap 'bench_cleanup; rm -rf "$work"' EXIT


# pass VALUE OP LIMIT -> "met" or "MISSED"
verdict() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {ok = (op == "<=") ? v <= l : (op == "<") ? v < l : v >= l; print ok ? "met" : "MISSED"}'; }

nginx_port=$(free_port)
start_nginx "$work" "$nginx_port"
# A quiet chat feed: chats neither time out nor get an agent during the run.
start_smfront "$work" 1 '"feeds": [{"name": "Bench chat", "type": "chat", "chat_join_timeout_s": 86400, "chat_inactivity_timeout_s": 86400}]'
echo "nginx on $nginx_port, smfront on $smfront_http_port (pid $smfront_pid)"

# Part 1: poll rate against nginx.
create_out=$("$smload_bin" create --port "$smfront_http_port" --chats "$poll_chats" --feed "$feed_id" \
  --connections "$create_connections" --cookies-out "$work/poll.cookies")
if [ "$(json_field "$create_out" failed)" != 0 ]; then
  echo "could not create the chats to poll: $create_out" >&2
  exit 1
fi
cat >"$work/poll.lua" <<'LUA'
-- Polls the customer chat events, one request per live session in turn.
local cookies = {}
for line in io.lines(os.getenv("POLL_COOKIES")) do
  if #line > 0 then cookies[#cookies + 1] = "JSESSIONID=" .. line end
end
assert(#cookies > 0, "no cookies")
local n = 0
function request()
  n = n % #cookies + 1
  return wrk.format("GET", "/ccp/chat?eventid=1", {["Cookie"] = cookies[n]})
end
LUA
export POLL_COOKIES=$work/poll.cookies
echo "part 1: $poll_chats chats polled; $rounds round(s) of $duration, $connections connections"
# Alternate the two so drift in machine load hits both alike. wrk_rate exits
# when wrk saw any non-2xx answer, which a command substitution passes on.
sum_n=0 sum_s=0
rows=()
for r in $(seq "$rounds"); do
  out=$(wrk_rate "http://127.0.0.1:$nginx_port/" "$duration" "$connections")
  read -r n_rate n_p99 <<<"$out"
  out=$(wrk_rate "http://127.0.0.1:$smfront_http_port/ccp/chat?eventid=1" "$duration" "$connections" -s "$work/poll.lua")
  read -r s_rate s_p99 <<<"$out"
  echo "round $r: nginx $n_rate req/s (p99 $n_p99 ms), smfront poll $s_rate req/s (p99 $s_p99 ms)"
  rows+=("| $r | $n_rate | $n_p99 | $s_rate | $s_p99 |")
  sum_n=$(awk -v a="$sum_n" -v b="$n_rate" 'BEGIN {print a + b}')
  sum_s=$(awk -v a="$sum_s" -v b="$s_rate" 'BEGIN {print a + b}')
done
ratio=$(awk -v s="$sum_s" -v n="$sum_n" 'BEGIN {printf "%.2f", s / n}')
ratio_verdict=$(verdict "$ratio" ">=" 0.70)
echo "smfront poll / nginx = $ratio (target >= 0.70: $ratio_verdict)"

# Part 2: hold many chats. RSS is read with no connection open, before and
# after the chats are made, so the difference is the chats' own memory.
echo "part 2: $chats chats, each polling every $interval_ms ms for $hold_s s over $pool connections"
rss_before=$(rss_kib "$smfront_pid")
create_out=$("$smload_bin" create --port "$smfront_http_port" --chats "$chats" --feed "$feed_id" \
  --connections "$create_connections" --cookies-out "$work/hold.cookies")
echo "created: $create_out"
if [ "$(json_field "$create_out" failed)" != 0 ]; then
  echo "could not create the chats to hold" >&2
  exit 1
fi
rss_created=$(rss_kib "$smfront_pid")
hold_out=$("$smload_bin" chat-hold --port "$smfront_http_port" --cookies "$work/hold.cookies" \
  --interval-ms "$interval_ms" --duration-s "$hold_s" --connections "$pool")
echo "held: $hold_out"
rss_held=$(rss_kib "$smfront_pid")
bytes_per_chat=$(awk -v a="$rss_created" -v b="$rss_before" -v n="$chats" 'BEGIN {printf "%.0f", (a - b) * 1024 / n}')
rss_verdict=$(verdict "$bytes_per_chat" "<=" 8192)
p50=$(json_field "$hold_out" latency_ms.p50)
p99=$(json_field "$hold_out" latency_ms.p99)
p99_verdict=$(verdict "$p99" "<" 10)
rate=$(json_field "$hold_out" rate_per_s)
lag_p99=$(json_field "$hold_out" lag_ms.p99)
non_200=$(json_field "$hold_out" non_200)
transport_errors=$(json_field "$hold_out" transport_errors)
unanswered=$(json_field "$hold_out" unanswered)
unsent=$(json_field "$hold_out" unsent)
failed=$((transport_errors + unanswered + unsent))
errors_verdict=MISSED
if [ "$non_200" = 0 ] && [ "$failed" = 0 ]; then errors_verdict=met; fi
echo "RSS $rss_before -> $rss_created KiB after $chats chats ($bytes_per_chat bytes per chat, target <= 8192: $rss_verdict); $rss_held KiB after the hold"
echo "polls $rate/s, latency p50 $p50 ms, p99 $p99 ms (target < 10: $p99_verdict); non-200 $non_200, unanswered or failed $failed ($errors_verdict)"

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ): poll ratio $ratio, $bytes_per_chat B/chat, p99 $p99 ms, non-200 $non_200"
  echo "Command: \`${SMFRONT_BIN:+SMFRONT_BIN=$SMFRONT_BIN }${BENCH_REV:+BENCH_REV=$BENCH_REV }${SMLOAD_BIN:+SMLOAD_BIN=$SMLOAD_BIN }ROUNDS=$rounds DURATION=$duration CONNECTIONS=$connections POLL_CHATS=$poll_chats CHATS=$chats HOLD_S=$hold_s INTERVAL_MS=$interval_ms POOL=$pool CREATE_CONNECTIONS=$create_connections bench/chat-poll/run.sh\`"
  echo "at ${BENCH_REV:-$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)}; machine: $(machine_line); load average before the run: $load_before."
  echo "smfront: 1 thread, access log off, one chat feed, no agents. nginx $(nginx -v 2>&1 | sed 's/.*\///'): 1 worker, return 200, access log off."
  echo
  echo "Poll rate: wrk -t1 -c$connections -d$duration, GET /ccp/chat?eventid=1 over $poll_chats sessions vs nginx \`return 200\`."
  echo "Ratio $ratio, target >= 0.70: **$ratio_verdict**."
  echo
  echo "| round | nginx req/s | nginx p99 ms | smfront poll req/s | smfront p99 ms |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Hold: $chats chats, one poll each every $interval_ms ms for $hold_s s over $pool keep-alive connections (smload)."
  echo
  echo "| figure | value | target |"
  echo "|---|---|---|"
  echo "| RSS before / after creating / after the hold | $rss_before / $rss_created / $rss_held KiB | |"
  echo "| RSS per chat | $bytes_per_chat B | <= 8192 B: **$rss_verdict** |"
  echo "| polls answered | $rate /s | |"
  echo "| poll latency p50 / p99 | $p50 / $p99 ms | p99 < 10 ms: **$p99_verdict** |"
  echo "| client lag p99 (due to sent) | $lag_p99 ms | |"
  echo "| non-200 answers / failed or unanswered | $non_200 / $failed | 0: **$errors_verdict** |"
  echo
  echo "smload: \`$hold_out\`"
} >>"$here/results.md"
