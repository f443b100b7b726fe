'use strict';
// @peeker/sdk for Node.js, over the full WebAssembly module (the browsers' .wasm,
// dist/web/peeker_wasm_bg.wasm), loaded synchronously at the first call that needs
// it. CommonJS, and so is its glue (dist/node/peeker_wasm.js, the browsers' glue as
// CommonJS): test runners with their own module loader (Jest) cannot require an ES
// module on Node before 24.9, so this copy is what keeps `require` working there.
// build.sh bundles this file into dist/node/index.cjs (CommonJS: `require`) and
// writes dist/node/index.mjs (`import`: the same instance, named exports from
// lib/sdk.mjs's list). What Node adds to the browsers' layer: node:crypto's SHA-256
// as the Verifier's host SHA-256, and Buffer's Latin-1 decoder for checkRootDomain.
const crypto = require('node:crypto');
const { createSdk, full } = require('./sdk.mjs');

const raw = {}; // the glue's exports, from the first call on

/**
 * The core's host SHA-256 for its Verifier: node:crypto's (`(data) => digest`), the
 * inner hash of the core's HMAC-SHA256, faster than SHA-256 in wasm. The core
 * decides what is hashed (the key block and the signed message), finishes the MAC
 * and compares. `crypto.hash` (Node 20.12, 21.7) is the one-shot form; before it,
 * a Hash object.
 */
function sha256(data) {
  return typeof crypto.hash === 'function'
    ? crypto.hash('sha256', data, 'buffer')
    : crypto.createHash('sha256').update(data).digest();
}

/**
 * Decodes `n` bytes at `p` of a view of the wasm memory as Latin-1 (the ASCII form
 * of a domain, for lib/fast.mjs) with Buffer's native decoder; a Buffer over the
 * view is made once per view (lib/fast.mjs makes a new one when the memory grows).
 */
function latin1Decoder() {
  let of = null;
  let view = null;
  return (u8, p, n) => {
    if (u8 !== of) {
      of = u8;
      view = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
    }
    return view.latin1Slice ? view.latin1Slice(p, p + n) : view.toString('latin1', p, p + n);
  };
}

module.exports = createSdk({
  raw,
  initSync: () => Object.assign(raw, require('./peeker_wasm.js')), // dist/node/peeker_wasm.js: instantiates at require
  binding: () => `peeker-node/${raw.version()} node/${process.versions.node}`,
  sha256,
  latin1: latin1Decoder(),
}, full);
