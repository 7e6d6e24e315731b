#!/bin/sh
# Installs what entitycheck needs on Debian 12 (when run as root and
# something is missing), then configures and builds it in ./build.
set -eu
cd "$(dirname "$0")/.."

pkgs="build-essential meson ninja-build pkg-config libsqlite3-dev zlib1g-dev libdeflate-dev libxml2-dev libcurl4-openssl-dev libmicrohttpd-dev libjansson-dev libcmocka-dev python3 time"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: missing packages:$missing (run as root to install them)" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing
fi

if [ ! -f build/build.ninja ]; then
	meson setup build
fi
ninja -C build
