#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, build-fuzz/) and fuzzes one or all of them.
#   scripts/fuzz.sh [target|all] [seconds per target]     fuzz (default: all, 60 s each)
#   scripts/fuzz.sh --merge [target|all]                  fold what a run found into the
#                                                         committed corpus, minimized
#   scripts/fuzz.sh --list                                the targets
# RUNS=N also ends each target after N executions (a campaign: RUNS=10000000 with a long time);
# NICE (10) is the fuzzers' priority; TIMEOUT (1) the seconds after which an input is a hang.
# Each run reads tests/fuzz/corpus/<target> (never writes it) and writes to fuzz-out/<target>/:
# corpus/ (new inputs), crash-*, leak-*, timeout-*, slow-unit-* (inputs that reproduce a
# finding: build-fuzz/tests/fuzz/fuzz_<target> <file>) and log (the run; its last line has the
# executions and the edges covered). Runs at low priority, one target at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_dir=tests/fuzz
out=fuzz-out
targets=$(sed -n 's/^smfront_fuzz_target(\([a-z_]*\) .*/\1/p' "$fuzz_dir/CMakeLists.txt")

if [ "${1:-}" = --list ]; then
  echo "$targets"
  exit 0
fi
merge=0
if [ "${1:-}" = --merge ]; then
  merge=1
  shift
fi
which=${1:-all}
seconds=${2:-60}
if [ "$which" != all ] && ! grep -qx "$which" <<<"$targets"; then
  echo "unknown target: $which (scripts/fuzz.sh --list)" >&2
  exit 2
fi
[ "$which" = all ] && selected=$targets || selected=$which

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

status=0
for t in $selected; do
  binary=build-fuzz/tests/fuzz/fuzz_$t
  corpus=$fuzz_dir/corpus/$t
  mkdir -p "$out/$t/corpus"
  if [ "$merge" = 1 ]; then
    nice -n 10 "$binary" -merge=1 "$corpus" "$out/$t/corpus" 2>&1 | tail -1
    continue
  fi
  extra=()
  [ -f "$fuzz_dir/dict/$t.dict" ] && extra+=("-dict=$fuzz_dir/dict/$t.dict")
  [ -n "${RUNS:-}" ] && extra+=("-runs=$RUNS")
  echo "== $t: $seconds s"
  # -timeout: an input that takes longer is a hang; -rss_limit_mb bounds a leak.
  if ! nice -n "${NICE:-10}" "$binary" "$out/$t/corpus" "$corpus" "${extra[@]}" \
      -max_total_time="$seconds" -timeout="${TIMEOUT:-1}" -rss_limit_mb=2048 -max_len=8192 \
      -artifact_prefix="$out/$t/" -print_final_stats=1 >"$out/$t/log" 2>&1; then
    echo "   FINDING: see $out/$t/log and $out/$t/{crash,leak,timeout,slow-unit}-*"
    status=1
  fi
  grep -E '^#[0-9]+[[:space:]]+DONE' "$out/$t/log" | tail -1 || tail -3 "$out/$t/log"
done
exit $status
