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
# EC_EVAL_PAIRS names OpenSanctions' labelled name pairs; EC_EVAL_CSL the
# consolidated CSL (default: data/lists/csl/consolidated-2022-05.csv.gz, once
# the lists are in the repository).  Nothing is read from outside the
# repository unless named here.  EC_EVAL_ARGS adds options to eval_names.
csl=${EC_EVAL_CSL:-$root/data/lists/csl/consolidated-2022-05.csv.gz}
pairs=${EC_EVAL_PAIRS:-}
# EC_EVAL_UN optionally adds the UN Security Council list (XML) to the
# snapshot screened against, so that false positives are counted against
# both lists, as users screen.
un=${EC_EVAL_UN:-}
if [ -z "$pairs" ]; then
	echo "run.sh: set EC_EVAL_PAIRS to OpenSanctions' name-pairs.csv" >&2
	exit 2
fi
snap=$build/eval-csl2022${EC_EVAL_UN:+-un}.ecsnap
queries=$build/eval-queries.tsv
tool=$build/entitycheck
eval_names=${EC_EVAL_NAMES:-$build/tests/eval/eval_names}

for f in "$csl" "$pairs" ${un:+"$un"}; do
	if [ ! -f "$f" ]; then
		echo "run.sh: $f: no such file (set EC_EVAL_CSL and EC_EVAL_PAIRS)" >&2
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
	for f in "$tool" "$build"/libentitycheck.so* "$csl" ${un:+"$un"}; do
		[ -e "$f" ] || continue
		if [ -n "$(find -L "$f" -prune -newer "$snap")" ]; then
			stale=yes
		fi
	done
fi
if [ -n "$stale" ]; then
	echo "building $snap" >&2
	"$tool" build --csl "$csl" ${un:+--un "$un"} \
		--rules "$root/data/rules" --output "$snap" \
		--description "full CSL 2022-05${un:+ and the UN list} for the accuracy evaluation"
fi

python3 "$here/make_queries.py" --csl "$csl" --output "$queries" \
	--companies "$here/companies.txt"

# EC_EVAL_ARGS adds options, e.g. "--verbose 10": split on purpose.
# shellcheck disable=SC2086
exec "$eval_names" --snapshot "$snap" --queries "$queries" --pairs "$pairs" \
	${EC_EVAL_ARGS:-}
