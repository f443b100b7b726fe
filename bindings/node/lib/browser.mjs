// @peeker/sdk for browsers (and any ES-module host with fetch: Deno, Bun, edge
// workers), over the full WebAssembly module (dist/web). Call `await init()` once
// before anything else; it fetches dist/web/peeker_wasm_bg.wasm next to the glue,
// or what you pass. build.sh bundles this file into dist/web/index.mjs with the
// named exports of lib/sdk.mjs's list.
import initWasm, * as raw from '../dist/web/peeker_wasm.js';
import { createSdk, full } from './sdk.mjs';

export default createSdk({ raw, initWasm, binding: () => `peeker-browser/${raw.version()}` }, full);
