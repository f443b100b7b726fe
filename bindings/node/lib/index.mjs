// @peeker/sdk for Node.js, ES module entry: the CommonJS build (lib/index.cjs)
// re-exported, so that `require` and `import` share one instance and one error class.
import sdk from './index.cjs';

export const {
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
} = sdk;

export default sdk;
