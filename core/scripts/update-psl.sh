#!/usr/bin/env bash
# Refreshes the pinned Public Suffix List (core/data/public_suffix_list.dat) and
# the list's own test file. Tries the canonical URL first; where that host is not
# reachable, falls back to the copy shipped in the `publicsuffixlist` package on PyPI
# (updated from the canonical list several times a month).
# After running: cargo test -p peeker-core, then commit core/data/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if curl -fsSL --max-time 20 https://publicsuffix.org/list/public_suffix_list.dat -o "$tmp/psl.dat" &&
   curl -fsSL --max-time 20 https://raw.githubusercontent.com/publicsuffix/list/main/tests/test_psl.txt -o "$tmp/test_psl.txt"; then
  echo "fetched from publicsuffix.org"
else
  echo "publicsuffix.org not reachable; using the PyPI package publicsuffixlist"
  python3 -m pip download --quiet --no-deps --no-binary=:none: publicsuffixlist -d "$tmp/pkg"
  (cd "$tmp/pkg" && python3 -m zipfile -e ./*.whl .)
  cp "$tmp/pkg/publicsuffixlist/public_suffix_list.dat" "$tmp/psl.dat"
  cp "$tmp/pkg/publicsuffixlist/test_psl.txt" "$tmp/test_psl.txt"
fi
grep -q '^// VERSION: ' "$tmp/psl.dat" || { echo "downloaded list has no VERSION line" >&2; exit 1; }
grep -q '===BEGIN PRIVATE DOMAINS===' "$tmp/psl.dat" || { echo "downloaded list has no private section" >&2; exit 1; }
old=$(grep '^// VERSION: ' "$here/data/public_suffix_list.dat" | cut -d' ' -f3 || true)
cp "$tmp/psl.dat" "$here/data/public_suffix_list.dat"
cp "$tmp/test_psl.txt" "$here/data/test_psl.txt"
new=$(grep '^// VERSION: ' "$here/data/public_suffix_list.dat" | cut -d' ' -f3)
echo "Public Suffix List: $old -> $new"
