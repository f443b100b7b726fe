#!/usr/bin/env bash
# Checks that tests/run-vectors can fail: a wrong expectation (in every kind whose
# comparison the runner implements), a kind or an expected key no binding answers
# yet, an unknown kind and an unreadable file must each give a non-zero exit.
set -uo pipefail
cd "$(dirname "$0")/../.."
# wrong FILE PASSED FAILED: the runner reports exactly that count, with exit status 1.
wrong() {
    local out rc
    out=$(tests/run-vectors --binding rust "tests/selftest/$1"); rc=$?
    [ $rc -eq 1 ] && grep -qx "$2 passed, $3 failed" <<<"$out" || { echo "selftest: $1 not reported as $2 passed, $3 failed (rc=$rc): $out"; exit 1; }
}
wrong wrong.json 1 1
wrong wrong-request.json 1 10
wrong wrong-api_response.json 1 6
wrong wrong-tracker.json 1 5
wrong wrong-retry.json 1 5
# The webhook secret_index compared: the second secret matched, the case expects the first.
wrong wrong-secret-index.json 0 1
wrong wrong-webhook_diagnose.json 1 6
tests/run-vectors --binding rust tests/selftest/unknown-kind.json 2>/dev/null && { echo "selftest: unknown kind accepted"; exit 1; }
tests/run-vectors --binding rust tests/selftest/does-not-exist.json 2>/dev/null && { echo "selftest: missing file accepted"; exit 1; }
echo "run-vectors selftest: ok"
