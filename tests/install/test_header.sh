#!/bin/sh
# The public header compiles on its own as C99 -pedantic and as C++.
# usage: test_header.sh INCLUDE_DIR
set -eu
inc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <entitycheck/entitycheck.h>\nint main(void) { return ec_version() == 0; }\n' > "$tmp/t.c"
cc -std=c99 -pedantic -Wall -Wextra -Werror -I"$inc" -fsyntax-only "$tmp/t.c"
cp "$tmp/t.c" "$tmp/t.cpp"
c++ -std=c++11 -pedantic -Wall -Wextra -Werror -I"$inc" -fsyntax-only "$tmp/t.cpp"
echo "header test: ok (C99 -pedantic, C++11)"
