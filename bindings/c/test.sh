#!/usr/bin/env bash
# Tests the C binding from a fresh clone: builds libpeeker (cargo, release) and the
# C programs (gcc -std=c11 -Wall -Wextra -Werror), then runs
#   0. peeker.h alone under -std=c99/c11/c17 -pedantic (and C++11 if g++ exists),
#   1. the C test suite, linked statically and against libpeeker.so,
#   2. the same suite under valgrind (the leak/memory-error gate),
#   3. the same suite built with -fsanitize=address,undefined (LeakSanitizer on),
#   4. the example CLI and the conformance adapter on known inputs (adapter also
#      under valgrind),
#   5. the recipes, plain and under valgrind: the webhook receiver
#      (examples/webhook_server.c, libmicrohttpd) started on loopback and sent signed and
#      forged deliveries, and the libcurl request (examples/request_curl.c) against a local
#      Python stub of the API; then both end to end against the offline sandbox
#      (tests/sandbox: the seed guide's order placed, its webhooks verified and tracked).
# Needs: cargo, gcc, make, valgrind, python3. Installs libmicrohttpd-dev and
# libcurl4-openssl-dev with apt-get when their headers are missing (with sudo when not
# root). Exit status non-zero on any failure; the last line is
# "c-binding: N passed, N failed" (steps).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$TARGET_DIR/c"
MAKE=(make --no-print-directory -C "$ROOT/bindings/c")
VALGRIND=(valgrind -q --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=all --error-exitcode=1)

passed=0
failed=0
step() { # step NAME COMMAND...
    local name="$1"
    shift
    echo "== $name"
    if "$@"; then
        passed=$((passed + 1))
        echo "   ok: $name"
    else
        failed=$((failed + 1))
        echo "   FAILED: $name" >&2
    fi
}

for tool in cargo gcc make valgrind python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bindings/c/test.sh: $tool is required (apt-get install $tool)" >&2
        exit 2
    fi
done

# Build first: nothing else can run without it.
if ! "${MAKE[@]}" all "$OUT/test_peeker_asan"; then
    echo "bindings/c/test.sh: build failed" >&2
    echo "c-binding: 0 passed, 1 failed"
    exit 1
fi

header_check() {
    local prog='#include <peeker.h>
int main(void) { PeekerStatus s = PEEKER_OK; return s == PEEKER_STATUS_OK && peeker_version() ? 0 : 1; }'
    local std
    for std in c99 c11 c17; do
        gcc -std=$std -Wall -Wextra -Werror -pedantic -I "$ROOT/ffi/include" -x c -fsyntax-only - <<<"$prog" || return 1
    done
    if command -v g++ >/dev/null 2>&1; then
        g++ -std=c++11 -Wall -Wextra -Werror -pedantic -I "$ROOT/ffi/include" -x c++ -fsyntax-only - <<<"$prog" || return 1
    fi
}
step "peeker.h compiles as C99/C11/C17 (and C++11 where g++ exists)" header_check
step "C test suite (static libpeeker.a)" "$OUT/test_peeker"
step "C test suite (shared libpeeker.so)" "$OUT/test_peeker_shared"
step "C test suite under valgrind" "${VALGRIND[@]}" "$OUT/test_peeker"
step "C test suite with ASan+UBSan" \
    env ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$OUT/test_peeker_asan"

example_check() {
    local out rc
    out="$("$OUT/validate" acme.com 'B'$'\xc3\xbc''cher.de' 2>&1)" || { echo "$out"; return 1; }
    grep -q 'xn--bcher-kva.de' <<<"$out" || { echo "$out"; return 1; }
    grep -q 'import-set key: ' <<<"$out" || { echo "$out"; return 1; }
    out="$("$OUT/validate" acme.com mail.acme.co.uk 2>&1)"
    rc=$?
    [ "$rc" -eq 1 ] || { echo "exit $rc, want 1: $out"; return 1; }
    grep -q 'did you mean acme.co.uk?' <<<"$out" || { echo "$out"; return 1; }
    "$OUT/validate" >/dev/null 2>&1
    rc=$?
    [ "$rc" -eq 2 ] || { echo "usage: exit $rc, want 2"; return 1; }
}
step "example validate" example_check

# The conformance adapter on known inputs (bindings/c/tests/adapter_test.py).
step "vector adapter" python3 "$ROOT/bindings/c/tests/adapter_test.py" "$OUT/peeker-vector-adapter"
step "vector adapter under valgrind" \
    python3 "$ROOT/bindings/c/tests/adapter_test.py" "$OUT/peeker-vector-adapter" "${VALGRIND[@]}"

# ---- recipes: libmicrohttpd and libcurl from Debian, installed when missing.
has_header() { printf '#include <%s>\n' "$1" | gcc -E -x c - >/dev/null 2>&1; }
recipe_deps() {
    local pkgs=() sudo=()
    has_header microhttpd.h || pkgs+=(libmicrohttpd-dev)
    has_header curl/curl.h || pkgs+=(libcurl4-openssl-dev)
    [ "${#pkgs[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { echo "need root or sudo to apt-get install ${pkgs[*]}" >&2; return 1; }
        sudo=(sudo)
    fi
    command -v apt-get >/dev/null 2>&1 || { echo "apt-get not found; install ${pkgs[*]} yourself" >&2; return 1; }
    echo "   installing ${pkgs[*]} (apt-get)"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" >/dev/null 2>&1 ||
        { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}"; } ||
        return 1
    has_header microhttpd.h && has_header curl/curl.h
}
build_recipes() { "${MAKE[@]}" recipes; }
# Valgrind exits 99 on an error, which no recipe uses, so the tests see it as a wrong exit status.
RECIPE_VALGRIND=(valgrind -q --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=all --error-exitcode=99)
if step "recipe dependencies: libmicrohttpd-dev, libcurl4-openssl-dev" recipe_deps &&
    step "recipes build (webhook_server, request_curl)" build_recipes; then
    step "recipe: webhook receiver on loopback (signed 2xx, forged 4xx)" \
        python3 "$ROOT/bindings/c/tests/webhook_server_test.py" "$OUT/webhook_server"
    step "recipe: webhook receiver under valgrind" \
        python3 "$ROOT/bindings/c/tests/webhook_server_test.py" "$OUT/webhook_server" "${RECIPE_VALGRIND[@]}"
    step "recipe: libcurl request against a local API stub" \
        python3 "$ROOT/bindings/c/tests/request_curl_test.py" "$OUT/request_curl"
    step "recipe: libcurl request under valgrind" \
        python3 "$ROOT/bindings/c/tests/request_curl_test.py" "$OUT/request_curl" "${RECIPE_VALGRIND[@]}"
    # Both recipes against the project's offline sandbox (tests/sandbox): the seed guide's
    # order placed with request_curl, its signed webhooks verified by webhook_server.
    # A debug build is enough here (and `cargo test --workspace` has usually built it).
    build_sandbox() { cargo build -q -p peeker-sandbox; }
    if step "offline sandbox build (cargo build -p peeker-sandbox)" build_sandbox; then
        step "recipes end to end against the offline sandbox" \
            python3 "$ROOT/bindings/c/tests/sandbox_e2e_test.py" "$TARGET_DIR/debug/peeker-sandbox" \
            "$OUT/request_curl" "$OUT/webhook_server"
    fi
fi

echo "c-binding: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
