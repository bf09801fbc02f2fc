#!/usr/bin/env bash
# BOSH sessions and pubsub fan-out: smfront's BOSH door against Prosody's mod_bosh, on
# loopback, in one run, with the same load client (tools/boshload).
#
# Each server gets N users and the client opens one authenticated session per user:
# create, SASL (PLAIN unless MECHANISM is set), restart, bind, session, initial presence,
# then one held request (hold=1, wait=60). Then every session subscribes to a pubsub node
# and ITEMS items are fanned out, one at a time:
#   smfront  a chat contact created through POST /ccp/chat; every subscriber of
#            ccp.contacts.chat on pubsub.localhost gets its item
#   Prosody  a publisher session (an admin) publishes to node "bench" on pubsub.localhost
# Measured per server: setup rate (sessions/s), RSS per session (server RSS after setup
# minus before, over N; and from half the sessions to all of them, over N/2, which no
# baseline effect reaches: memory freed at start and reused by the first sessions),
# fan-out latency per delivery (p50/p99/max) and until the last of N.
# Targets at N = 10,000: <= 8 KiB per session, >= 5x Prosody's setup rate, fan-out p99 < 50 ms.
#
#   bench/bosh/run.sh                 # N=1000
#   N=10000 ITEMS=5 bench/bosh/run.sh
# Knobs: N (1000), ITEMS (5), MECHANISM (PLAIN), CONCURRENCY (100, logins in flight),
# SMFRONT_THREADS (1: Prosody runs on one core too), ONLY (smfront|prosody),
# SETTLE_MS (2000), TIMEOUT_S (180). SMFRONT_BIN / BOSHLOAD_BIN pick the binaries
# (default build/server/smfront and tools/boshload/boshload in the same build tree).
# After the servers, tools/boshload/boshfloor repeats the fan-out on raw loopback sockets
# (no HTTP, no XML, answers of smfront's size): what system calls and TCP alone cost on
# this machine, the floor under any BOSH server's fan-out figure (FLOOR=0 skips it).
# Every process started here is stopped by its pid. Prints a table and appends it to
# bench/bosh/results.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$here/../lib/common.sh"

n=${N:-1000}
items=${ITEMS:-5}
mechanism=${MECHANISM:-PLAIN}
concurrency=${CONCURRENCY:-100}
threads=${SMFRONT_THREADS:-1}
only=${ONLY:-}
settle_ms=${SETTLE_MS:-2000}
timeout_s=${TIMEOUT_S:-180}
password=secret

command -v prosody >/dev/null || { echo "prosody is missing: run scripts/install-deps.sh test" >&2; exit 2; }
build_dir=$(cd "$(dirname "$smfront_bin")/.." && pwd)
boshload_bin=${BOSHLOAD_BIN:-$build_dir/tools/boshload/boshload}
[ -x "$smfront_bin" ] || cmake --build "$build_dir" --target smfront >&2
[ -x "$boshload_bin" ] || cmake --build "$build_dir" --target boshload >&2
floor_bin=$(dirname "$boshload_bin")/boshfloor
[ "${FLOOR:-1}" = 0 ] || [ -x "$floor_bin" ] || cmake --build "$build_dir" --target boshfloor >&2

# One descriptor per session in the client and in each server, plus room for the rest.
raise_fd_limit $((n + 1500))
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d /tmp/smfront-boshbench.XXXXXX)
trap 'bench_cleanup; rm -rf "$work"' EXIT

# ---- Prosody ------------------------------------------------------------------------------
# start_prosody DIR -> prosody_pid, prosody_port. Accounts are written straight into
# internal_plain's storage (one file per user), far faster than prosodyctl register.
start_prosody() {
  local dir=$1 i
  prosody_port=$(free_port)
  mkdir -p "$dir/data/localhost/accounts"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost -addext subjectAltName=DNS:localhost \
    -keyout "$dir/localhost.key" -out "$dir/localhost.crt" 2>/dev/null
  for ((i = 0; i < n; i++)); do
    printf 'return {\n\t["password"] = "%s";\n};\n' "$password" >"$dir/data/localhost/accounts/load$i.dat"
  done
  printf 'return {\n\t["password"] = "%s";\n};\n' "$password" >"$dir/data/localhost/accounts/publisher.dat"
  mkdir -p "$dir/plugins"
  cat >"$dir/plugins/mod_storage_discard.lua" <<'LUA'
-- A keyval store that keeps nothing and reports success (bench/bosh/run.sh).
local store = {};
function store:get() return nil; end
function store:set() return true; end
function store:users() return function() return nil; end; end
local driver = {};
function driver:open(_, typ)
	if typ and typ ~= "keyval" then return nil, "unsupported-datastore"; end
	return store;
end
module:provides("storage", driver);
LUA
  cat >"$dir/prosody.cfg.lua" <<LUA
pidfile = "$dir/prosody.pid"; data_path = "$dir/data"
run_as_root = true
-- Debug logging costs Prosody most of its CPU under this load: warnings only, to a file.
log = { { levels = { min = "warn" }, to = "file", filename = "$dir/prosody.log" } }
interfaces = { "127.0.0.1" }; c2s_ports = { }; s2s_ports = { }
http_ports = { $prosody_port }; http_interfaces = { "127.0.0.1" }; https_ports = { }
modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "bosh"; "posix" }
modules_disabled = { "s2s"; "c2s" }
authentication = "internal_plain"; allow_unencrypted_plain_auth = true
c2s_require_encryption = false; consider_bosh_secure = true
bosh_max_inactivity = 120
admins = { "publisher@localhost" }
-- Pubsub nodes only in memory, as smfront keeps subscriptions: Prosody serializes the whole node
-- (all N subscribers) into its node store on every subscribe, even into the memory store, which
-- makes subscribing N sessions O(N^2). The "discard" store (written below) keeps nothing and
-- says yes; the nodes live on in the pubsub service's memory.
plugin_paths = { "$dir/plugins" }
storage = { pubsub_nodes = "discard"; pubsub_data = "memory" }
VirtualHost "localhost"
  ssl = { key = "$dir/localhost.key"; certificate = "$dir/localhost.crt" }
Component "pubsub.localhost" "pubsub"
  autocreate_on_subscribe = true
LUA
  prosody -F --config "$dir/prosody.cfg.lua" >"$dir/prosody.out" 2>&1 &
  prosody_pid=$!
  bench_pids+=("$prosody_pid")
  for _ in $(seq 200); do
    curl -sf "http://127.0.0.1:$prosody_port/http-bind" >/dev/null 2>&1 && return 0
    kill -0 "$prosody_pid" 2>/dev/null || break
    sleep 0.05  # polling for readiness; Prosody prints nothing when it is up
  done
  echo "Prosody did not start:" >&2
  cat "$dir/prosody.out" "$dir/prosody.log" >&2 2>/dev/null || true
  exit 1
}

# ---- smfront ------------------------------------------------------------------------------
# start_smfront_bosh DIR -> smfront_pid, smfront_http_port, smfront_bosh_port (empty when the
# binary has no BOSH door yet).
start_smfront_bosh() {
  local dir=$1 i line
  mkdir -p "$dir/web"
  [ -f "$dir/certs/server.crt" ] || "$repo_root/certs/make-dev-certs.sh" "$dir/certs" >/dev/null
  {
    printf '{"listeners": {"bind": "127.0.0.1", "http": 0, "https": 0, "bosh": 0, "boshs": 0},\n'
    printf ' "tls": {"cert": "%s", "key": "%s"},\n' "$dir/certs/server.crt" "$dir/certs/server.key"
    printf ' "xmpp_domain": "localhost",\n'
    printf ' "server": {"threads": %d, "web_root": "%s", "data_dir": "%s"},\n' "$threads" "$dir/web" "$dir/data"
    printf ' "http": {"max_connections": %d},\n' $((n + 1000))
    # Loopback only, and the load client logs in with PLAIN unless MECHANISM says otherwise.
    printf ' "bosh": {"allow_plain_cleartext": true},\n'
    printf ' "log": {"level": "warn", "access": "off"},\n'
    printf ' "feeds": [{"name": "Bench chat", "type": "chat", "chat_join_timeout_s": 86400, "chat_inactivity_timeout_s": 86400}],\n'
    printf ' "users": [{"name": "admin", "password": "%s", "roles": ["admin"]}' "$password"
    for ((i = 0; i < n; i++)); do printf ',\n  {"name": "load%d", "password": "%s", "roles": ["agent"]}' "$i" "$password"; done
    printf ']}\n'
  } >"$dir/smfront.json"
  # Startup derives SCRAM credentials for every user (about 2 ms of CPU each): at N = 10,000
  # on a loaded machine that alone can take well over 30 s.
  coproc SMFRONT { exec "$smfront_bin" --config "$dir/smfront.json" 2>"$dir/smfront.log"; }
  smfront_pid=$SMFRONT_PID
  bench_pids+=("$smfront_pid")
  if ! IFS= read -r -t 300 line <&"${SMFRONT[0]}"; then
    echo "smfront did not start:" >&2
    cat "$dir/smfront.log" >&2
    exit 1
  fi
  smfront_http_port=$(sed -E 's/.*"http":([0-9]+).*/\1/' <<<"$line")
  smfront_bosh_port=$(sed -nE 's/.*"bosh":([0-9]+).*/\1/p' <<<"$line")
}

# stop PID: SIGTERM, then wait for it.
stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Many agents are many clients: at most 500 sessions connect from each loopback
# address (127.0.0.1, 127.0.0.2, ...), under smfront's limits.connections_per_address.
common_args=(--sessions "$n" --user-prefix load --password "$password" --mechanism "$mechanism"
  --concurrency "$concurrency" --settle-ms "$settle_ms" --items "$items" --timeout-s "$timeout_s"
  --source-addresses $(( (n + 499) / 500 )))

prosody_out='' smfront_out='' smfront_note=''

if [ "$only" != smfront ]; then
  mkdir -p "$work/prosody"
  start_prosody "$work/prosody"
  echo "Prosody $(dpkg-query -W -f='${Version}' prosody 2>/dev/null || echo '?') on $prosody_port (pid $prosody_pid), $n accounts"
  prosody_out=$("$boshload_bin" --label prosody --url "http://127.0.0.1:$prosody_port/http-bind" \
    --server-pid "$prosody_pid" --node bench --publisher publisher "${common_args[@]}")
  echo "$prosody_out"
  stop_pid "$prosody_pid"
fi

if [ "$only" != prosody ]; then
  mkdir -p "$work/smfront"
  start_smfront_bosh "$work/smfront"
  if [ -z "$smfront_bosh_port" ]; then
    smfront_note="this smfront build has no BOSH door (its listening line names no bosh port)"
    echo "smfront: $smfront_note" >&2
  else
    feed_id=$(curl -sf -u "admin:$password" "http://127.0.0.1:$smfront_http_port/ccp-webapp/ccp/feed" |
      sed -nE 's#.*/feed/([0-9]+).*#\1#p' | head -1)
    echo "smfront on http $smfront_http_port, bosh $smfront_bosh_port (pid $smfront_pid, $threads thread(s)), feed $feed_id"
    smfront_out=$("$boshload_bin" --label smfront --url "http://127.0.0.1:$smfront_bosh_port/http-bind/" \
      --server-pid "$smfront_pid" --node ccp.contacts.chat \
      --publish-rest "http://127.0.0.1:$smfront_http_port/ccp/chat" --feed "$feed_id" "${common_args[@]}")
    echo "$smfront_out"
  fi
  stop_pid "$smfront_pid"
fi

floor_out=''
if [ "${FLOOR:-1}" != 0 ]; then
  answer_bytes=$(json_field "$smfront_out" fanout.answer_bytes 2>/dev/null || echo 1200)
  [ "${answer_bytes:-0}" -gt 0 ] 2>/dev/null || answer_bytes=1200
  floor_out=$("$floor_bin" --connections "$n" --items "$items" --answer-bytes "$answer_bytes")
  echo "floor: $floor_out"
fi

# ---- table --------------------------------------------------------------------------------
field() { [ -n "$1" ] && json_field "$1" "$2" 2>/dev/null || echo "-"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
row() {  # row LABEL KEY TARGET
  local s p
  s=$(field "$smfront_out" "$2")
  p=$(field "$prosody_out" "$2")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$s" "$p" "$(ratio "$s" "$p")" "$3"
}
table=$(
  echo "| N = $n, $mechanism, $items items | smfront | Prosody | smfront / Prosody | target |"
  echo "|---|---|---|---|---|"
  row "sessions established" established ""
  row "setup rate (sessions/s)" setup_rate ">= 5x Prosody"
  row "setup latency p99 (ms)" setup_p99_ms ""
  row "RSS per session after setup (KiB)" kib_per_session "<= 8"
  row "RSS per session, second half of setup (KiB)" kib_per_session_second_half "<= 8"
  row "RSS per subscribed session (KiB)" kib_per_subscribed_session ""
  row "fan-out p50 (ms)" fanout.p50_ms ""
  row "fan-out p99 (ms)" fanout.p99_ms "< 50"
  row "fan-out to all N, worst item (ms)" fanout.all_max_ms ""
  row "deliveries missing" fanout.missing "0"
)
floor_line=''
if [ -n "$floor_out" ]; then
  floor_line="Floor (boshfloor: raw sockets, no HTTP or XML, $(field "$floor_out" answer_bytes)-byte answers): fan-out p50 $(field "$floor_out" p50_ms) ms, p99 $(field "$floor_out" p99_ms) ms, to all N $(field "$floor_out" all_p50_ms) ms"
fi
echo
echo "$table"
[ -z "$floor_line" ] || { echo; echo "$floor_line"; }
[ -z "$smfront_note" ] || echo "smfront: $smfront_note"

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ), rev $(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "Command: \`N=$n ITEMS=$items MECHANISM=$mechanism CONCURRENCY=$concurrency SMFRONT_THREADS=$threads${ONLY:+ ONLY=$ONLY} bench/bosh/run.sh\`"
  echo "Machine: $(machine_line); load before: $load_before"
  echo
  echo "$table"
  if [ -n "$floor_line" ]; then echo; echo "$floor_line"; fi
  if [ -n "$smfront_note" ]; then echo; echo "smfront: $smfront_note"; fi
  echo
  echo "Raw: prosody \`${prosody_out:-none}\`"
  echo
  echo "Raw: smfront \`${smfront_out:-none}\`"
} >>"$here/results.md"
