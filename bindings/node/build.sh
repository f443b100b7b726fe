#!/usr/bin/env bash
# Builds the npm package @peeker/sdk: the WebAssembly module of crate peeker-wasm,
# then its JavaScript glue twice with wasm-bindgen:
#   dist/node/  --target nodejs  (CommonJS, loaded synchronously by lib/index.cjs)
#   dist/web/   --target web     (ES module for browsers, loaded by lib/browser.mjs after `await init()`)
# Installs what is missing: the wasm32-unknown-unknown target (rustup) and
# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
# No wasm-opt: binaryen's -Os saves nothing after gzip on this module (tried: 228 -> 230 KB).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

log() { printf 'build.sh: %s\n' "$*" >&2; }

# 1. The Rust target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli, the exact version of the crate (the CLI refuses any other).
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$want" ]; then
  # No lock entry yet (fresh checkout of a branch that changed it): let cargo resolve.
  cargo metadata --format-version 1 >/dev/null
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
fi
[ -n "$want" ] || { log "cannot find the wasm-bindgen version in Cargo.lock"; exit 1; }
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes once"
  # --locked first; should a locked dependency be missing from the registry, resolve anew.
  cargo install --locked wasm-bindgen-cli --version "=$want" \
    || cargo install wasm-bindgen-cli --version "=$want"
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# 3. The module (profile release-wasm: release with opt-level "s").
cargo build --quiet --profile release-wasm --target wasm32-unknown-unknown -p peeker-wasm
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo "$root/target")"
wasm="$target_dir/wasm32-unknown-unknown/release-wasm/peeker_wasm.wasm"

# 4. The glue, into a fresh directory swapped in at the end (no half-built dist).
tmp="$(mktemp -d "$here/.dist.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target nodejs --experimental-reset-state-function --out-dir "$tmp/node" "$wasm"
# Browsers download it: drop the function-name and producers sections (-23 KB gzip).
wasm-bindgen --target web --experimental-reset-state-function --remove-name-section --remove-producers-section \
  --out-dir "$tmp/web" "$wasm"
# The generated .d.ts files describe raw JsValue signatures; the package ships its own in lib/.
rm -f "$tmp"/node/*.d.ts "$tmp"/web/*.d.ts

# The CommonJS glue must stay CommonJS even if a parent package.json says "type": "module".
printf '{ "type": "commonjs" }\n' > "$tmp/node/package.json"
printf '{ "type": "module" }\n' > "$tmp/web/package.json"

rm -rf "$here/dist"
mv "$tmp" "$here/dist"
trap - EXIT
chmod 755 "$here/dist"

for d in node web; do
  w="$here/dist/$d/peeker_wasm_bg.wasm"
  j="$here/dist/$d/peeker_wasm.js"
  log "dist/$d: wasm $(wc -c <"$w") B ($(gzip -9c "$w" | wc -c) B gzip), glue $(wc -c <"$j") B ($(gzip -9c "$j" | wc -c) B gzip)"
done
