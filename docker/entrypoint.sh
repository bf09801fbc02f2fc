#!/usr/bin/env bash
# Container start: make a development certificate for the configured paths when
# none was mounted, then hand over to smfront (which then gets the signals).
set -euo pipefail
tls_dir=/etc/smfront/tls
if [ ! -f "$tls_dir/server.crt" ] || [ ! -f "$tls_dir/server.key" ]; then
  /usr/local/lib/smfront/make-dev-certs.sh "$tls_dir" "${SMFRONT_FQDN:-localhost}"
fi

# smfront refuses the shipped placeholder password. The image's own config gets
# one generated at first start, kept owner-only in the data volume and printed
# once; SMFRONT_ADMIN_PASSWORD sets it instead. A mounted config is used as is.
config=/etc/smfront/smfront.json
if grep -q '"change-me"' "$config"; then
  secret_file=/var/lib/smfront/admin.password
  if [ -n "${SMFRONT_ADMIN_PASSWORD:-}" ]; then
    password=$SMFRONT_ADMIN_PASSWORD
    if ! [[ "$password" =~ ^[A-Za-z0-9._~!@#%^*+=-]{8,}$ ]]; then
      echo "smfront: SMFRONT_ADMIN_PASSWORD must be 8 or more of A-Z a-z 0-9 . _ ~ ! @ # % ^ * + = -" >&2
      exit 2
    fi
  else
    if [ ! -s "$secret_file" ]; then
      (umask 077 && openssl rand -base64 18 | tr '+/' '-_' >"$secret_file")
      echo "smfront: generated the password of user admin: $(cat "$secret_file") (kept in $secret_file)" >&2
    fi
    password=$(cat "$secret_file")
  fi
  runtime_config=$(mktemp /tmp/smfront.XXXXXX.json)
  sed "s|\"change-me\"|\"${password}\"|" "$config" >"$runtime_config"
  set -- "${@/#$config/$runtime_config}"
fi
exec /usr/local/bin/smfront "$@"
