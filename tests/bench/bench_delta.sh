#!/bin/sh
# The `screen --since` benchmark: ROWS generated rows (default 1,000,000)
# screened in full against the current snapshot, and against the changes
# only (a 20-entry update of the full 2022 CSL: aliases added, entries
# removed, entries added), with 2 threads.  Prints both times and the
# ratio.  Run once: each full screen takes a while on a shared machine.
# usage: bench_delta.sh BUILD_DIR CSL.csv.gz [ROWS]
set -eu
build=$1
csl=$2
rows=${3:-1000000}
dir=$build/tests/bench
rules=$(dirname "$0")/../../data/rules
old=$dir/csl2022.ecsnap
new=$dir/csl2022-delta20.ecsnap
"$build/entitycheck" --snapshot "$old" info > /dev/null 2>&1 ||
	"$build/entitycheck" build --csl "$csl" --rules "$rules" --output "$old"
python3 "$(dirname "$0")/make_delta.py" "$csl" "$dir/delta20.csv" 20
"$build/entitycheck" build --csl "$dir/delta20.csv" --rules "$rules" \
	--output "$new"
"$build/entitycheck" diff "$old" "$new" | tail -3
in=$dir/rows-names-$rows.csv
[ -f "$in" ] || python3 "$(dirname "$0")/make_rows.py" "$csl" "$in" "$rows" names
t0=$(date +%s.%N)
"$build/entitycheck" --snapshot "$new" screen "$in" --threads 2 \
	--date 2022-06-01 > "$dir/full.jsonl" 2> "$dir/full.log" || true
t1=$(date +%s.%N)
"$build/entitycheck" --snapshot "$new" screen "$in" --threads 2 \
	--date 2022-06-01 --since "$old" > "$dir/delta.jsonl" 2> "$dir/delta.log" || true
t2=$(date +%s.%N)
tail -1 "$dir/delta.log"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$rows" 'BEGIN {
	printf "screen rows=%d: full %.2f s, --since (20-entry delta) %.2f s, ratio %.3f\n",
		n, b - a, c - b, (c - b) / (b - a) }'
rm -f "$dir/full.jsonl" "$dir/delta.jsonl"
