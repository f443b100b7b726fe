#!/usr/bin/env bash
# Builds the npm package @peeker/sdk: two WebAssembly modules of crate peeker-wasm,
# their JavaScript glue (wasm-bindgen --target web), and the entries bundled from
# lib/ by esbuild (bundle.mjs):
#   dist/web/          the full module, for Node, browsers and workerd (workerd.mjs); index.mjs is the
#                      browsers' @peeker/sdk (call `await init()`)
#   dist/node/         Node's @peeker/sdk: index.cjs (require), index.mjs (import),
#                      and the web glue as CommonJS (peeker_wasm.js), which
#                      instantiates ../web/peeker_wasm_bg.wasm synchronously
#   dist/web-domains/  domain validation only, for browser forms: domains.min.mjs
#                      is @peeker/sdk/domains for browsers (Node gets the full SDK)
# Installs what is missing: the wasm32-unknown-unknown target (rustup) and
# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
# No wasm-opt: binaryen's -Os/-Oz save nothing after gzip on these modules (measured: BENCHMARKS.md,
# row 4 and "Release artefacts").
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
bash "$here/install-wasm-bindgen.sh"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# 3. The modules (see "Two modules" in bindings/node/README.md for the choices):
#   dist/web/peeker_wasm_bg.wasm          everything, opt-level 3 and every PSL table:
#                                         Node validates domains on it (BENCHMARKS.md row 1)
#   dist/web-domains/peeker_wasm_bg.wasm  domains only (cargo features "api" and "http"
#                                         off), opt-level "z", feature compact-psl (row 4)
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo "$root/target")"
CARGO_PROFILE_RELEASE_WASM_OPT_LEVEL="${PEEKER_FULL_OPT_LEVEL:-3}" \
  cargo build --quiet --profile release-wasm --target wasm32-unknown-unknown -p peeker-wasm ${PEEKER_FULL_FEATURES:+--features "$PEEKER_FULL_FEATURES"}
wasm="$target_dir/wasm32-unknown-unknown/release-wasm/peeker_wasm.wasm"
# Its own target directory, so that the other opt-level does not rebuild the full module.
CARGO_PROFILE_RELEASE_WASM_OPT_LEVEL=z CARGO_TARGET_DIR="$target_dir/wasm-domains" \
  cargo build --quiet --profile release-wasm --target wasm32-unknown-unknown -p peeker-wasm --no-default-features --features compact-psl
dom_wasm="$target_dir/wasm-domains/wasm32-unknown-unknown/release-wasm/peeker_wasm.wasm"

# 4. The glue, into a fresh directory swapped in at the end (no half-built dist).
tmp="$(mktemp -d "$here/.dist.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
bindgen() { # bindgen OUT_DIR WASM; no function-name or producers section (smaller; Rust
  # panics report their own location, see wasm/src/lib.rs)
  wasm-bindgen --target web --experimental-reset-state-function --remove-name-section --remove-producers-section \
    --out-dir "$1" "$2"
}
bindgen "$tmp/web" "$wasm"
bindgen "$tmp/web-domains" "$dom_wasm"
# The generated .d.ts files describe raw JsValue signatures; the package ships its own in lib/.
rm -f "$tmp"/*/*.d.ts

# 5. The entries (bundle.mjs; esbuild is a dev dependency, installed here when missing).
if [ ! -e "$here/node_modules/esbuild/package.json" ]; then
  log "npm install (esbuild, to bundle the entries)"
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error)
fi
mkdir -p "$tmp/node"
# The CommonJS files must stay CommonJS even if a parent package.json says "type": "module".
printf '{ "type": "commonjs" }\n' > "$tmp/node/package.json"
printf '{ "type": "module" }\n' > "$tmp/web/package.json"
printf '{ "type": "module" }\n' > "$tmp/web-domains/package.json"
node "$here/bundle.mjs" "$tmp"
if ! grep -q 'from"./peeker_wasm.js"' "$tmp/web-domains/domains.min.mjs"; then
  log "dist/web-domains/domains.min.mjs does not import the glue next to it; build.sh needs a change"
  exit 1
fi

rm -rf "$here/dist"
mv "$tmp" "$here/dist"
trap - EXIT
chmod 755 "$here/dist"

for d in web web-domains; do
  w="$here/dist/$d/peeker_wasm_bg.wasm"
  j="$here/dist/$d/peeker_wasm.js"
  log "dist/$d: wasm $(wc -c <"$w") B ($(gzip -9c "$w" | wc -c) B gzip), glue $(wc -c <"$j") B ($(gzip -9c "$j" | wc -c) B gzip)"
done
j="$here/dist/web-domains/domains.min.mjs"
log "dist/web-domains/domains.min.mjs: $(wc -c <"$j") B ($(gzip -9c "$j" | wc -c) B gzip)"
