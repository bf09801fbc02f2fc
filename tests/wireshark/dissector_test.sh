#!/bin/sh
# Captures a real smfront <-> mrpg-sim exchange on loopback and decodes it with
# tshark and tools/wireshark/mr_lab.lua; checks the message names and fields.
# Usage: dissector_test.sh SMFRONT MRPG_SIM SOURCE_DIR
# Exit 77 (skipped) only when capturing on lo is not permitted.
set -eu
smfront=$1 sim=$2 src=$3
work=$(mktemp -d)
pids=""
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Waits up to $3 seconds for the pattern $2 in the file $1: tail -f follows the
# file as it grows (inotify), and grep ends the wait at the first match.
wait_for() {
  if ! timeout "$3" bash -c 'grep -q -m1 -- "$2" <(tail -n +1 -F "$1" 2>/dev/null)' _ "$1" "$2"; then
    echo "timed out waiting for '$2' in $1:" >&2
    cat "$1" >&2 || true
    return 1
  fi
}

command -v tshark >/dev/null || { echo "tshark is not installed (Debian package tshark)" >&2; exit 1; }
command -v tcpdump >/dev/null || { echo "tcpdump is not installed (Debian package tcpdump)" >&2; exit 1; }

tcpdump -Z root --immediate-mode -i lo -U -w "$work/cap.pcap" tcp >"$work/tcpdump.out" 2>"$work/tcpdump.err" &
tcpdump_pid=$!
pids="$tcpdump_pid"
if ! wait_for "$work/tcpdump.err" "listening on" 10; then
  if ! kill -0 "$tcpdump_pid" 2>/dev/null; then
    echo "SKIP: capturing on lo is not permitted here: $(cat "$work/tcpdump.err")" >&2
    exit 77
  fi
  echo "tcpdump did not start" >&2
  exit 1
fi

cat >"$work/smfront.json" <<JSON
{"listeners": {"bind": "127.0.0.1", "http": 0, "https": 0, "bosh": 0, "boshs": 0, "mr": 0},
 "server": {"store": "memory", "threads": 1, "data_dir": "$work/data", "web_root": "$work"},
 "tls": {"cert": "", "key": ""},
 "routing": "mr",
 "feeds": [{"name": "Callbacks", "type": "callback"}]}
JSON
mkdir -p "$work/data/certs"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 -keyout "$work/data/certs/server.key" \
  -out "$work/data/certs/server.crt" >/dev/null 2>&1
"$smfront" --config "$work/smfront.json" >"$work/smfront.out" 2>"$work/smfront.err" &
pids="$pids $!"
smfront_pid=$!
wait_for "$work/smfront.out" '"event":"listening"' 10
http=$(sed -n 's/.*"http":\([0-9]*\).*/\1/p' "$work/smfront.out")
mr=$(sed -n 's/.*"mr":\([0-9]*\).*/\1/p' "$work/smfront.out")

"$sim" --app "127.0.0.1:$mr" --agents mary --delay 10ms --heartbeat 100ms >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
pids="$pids $sim_pid"
wait_for "$work/sim.out" '"event":"opened"' 10
curl -sS -o /dev/null -X POST -H 'Content-Type: application/xml' \
  --data '<Contact><name>Pat</name><title>Call me</title><mediaAddress>5551234</mediaAddress><variables><variable><name>cv_1</name><value>gold</value></variable><variable><name>user_account</name><value>42</value></variable></variables></Contact>' \
  "http://127.0.0.1:$http/ccp/callback/feed/100000"
wait_for "$work/sim.out" '"type":"DO_THIS_WITH_TASK"' 10
wait_for "$work/sim.out" '"type":"HEARTBEAT_CONF"' 10
kill -TERM "$sim_pid"
wait "$sim_pid" || true
kill -TERM "$smfront_pid"
wait "$smfront_pid" || true
kill -INT "$tcpdump_pid"
wait "$tcpdump_pid" || true

tshark -n -X "lua_script:$src/tools/wireshark/mr_lab.lua" -d "tcp.port==$mr,mrlab" -r "$work/cap.pcap" -Y mrlab -V \
  >"$work/decoded.txt" 2>"$work/tshark.err" || { cat "$work/tshark.err" >&2; exit 1; }

failed=0
for expected in \
  'MessageType: OPEN_REQ (3)' 'VersionNumber: 1' 'PeripheralID: 5000' \
  'MessageType: OPEN_CONF (4)' 'MessageType: ROUTING_STATUS_EVENT (28)' \
  'MessageType: HEARTBEAT_REQ (5)' 'MessageType: HEARTBEAT_CONF (6)' \
  'MessageType: NEW_TASK (20)' 'MRDomainID: 1' 'ScriptSelector: Default' 'ANI: 5551234' \
  'ApplicationString2: callback' 'CallVariable1: gold' 'NamedVariable: account = 42' \
  'MessageType: NEW_TASK_CONF (21)' 'ICMTaskID: 150000_1_0' \
  'MessageType: DO_THIS_WITH_TASK (23)' 'Label: mary' \
  'MessageType: CLOSE_REQ (7)' 'MessageType: CLOSE_CONF (8)'; do
  if ! grep -qF "$expected" "$work/decoded.txt"; then
    echo "missing in the decoded capture: $expected" >&2
    failed=1
  fi
done
if grep -q "Expert Info\|Malformed" "$work/decoded.txt"; then
  echo "the capture decoded with errors:" >&2
  grep -n -A1 "Expert Info\|Malformed" "$work/decoded.txt" | head -20 >&2
  failed=1
fi
# The summary lines carry the Info column.
tshark -n -X "lua_script:$src/tools/wireshark/mr_lab.lua" -d "tcp.port==$mr,mrlab" -r "$work/cap.pcap" -Y mrlab \
  >"$work/summary.txt" 2>>"$work/tshark.err"
for expected in 'NEW_TASK dlg=1 inv=1 sel=Default' 'DO_THIS_WITH_TASK dlg=1 label=mary' 'OPEN_CONF inv=1 E_NO_ERROR'; do
  if ! grep -qF "$expected" "$work/summary.txt"; then
    echo "missing in the Info column: $expected" >&2
    cat "$work/summary.txt" >&2
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "--- decoded (first 200 lines) ---" >&2
  head -200 "$work/decoded.txt" >&2
  exit 1
fi
echo "dissector decoded $(grep -c '^Media Routing' "$work/decoded.txt") MR messages"
