#!/usr/bin/env bash
# Makes a local development CA and a server certificate signed by it, for TLS on
# HTTPS 443 and secure BOSH 7443.
#
#   certs/make-dev-certs.sh [--force] [OUT_DIR] [FQDN]
#
# OUT_DIR defaults to data/certs (relative to the current directory), FQDN to
# localhost. Writes OUT_DIR/ca.crt, server.crt, server.key.
# An existing server.crt + server.key pair is kept unless --force is given, so the
# script can run before every start. The CA may sign only the server's own names
# (X.509 name constraints) and its key is thrown away once the server certificate
# is signed, so trusting ca.crt cannot expose any other site.
set -euo pipefail

prog=make-dev-certs
force=0
positional=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    -*) echo "$prog: unknown option: $arg" >&2; exit 2 ;;
    *) positional+=("$arg") ;;
  esac
done
if [ ${#positional[@]} -gt 2 ]; then
  echo "usage: $0 [--force] [OUT_DIR] [FQDN]" >&2
  exit 2
fi
out_dir=${positional[0]:-data/certs}
fqdn=${positional[1]:-localhost}

# The name goes into an OpenSSL config file and a subject; refuse anything that is
# not a plain host name or IPv4 address rather than escape it.
if ! [[ "$fqdn" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$ ]] || [ ${#fqdn} -gt 64 ]; then
  echo "$prog: FQDN must be a host name of at most 64 characters: $fqdn" >&2
  exit 2
fi

command -v openssl >/dev/null || { echo "$prog: openssl not found in PATH" >&2; exit 1; }

mkdir -p "$out_dir"
if [ $force -eq 0 ] && [ -s "$out_dir/server.crt" ] && [ -s "$out_dir/server.key" ]; then
  echo "$prog: keeping existing $out_dir/server.crt and $out_dir/server.key (--force replaces them)"
  exit 0
fi

# Everything is made in a staging folder inside OUT_DIR and moved into place at the
# end: a failed run never leaves a key without its certificate, and the final mv is
# a rename on the same file system.
umask 077
stage=$(mktemp -d "$out_dir/.make-dev-certs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# Runs openssl quietly; its chatter only matters when it fails.
run() {
  if ! "$@" >"$stage/openssl.log" 2>&1; then
    echo "$prog: failed: $*" >&2
    cat "$stage/openssl.log" >&2
    exit 1
  fi
}

new_key() {
  run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1"
}

# 128 random bits, so two runs never issue the same serial under one CA.
serial() { echo "0x$(openssl rand -hex 16)"; }

# Subject alternative names: clients match these, not the CN. The CA is
# constrained to exactly the same names.
san="DNS:localhost,IP:127.0.0.1,IP:::1"
permitted="permitted;DNS:localhost,permitted;IP:127.0.0.1/255.255.255.255"
permitted="$permitted,permitted;IP:::1/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
if [ "$fqdn" != localhost ]; then
  if [[ "$fqdn" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    san="$san,IP:$fqdn"
    permitted="$permitted,permitted;IP:$fqdn/255.255.255.255"
  else
    san="$san,DNS:$fqdn"
    permitted="$permitted,permitted;DNS:$fqdn"
  fi
fi

# An explicit config keeps the result independent of the system openssl.cnf.
cat >"$stage/openssl.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no

[dn]
CN = placeholder

[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
nameConstraints = critical, $permitted

[v3_server]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $san
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

# The CA lives only in the staging folder: its key is removed with it.
ca_crt="$stage/ca.crt"
ca_key="$stage/ca.key"
new_key "$ca_key"
run openssl req -new -x509 -config "$stage/openssl.cnf" -extensions v3_ca \
  -key "$ca_key" -sha256 -days 3650 -set_serial "$(serial)" \
  -subj "/O=smfront development/CN=smfront development CA for $fqdn" -out "$ca_crt"

new_key "$stage/server.key"
run openssl req -new -config "$stage/openssl.cnf" -key "$stage/server.key" \
  -subj "/O=smfront development/CN=$fqdn" -out "$stage/server.csr"
# 825 days is the longest leaf lifetime Apple platforms accept.
run openssl x509 -req -in "$stage/server.csr" -CA "$ca_crt" -CAkey "$ca_key" \
  -set_serial "$(serial)" -sha256 -days 825 \
  -extfile "$stage/openssl.cnf" -extensions v3_server -out "$stage/server.crt"
run openssl verify -CAfile "$ca_crt" "$stage/server.crt"

chmod 600 "$stage/server.key"
chmod 644 "$stage/server.crt" "$stage/ca.crt"
# A CA key left by an earlier version of this script could sign for any name.
rm -f "$out_dir/ca.key"
mv -f "$stage/ca.crt" "$out_dir/ca.crt"
mv -f "$stage/server.key" "$out_dir/server.key"
mv -f "$stage/server.crt" "$out_dir/server.crt"

echo "$prog: wrote $out_dir/server.crt and $out_dir/server.key for CN=$fqdn ($san), CA $out_dir/ca.crt (limited to those names; its key is not kept)"
