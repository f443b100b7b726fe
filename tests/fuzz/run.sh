#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS each (default 15: the CI smoke; use 600 for
# a real campaign), seeded from the conformance vectors. With the nightly toolchain
# (where rustup has it) the targets run under AddressSanitizer; without it they run on
# stable, coverage-guided, without a sanitizer. Installs cargo-fuzz when missing.
# Usage: bash tests/fuzz/run.sh [TARGET...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${FUZZ_SECONDS:-15}
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=+nightly; sanitizer=()
else
  toolchain=+stable; sanitizer=(--sanitizer none)
  echo "note: no nightly toolchain here; fuzzing on stable without AddressSanitizer"
fi
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
corpus="$root/target/fuzz-corpus"
python3 "$here/seed_corpus.py" "$corpus" >/dev/null
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(domain domain_set webhook event response canonical request ffi ffi_batch)
cd "$root"
export CARGO_TARGET_DIR="$root/target/fuzz"
for t in "${targets[@]}"; do
  mkdir -p "$corpus/$t"
  echo "== fuzz $t for ${secs}s"
  log="$root/target/fuzz-$t.log"
  if ! cargo "$toolchain" fuzz run "${sanitizer[@]}" --fuzz-dir tests/fuzz "$t" "$corpus/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -max_len=4096 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz target $t FAILED (log: $log)"
    exit 1
  fi
  grep -E '^#[0-9]+ +DONE|^Done [0-9]+ runs' "$log" | tail -n 1
done
echo "fuzz smoke: all targets ran clean"
