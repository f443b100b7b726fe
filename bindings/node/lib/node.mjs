// @peeker/sdk for Node.js, over the browsers' files: the full WebAssembly module
// (dist/web/peeker_wasm_bg.wasm), its glue and lib/sdk.mjs's layer (dist/web/sdk.mjs),
// the module compiled synchronously at the first call that needs it. build.sh
// bundles this file into dist/node/index.mjs (`import`, named exports from
// lib/sdk.mjs's list); dist/node/index.cjs is `require(esm)` of it (Node 20.19+):
// one instance for both, and no second copy of any file. What Node adds to the
// browsers' layer: node:crypto's HMAC as the Verifier's host HMAC, and Buffer's
// Latin-1 decoder for checkRootDomain.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as raw from '../dist/web/peeker_wasm.js';
import { createSdk, full } from './sdk.mjs';

/**
 * The core's host HMAC for a Verifier of `secret`: node:crypto's HMAC-SHA256
 * (`(secretIndex, prefix, body) => digest`), faster than SHA-256 in wasm. The keys
 * are made once, at the first delivery (the core has checked the secrets by then);
 * the core decides what is MACed and compares.
 */
function hmacFor(secret) {
  const list = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? secret : null;
  if (list === null) return undefined;
  let keys = null;
  return (i, prefix, body) => {
    keys ??= list.map((s) => crypto.createSecretKey(Buffer.from(String(s), 'utf8')));
    return crypto.createHmac('sha256', keys[i]).update(prefix).update(body).digest();
  };
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

export default createSdk({
  raw,
  // bundled into dist/node/index.mjs: the module is dist/web's
  initSync: () => raw.initSync({ module: readFileSync(new URL('../web/peeker_wasm_bg.wasm', import.meta.url)) }),
  binding: () => `peeker-node/${raw.version()} node/${process.versions.node}`,
  hmacFor,
  latin1: latin1Decoder(),
}, full);
