#!/usr/bin/env bash
# Good traffic under attack, on loopback: one smfront (one thread), a steady
# customer chat load from tools/smload, and the attacks of bench/abuse/attacks.py
# all at once beside it. Runs the good load twice, alone and under attack, and
# records for each attack what the attacker got, and for the good traffic its
# p99 and errors, and the server's RSS and CPU.
# Targets: the good traffic's p99 under attack within 2x of its p99 alone, and
# no good request lost (every poll answered 200). A control run beside a busy loop
# at the attackers' priority on their core (the load tool's core too) shows what
# sharing that core alone costs the measurement.
#   bench/abuse/run.sh                       # about 1.5 minutes
#   DURATION_S=10 CHATS=500 bench/abuse/run.sh
# Other knobs: INTERVAL_MS (1000), POOL (100), ATTACKS (all of attacks.py: a list to
# run only some, e.g. ATTACKS="search-all chat-flood"). SMFRONT_BIN picks the server
# (default build/server/smfront); SMLOAD_BIN the load client.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$here/../lib/common.sh"
trap bench_cleanup EXIT

duration_s=${DURATION_S:-20}
chats=${CHATS:-1000}
interval_ms=${INTERVAL_MS:-1000}
pool=${POOL:-100}
attacks=${ATTACKS:-big-chat chat-flood message-flood basic-guess search-all idle-connections bosh-unauthenticated sasl-guess mr-flood}
feed_id=100000
command -v python3 >/dev/null || { echo "python3 is missing: run scripts/install-deps.sh test" >&2; exit 2; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
require_tools
smload_bin=$(smload_path)
raise_fd_limit 8192
work=$(mktemp -d /tmp/smfront-abuse.XXXXXX)
trap 'bench_cleanup; rm -rf "$work"' EXIT

start_smfront "$work" 1 '"feeds": [{"name": "Abuse chat", "type": "chat", "chat_join_timeout_s": 86400, "chat_inactivity_timeout_s": 86400}],
 "users": [{"name": "admin", "password": "secret", "roles": ["admin"]}, {"name": "agent1", "password": "agent-pass", "roles": ["agent"]}],
 "routing": "mr", "mr": {"allowed_peers": ["127.0.0.1"]},
 "bosh": {"allow_plain_cleartext": true}'
http_port=$smfront_http_port
# The server gets a core of its own, and the load tool and the attackers share the others:
# in a real attack they run on other machines, and what is measured is the harm the server's
# own handling of them does to the good traffic, not how the scheduler shares two cores.
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  taskset -a -pc 0 "$smfront_pid" >/dev/null
  taskset -pc "1-$(($(nproc) - 1))" $$ >/dev/null
  pinning="server on CPU 0, load and attackers on CPU 1-$(($(nproc) - 1))"
else
  pinning="no CPU pinning"
fi
bosh_port=$(smfront_port bosh)
mr_port=$(smfront_port mr)
echo "smfront pid $smfront_pid: http $http_port, bosh $bosh_port, mr $mr_port"

# The good customers' chats exist before any attacker arrives.
created=$("$smload_bin" create --port "$http_port" --chats "$chats" --feed "$feed_id" --connections 20 \
  --cookies-out "$work/good.cookies")
[ "$(json_field "$created" failed)" = 0 ] || { echo "could not create the good chats: $created" >&2; exit 1; }

# good_load -> one smload summary line: every chat polls once per interval.
good_load() {
  "$smload_bin" chat-hold --port "$http_port" --cookies "$work/good.cookies" --interval-ms "$interval_ms" \
    --duration-s "$duration_s" --connections "$pool"
}

# measure NAME COMMAND... -> runs the command while sampling smfront; sets
# m_line (its output), m_cpu (server CPU seconds), m_rss_max (KiB).
measure() {
  local cpu_before sample
  cpu_before=$(cpu_seconds "$smfront_pid")
  m_rss_max=$(rss_kib "$smfront_pid")
  "$@" >"$work/measure.out" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sample=$(rss_kib "$smfront_pid" 2>/dev/null || echo 0)
    [ "$sample" -gt "$m_rss_max" ] && m_rss_max=$sample
    sleep 0.2  # sampling interval of the RSS
  done
  wait "$pid"
  m_line=$(cat "$work/measure.out")
  m_cpu=$(awk -v a="$cpu_before" -v b="$(cpu_seconds "$smfront_pid")" 'BEGIN {printf "%.2f", b - a}')
}

lost() { # smload line -> polls not answered 200
  local line=$1
  echo $(( $(json_field "$line" non_200) + $(json_field "$line" transport_errors) + $(json_field "$line" unanswered) + $(json_field "$line" unsent) ))
}

echo "good traffic alone: $chats chats polling every $interval_ms ms for $duration_s s"
measure good_load
base_line=$m_line base_cpu=$m_cpu base_rss=$m_rss_max
base_p99=$(json_field "$base_line" latency_ms.p99)
echo "  $base_line"

# The control: the good load beside a busy loop at the attackers' priority on their core,
# which is the load tool's core too. It makes the server do nothing more, so what it adds to
# the p99 is what sharing that core costs the measurement; the attack's p99 over this one is
# the part the server's handling of the attacks adds.
control_load() {
  chrt --idle 0 sh -c 'while :; do :; done' &
  local hog=$!
  bench_pids+=("$hog")
  good_load
  kill "$hog"
}
echo "good traffic beside an idle-priority busy loop on the load's core (the control)"
measure control_load
control_line=$m_line control_cpu=$m_cpu control_rss=$m_rss_max
control_p99=$(json_field "$control_line" latency_ms.p99)
echo "  $control_line"

# attack_all -> runs every attack (niced: the attackers share this machine's two
# cores with the server, and their own CPU use is not the server's doing)
# beside the good load; prints the good load's line, the attackers' lines go to
# attacks.out.
attack_all() {
  local pids=() attack source=10
  local attacker=(chrt --idle 0 python3 "$here/attacks.py" --host 127.0.0.1 --duration-s "$duration_s")
  # Each attacker from its own loopback address, 127.0.1.x; the good customers come from
  # 127.0.0.1 .. 127.0.0.POOL (smload spreads its connections over as many addresses).
  # (The address is counted here: a background command expands its words in its own subshell.)
  for attack in $attacks; do
    source=$((source + 1))
    case $attack in
      bosh-unauthenticated | sasl-guess)
        "${attacker[@]}" "$attack" --source "127.0.1.$source" --port "$bosh_port" >>"$work/attacks.out" & ;;
      mr-flood)  # from the PG's own address: the MR door admits no other
        "${attacker[@]}" mr-flood --source 127.0.0.1 --port "$mr_port" >>"$work/attacks.out" & ;;
      *)
        "${attacker[@]}" "$attack" --source "127.0.1.$source" --port "$http_port" --feed "$feed_id" \
          >>"$work/attacks.out" & ;;
    esac
    pids+=($!)
  done
  bench_pids+=("${pids[@]}")
  good_load
  for attack in "${pids[@]}"; do wait "$attack" || echo "an attacker failed (pid $attack)" >&2; done
}

echo "good traffic under attack"
: >"$work/attacks.out"
measure attack_all
attack_line=$m_line attack_cpu=$m_cpu attack_rss=$m_rss_max
attack_p99=$(json_field "$attack_line" latency_ms.p99)
echo "  $attack_line"
cat "$work/attacks.out"
if ! kill -0 "$smfront_pid" 2>/dev/null; then
  echo "smfront died under attack:" >&2
  tail -20 "$work/smfront.log" >&2
  exit 1
fi

ratio=$(awk -v a="$attack_p99" -v b="$base_p99" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
p99_verdict=$(awk -v r="$ratio" 'BEGIN {print r <= 2 ? "met" : "MISSED"}')
control_ratio=$(awk -v a="$attack_p99" -v b="$control_p99" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
base_lost=$(lost "$base_line")
attack_lost=$(lost "$attack_line")
loss_verdict=$([ "$attack_lost" = 0 ] && [ "$base_lost" = 0 ] && echo met || echo MISSED)

rev=${BENCH_REV:-$(git -C "$repo_root" rev-parse --short HEAD)$(git -C "$repo_root" diff --quiet || echo "+changes")}
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) $rev"
  echo
  echo "\`DURATION_S=$duration_s CHATS=$chats INTERVAL_MS=$interval_ms POOL=$pool${ATTACKS:+ ATTACKS=\"$attacks\"} bench/abuse/run.sh\`; $(machine_line); $pinning; load before $load_before"
  echo
  echo "| good traffic | p99 ms | lost | server CPU s | server RSS max MiB |"
  echo "|---|---|---|---|---|"
  echo "| alone | $base_p99 | $base_lost | $base_cpu | $((base_rss / 1024)) |"
  echo "| beside a busy loop on the load's core (control) | $control_p99 | $(lost "$control_line") | $control_cpu | $((control_rss / 1024)) |"
  echo "| under attack | $attack_p99 | $attack_lost | $attack_cpu | $((attack_rss / 1024)) |"
  echo
  echo "p99 under attack / alone: **$ratio** (target <= 2: $p99_verdict); under attack / control: $control_ratio; good polls lost: $attack_lost (target 0: $loss_verdict)"
  echo
  echo "| attack | what the attacker got |"
  echo "|---|---|"
  sed -E 's/^\{"attack": "([^"]+)", (.*)\}$/| \1 | \2 |/' "$work/attacks.out"
} | tee -a "$here/results.md"
