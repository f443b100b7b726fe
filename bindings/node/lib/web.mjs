// What the three browser entries share (lib/browser.mjs: everything, over dist/web;
// lib/validation.mjs: no Client/Tracker, over the same dist/web; lib/domains.mjs: dist/web-domains): the
// error class, `init()`, the guard every function goes through, and checkRootDomain.
import { createFastDomains } from './fast.mjs';

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

/** `init`, `isReady`, `run`, `guard` and `checkRootDomain` over one wasm-bindgen web glue module. */
export function createWeb(initWasm, raw) {
  let ready = false;
  let pending = null;

  /**
   * Loads the WebAssembly module; idempotent (later calls return the same promise).
   * `source`: where to get the .wasm (a URL or string, a Response or its promise, a
   * BufferSource or a WebAssembly.Module); default: next to the glue.
   */
  function init(source) {
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
  function isReady() {
    return ready;
  }

  function run(thunk) {
    if (!ready) {
      throw new PeekerError(
        'not_initialized',
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

  const fast = createFastDomains({ raw, run, normalizeRootDomain: guard(raw.normalizeRootDomain) });

  return { init, isReady, run, guard, checkRootDomain: fast.checkRootDomain };
}
