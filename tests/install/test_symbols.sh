#!/bin/sh
# The shared library exports exactly the symbols of its version script.
# usage: test_symbols.sh LIBRARY MAP_FILE
set -eu
lib=$1
map=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sed 's/@.*//' |
	grep -v '^ENTITYCHECK_' | sort -u > "$tmp/exported"
sed -n 's/^[[:space:]]*\(ec_[a-z0-9_]*\);.*/\1/p' "$map" | sort -u > "$tmp/listed"
if ! diff -u "$tmp/listed" "$tmp/exported"; then
	echo "exported symbols differ from $map"
	exit 1
fi
echo "symbols test: ok ($(wc -l < "$tmp/exported") symbols)"
