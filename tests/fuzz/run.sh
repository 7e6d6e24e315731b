#!/bin/sh
# Runs every libFuzzer target of a fuzzing build: first the committed
# regression inputs (tests/fuzz/regressions/TARGET/), then the seed corpus
# made from the test fixtures plus the corpus kept from earlier runs, then
# SECONDS (default 60) of fuzzing per target.  Fails when any target
# crashes, leaks, hangs or breaks one of its invariants; the input is left
# in BUILD_DIR/fuzz-work/artifacts/.
#
# usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]
#   BUILD_DIR from: CC=clang meson setup BUILD_DIR -Dfuzzing=true \
#       -Db_sanitize=address,undefined -Db_lundef=false -Dtests=disabled
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 BUILD_DIR [SECONDS]" >&2
	exit 2
fi
BUILD=$(cd "$1" && pwd)
SECS=${2:-60}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$BUILD/fuzz-work
TARGETS=${EC_FUZZ_TARGETS:-"csv_ingest snapshot query licenses screen_row \
decision rules cleared"}
# serve's request parsers, when the build has serve.
if [ -z "${EC_FUZZ_TARGETS:-}" ] && [ -x "$BUILD/tests/fuzz/fuzz_serve_query" ]
then
	TARGETS="$TARGETS serve_query"
fi

ninja -C "$BUILD" >/dev/null
export EC_SAMPLE_SNAPSHOT="$BUILD/data/sample.ecsnap"
export EC_SOURCE_ROOT="$SRC"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

rm -rf "$WORK/seeds"
mkdir -p "$WORK/seeds" "$WORK/artifacts" "$WORK/logs"
python3 "$SRC/tests/fuzz/seeds.py" "$SRC" "$EC_SAMPLE_SNAPSHOT" \
	"$WORK/seeds"

failed=""
summary=""
for t in $TARGETS; do
	exe="$BUILD/tests/fuzz/fuzz_$t"
	corpus="$WORK/corpus/$t"
	log="$WORK/logs/$t.log"
	mkdir -p "$corpus" "$WORK/seeds/$t"

	# 1. Every regression input, once each.
	reg="$SRC/tests/fuzz/regressions/$t"
	nreg=0
	if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
		nreg=$(ls -A "$reg" | wc -l)
		if ! "$exe" -rss_limit_mb=2048 -timeout=60 "$reg"/* \
			>"$log" 2>&1; then
			echo "fuzz_$t: a regression input fails (see $log)" >&2
			tail -40 "$log" >&2
			failed="$failed $t"
			continue
		fi
	fi

	# 2. The seeds and the kept corpus, then SECONDS of new inputs.
	if ! "$exe" -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=60 \
		-print_final_stats=1 -artifact_prefix="$WORK/artifacts/$t-" \
		"$corpus" "$WORK/seeds/$t" >"$log" 2>&1; then
		echo "fuzz_$t: FAILED (see $log and $WORK/artifacts/)" >&2
		grep -A30 "ERROR\|fuzz invariant\|Test unit written" "$log" \
			| head -60 >&2
		failed="$failed $t"
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	cov=$(grep -o "cov: [0-9]*" "$log" | tail -1 | cut -d' ' -f2)
	summary="$summary
$(printf '%-12s %10s execs %7s/s  cov %6s  corpus %5s  regressions %s' \
	"$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
	"$(ls "$corpus" | wc -l)" "$nreg")"
done

echo "fuzzing, $SECS s per target:$summary"
if [ -n "$failed" ]; then
	echo "fuzz: FAILED:$failed" >&2
	exit 1
fi
