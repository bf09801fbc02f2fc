#!/usr/bin/env bash
# IM notifications through Prosody on loopback: the driver (bench/notify/
# notify_bench.cpp) starts Prosody with users smfront and alice, smfront with
# one im rule on the chat feed's tag, logs alice in, creates COUNT chats at
# RATE a second, and measures when each notification reaches alice. Prints the
# JSON line (notifications/s, delay p50/p99 from creation to receipt, CPU of
# smfront and of Prosody) and appends it to bench/notify/results.md.
#   bench/notify/run.sh
#   RATE=500 COUNT=5000 THREADS=1 bench/notify/run.sh
# BUILD_DIR names the build tree (default build); the driver runs the smfront
# of that tree.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo_root=$(cd "$here/../.." && pwd)
build_dir=${BUILD_DIR:-$repo_root/build}
rate=${RATE:-200}
count=${COUNT:-2000}
threads=${THREADS:-1}
driver="$build_dir/bench/notify/smfront_notify_bench"
if [ ! -x "$driver" ]; then
  cmake --build "$build_dir" -j1 --target smfront_notify_bench smfront
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
result=$("$driver" "$rate" "$count" "$threads")
echo "$result"
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) $(git -C "$repo_root" rev-parse --short HEAD) (load before: $load_before)"
  echo
  echo "\`RATE=$rate COUNT=$count THREADS=$threads BUILD_DIR=$build_dir bench/notify/run.sh\`"
  echo
  echo "\`$result\`"
} >> "$here/results.md"
