// The public API of @peeker/sdk, named once: `createSdk` returns every export of
// the package, for Node (lib/node.cjs) and browsers (lib/browser.mjs), and, without
// `full`, of @peeker/sdk/domains (lib/domains.mjs). build.sh bundles those
// three sources with esbuild and writes their named ES-module exports from the
// keys of the object returned here; test/entrypoints.test.mjs checks that every
// entry and the TypeScript declarations agree.
//
// A thin layer: every rule lives in the Rust core. This file guards each call (a
// WebAssembly trap resets the instance; errors made by the module get their
// classes, see lib/errors.mjs) and loads the module: browsers with `await init()`,
// Node synchronously at the first call (`host.initSync`).
import { PeekerError, ApiError, adopt } from './errors.mjs';
import { createFastDomains } from './fast.mjs';
import { createClientApi } from './client.mjs';
import { createVerifier } from './verifier.mjs';

/**
 * host: `raw` (the wasm-bindgen glue of one module), `initWasm` (its async init:
 * browsers) or `initSync` (Node), `binding` (the User-Agent's binding part),
 * and optionally `sha256` (a host SHA-256 for the Verifier) and `latin1` (a native
 * Latin-1 decoder for checkRootDomain).
 * rest: `full` (below) for the whole API; without it, the domain part only (and
 * the domain entry's bundle leaves the rest out).
 */
export function createSdk(host, rest) {
  const { raw } = host;
  let ready = false;
  let pending = null;
  /** A module that could not be loaded (fetched, read or compiled), browsers and Node alike. */
  const loadError = (e) => new PeekerError('internal', `Could not load the Peeker SDK WebAssembly module: ${e?.message}`, { cause: e });

  /**
   * Loads the WebAssembly module; idempotent (later calls return the same promise).
   * Browsers: `source` says where to get the .wasm (a URL or string, a Response or
   * its promise, a BufferSource or a WebAssembly.Module; default: next to the
   * glue). Node loads it at the first call and resolves at once.
   */
  function init(source) {
    if (host.initSync) return new Promise((resolve) => resolve(load())); // a load error rejects, as in browsers
    pending ??= host.initWasm(source === undefined ? undefined : { module_or_path: source }).then(
      () => {
        ready = true;
      },
      (e) => {
        pending = null;
        throw loadError(e);
      },
    );
    return pending;
  }

  function load() {
    if (ready) return;
    if (!host.initSync) {
      throw new PeekerError('not_initialized', 'The Peeker SDK is not loaded yet: call `await init()` (from @peeker/sdk) once before using it.');
    }
    try {
      host.initSync();
    } catch (e) {
      throw loadError(e);
    }
    ready = true;
  }

  /** Runs `thunk` (a call into the module) and gives what it throws the package's error classes. */
  function run(thunk) {
    load();
    try {
      return thunk();
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw adopt(e);
      // A trap (never expected) leaves the instance unusable: start a fresh one.
      try {
        raw.__wbg_reset_state();
      } catch (_) {
        /* the next call will fail the same way and say so */
      }
      throw new PeekerError('internal', `Internal error in the Peeker SDK (${e.message}); please report it. The module has been reset.`, { cause: e });
    }
  }

  /** The module's exports `names`, each guarded, with its name: `{name: function}`. */
  const guarded = (names) =>
    Object.fromEntries(
      names.map((name) => {
        const f = (...args) => run(() => raw[name](...args));
        return [name, Object.defineProperty(f, 'name', { value: name })];
      }),
    );
  const exports = guarded([
    'normalizeRootDomain', 'registrableDomain', 'publicSuffix', 'domainSet', 'checkDomainSet', 'batchLimit',
    'errorCodes', 'errorCodeNumber', 'version', 'pslVersion', 'pslCommit',
  ]);
  const { checkRootDomain } = createFastDomains({ raw, run, normalizeRootDomain: exports.normalizeRootDomain, latin1: host.latin1 });

  const domains = {
    PeekerError,
    checkRootDomain,
    ...exports,
    init,
    /** Whether the module is loaded (browsers: `init()` has finished; Node: always). */
    isReady: () => ready || Boolean(host.initSync),
  };
  return rest ? { ...domains, ...rest(host, run, guarded) } : domains;
}

/** The rest of @peeker/sdk: the API model, webhooks, responses and retries, dedupe keys, resource states. */
export const full = (host, run, guarded) => ({
  ApiError,
  ...createClientApi({ raw: host.raw, run, binding: host.binding }),
  ...createVerifier({ raw: host.raw, run, sha256: host.sha256 }),
  ...guarded([
    'signWebhook', 'diagnoseWebhook', 'classifyResponse', 'backoffDelayMs', 'retryDecision', 'operationRetrySafe',
    'orderDedupeKey', 'stateKey', 'stateReduce', 'stateMerge', 'stateOrderView',
  ]),
});
