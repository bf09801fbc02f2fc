#!/usr/bin/env bash
# Container start: make a development certificate for the configured paths when
# none was mounted, then hand over to smfront (which then gets the signals).
set -euo pipefail
tls_dir=/etc/smfront/tls
if [ ! -f "$tls_dir/server.crt" ] || [ ! -f "$tls_dir/server.key" ]; then
  /usr/local/lib/smfront/make-dev-certs.sh "$tls_dir" "${SMFRONT_FQDN:-localhost}"
fi
exec /usr/local/bin/smfront "$@"
