// @peeker/sdk/domains for browsers: root-domain validation only (normalise a
// domain, registrable domain, public suffix, domain sets, batch limits), over the
// smallest WebAssembly build, dist/web-domains (the core with its whole Public
// Suffix List and UTS 46, without webhooks, responses or the API model). For
// pages that validate domains as the user types. Call `await init()` once.
import initWasm, * as raw from '../dist/web-domains/peeker_wasm.js';
import { PeekerError, createWeb } from './web.mjs';

const web = createWeb(initWasm, raw);
const { guard } = web;

export { PeekerError };
export const { init, isReady } = web;
export const normalizeRootDomain = guard(raw.normalizeRootDomain);
export const { checkRootDomain } = web;
export const registrableDomain = guard(raw.registrableDomain);
export const publicSuffix = guard(raw.publicSuffix);
export const domainSet = guard(raw.domainSet);
export const checkDomainSet = guard(raw.checkDomainSet);
export const batchLimit = guard(raw.batchLimit);
export const errorCodes = guard(raw.errorCodes);
export const errorCodeNumber = guard(raw.errorCodeNumber);
export const version = guard(raw.version);
export const pslVersion = guard(raw.pslVersion);
export const pslCommit = guard(raw.pslCommit);

export default {
  PeekerError,
  normalizeRootDomain,
  checkRootDomain,
  registrableDomain,
  publicSuffix,
  domainSet,
  checkDomainSet,
  batchLimit,
  errorCodes,
  errorCodeNumber,
  version,
  pslVersion,
  pslCommit,
  init,
  isReady,
};
