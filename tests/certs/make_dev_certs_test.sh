#!/usr/bin/env bash
# The development CA that certs/make-dev-certs.sh makes must not be a key to
# every site: it may sign only the server's own names, and its key is not kept.
#   make_dev_certs_test.sh <repository root>
set -euo pipefail
script="$1/certs/make-dev-certs.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A CA key left beside the server key by an older run is removed too.
echo "old key" >"$dir/ca.key"
bash "$script" --force "$dir" sm.lab.example >/dev/null

[ -e "$dir/ca.key" ] && fail "the CA key is kept in $dir"
[ "$(stat -c %a "$dir/server.key")" = 600 ] || fail "server.key is not owner-only"
openssl verify -CAfile "$dir/ca.crt" "$dir/server.crt" >/dev/null || fail "server.crt does not verify"

text=$(openssl x509 -in "$dir/ca.crt" -noout -text)
grep -q "X509v3 Name Constraints: critical" <<<"$text" || fail "the CA has no critical name constraints"
for name in "DNS:localhost" "DNS:sm.lab.example" "IP:127.0.0.1/255.255.255.255"; do
  grep -q "$name" <<<"$text" || fail "the CA does not permit $name"
done
[ "$(grep -c 'DNS:' <<<"$text")" = 2 ] || fail "the CA permits other DNS names: $text"
echo "ok"
