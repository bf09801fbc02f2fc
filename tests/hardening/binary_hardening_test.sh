#!/usr/bin/env bash
# The smfront binary carries the hardening of a Debian package: PIE, full RELRO
# (BIND_NOW), a stack protector and fortified libc calls.
#   binary_hardening_test.sh <path to smfront>
set -euo pipefail
binary=$1
fail() { echo "FAIL: $*" >&2; exit 1; }

readelf -h "$binary" | grep -q "Type:.*DYN" || fail "not a position-independent executable"
readelf -lW "$binary" | grep -q "GNU_RELRO" || fail "no RELRO segment"
readelf -dW "$binary" | grep -Eq "BIND_NOW|FLAGS.*NOW" || fail "no BIND_NOW: the GOT stays writable"
symbols=$(readelf -sW --dyn-syms "$binary")
grep -q "__stack_chk_fail" <<<"$symbols" || fail "no stack protector"
grep -Eq "__[a-z_]+_chk@" <<<"$symbols" || fail "no fortified libc calls (_FORTIFY_SOURCE)"
echo "ok"
