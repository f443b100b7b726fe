// @peeker/sdk for browsers (ES module). Call `await init()` once before anything else. See api.d.ts.
export * from './api.js';
import * as api from './api.js';

/** Where `init` gets the WebAssembly module from. */
export type InitInput =
  | string
  | URL
  | Request
  | Response
  | Promise<Response>
  | BufferSource
  | WebAssembly.Module;

/**
 * Loads the WebAssembly module (by default `peeker_wasm_bg.wasm` next to the
 * glue, fetched relative to `import.meta.url`). Idempotent: later calls return
 * the same promise. Every other function throws a `PeekerError` (`internal`)
 * until it has resolved.
 */
export declare function init(source?: InitInput): Promise<void>;

declare const sdk: typeof api & { init: typeof init };
export default sdk;
