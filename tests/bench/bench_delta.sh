#!/bin/sh
# The `screen --since` benchmark: ROWS generated rows (default 1,000,000)
# screened in full against the current snapshot, and against the changes
# only (a 20-entry update of the full 2022 CSL: aliases added, entries
# removed, entries added), with 2 threads.  Prints both times and the
# ratio.  Run once: each full screen takes a while on a shared machine.
# MODE (make_rows.py): "names" (the default: two in five rows are listed
# names or variants of them, most rows repeat an earlier one) or "master"
# (a customer master: one row in a hundred listed, few repeats).
# usage: bench_delta.sh BUILD_DIR CSL.csv.gz [ROWS [MODE]]
set -eu
build=$1
csl=$2
rows=${3:-1000000}
mode=${4:-names}
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
in=$dir/rows-$mode-$rows.csv
[ -f "$in" ] || python3 "$(dirname "$0")/make_rows.py" "$csl" "$in" "$rows" "$mode"
# Wall time, and CPU time (user + system), which a busy machine disturbs
# less.
/usr/bin/time -f "%e %U %S" -o "$dir/full.time" \
	"$build/entitycheck" --snapshot "$new" screen "$in" --threads 2 \
	--date 2022-06-01 > /dev/null 2> "$dir/full.log" || true
/usr/bin/time -f "%e %U %S" -o "$dir/delta.time" \
	"$build/entitycheck" --snapshot "$new" screen "$in" --threads 2 \
	--date 2022-06-01 --since "$old" > /dev/null 2> "$dir/delta.log" || true
tail -1 "$dir/delta.log"
paste "$dir/full.time" "$dir/delta.time" | awk -v n="$rows" '{
	printf "screen rows=%d: full %.2f s (CPU %.2f s), --since a 20-entry update %.2f s (CPU %.2f s); ratio %.3f wall, %.3f CPU\n",
		n, $1, $2 + $3, $4, $5 + $6, $4 / $1, ($5 + $6) / ($2 + $3) }'
rm -f "$dir/full.time" "$dir/delta.time"
