#!/usr/bin/env bash
# Tests of the npm package @peeker/sdk, from a fresh clone:
#   npm dev deps (typescript, playwright-core, express, fastify, esbuild) -> build
#   (wasm target, wasm-bindgen-cli, wasm modules, glue, the minified browser domain
#   entry) -> node:test suites (Node:
#   require, import, errors, robustness, webhooks, responses, the API client
#   against a local stub, the tracker, the Express / Fastify / node:http /
#   Next.js webhook recipes on loopback servers, the PostgreSQL storage recipe
#   against a private server, TypeScript declarations, npm pack) -> Chromium
#   (apt) -> browser test (demo page on @peeker/sdk/domains,
#   web build, Client and Tracker in headless Chromium; screenshot
#   target/browser-demo.png).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

# The dev dependencies first: build.sh needs esbuild (and installs them itself when
# run alone).
echo "test.sh: npm install (dev dependencies)" >&2
npm install --no-audit --no-fund --loglevel=error

bash "$here/build.sh"

# One private PostgreSQL server for the storage recipe's test
# (test/store-postgres.test.mjs; tests/postgres/server.sh installs Debian's
# postgresql when missing), stopped and removed at the end.
pg_dir=$(bash "$here/../../tests/postgres/server.sh" start)
trap 'bash "$here/../../tests/postgres/server.sh" stop "$pg_dir"' EXIT
echo "test.sh: node --test (Node)" >&2
PEEKER_PG_DSN=$(cat "$pg_dir/dsn") node --test test/*.test.cjs test/*.test.mjs

bash "$here/install-chromium.sh"
echo "test.sh: node --test (browser: headless Chromium)" >&2
PEEKER_REQUIRE_BROWSER=1 node --test test/browser/browser.test.mjs
