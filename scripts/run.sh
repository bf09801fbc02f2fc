#!/usr/bin/env bash
# Installs build dependencies, builds smfront, makes a development certificate
# when there is none, and runs smfront in the foreground on its embedded
# defaults (HTTP 80, HTTPS 443, ...). Extra arguments go to smfront, e.g.
#   scripts/run.sh --config config/demo.json
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
scripts/build.sh -DSMFRONT_BUILD_TESTS=OFF
certs/make-dev-certs.sh data/certs
exec build/server/smfront "$@"
