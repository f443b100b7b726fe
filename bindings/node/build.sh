#!/usr/bin/env bash
# Builds the npm package @peeker/sdk: the WebAssembly module of crate peeker-wasm,
# then its JavaScript glue with wasm-bindgen:
#   dist/web/          --target web: everything (ES module for browsers, loaded by
#                      lib/browser.mjs and lib/validation.mjs after `await init()`)
#   dist/web-domains/  --target web: domain validation only (lib/domains.mjs)
#   dist/node/         --target nodejs glue over dist/web's .wasm (CommonJS, loaded
#                      synchronously by lib/index.cjs)
#   dist/node-domains/ --target nodejs glue over dist/web-domains' .wasm (lib/index.cjs
#                      runs the domain functions there)
# Installs what is missing: the wasm32-unknown-unknown target (rustup) and
# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
# No wasm-opt: binaryen's -Os/-Oz save nothing after gzip on these modules (tried: web 228 -> 230 KB;
# web-domains 142.2 -> 142.9 KB with -Oz). web-domains at opt-level 3 is 6 KB gzip more than
# at "z" and twice as fast (Node's checkRootDomain runs there).
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

# 3. The modules: two WebAssembly files, each shared by Node and browsers (the
# wasm-bindgen CLI writes the same .wasm for its nodejs and web targets; only the
# JavaScript glue differs), so that the package carries each module once:
#   dist/web/peeker_wasm_bg.wasm          everything (profile release-wasm, opt-level "s")
#   dist/web-domains/peeker_wasm_bg.wasm  domain validation only (cargo features "api"
#                                         and "http" off), opt-level 3: Node runs its
#                                         domain functions there (twice the speed of "s")
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo "$root/target")"
cargo build --quiet --profile release-wasm --target wasm32-unknown-unknown -p peeker-wasm
wasm="$target_dir/wasm32-unknown-unknown/release-wasm/peeker_wasm.wasm"
# Its own target directory, so that the changed opt-level does not rebuild the other.
CARGO_PROFILE_RELEASE_WASM_OPT_LEVEL=3 CARGO_TARGET_DIR="$target_dir/wasm-domains3" \
  cargo build --quiet --profile release-wasm --target wasm32-unknown-unknown -p peeker-wasm --no-default-features
dom_wasm="$target_dir/wasm-domains3/wasm32-unknown-unknown/release-wasm/peeker_wasm.wasm"

# 4. The glue, into a fresh directory swapped in at the end (no half-built dist).
tmp="$(mktemp -d "$here/.dist.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
bindgen() { # bindgen TARGET OUT_DIR WASM; no function-name or producers section (-23 KB
  # gzip; Rust panics report their own location, see wasm/src/lib.rs)
  wasm-bindgen --target "$1" --experimental-reset-state-function --remove-name-section --remove-producers-section \
    --out-dir "$2" "$3"
}
bindgen web "$tmp/web" "$wasm"
bindgen web "$tmp/web-domains" "$dom_wasm"
# The CommonJS glue of Node (dist/node/peeker_wasm.js, dist/node-domains/peeker_wasm.js)
# reads the browsers' .wasm files: checked to be the same bytes, then pointed at them.
node_glue() { # node_glue OUT_DIR WASM WEB_DIR
  local gen="$tmp/gen-$(basename "$1")"
  bindgen nodejs "$gen" "$2"
  if ! cmp -s "$gen/peeker_wasm_bg.wasm" "$tmp/$3/peeker_wasm_bg.wasm"; then
    log "wasm-bindgen wrote different .wasm files for its nodejs and web targets; build.sh needs a change"
    exit 1
  fi
  mkdir -p "$1"
  node -e '
    const fs = require("fs");
    const [src, out, dir] = process.argv.slice(1);
    const from = "`${__dirname}/peeker_wasm_bg.wasm`";
    const text = fs.readFileSync(src, "utf8");
    if (text.split(from).length !== 2) {
      console.error(`build.sh: the nodejs glue no longer loads ${from} once; build.sh needs a change`);
      process.exit(1);
    }
    fs.writeFileSync(out, text.replace(from, "`${__dirname}/../" + dir + "/peeker_wasm_bg.wasm`"));
  ' "$gen/peeker_wasm.js" "$1/peeker_wasm.js" "$3"
  rm -rf "$gen"
}
node_glue "$tmp/node" "$wasm" web
node_glue "$tmp/node-domains" "$dom_wasm" web-domains
# The generated .d.ts files describe raw JsValue signatures; the package ships its own in lib/.
rm -f "$tmp"/web/*.d.ts "$tmp"/web-domains/*.d.ts

# lib/client.mjs (Client, Tracker, ApiError) and lib/fast.mjs (checkRootDomain) serve
# browsers as they are; the CommonJS entry gets the same code as dist/node/client.cjs
# and dist/node/fast.cjs: the one `export function` becomes a `module.exports`. The
# files have no imports, so nothing else changes.
to_cjs() { # to_cjs SOURCE FUNCTION OUT
  local src="$1" fn="$2" out="$3"
  if [ "$(grep -cE '^(export|import)[ {]' "$src")" != 1 ] || ! grep -q "^export function $fn(" "$src"; then
    log "$src must have exactly one top-level export (function $fn) and no imports"
    exit 1
  fi
  {
    printf "'use strict';\n// Generated by build.sh from %s: do not edit.\n" "lib/$(basename "$src")"
    sed "s/^export function $fn(/function $fn(/" "$src"
    printf 'module.exports = { %s };\n' "$fn"
  } > "$out"
}
to_cjs "$here/lib/client.mjs" createClientApi "$tmp/node/client.cjs"
to_cjs "$here/lib/fast.mjs" createFastDomains "$tmp/node/fast.cjs"

# The CommonJS glue must stay CommonJS even if a parent package.json says "type": "module".
printf '{ "type": "commonjs" }\n' > "$tmp/node/package.json"
printf '{ "type": "module" }\n' > "$tmp/web/package.json"
printf '{ "type": "commonjs" }\n' > "$tmp/node-domains/package.json"
printf '{ "type": "module" }\n' > "$tmp/web-domains/package.json"

rm -rf "$here/dist"
mv "$tmp" "$here/dist"
trap - EXIT
chmod 755 "$here/dist"

for d in web web-domains; do
  w="$here/dist/$d/peeker_wasm_bg.wasm"
  j="$here/dist/$d/peeker_wasm.js"
  log "dist/$d: wasm $(wc -c <"$w") B ($(gzip -9c "$w" | wc -c) B gzip), glue $(wc -c <"$j") B ($(gzip -9c "$j" | wc -c) B gzip)"
done
