// @peeker/sdk/domains for browsers (ES module): root-domain validation only, over
// the smallest WebAssembly build. Call `await init()` once before anything else.
// See api.d.ts.
import * as api from './api.js';
import type { init as initFunction } from './browser.mjs';

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

declare const sdk: Pick<
  typeof api,
  | 'PeekerError'
  | 'normalizeRootDomain'
  | 'checkRootDomain'
  | 'registrableDomain'
  | 'publicSuffix'
  | 'domainSet'
  | 'checkDomainSet'
  | 'batchLimit'
  | 'errorCodes'
  | 'errorCodeNumber'
  | 'version'
  | 'pslVersion'
  | 'pslCommit'
  | 'isReady'
> & { init: typeof initFunction };
export default sdk;
