// @peeker/sdk/domains for browsers: root-domain validation only (normalise a
// domain, registrable domain, public suffix, domain sets, batch limits), over the
// smallest WebAssembly module, dist/web-domains (the core with its whole Public
// Suffix List and UTS 46, without webhooks, responses or the API model). For
// pages that validate domains as the user types. Call `await init()` once.
// build.sh bundles and minifies this file into dist/web-domains/domains.min.mjs.
import initWasm, * as raw from '../dist/web-domains/peeker_wasm.js';
import { createSdk } from './sdk.mjs';

export default createSdk({ raw, initWasm });
