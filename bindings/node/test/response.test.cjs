'use strict';
// classifyResponse, backoffDelayMs, orderDedupeKey.
const test = require('node:test');
const assert = require('node:assert/strict');
const sdk = require('@peeker/sdk');
const { throwsCode } = require('./helpers.cjs');

test('classifyResponse: success, error envelope, retry advice, request id', () => {
  const ok = sdk.classifyResponse(200, { 'Peeker-Request-Id': 'req_1' }, '{"data":{"id":"ord_1"}}');
  assert.deepEqual(ok, {
    ok: true,
    status: 200,
    errorCode: null,
    message: null,
    field: null,
    details: null,
    retry: 'never',
    retryAfterSeconds: null,
    requestId: 'req_1',
  });
  const limited = sdk.classifyResponse(
    429,
    new Headers({ 'peeker-request-id': 'req_2' }),
    Buffer.from('{"error":{"code":"rate_limited","message":"Slow down","details":{"retry_after_seconds":12}}}'),
  );
  assert.equal(limited.ok, false);
  assert.equal(limited.errorCode, 'rate_limited');
  assert.equal(limited.message, 'Slow down');
  assert.deepEqual(limited.details, { retry_after_seconds: 12 });
  assert.equal(limited.retry, 'after');
  assert.equal(limited.retryAfterSeconds, 12);
  assert.equal(limited.requestId, 'req_2');
  const invalid = sdk.classifyResponse(400, [], '{"error":{"code":"invalid_request","message":"m","field":"domains[1]"}}');
  assert.equal(invalid.field, 'domains[1]');
  assert.equal(invalid.retry, 'never');
  // Not the envelope (a proxy's HTML), no headers, no body at all.
  const html = sdk.classifyResponse(502, undefined, '<html>Bad Gateway</html>');
  assert.equal(html.errorCode, null);
  assert.equal(html.retry, 'backoff');
  assert.equal(sdk.classifyResponse(503).retry, 'backoff');
  assert.equal(sdk.classifyResponse(429).retryAfterSeconds, 5);
  assert.equal(sdk.classifyResponse(204, null, null).ok, true);
});

test('backoffDelayMs', () => {
  assert.equal(sdk.backoffDelayMs(1, 0), 250);
  assert.equal(sdk.backoffDelayMs(1, 1), 500);
  assert.equal(sdk.backoffDelayMs(2, 1), 1000);
  assert.equal(sdk.backoffDelayMs(50, 1), 30000);
});

test('orderDedupeKey: object, JSON text and bytes agree; key order does not matter', () => {
  const body = {
    user: 'alex@acme.com',
    bundle_id: 'bun_01HZX0BU',
    sequencer: {
      provider: 'smartlead',
      client_id: 366903,
      login_email: 'ops@acme.com',
      login_password: 'their-smartlead-password',
    },
    forwarding_url: 'https://acme.com',
    domains: ['acme-mail.com', 'team-acme.com'],
    personas: [
      { first_name: 'Alex', last_name: 'Rivera', profile_picture_url: 'https://cdn.acme.com/alex.jpg' },
      { first_name: 'Sam', last_name: 'Lee', profile_picture_url: 'https://cdn.acme.com/sam.jpg' },
    ],
  };
  // The value in tests/vectors/order_dedupe_key.json ("seed order, two personas").
  const expected = 'c8e1e61a05df4b29d9a0bcf088058fb5f3c981ce27a5b65d3906660c197bfc45';
  assert.equal(sdk.orderDedupeKey('pk_test_example', body), expected);
  assert.equal(sdk.orderDedupeKey('pk_test_example', JSON.stringify(body, null, 2)), expected);
  assert.equal(sdk.orderDedupeKey('pk_test_example', Buffer.from(JSON.stringify(body))), expected);
  const reordered = Object.fromEntries(Object.entries(body).reverse());
  assert.equal(sdk.orderDedupeKey('pk_test_example', reordered), expected);
  assert.notEqual(sdk.orderDedupeKey('pk_live_example', body), expected);
  assert.notEqual(sdk.orderDedupeKey('pk_test_example', { ...body, domains: ['acme-mail.com'] }), expected);
  // 2^53, the core's largest exact integer, is an integer from an object as from text
  // (it was a float, which the order rules refuse where they want an integer).
  const big = { ...body, sequencer: { ...body.sequencer, client_id: 2 ** 53 } };
  assert.match(new sdk.Client({ apiKey: 'pk_test_example' }).createOrder(big).body, /"client_id":9007199254740992[,}]/);
  assert.equal(sdk.orderDedupeKey('pk_test_example', big), sdk.orderDedupeKey('pk_test_example', JSON.stringify(big)));
});

test('orderDedupeKey errors', () => {
  throwsCode(() => sdk.orderDedupeKey('', {}), 'invalid_api_key');
  throwsCode(() => sdk.orderDedupeKey('pk_test_x', '{not json'), 'invalid_json');
  throwsCode(() => sdk.orderDedupeKey('pk_test_x', { price: 1.5 }), 'unsupported_number', { field: 'price' });
  throwsCode(() => sdk.orderDedupeKey('pk_test_x', '{"n": 9007199254740993}'), 'unsupported_number', { field: 'n' });
  throwsCode(() => sdk.orderDedupeKey('pk_test_x', 42), 'invalid_argument', { field: 'body' });
  throwsCode(() => sdk.orderDedupeKey('pk_test_x'), 'null_argument', { field: 'body' });
});

test('retryDecision: the core retry decision, for any transport', () => {
  const rl = (after, extra = {}) => JSON.stringify({ error: { code: 'rate_limited', message: 'm', details: { retry_after_seconds: after, ...extra } } });
  const r = (status, body, headers = {}) => ({ status, headers, body });
  assert.equal(sdk.retryDecision(false, 1, r(429, rl(2)), { jitter: 0.5 }), 2500, 'a 429 was not carried out: any request');
  assert.equal(sdk.retryDecision(true, 4, r(429, rl(2)), { jitter: 0.5 }), null, 'the 4th attempt was the last');
  assert.equal(sdk.retryDecision(true, 1, r(429, rl(2)), { jitter: 0.5, maxWaitSeconds: 1 }), null, 'a wait beyond maxWaitSeconds');
  assert.equal(sdk.retryDecision(true, 1, r(429, rl(2, { reason: 'cloudflare_account_capacity' })), { jitter: 0 }), null, 'capacity: use import jobs');
  assert.equal(sdk.retryDecision(true, 2, r(503, '<html>', { 'peeker-request-id': 'r' }), { jitter: 1 }), 1000);
  assert.equal(sdk.retryDecision(false, 2, r(503, '<html>'), { jitter: 1 }), null, 'a swap is not sent twice');
  assert.equal(sdk.retryDecision(true, 2, { status: 503 }, { jitter: 1, maxWaitSeconds: 0.7 }), 700);
  assert.equal(sdk.retryDecision(true, 1, r(400, ''), { jitter: 0 }), null);
  assert.equal(sdk.retryDecision(true, 1, r(200, '{"data":{}}')), null);
  const d = sdk.retryDecision(true, 1, r(429, rl(3)));
  assert.ok(d >= 3000 && d <= 4000, `default jitter in [0, 1) s: ${d}`);
  assert.equal(sdk.retryDecision(true, 1, r(429, rl(3)), { maxAttempts: 1 }), null);

  assert.equal(sdk.retryDecision(false, 1, { networkError: 'connect' }, { jitter: 0 }), 250, 'nothing was sent');
  assert.equal(sdk.retryDecision(true, 2, { networkError: 'timeout' }, { jitter: 1 }), 1000);
  assert.equal(sdk.retryDecision(false, 1, { networkError: 'timeout' }, { jitter: 0 }), null, 'a write that may have been carried out');
  assert.equal(sdk.retryDecision(true, 4, { networkError: 'connect' }, { jitter: 0 }), null);
  throwsCode(() => sdk.retryDecision(true, 0, r(429, '')), 'invalid_argument', { field: 'attempt' });
  throwsCode(() => sdk.retryDecision('yes', 1, r(429, '')), 'invalid_argument', { field: 'retrySafe' });
  throwsCode(() => sdk.retryDecision(true, 1, r(429, ''), { jitter: 2 }), 'invalid_argument', { field: 'options.jitter' });
  throwsCode(() => sdk.retryDecision(true, 1, r(429, ''), { maxAttempts: 0 }), 'invalid_argument', { field: 'options.maxAttempts' });
  throwsCode(() => sdk.retryDecision(true, 1, { networkError: 'dns' }), 'invalid_argument', {
    field: 'outcome.networkError',
    message: 'outcome.networkError must be "connect" or "timeout" (got "dns").',
  });
  throwsCode(() => sdk.retryDecision(true, 1, 5), 'invalid_argument', { field: 'outcome' });
  throwsCode(() => sdk.retryDecision(true, 1, r(429, ''), 5), 'invalid_argument', { field: 'options' });
});
