#!/bin/sh
# Installs the project into a temporary DESTDIR, compiles every program of
# examples/ with the flags pkg-config gives for the installed library, runs
# them on the installed default snapshot, and checks the installed man page
# and tool.  usage: test_install.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --no-rebuild >/dev/null
prefix=$(meson introspect "$build" --buildoptions |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
pc=$(find "$dest$prefix" -name entitycheck.pc | head -n 1)
[ -n "$pc" ] || { echo "no entitycheck.pc installed"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --define-variable=prefix="$dest$prefix" --cflags --libs entitycheck)
# A sanitized library needs a sanitized program to load it.
san=$(meson introspect "$build" --buildoptions |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="b_sanitize"][0])')
sanflag=
[ "$san" = none ] || sanflag="-fsanitize=$san"
# Every program of examples/ builds against the installed library.
for ex in "$src"/examples/*.c; do
	cc -std=c11 -Wall -Wextra -Werror $sanflag "$ex" $flags \
		-o "$dest/$(basename "$ex" .c)"
done
libdir=$(dirname "$(find "$dest$prefix" -name 'libentitycheck.so*' | head -n 1)")
snap=$(find "$dest$prefix" -name default.ecsnap | head -n 1)
[ -n "$snap" ] || { echo "the default snapshot was not installed"; exit 1; }
out=$(LD_LIBRARY_PATH=$libdir "$dest/search" "$snap" "Huawei Technologies Co., Ltd." CN)
echo "$out"
# The Huawei entry of the 2022 CSL's Entity List (84 FR 22961).
echo "$out" | grep -q "EL 1a3ccc08ecbb40155a4cce8d9c9ace917f54cc74" ||
	{ echo "example found no Huawei entry"; exit 1; }
# The check example: a license the supplier holds covers an Entity List
# party (scenario lic-a-covered), with the rule and its citation.
out=$(LD_LIBRARY_PATH=$libdir "$dest/check" "$snap" \
	"$src/tests/scenarios/licenses/register.csv" "Acme Trading GmbH" \
	"Huawei Technologies Co. Ltd." 3A991 2020-01-15)
echo "$out"
echo "$out" | grep -q "^status: LICENSED" || { echo "check example: not LICENSED"; exit 1; }
echo "$out" | grep -q "^rule list:EL: .*\[84 FR 22961;" ||
	{ echo "check example: no Entity List rule"; exit 1; }
echo "$out" | grep -q "^authorization D1234567: " ||
	{ echo "check example: the license was not used"; exit 1; }
man=$(find "$dest$prefix" -name entitycheck.1 | head -n 1)
[ -n "$man" ] || { echo "no man page installed"; exit 1; }
tool=$(find "$dest$prefix" -type f -name entitycheck -perm -u+x | head -n 1)
LD_LIBRARY_PATH=$libdir "$tool" --snapshot "$snap" info --json |
	python3 -c 'import json,sys; i=json.load(sys.stdin); assert i["entries"] > 10000 and i["rules"] > 0 and all(s["as_of"] for s in i["sources"] if s["kind"] != "rules"), i'
# Without --rules, build finds rules by itself and says which.
LD_LIBRARY_PATH=$libdir "$tool" build --csl "$src/data/sample/entity-list-sample.csv" \
	--output "$dest/x.ecsnap" 2>"$dest/build.err"
grep -q "using the rules in /" "$dest/build.err" ||
	{ cat "$dest/build.err"; echo "no rules found by build"; exit 1; }
echo "install test: ok"
