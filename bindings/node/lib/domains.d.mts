// @peeker/sdk/domains for browsers (ES module): root-domain validation only, over
// the smallest WebAssembly build. Call `await init()` once before anything else.
// See api.d.ts.
import type * as self from './domains.mjs';

export {
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
  isReady,
} from './api.js';
export type { ErrorCode, RootDomain, RootDomainCheck, RootDomainCheckOk, RootDomainCheckFailure, DomainEntryError, DomainSet, BatchLimitName } from './api.js';
export { init, type InitInput } from './browser.mjs';

/** The default export: every named export of this entry. */
declare const sdk: Omit<typeof self, 'default'>;
export default sdk;
