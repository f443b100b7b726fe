// @peeker/sdk for browsers (and any ES-module host with fetch): the web build of
// the WebAssembly module (dist/web). Call `await init()` once before anything
// else; it fetches dist/web/peeker_wasm_bg.wasm next to the glue, or what you pass.
// Same API as lib/index.cjs (test/api-parity.test.mjs keeps them in step); every
// rule lives in the Rust core.
import initWasm, * as raw from '../dist/web/peeker_wasm.js';
import { createClientApi } from './client.mjs';

export class PeekerError extends Error {
  constructor(code, message, options) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'PeekerError';
    this.code = code;
    this.suggestion = (options && options.suggestion) ?? null;
    this.field = (options && options.field) ?? null;
  }

  static [Symbol.hasInstance](value) {
    return (
      value instanceof Error && (value.name === 'PeekerError' || value.name === 'ApiError') && typeof value.code === 'string'
    );
  }
}

let ready = false;
let pending = null;

/**
 * Loads the WebAssembly module; idempotent (later calls return the same promise).
 * `source`: where to get the .wasm (a URL or string, a Response or its promise, a
 * BufferSource or a WebAssembly.Module); default: next to the glue.
 */
export function init(source) {
  if (!pending) {
    pending = initWasm(source === undefined ? undefined : { module_or_path: source }).then(
      () => {
        ready = true;
      },
      (e) => {
        pending = null;
        throw new PeekerError('internal', `Could not load the Peeker SDK WebAssembly module: ${e && e.message}`, {
          cause: e,
        });
      },
    );
  }
  return pending;
}

/** Whether `init()` has finished. */
export function isReady() {
  return ready;
}

function run(thunk) {
  if (!ready) {
    throw new PeekerError(
      'internal',
      'The Peeker SDK is not loaded yet: call `await init()` (from @peeker/sdk) once before using it.',
    );
  }
  try {
    return thunk();
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      try {
        raw.__wbg_reset_state();
      } catch (_) {
        /* the next call will fail the same way and say so */
      }
      throw new PeekerError(
        'internal',
        `Internal error in the Peeker SDK (${e.message}); please report it. The module has been reset.`,
        { cause: e },
      );
    }
    throw e;
  }
}

function guard(fn) {
  const wrapped = function (...args) {
    return run(() => fn(...args));
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  return wrapped;
}

export const { ApiError, Client, Tracker } = createClientApi({
  raw,
  run,
  PeekerError,
  binding: () => `peeker-browser/${raw.version()}`,
});

export const normalizeRootDomain = guard(raw.normalizeRootDomain);
export const registrableDomain = guard(raw.registrableDomain);
export const publicSuffix = guard(raw.publicSuffix);
export const domainSet = guard(raw.domainSet);
export const checkDomainSet = guard(raw.checkDomainSet);
export const batchLimit = guard(raw.batchLimit);
export const verifyWebhook = guard(raw.verifyWebhook);
export const verifyWebhookIgnoringTimestamp = guard(raw.verifyWebhookIgnoringTimestamp);
export const signWebhook = guard(raw.signWebhook);
export const classifyResponse = guard(raw.classifyResponse);
export const backoffDelayMs = guard(raw.backoffDelayMs);
export const orderDedupeKey = guard(raw.orderDedupeKey);
export const errorCodes = guard(raw.errorCodes);
export const errorCodeNumber = guard(raw.errorCodeNumber);
export const version = guard(raw.version);
export const pslVersion = guard(raw.pslVersion);
export const pslCommit = guard(raw.pslCommit);

export default {
  PeekerError,
  ApiError,
  Client,
  Tracker,
  normalizeRootDomain,
  registrableDomain,
  publicSuffix,
  domainSet,
  checkDomainSet,
  batchLimit,
  verifyWebhook,
  verifyWebhookIgnoringTimestamp,
  signWebhook,
  classifyResponse,
  backoffDelayMs,
  orderDedupeKey,
  errorCodes,
  errorCodeNumber,
  version,
  pslVersion,
  pslCommit,
  init,
  isReady,
};
