#!/usr/bin/env bash
# Installs what smfront needs from Debian 12 packages.
#   scripts/install-deps.sh runtime the shared libraries the smfront binary loads
#   scripts/install-deps.sh build   compiler, CMake, Ninja and the libraries smfront links,
#                                   and the web pages' browser libraries (web/vendor/)
#   scripts/install-deps.sh test    the above plus what the tests and benchmarks drive,
#                                   and the npm packages of the browser and BOSH tests
#                                   (tests/browser, tests/bosh)
# Safe to run again: apt-get skips what is already there, npm what is installed.
set -euo pipefail
what=${1:-build}

runtime_packages=(
  ca-certificates openssl libssl3 libexpat1 libspdlog1.10 libfmt9 libsqlite3-0
  libboost-json1.81.0 libboost-url1.81.0 libcap2-bin
)
build_packages=(
  g++ cmake ninja-build ccache pkg-config openssl ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libexpat1-dev libspdlog-dev libfmt-dev libsqlite3-dev
)
test_packages=(
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  prosody  # the XMPP server the outbound notifier tests and bench/notify log into
  curl wrk nginx-light procps chromium
  python3  # bench/abuse's attackers
  tshark tcpdump
  # the sanitized and fuzz builds (CMakePresets.json: asan, tsan, fuzz): clang with its
  # sanitizer and libFuzzer runtimes, and llvm-symbolizer for readable reports
  clang-16 libclang-rt-16-dev llvm
)
# The browser tests run under Node.js with npm. A Node.js installed some other way
# (it usually brings its own npm) is kept: Debian's npm would conflict with it.
if ! command -v node >/dev/null; then
  test_packages+=(nodejs npm)
fi

case "$what" in
  runtime) packages=("${runtime_packages[@]}") ;;
  build) packages=("${build_packages[@]}") ;;
  test) packages=("${build_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 runtime|build|test" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web pages' browser libraries (Strophe.js for web/agent.html) into web/vendor/.
# Absent only where this script was copied alone (the Docker build runs it later).
web_vendor="$(dirname "$0")/install-web-vendor.sh"
if [ "$what" != runtime ] && [ -x "$web_vendor" ]; then
  "$web_vendor"
fi

# playwright-core drives Debian's /usr/bin/chromium; it never downloads a browser.
# The lock file pins it; npm runs only when the lock file is newer than the install.
# strophe.js, xhr2 and @xmldom/xmldom drive the BOSH door from Node (tests/bosh).
if [ "$what" = test ]; then
  for suite in browser bosh; do
    suite_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/$suite"
    installed_lock="$suite_dir/node_modules/.package-lock.json"
    if [ ! -f "$installed_lock" ] || [ "$suite_dir/package-lock.json" -nt "$installed_lock" ]; then
      npm ci --prefix "$suite_dir" --no-audit --no-fund --loglevel=error
    fi
  done
fi
