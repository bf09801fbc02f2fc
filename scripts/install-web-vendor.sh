#!/usr/bin/env bash
# Installs the browser libraries the pages under web/ load (Strophe.js for the agent
# console web/agent.html) from npm, pinned by scripts/web-vendor/package-lock.json, and
# copies their browser builds into web/vendor/, which the web root serves as /vendor/.
# Nothing third-party is committed: web/vendor/ and the npm tree are ignored by git.
#   scripts/install-web-vendor.sh [DEST]   (default web/vendor)
# Called by scripts/install-deps.sh build|test and by the Docker build. Safe to run
# again: it does nothing while DEST is newer than the lock file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/scripts/web-vendor
dest=${1:-$root/web/vendor}
stamp=$dest/.package-lock.json  # hidden files are never served

if [ -f "$dest/strophe.umd.min.js" ] && [ -f "$stamp" ] && [ "$stamp" -nt "$src/package-lock.json" ]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  # A Node.js installed some other way usually brings its own npm; only without one
  # does Debian's come in.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm
fi
npm ci --prefix "$src" --omit=peer --no-audit --no-fund --loglevel=error
mkdir -p "$dest"
cp "$src/node_modules/strophe.js/dist/strophe.umd.min.js" "$dest/strophe.umd.min.js"
cp "$src/node_modules/strophe.js/LICENSE.txt" "$dest/strophe.LICENSE.txt"
cp "$src/package-lock.json" "$stamp"
