#!/usr/bin/env bash
# Checks that tests/run-vectors can fail: a wrong expectation, an unknown kind and an
# unreadable file must each give a non-zero exit.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=$(tests/run-vectors --binding rust tests/selftest/wrong.json); rc=$?
[ $rc -eq 1 ] && grep -qx '1 passed, 1 failed' <<<"$out" || { echo "selftest: wrong vector not reported (rc=$rc): $out"; exit 1; }
tests/run-vectors --binding rust tests/selftest/unknown-kind.json 2>/dev/null && { echo "selftest: unknown kind accepted"; exit 1; }
tests/run-vectors --binding rust tests/selftest/does-not-exist.json 2>/dev/null && { echo "selftest: missing file accepted"; exit 1; }
echo "run-vectors selftest: ok"
