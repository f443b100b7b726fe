// @peeker/sdk for browsers (and any ES-module host with fetch: Deno, Bun, edge
// workers): the web build of the WebAssembly module (dist/web). Call
// `await init()` once before anything else; it fetches
// dist/web/peeker_wasm_bg.wasm next to the glue, or what you pass. Same API as
// lib/index.cjs (test/entrypoints.test.mjs keeps them in step); every rule lives
// in the Rust core. Pages that only validate domains can import
// `@peeker/sdk/validation` (lib/validation.mjs) instead: no Client or Tracker,
// a smaller download.
import initWasm, * as raw from '../dist/web/peeker_wasm.js';
import { createClientApi } from './client.mjs';
import { PeekerError, createWeb } from './web.mjs';
import { createVerifier } from './verifier.mjs';

const web = createWeb(initWasm, raw);
const { guard } = web;

export { PeekerError };
export const { init, isReady } = web;
export const { ApiError, Client, Tracker } = createClientApi({
  raw,
  run: web.run,
  PeekerError,
  binding: () => `peeker-browser/${raw.version()}`,
});
export const normalizeRootDomain = guard(raw.normalizeRootDomain);
export const { checkRootDomain } = web;
export const registrableDomain = guard(raw.registrableDomain);
export const publicSuffix = guard(raw.publicSuffix);
export const domainSet = guard(raw.domainSet);
export const checkDomainSet = guard(raw.checkDomainSet);
export const batchLimit = guard(raw.batchLimit);
export const { Verifier, verifyWebhook, verifyWebhookIgnoringTimestamp } = createVerifier({ raw, run: web.run });
export const signWebhook = guard(raw.signWebhook);
export const classifyResponse = guard(raw.classifyResponse);
export const backoffDelayMs = guard(raw.backoffDelayMs);
export const retryDelayMs = guard(raw.retryDelayMs);
export const networkRetryDelayMs = guard(raw.networkRetryDelayMs);
export const orderDedupeKey = guard(raw.orderDedupeKey);
export const stateKey = guard(raw.stateKey);
export const stateReduce = guard(raw.stateReduce);
export const stateMerge = guard(raw.stateMerge);
export const stateOrderView = guard(raw.stateOrderView);
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
  checkRootDomain,
  registrableDomain,
  publicSuffix,
  domainSet,
  checkDomainSet,
  batchLimit,
  Verifier,
  verifyWebhook,
  verifyWebhookIgnoringTimestamp,
  signWebhook,
  classifyResponse,
  backoffDelayMs,
  retryDelayMs,
  networkRetryDelayMs,
  orderDedupeKey,
  stateKey,
  stateReduce,
  stateMerge,
  stateOrderView,
  errorCodes,
  errorCodeNumber,
  version,
  pslVersion,
  pslCommit,
  init,
  isReady,
};
