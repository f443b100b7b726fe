#!/usr/bin/env bash
# Builds the npm package @peeker/sdk: the WebAssembly module of crate peeker-wasm,
# then its JavaScript glue with wasm-bindgen:
#   dist/web/          --target web: everything (ES module for browsers, loaded by
#                      lib/browser.mjs and lib/validation.mjs after `await init()`)
#   dist/web-domains/  --target web: domain validation only (lib/domains.mjs), and
#                      domains.min.mjs: lib/domains.mjs bundled and minified (esbuild),
#                      the file package.json exports to browsers
#   dist/node/         --target nodejs glue over dist/web's .wasm (CommonJS, loaded
#                      synchronously by lib/index.cjs)
#   dist/node-domains/ --target nodejs: domain validation only, built for speed
#                      (lib/index.cjs runs the domain functions there)
# Installs what is missing: the wasm32-unknown-unknown target (rustup) and
# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
# No wasm-opt: binaryen's -Os/-Oz save nothing after gzip on these modules (tried: web 228 -> 230 KB;
# web-domains 142.2 -> 142.9 KB with -Oz). The domain-only module at opt-level 3 is 5 KB gzip
# more than at "z" and twice as fast: Node gets that one, browsers the small one.
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

# 3. The modules. The full one is shared by Node and browsers (the wasm-bindgen CLI
# writes the same .wasm for its nodejs and web targets; only the JavaScript glue
# differs), so that the package carries it once. Domain validation has a build for
# each: browsers download theirs (small), Node runs its domain functions on its own
# (fast: twice the speed of "z", and the PSL's hash tables):
#   dist/web/peeker_wasm_bg.wasm           everything (profile release-wasm, opt-level "s"),
#                                          feature compact-psl (Node validates elsewhere)
#   dist/web-domains/peeker_wasm_bg.wasm   domains only (cargo features "api" and "http"
#                                          off), opt-level "z", feature compact-psl
#   dist/node-domains/peeker_wasm_bg.wasm  domains only, opt-level 3, every PSL table
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo "$root/target")"
cargo build --quiet --profile release-wasm --target wasm32-unknown-unknown -p peeker-wasm --features compact-psl
wasm="$target_dir/wasm32-unknown-unknown/release-wasm/peeker_wasm.wasm"
# Each its own target directory, so that the changed opt-level does not rebuild the others.
CARGO_PROFILE_RELEASE_WASM_OPT_LEVEL=z CARGO_TARGET_DIR="$target_dir/wasm-domains" \
  cargo build --quiet --profile release-wasm --target wasm32-unknown-unknown -p peeker-wasm --no-default-features --features compact-psl
web_dom_wasm="$target_dir/wasm-domains/wasm32-unknown-unknown/release-wasm/peeker_wasm.wasm"
CARGO_PROFILE_RELEASE_WASM_OPT_LEVEL=3 CARGO_TARGET_DIR="$target_dir/wasm-domains3" \
  cargo build --quiet --profile release-wasm --target wasm32-unknown-unknown -p peeker-wasm --no-default-features
node_dom_wasm="$target_dir/wasm-domains3/wasm32-unknown-unknown/release-wasm/peeker_wasm.wasm"

# 4. The glue, into a fresh directory swapped in at the end (no half-built dist).
tmp="$(mktemp -d "$here/.dist.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
bindgen() { # bindgen TARGET OUT_DIR WASM; no function-name or producers section (-23 KB
  # gzip; Rust panics report their own location, see wasm/src/lib.rs)
  wasm-bindgen --target "$1" --experimental-reset-state-function --remove-name-section --remove-producers-section \
    --out-dir "$2" "$3"
}
bindgen web "$tmp/web" "$wasm"
bindgen web "$tmp/web-domains" "$web_dom_wasm"
bindgen nodejs "$tmp/node-domains" "$node_dom_wasm"
# Node's CommonJS glue of the full module (dist/node/peeker_wasm.js) reads the
# browsers' .wasm (dist/web): checked to be the same bytes, then pointed at it.
gen="$tmp/gen-node"
bindgen nodejs "$gen" "$wasm"
if ! cmp -s "$gen/peeker_wasm_bg.wasm" "$tmp/web/peeker_wasm_bg.wasm"; then
  log "wasm-bindgen wrote different .wasm files for its nodejs and web targets; build.sh needs a change"
  exit 1
fi
mkdir -p "$tmp/node"
node -e '
  const fs = require("fs");
  const [src, out] = process.argv.slice(1);
  const from = "`${__dirname}/peeker_wasm_bg.wasm`";
  const text = fs.readFileSync(src, "utf8");
  if (text.split(from).length !== 2) {
    console.error(`build.sh: the nodejs glue no longer loads ${from} once; build.sh needs a change`);
    process.exit(1);
  }
  fs.writeFileSync(out, text.replace(from, "`${__dirname}/../web/peeker_wasm_bg.wasm`"));
' "$gen/peeker_wasm.js" "$tmp/node/peeker_wasm.js"
rm -rf "$gen"
# The generated .d.ts files describe raw JsValue signatures; the package ships its own in lib/.
rm -f "$tmp"/*/*.d.ts

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
to_cjs "$here/lib/verifier.mjs" createVerifier "$tmp/node/verifier.cjs"

# 5. What browsers download for `@peeker/sdk/domains`, minified by esbuild (a dev
# dependency, installed here when missing): the glue in place (names kept:
# `guard` hands them on), and lib/domains.mjs with what it imports from lib/
# (web.mjs, fast.mjs) as one file, dist/web-domains/domains.min.mjs, which loads
# the glue next to it. 9.5 -> 5.7 KB gzip. lib/domains.mjs stays the readable source.
if [ ! -e "$here/node_modules/esbuild/package.json" ]; then
  log "npm install (esbuild, to minify the browser domain entry)"
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error)
fi
node -e '
  const esbuild = require(process.argv[1]);
  const [entry, dir] = process.argv.slice(2);
  const common = { format: "esm", minify: true, keepNames: true, legalComments: "none", target: "es2022", logLevel: "warning" };
  const glue = `${dir}/peeker_wasm.js`;
  esbuild.buildSync({ ...common, entryPoints: [glue], outfile: glue, allowOverwrite: true });
  esbuild
    .build({
      ...common,
      entryPoints: [entry],
      outfile: `${dir}/domains.min.mjs`,
      bundle: true,
      // The import of ../dist/web-domains/peeker_wasm.js: the glue next to the bundle.
      plugins: [{ name: "glue", setup: (b) => b.onResolve({ filter: /\/web-domains\/peeker_wasm\.js$/ }, () => ({ path: "./peeker_wasm.js", external: true })) }],
    })
    .catch(() => process.exit(1));
' "$here/node_modules/esbuild" "$here/lib/domains.mjs" "$tmp/web-domains"
if ! grep -q 'from"./peeker_wasm.js"' "$tmp/web-domains/domains.min.mjs"; then
  log "dist/web-domains/domains.min.mjs does not import the glue next to it; build.sh needs a change"
  exit 1
fi

# The CommonJS glue must stay CommonJS even if a parent package.json says "type": "module".
printf '{ "type": "commonjs" }\n' > "$tmp/node/package.json"
printf '{ "type": "module" }\n' > "$tmp/web/package.json"
printf '{ "type": "commonjs" }\n' > "$tmp/node-domains/package.json"
printf '{ "type": "module" }\n' > "$tmp/web-domains/package.json"

rm -rf "$here/dist"
mv "$tmp" "$here/dist"
trap - EXIT
chmod 755 "$here/dist"

for d in web web-domains node-domains; do
  w="$here/dist/$d/peeker_wasm_bg.wasm"
  j="$here/dist/$d/peeker_wasm.js"
  log "dist/$d: wasm $(wc -c <"$w") B ($(gzip -9c "$w" | wc -c) B gzip), glue $(wc -c <"$j") B ($(gzip -9c "$j" | wc -c) B gzip)"
done
j="$here/dist/web-domains/domains.min.mjs"
log "dist/web-domains/domains.min.mjs: $(wc -c <"$j") B ($(gzip -9c "$j" | wc -c) B gzip)"
