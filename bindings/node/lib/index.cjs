'use strict';
// @peeker/sdk for Node.js (CommonJS; lib/index.mjs re-exports it for `import`).
// A thin layer over the WebAssembly builds of the Rust core, loaded synchronously:
// the domain-only module built for speed (dist/node-domains: glue over
// dist/web-domains' module), which runs the domain functions, at `require`; the
// whole core (dist/node: glue over dist/web's module, shared with browsers) at the
// first call that needs it (API client, tracker, webhooks, retry advice), so that a
// process that only validates domains never compiles it (about 9 ms and 5 MiB).
// Every rule lives in the core. This file only defines the error class, guards
// against a trapped instance, and picks the public names.
// lib/browser.mjs is the same for browsers; test/entrypoints.test.mjs keeps them in step.

const rawDomains = require('../dist/node-domains/peeker_wasm.js');
let rawFull = null;
/** The whole core's glue (dist/node), loaded (and its module compiled) at first use. */
function full() {
  if (rawFull === null) rawFull = require('../dist/node/peeker_wasm.js');
  return rawFull;
}
// For code that reads the glue's exports when it runs (lib/client.mjs): each read
// goes to full().
const raw = new Proxy(Object.create(null), { get: (_, name) => full()[name] });
const { createClientApi } = require('../dist/node/client.cjs');
const { createFastDomains } = require('../dist/node/fast.cjs');
// Webhooks: the core's Verifier, with node:crypto's HMAC as its host HMAC.
const { createVerifier } = require('../dist/node/verifier.cjs');
const crypto = require('node:crypto');

/**
 * The error every function of this package throws. Thrown errors are created
 * inside the WebAssembly module as plain `Error`s named `PeekerError` with a
 * stable `code`; `instanceof PeekerError` recognises them (and errors of another
 * copy of this package) by that shape.
 */
class PeekerError extends Error {
  constructor(code, message, options) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'PeekerError';
    this.code = code;
    this.suggestion = (options && options.suggestion) ?? null;
    this.field = (options && options.field) ?? null;
  }

  static [Symbol.hasInstance](value) {
    return (
      value instanceof Error &&
      (value.name === 'PeekerError' || value.name === 'ApiError') &&
      typeof value.code === 'string'
    );
  }
}

// A trap (stack overflow, out of memory: never expected) leaves the instance
// unusable; start a fresh one and report the failure as an `internal` error.
function runner(module) { // module: () => the glue
  return function run(thunk) {
    try {
      return thunk();
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        try {
          module().__wbg_reset_state();
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
  };
}
const run = runner(full);
const runDomains = runner(() => rawDomains);

/** `f` with the name `name` (what stack traces and `fn.name` show). */
function named(name, f) {
  Object.defineProperty(f, 'name', { value: name });
  return f;
}

/** A function of the domain module, guarded. */
const guardDomains = (fn) => named(fn.name, (...args) => runDomains(() => fn(...args)));

/** `name` of the whole core, guarded; the module is loaded at the first call. */
const guardFull = (name) => named(name, (...args) => run(() => full()[name](...args)));

const { ApiError, Client, Tracker } = createClientApi({
  raw,
  run,
  PeekerError,
  binding: () => `peeker-node/${rawDomains.version()} node/${process.versions.node}`,
});

/**
 * Decodes `n` bytes at `p` of a view of the wasm memory as Latin-1 (the ASCII form
 * of a domain, for lib/fast.mjs) with Buffer's native decoder. lib/fast.mjs makes a
 * new view when the memory grows; a Buffer over it is made once per view.
 */
function latin1Decoder() {
  let of = null;
  let view = null;
  const slice = typeof Buffer.prototype.latin1Slice === 'function'
    ? (b, p, n) => b.latin1Slice(p, p + n)
    : (b, p, n) => b.toString('latin1', p, p + n);
  return (u8, p, n) => {
    if (u8 !== of) {
      of = u8;
      view = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
    }
    return slice(view, p, n);
  };
}

/**
 * The core's host HMAC for a Verifier of `secret`: node:crypto's HMAC-SHA256
 * (`(secretIndex, prefix, body) => digest`), faster than SHA-256 in wasm. The keys
 * are made once, at the first delivery (the core has checked the secrets by then);
 * the core decides what is MACed and compares.
 */
function nodeHmac(secret) {
  const list = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? secret : null;
  if (list === null) return undefined;
  let keys = null;
  return (i, prefix, body) => {
    if (keys === null) keys = list.map((s) => crypto.createSecretKey(Buffer.from(String(s), 'utf8')));
    return crypto.createHmac('sha256', keys[i]).update(prefix).update(body).digest();
  };
}
const webhooks = createVerifier({ raw, run, hmacFor: nodeHmac });

const normalizeRootDomain = guardDomains(rawDomains.normalizeRootDomain);
const fast = createFastDomains({ raw: rawDomains, run: runDomains, normalizeRootDomain, latin1: latin1Decoder() });

const api = {
  PeekerError,
  ApiError,
  Client,
  Tracker,
  normalizeRootDomain,
  checkRootDomain: fast.checkRootDomain,
  registrableDomain: guardDomains(rawDomains.registrableDomain),
  publicSuffix: guardDomains(rawDomains.publicSuffix),
  domainSet: guardDomains(rawDomains.domainSet),
  checkDomainSet: guardDomains(rawDomains.checkDomainSet),
  batchLimit: guardDomains(rawDomains.batchLimit),
  Verifier: webhooks.Verifier,
  verifyWebhook: webhooks.verifyWebhook,
  verifyWebhookIgnoringTimestamp: webhooks.verifyWebhookIgnoringTimestamp,
  signWebhook: guardFull('signWebhook'),
  classifyResponse: guardFull('classifyResponse'),
  backoffDelayMs: guardFull('backoffDelayMs'),
  retryDelayMs: guardFull('retryDelayMs'),
  networkRetryDelayMs: guardFull('networkRetryDelayMs'),
  orderDedupeKey: guardFull('orderDedupeKey'),
  stateKey: guardFull('stateKey'),
  stateReduce: guardFull('stateReduce'),
  stateMerge: guardFull('stateMerge'),
  stateOrderView: guardFull('stateOrderView'),
  // The same core and list in either module: answered by the one already loaded.
  errorCodes: guardDomains(rawDomains.errorCodes),
  errorCodeNumber: guardDomains(rawDomains.errorCodeNumber),
  version: guardDomains(rawDomains.version),
  pslVersion: guardDomains(rawDomains.pslVersion),
  pslCommit: guardDomains(rawDomains.pslCommit),
  /** Node: the module is ready as soon as it is loaded. Kept for code shared with browsers. */
  init: () => Promise.resolve(),
  isReady: () => true,
};

module.exports = api;
