// Compiled (never run) by test/types.test.mjs: the Node CommonJS view of the declarations.
import http = require('node:http');
import sdk = require('@peeker/sdk');

const d: sdk.RootDomain = sdk.normalizeRootDomain('acme.com');
const ascii: string = d.ascii;
const check: sdk.RootDomainCheck = sdk.checkRootDomain('www.acme.com');
if (check.ok) {
  const a: string = check.ascii + check.unicode;
} else {
  const code: sdk.ErrorCode = check.code;
  const why: string = check.message;
  const fix: string | null = check.suggestion;
  // @ts-expect-error: a failure has no ascii form
  check.ascii;
}
const reg: string | null = sdk.registrableDomain('www.acme.com');
const set: sdk.DomainSet = sdk.domainSet(new Set(['a.com']));
const firstError: sdk.DomainEntryError | undefined = set.errors[0];
const key: string | null = sdk.checkDomainSet(['a.com'], 'import').key;
const max: number = sdk.batchLimit('import_job');

http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const ev = sdk.verifyWebhook<{ id: string; status: string }>(Buffer.concat(chunks), req.headers, [
        'whsec_new',
        'whsec_old',
      ]);
      const status: string = ev.data.status;
      const type: sdk.WebhookEventType = ev.type;
      const created: string | null = ev.created_at;
      res.end(`${status} ${type} ${created}`);
    } catch (e) {
      if (e instanceof sdk.PeekerError) {
        const code: sdk.ErrorCode = e.code;
        const suggestion: string | null = e.suggestion;
        const field: string | null = e.field;
        switch (e.code) {
          case 'signature_mismatch':
          case 'timestamp_out_of_tolerance':
            res.statusCode = 400;
            break;
          default:
            res.statusCode = 500;
        }
        res.end(`${code} ${suggestion} ${field} ${e.message}`);
      }
    }
  });
});

const sig: string = sdk.signWebhook('{}', 'whsec', 1700000000);
const c: sdk.ClassifiedResponse = sdk.classifyResponse(429, { 'peeker-request-id': 'req_1' }, '{}');
const wait: number | null = c.retryAfterSeconds;
const retry: 'never' | 'after' | 'backoff' = c.retry;
const k: string = sdk.orderDedupeKey('pk_test_x', { user: 'u', domains: ['a.com'] });
const codes: sdk.ErrorCode[] = sdk.errorCodes();
const n: number | null = sdk.errorCodeNumber('empty');
const v: string = sdk.version() + sdk.pslVersion() + sdk.pslCommit();
const ready: Promise<void> = sdk.init();
const isReady: boolean = sdk.isReady();
const err = new sdk.PeekerError('subdomain', 'm', { suggestion: 'acme.com' });

// @ts-expect-error: input is a string
sdk.normalizeRootDomain(42);
// @ts-expect-error: not a batch limit name
sdk.checkDomainSet(['a.com'], 'imports');
// @ts-expect-error: not an error code
const wrong: sdk.ErrorCode = 'not_a_code';
// @ts-expect-error: the result is not nullable (it throws instead)
const nope: null = sdk.normalizeRootDomain('a.com');
// @ts-expect-error: the secret is a string or strings
sdk.verifyWebhook('{}', {}, 42);
// @ts-expect-error: fields are read-only
err.code = 'empty';

export { ascii, reg, firstError, key, max, sig, wait, retry, k, codes, n, v, ready, isReady, wrong, nope };
