#!/usr/bin/env bash
# Installs wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in
# Cargo.lock (the CLI refuses any other); does nothing when that version is there.
# Called by build.sh; tests/run-all starts it early, in the background.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
log() { printf 'install-wasm-bindgen: %s\n' "$*" >&2; }
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$want" ]; then
  # No lock entry yet (fresh checkout of a branch that changed it): let cargo resolve.
  cargo metadata --format-version 1 >/dev/null
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
fi
[ -n "$want" ] || { log "cannot find the wasm-bindgen version in Cargo.lock"; exit 1; }
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes once"
  # --locked first; should a locked dependency be missing from the registry, resolve anew.
  cargo install --quiet --locked wasm-bindgen-cli --version "=$want" \
    || cargo install --quiet wasm-bindgen-cli --version "=$want"
fi
