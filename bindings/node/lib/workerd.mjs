// @peeker/sdk for Cloudflare Workers (the "workerd" export condition): the full
// module (dist/web), its .wasm imported as a module (workerd and wrangler compile
// `import wasm from './x.wasm'` into a WebAssembly.Module), instantiated
// synchronously at the first call, so no `await init()` is needed (it still
// resolves at once). build.sh bundles this file into dist/web/workerd.mjs with
// the named exports of lib/sdk.mjs's list.
import * as raw from '../dist/web/peeker_wasm.js';
import wasm from '../dist/web/peeker_wasm_bg.wasm';
import { createSdk, full } from './sdk.mjs';

export default createSdk({ raw, initSync: () => raw.initSync({ module: wasm }), binding: () => `peeker-workerd/${raw.version()}` }, full);
