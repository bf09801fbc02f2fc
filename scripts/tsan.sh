#!/usr/bin/env bash
# ThreadSanitizer run of the tests that drive more than one io_context thread: the integration
# tests (the real binary serves its HTTP, BOSH and MR doors, the bus, the store's writer and the
# notifiers on `threads` threads) and the unit tests of the layers that own threads. Builds
# build-tsan/ (cmake --preset tsan). Extra arguments go to ctest.
#   scripts/tsan.sh
#   scripts/tsan.sh -R 'Http'
#   TSAN_SYMBOLIZER=/usr/bin/llvm-symbolizer scripts/tsan.sh     # reports with function names
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset tsan >/dev/null
cmake --build --preset tsan
# second_deadlock_stack gives both stacks of a lock-order report; halt_on_error makes any
# report fail its test.
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1${TSAN_SYMBOLIZER:+:external_symbolizer_path=$TSAN_SYMBOLIZER}
ctest --preset tsan --timeout 900 -j 1 -L integration "$@"
for t in net store core eventing media_routing; do
  "build-tsan/server/$t/smfront_${t}_tests" --gtest_brief=1
done
