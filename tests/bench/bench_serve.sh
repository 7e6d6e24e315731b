#!/bin/sh
# Measures `entitycheck serve` with wrk on loopback: requests/s and p50/p99
# latency of GET /search and POST /check at 1, 8 and 64 connections, then
# the same while the snapshot is reloaded every second (SIGHUP), with the
# failed requests (socket errors, non-2xx answers) counted, and the
# server's peak RSS.  Each run is bounded (SECONDS, default 10).
#
# usage: tests/bench/bench_serve.sh BUILD_DIR SNAPSHOT [SECONDS] [THREADS] [RUNS]
#   Each figure is the median of RUNS runs (default 3); failed requests
#   are summed over all of them.
#   e.g. build/entitycheck build --csl consolidated-2022-05.csv.gz \
#          --rules data/rules --output /tmp/csl.ecsnap
#        tests/bench/bench_serve.sh build /tmp/csl.ecsnap 10
# Needs wrk (Debian: apt-get install wrk).  Not a test: its figures depend
# on the machine and on what else runs on it.
set -eu

if [ $# -lt 2 ]; then
	echo "usage: $0 BUILD_DIR SNAPSHOT [SECONDS] [THREADS] [RUNS]" >&2
	exit 2
fi
BUILD=$(cd "$1" && pwd)
SNAP=$2
SECS=${3:-10}
THREADS=${4:-$(nproc)}
RUNS=${5:-3}
command -v wrk >/dev/null || { echo "$0: wrk is not installed" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ec-bench-serve.XXXXXX")
SERVER=""
RELOADER=""
cleanup() {
	[ -n "$RELOADER" ] && kill "$RELOADER" 2>/dev/null || true
	[ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null || true
	[ -n "$SERVER" ] && wait "$SERVER" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# The live snapshot is a copy, so that reloads never touch the original.
cp "$SNAP" "$WORK/live.ecsnap"
"$BUILD/entitycheck" --snapshot "$WORK/live.ecsnap" serve \
	--listen 127.0.0.1:0 --threads "$THREADS" --max-connections 1024 \
	2>"$WORK/serve.log" &
SERVER=$!
i=0
until PORT=$(sed -n 's/.*"listening","message":"127\.0\.0\.1:\([0-9]*\).*/\1/p' \
	"$WORK/serve.log") && [ -n "$PORT" ]; do
	i=$((i + 1))
	[ $i -gt 100 ] && { echo "serve did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"

cat >"$WORK/check.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"parties":[{"name":"Huawei Technologies Co., Ltd.",' ..
  '"country":"CN"}],"item":"EAR99","date":"2019-06-01"}'
EOF
: >"$WORK/none.lua"
# A mix of listed names and ordinary customers, in turn.
cat >"$WORK/mix.lua" <<'EOF'
local names = {
  "Huawei Technologies Co., Ltd.", "Acme Widgets Incorporated",
  "Semiconductor Manufacturing International Corporation",
  "Siemens Aktiengesellschaft", "Rosneft Oil Company",
  "Toyota Motor Corporation", "Hangzhou Hikvision Digital Technology",
  "Maria Garcia Lopez", "Bank Rossiya", "Northwind Traders Limited",
  "Islamic Revolutionary Guard Corps", "Sunrise Electronics Co Ltd",
  "SZ DJI Technology Co., Ltd.", "Global Logistics GmbH",
  "Zhongxing Telecommunications Equipment", "Contoso Pharmaceuticals"}
local i = 0
request = function()
  i = i % #names + 1
  local q = names[i]:gsub("[^%w]", function(c)
    return string.format("%%%02X", string.byte(c)) end)
  return wrk.format("GET", "/search?limit=5&q=" .. q)
end
EOF

# One wrk run: prints "req/s p50 p99 failed".
run_once() { # conns url script
	t=$1
	[ "$t" -gt 2 ] && t=2
	wrk -t "$t" -c "$1" -d "${SECS}s" --latency -s "$3" "$2" \
		>"$WORK/wrk.out" 2>&1 || true
	awk '
	function ms(v) {
		if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
		if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
		if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
		return v
	}
	/Requests\/sec/ { rps = $2 }
	$1 == "50%" { p50 = ms($2) }
	$1 == "99%" { p99 = ms($2) }
	/Non-2xx/ { bad += $NF }
	/Socket errors/ {
		for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) bad += $i + 0
	}
	END { print rps + 0, p50 + 0, p99 + 0, bad + 0 }
	' "$WORK/wrk.out"
}

# RUNS runs: the median of each figure, and every failed request.
run() { # name conns url script
	: >"$WORK/runs"
	k=0
	while [ $k -lt "$RUNS" ]; do
		run_once "$2" "$3" "$4" >>"$WORK/runs"
		k=$((k + 1))
	done
	med() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
	printf "%10.0f %9.3f %9.3f %7d\n" \
		"$(cut -d' ' -f1 "$WORK/runs" | med)" \
		"$(cut -d' ' -f2 "$WORK/runs" | med)" \
		"$(cut -d' ' -f3 "$WORK/runs" | med)" \
		"$(awk '{ s += $4 } END { print s + 0 }' "$WORK/runs")"
}

SEARCH="$BASE/search?q=Shenzhen%20Huawei%20Technologies&limit=5"
table() { # title
	echo "$1"
	printf '%-8s %5s %10s %9s %9s %7s\n' endpoint conns "req/s" "p50 ms" \
		"p99 ms" failed
	for c in 1 8 64; do
		printf '%-8s %5s ' /search "$c"
		run search "$c" "$SEARCH" "$WORK/none.lua"
	done
	for c in 1 8 64; do
		printf '%-8s %5s ' "/search*" "$c"
		run search "$c" "$BASE/search" "$WORK/mix.lua"
	done
	for c in 1 8 64; do
		printf '%-8s %5s ' /check "$c"
		run check "$c" "$BASE/check" "$WORK/check.lua"
	done
}

echo "entitycheck serve, $THREADS server threads, $(nproc) cores," \
	"${SECS} s per run, median of $RUNS runs, snapshot $SNAP"
echo "/search: \"Shenzhen Huawei Technologies\" (7 listed matches);" \
	"/search*: 16 names in turn, half of them listed;" \
	"/check: one party, Huawei, EAR99"
table "steady:"
reloads_before=$(grep -c '"event":"reload"' "$WORK/serve.log" || true)
( while :; do kill -HUP "$SERVER"; sleep 1; done ) &
RELOADER=$!
table "with a reload (SIGHUP) every second:"
kill "$RELOADER"
RELOADER=""
reloads=$(( $(grep -c '"event":"reload"' "$WORK/serve.log") - reloads_before ))
failed_reloads=$(grep -c '"event":"reload_failed"' "$WORK/serve.log" || true)
echo "reloads during the second table: $reloads (failed: $failed_reloads)"
echo "peak RSS of the server: $(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' \
	"/proc/$SERVER/status")"
