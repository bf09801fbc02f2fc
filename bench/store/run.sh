#!/usr/bin/env bash
# What durability costs on the chat message path: the same smfront (one
# thread) with the memory store and with SQLite (server.store_sync "full":
# every commit synced to disk; and "process": every commit in the file before
# its answer, safe from kill -9 but not from power loss), side by side in one
# run, on loopback. wrk alternates PUT /ccp/chat (a customer message, committed before
# its 200) and GET /ccp/chat (a poll of a caught-up widget) over the cookies of
# CHATS live chats; rounds alternate between the two servers so drift in
# machine load hits both alike.
# Targets: SQLite keeps at least 0.85 of the memory store's throughput and adds
# at most 2 ms to p99, both taken from the medians of the rounds.
# Prints the figures and appends them to bench/store/results.md.
#   bench/store/run.sh                        # about 1.5 minutes
#   ROUNDS=1 DURATION=5s bench/store/run.sh
# Other knobs: CONNECTIONS (wrk, 50), CHATS (2000: enough that no chat reaches
# limits.messages_per_chat in three rounds). SMFRONT_BIN picks the
# server (default build/server/smfront); BENCH_REV names the revision it was
# built from when that is not the work tree's HEAD.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$here/../lib/common.sh"

rounds=${ROUNDS:-3}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-50}
chats=${CHATS:-2000}
feed_id=100000

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
require_tools
smload_bin=$(smload_path)
raise_fd_limit $((connections * 2 + 256))
work=$(mktemp -d /tmp/smfront-bench.XXXXXX)
trap 'bench_cleanup; rm -rf "$work"' EXIT

verdict() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {ok = (op == "<=") ? v <= l : v >= l; print ok ? "met" : "MISSED"}'; }

quiet_feed='"feeds": [{"name": "Bench chat", "type": "chat", "chat_join_timeout_s": 86400, "chat_inactivity_timeout_s": 86400}]'
stores=(memory sqlite-full sqlite-process)
declare -A port
declare -A server_json=(
  [memory]='"store": "memory"'
  [sqlite-full]='"store": "sqlite", "store_sync": "full"'
  [sqlite-process]='"store": "sqlite", "store_sync": "process"')
for store in "${stores[@]}"; do
  mkdir -p "$work/$store"
  start_smfront "$work/$store" 1 "$quiet_feed" "${server_json[$store]}"
  port[$store]=$smfront_http_port
  out=$("$smload_bin" create --port "${port[$store]}" --chats "$chats" --feed "$feed_id" \
    --connections 10 --cookies-out "$work/$store/cookies")
  if [ "$(json_field "$out" failed)" != 0 ]; then
    echo "could not create the chats on the $store store: $out" >&2
    exit 1
  fi
done
for store in "${stores[@]}"; do
  kind=$(curl -s "http://127.0.0.1:${port[$store]}/ccp/status" | sed -E 's/.*"store":\{"kind":"([a-z]+)".*/\1/')
  [ "$kind" = "${store%%-*}" ] || { echo "the $store server reports store $kind" >&2; exit 1; }
done

cat >"$work/message.lua" <<'LUA'
-- A customer message, then a poll of a widget that has seen everything, in
-- turn over the live sessions.
local cookies = {}
for line in io.lines(os.getenv("CHAT_COOKIES")) do
  if #line > 0 then cookies[#cookies + 1] = "JSESSIONID=" .. line end
end
assert(#cookies > 0, "no cookies")
local n, put = 0, false
function request()
  put = not put
  if put then
    n = n % #cookies + 1
    return wrk.format("PUT", "/ccp/chat", {["Cookie"] = cookies[n], ["Content-Type"] = "application/xml"},
      "<Message><body>How long until my order ships?</body></Message>")
  end
  return wrk.format("GET", "/ccp/chat?eventid=2000000000", {["Cookie"] = cookies[n]})
end
LUA

echo "$rounds round(s) of $duration, $connections connections, $chats chats per server"
declare -A rates p99s
rows=()
for r in $(seq "$rounds"); do
  for store in "${stores[@]}"; do
    read -r rate p99 < <(CHAT_COOKIES="$work/$store/cookies" \
      wrk_rate "http://127.0.0.1:${port[$store]}/ccp/chat" "$duration" "$connections" -s "$work/message.lua")
    echo "round $r $store: $rate req/s, p99 $p99 ms"
    rows+=("| $r | $store | $rate | $p99 |")
    rates[$store]+="$rate "
    p99s[$store]+="$p99 "
  done
done
# The median of the rounds: one round disturbed by something else on the machine
# (a p99 of 40 ms in one memory round has happened) would otherwise decide the verdict.
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
summary=()
for store in sqlite-full sqlite-process; do
  ratio=$(awk -v s="$(median "${rates[$store]}")" -v m="$(median "${rates[memory]}")" 'BEGIN {printf "%.2f", s / m}')
  added=$(awk -v s="$(median "${p99s[$store]}")" -v m="$(median "${p99s[memory]}")" 'BEGIN {printf "%.2f", s - m}')
  line="$store keeps $ratio of the memory store's throughput ($(verdict "$ratio" '>=' 0.85), target >= 0.85) and adds $added ms to p99 ($(verdict "$added" '<=' 2), target <= 2 ms); medians of $rounds rounds."
  echo "$line"
  summary+=("$line")
done

rev=${BENCH_REV:-$(git -C "$repo_root" rev-parse --short HEAD)$(git -C "$repo_root" diff --quiet || echo "+changes")}
{
  echo
  echo "## $(date -u +%Y-%m-%d) at $rev"
  echo "Machine: $(machine_line); load before the run: $load_before."
  echo "Command: \`ROUNDS=$rounds DURATION=$duration CONNECTIONS=$connections CHATS=$chats bench/store/run.sh\`"
  echo
  echo "| round | store | req/s | p99 ms |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  printf '%s\n' "${summary[@]}"
} >>"$here/results.md"
