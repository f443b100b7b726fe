// @peeker/sdk/validation for browsers (ES module): everything of the main entry
// except the API model (Client, Tracker, ApiError), over a smaller WebAssembly
// build. Call `await init()` once before anything else. See api.d.ts.
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
  Verifier,
  verifyWebhook,
  verifyWebhookIgnoringTimestamp,
  signWebhook,
  classifyResponse,
  backoffDelayMs,
  retryDelayMs,
  networkRetryDelayMs,
  orderDedupeKey,
  errorCodes,
  errorCodeNumber,
  version,
  pslVersion,
  pslCommit,
  isReady,
} from './api.js';
export type {
  ErrorCode,
  VerifierOptions,
  RootDomain,
  RootDomainCheck,
  RootDomainCheckOk,
  RootDomainCheckFailure,
  DomainEntryError,
  DomainSet,
  BatchLimitName,
  BodyInput,
  HeaderValue,
  HeadersInput,
  WebhookEventType,
  WebhookEvent,
  VerifyWebhookOptions,
  RetryAdvice,
  ClassifiedResponse,
  RetryOptions,
} from './api.js';
export { init, type InitInput } from './browser.mjs';

declare const sdk: Omit<typeof api, 'Client' | 'Tracker' | 'ApiError'> & { init: typeof initFunction };
export default sdk;
