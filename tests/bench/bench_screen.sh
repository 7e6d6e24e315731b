#!/bin/sh
# The `screen` benchmark: a generated file of ROWS rows (default 1,000,000)
# mixing listed names, variants and unlisted names, screened name-only and
# as full check rows, with 1 and 2 threads: rows per second and peak RSS,
# the median of RUNS runs (default 3).
# usage: bench_screen.sh BUILD_DIR CSL.csv.gz [ROWS] [RUNS]
set -eu
build=$1
csl=$2
rows=${3:-1000000}
runs=${4:-3}
dir=$build/tests/bench
snap=$dir/csl2022.ecsnap
# Rebuilt when missing or unreadable (a snapshot from an older build may
# have an index format this one no longer reads).
"$build/entitycheck" --snapshot "$snap" info > /dev/null 2>&1 ||
	"$build/entitycheck" build --csl "$csl" \
		--rules "$(dirname "$0")/../../data/rules" --output "$snap"
for mode in names full; do
	in=$dir/rows-$mode-$rows.csv
	[ -f "$in" ] || python3 "$(dirname "$0")/make_rows.py" "$csl" "$in" "$rows" "$mode"
	for t in 1 2; do
		for r in $(seq "$runs"); do
			/usr/bin/time -f "%M" -o "$dir/rss.$r" \
				"$build/entitycheck" --snapshot "$snap" screen "$in" \
				--threads "$t" > /dev/null 2> "$dir/summary.$r" || true
			grep -o '([0-9]* rows/s' "$dir/summary.$r" | tr -d '(' |
				awk '{print $1}' > "$dir/rate.$r"
		done
		rate=$(cat "$dir"/rate.* | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
		rss=$(cat "$dir"/rss.* | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
		echo "screen $mode rows=$rows threads=$t: median $rate rows/s, peak RSS $((rss / 1024)) MiB (median of $runs)"
		rm -f "$dir"/rate.* "$dir"/rss.* "$dir"/summary.*
	done
done
