#!/usr/bin/env bash
# `make install` into a scratch prefix (with the debug build CI already has, so no second
# build): the binary, the datasets, the man page and the three completions are all in place, and
# the installed binary runs.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
make -s install PREFIX="$prefix" RELEASE_FLAGS= >/dev/null
for file in bin/cjnb share/cjnb/datasets/indicators.csv share/man/man1/cjnb.1 \
  share/bash-completion/completions/cjnb share/zsh/site-functions/_cjnb share/fish/vendor_completions.d/cjnb.fish; do
  [ -s "$prefix/$file" ] || { echo "make install: $file is missing or empty" >&2; exit 1; }
done
out="$(cd / && CJNB_DATASETS= "$prefix/bin/cjnb" -q -c 'areas | where area = "Fife" | select area_code | write csv')"
[ "$out" = "$(printf 'area_code\nS12000047')" ] || { echo "make install: the installed binary gave: $out" >&2; exit 1; }
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$prefix/share/man/man1/cjnb.1" 2>/dev/null | grep -q "THE LANGUAGE" || { echo "make install: man cannot show cjnb.1" >&2; exit 1; }
fi
echo "make install: binary, datasets, man page and completions in place"
