#!/usr/bin/env bash
# Installs everything the tests need, builds smfront with its tests, and runs
# every test (unit, integration, browser). Extra arguments go to ctest, e.g.
#   scripts/test.sh -L unit
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh -DSMFRONT_BUILD_TESTS=ON
cd "${SMFRONT_BUILD_DIR:-build}"
ctest --output-on-failure --timeout 300 -j "$(nproc)" "$@"
