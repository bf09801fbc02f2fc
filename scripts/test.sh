#!/usr/bin/env bash
# Installs everything the tests need, builds smfront with its tests, and runs every test
# (unit, integration, browser, fuzz corpus replay). Then builds the ASan + UBSan configuration
# (build-asan/, lean: the binaries the tests start and the test executables) and runs the unit
# and integration tests and the corpus replay under it. Warnings are errors in both builds.
# Extra arguments go to ctest in both runs, e.g.
#   scripts/test.sh -L unit
# SMFRONT_SANITIZED=0 skips the sanitized run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh -DSMFRONT_BUILD_TESTS=ON -DSMFRONT_WARNINGS_AS_ERRORS=ON
(cd "${SMFRONT_BUILD_DIR:-build}" && ctest --output-on-failure --timeout 300 -j "$(nproc)" "$@")

if [ "${SMFRONT_SANITIZED:-1}" != 0 ]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan
  # halt_on_error and abort make every report fail the test that caused it; the suppression-free
  # run is the point, so no suppression files are read.
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --preset asan --timeout 600 -j "$(nproc)" "$@"
fi
