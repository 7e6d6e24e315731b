#!/bin/sh
# run.sh: reruns the accuracy evaluation on the full 2022 CSL; arg: build dir.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build}
case $build in
/*) ;;
*) build=$(pwd)/$build ;;
esac
# EC_EVAL_CSL, EC_EVAL_PAIRS and EC_EVAL_NAMES override the defaults (meson
# sets them from its options); EC_EVAL_ARGS adds options to eval_names.
csl=${EC_EVAL_CSL:-$root/../shared/data/csl/consolidated-2022-05.csv.gz}
pairs=${EC_EVAL_PAIRS:-$root/../shared/eval/name-pairs.csv}
snap=$build/eval-csl2022.ecsnap
queries=$build/eval-queries.tsv
tool=$build/entitycheck
eval_names=${EC_EVAL_NAMES:-$build/tests/eval/eval_names}

for f in "$csl" "$pairs"; do
	if [ ! -f "$f" ]; then
		echo "run.sh: $f: no such file (the shared data is needed)" >&2
		exit 2
	fi
done
for f in "$tool" "$eval_names"; do
	if [ ! -x "$f" ]; then
		echo "run.sh: $f: not built (run: ninja -C $build)" >&2
		exit 2
	fi
done

# Rebuilt when missing or older than the tool or library: a snapshot from
# an older build may have an index format this one no longer reads.
stale=
if [ ! -f "$snap" ]; then
	stale=yes
else
	for f in "$tool" "$build"/libentitycheck.so* "$csl"; do
		[ -e "$f" ] || continue
		if [ -n "$(find -L "$f" -prune -newer "$snap")" ]; then
			stale=yes
		fi
	done
fi
if [ -n "$stale" ]; then
	echo "building $snap" >&2
	"$tool" build --csl "$csl" --rules "$root/data/rules" \
		--output "$snap" \
		--description "full CSL 2022-05 for the accuracy evaluation"
fi

python3 "$here/make_queries.py" --csl "$csl" --output "$queries"

# EC_EVAL_ARGS adds options, e.g. "--verbose 10": split on purpose.
# shellcheck disable=SC2086
exec "$eval_names" --snapshot "$snap" --queries "$queries" --pairs "$pairs" \
	${EC_EVAL_ARGS:-}
