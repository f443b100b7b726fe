// The API model through the package: Client (every operation of the core's
// table), parse into typed data, ApiError, paging, send() with the retry advice,
// and the API key's secrecy.
import test from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import http from 'node:http';
import { createRequire } from 'node:module';
import * as fx from './fixtures/api.mjs';

const require = createRequire(import.meta.url);
const sdk = require('@peeker/sdk');
const { Client, ApiError, PeekerError, orderDedupeKey } = sdk;
const { throwsCode } = require('./helpers.cjs');

const BASE = 'http://127.0.0.1:9/partner/v1';
const KEY = fx.API_KEY;
const client = () => new Client({ apiKey: KEY, baseUrl: BASE });

function throwsApi(fn, extra) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ApiError, `expected an ApiError, got ${caught}`);
  assert.ok(caught instanceof PeekerError && caught instanceof Error);
  assert.equal(caught.name, 'ApiError');
  for (const [k, v] of Object.entries(extra)) assert.deepEqual(caught[k], v, k);
  return caught;
}

test('construction: environment, base URL, User-Agent; typed errors for bad options', () => {
  const c = client();
  assert.equal(c.environment, 'test');
  assert.equal(c.baseUrl, BASE);
  assert.match(c.userAgent, /^peeker-sdk\/\d+\.\d+\.\d+ (.* )?peeker-node\/\d+\.\d+\.\d+ node\/\d+/);
  const d = new Client({ apiKey: 'pk_live_abcdef', userAgent: 'acme-portal/2.1' });
  assert.equal(d.environment, 'live');
  assert.equal(d.baseUrl, 'https://api.peeker.ai/partner/v1');
  assert.ok(d.userAgent.endsWith(' acme-portal/2.1'));
  assert.equal(new Client('pk_test_short1').environment, 'test', 'a key string alone is accepted');
  throwsCode(() => new Client(), 'null_argument', { field: 'options' });
  throwsCode(() => new Client({}), 'invalid_api_key', { field: 'apiKey' });
  throwsCode(() => new Client({ apiKey: 42 }), 'invalid_argument', { field: 'apiKey' });
  throwsCode(() => new Client({ apiKey: 'sk_test_abc' }), 'invalid_api_key');
  throwsCode(() => new Client({ apiKey: KEY, baseUrl: 'ftp://x' }), 'invalid_base_url', { field: 'baseUrl' });
  throwsCode(() => new Client({ apiKey: KEY, baseUrl: 'https://x.com/?a=1' }), 'invalid_base_url');
  throwsCode(() => new Client(7), 'invalid_argument');
});

test('the API key never shows: inspect, JSON, keys, error messages (bad key, key as input, key echoed by the API)', () => {
  const secret = KEY.slice('pk_test_'.length);
  const c = client();
  const shown = [
    util.inspect(c),
    util.inspect(c, { showHidden: true, depth: 10 }),
    JSON.stringify(c),
    String(c),
    Object.keys(c).join(),
    Object.getOwnPropertyNames(c).join(),
    JSON.stringify(Object.getOwnPropertyDescriptors(c)),
  ];
  for (const s of shown) assert.ok(!s.includes(secret), s);
  assert.deepEqual(JSON.parse(JSON.stringify(c)), { environment: 'test', baseUrl: BASE, userAgent: c.userAgent });

  // A request carries the key (it is what is sent), but logging it does not show it, nor the body.
  const r = c.createOrder(fx.SEED_ORDER);
  assert.equal(r.headers.Authorization, `Bearer ${KEY}`);
  for (const s of [util.inspect(r), util.inspect({ nested: { r } }, { depth: 5 }), JSON.stringify(r), JSON.stringify(r.headers), util.inspect(r.headers)]) {
    assert.ok(!s.includes(secret), s);
    assert.ok(!s.includes('their-smartlead-password'), s);
  }

  const messages = [];
  const grab = (fn) => {
    try {
      fn();
    } catch (e) {
      messages.push(`${e.message} ${e.stack} ${e.suggestion} ${e.field} ${util.inspect(e)} ${JSON.stringify(e.details ?? null)}`);
      return;
    }
    assert.fail('no throw');
  };
  grab(() => new Client({ apiKey: `pk_prod_${secret}` }));
  grab(() => new Client({ apiKey: `pk_test_${secret} with space` }));
  grab(() => new Client({ apiKey: `pk_test_${secret}\ud800` }));
  grab(() => c.checkAvailability([KEY]));
  grab(() => c.checkAvailability([`mail.${secret}.com`]));
  grab(() => c.nextPage(`https://evil.example/${KEY}`));
  grab(() => c.listOrders({ [KEY]: 'x' }));
  grab(() => c.parse('get_order', 401, {}, JSON.stringify({ error: { code: 'unauthorized', message: `Key ${KEY} was revoked`, field: KEY, details: { key: KEY, nested: [secret] } } })));
  grab(() => c.parse('get_order', 200, {}, `{"data": {"id": 5, "echo": "${KEY}"}}`));
  assert.equal(messages.length, 9);
  for (const m of messages) assert.ok(!m.toLowerCase().includes(secret.toLowerCase()), m);
  assert.ok(messages.some((m) => m.includes('pk_<redacted>')), 'redaction is visible where the key was');
  // A key whose secret part is the redaction marker's own text still terminates.
  const odd = new Client({ apiKey: 'pk_test_redacted', baseUrl: BASE });
  throwsCode(() => odd.checkAvailability(['pk_test_redacted']), 'invalid_domains');
});

test('every operation builds the documented method, URL and body', () => {
  const c = client();
  const cases = [
    [c.me(), 'GET', '/me', null],
    [c.checkAvailability(['Acme-Mail.com', 'b.com']), 'POST', '/domains/availability', { domains: ['acme-mail.com', 'b.com'] }],
    [c.importDomains(new Set(['team-acme.com', 'acme-mail.com'])), 'POST', '/domains/import', { domains: ['acme-mail.com', 'team-acme.com'] }],
    [c.getImport('imp_1'), 'GET', '/domains/import/imp_1', null],
    [c.findImports(['b.com', 'a.com']), 'GET', '/domains/import?domains=a.com%2Cb.com', null],
    [c.createImportJob(['a.com']), 'POST', '/domains/import/jobs', { domains: ['a.com'] }],
    [c.getImportJob('imp_1'), 'GET', '/domains/import/jobs/imp_1', null],
    [c.listDomains({ category: 'inventory', usable_for: 'google' }, { perPage: 50 }), 'GET', '/domains?category=inventory&usable_for=google&per_page=50', null],
    [c.listDomains(), 'GET', '/domains', null],
    [c.updateForwarding({ domains: ['dom_1', 'Acme.com'], forwarding_url: 'https://acme.com/x' }), 'POST', '/domains/forwarding', { domains: ['dom_1', 'acme.com'], forwarding_url: 'https://acme.com/x' }],
    [c.getForwardingJob('fwj_1'), 'GET', '/domains/forwarding/fwj_1', null],
    [c.createBundle({ name: '25k', monthly_sending_volume: 25000 }), 'POST', '/bundles', { name: '25k', monthly_sending_volume: 25000 }],
    [c.listBundles({ status: 'active' }), 'GET', '/bundles?status=active', null],
    [c.getBundle('bun_1'), 'GET', '/bundles/bun_1', null],
    [c.updateBundle('bun_1', { google_percent: 60, microsoft_percent: 40 }), 'PATCH', '/bundles/bun_1', { google_percent: 60, microsoft_percent: 40 }],
    [c.deleteBundle('bun_1'), 'DELETE', '/bundles/bun_1', null],
    [c.createOrder(fx.SEED_ORDER), 'POST', '/orders', fx.SEED_ORDER],
    [c.getOrder('ord_1'), 'GET', '/orders/ord_1', null],
    [c.listOrders({ user_email: 'a+b@acme.com', status: 'completed' }, { perPage: 10 }), 'GET', '/orders?status=completed&user_email=a%2Bb%40acme.com&per_page=10', null],
    [c.listPendingActions({ order_id: 'ord_1' }), 'GET', '/orders/pending?order_id=ord_1', null],
    [c.cancelOrder('ord_1'), 'POST', '/orders/ord_1/cancel', null],
    [c.cancelOrder('ord_1', ['dom_1', 'Acme.com']), 'POST', '/orders/ord_1/cancel', { domains: ['dom_1', 'acme.com'] }],
    [c.createSwap({ type: 'premium', domain_id: 'dom_1', replacement_domain: 'New-Acme.com' }), 'POST', '/swaps', { type: 'premium', domain_id: 'dom_1', replacement_domain: 'new-acme.com' }],
    [c.listSwaps({ order_id: 'ord_1' }, { perPage: 100 }), 'GET', '/swaps?order_id=ord_1&per_page=100', null],
    [c.getSwap('swp_1'), 'GET', '/swaps/swp_1', null],
    [c.swapUserNames({ domain_id: 'dom_1', personas: [{ first_name: 'A', last_name: 'B', profile_picture_url: '' }] }), 'POST', '/swaps/user_names', { domain_id: 'dom_1', personas: [{ first_name: 'A', last_name: 'B', profile_picture_url: '' }] }],
    [c.nextPage(`${BASE}/orders?per_page=25&page_token=eyJj`), 'GET', '/orders?per_page=25&page_token=eyJj', null],
  ];
  const ops = new Set();
  for (const [r, method, path, body] of cases) {
    ops.add(r.operation);
    assert.equal(r.method, method, path);
    assert.equal(r.url, BASE + path);
    assert.equal(r.headers.Authorization, `Bearer ${KEY}`);
    assert.equal(r.headers.Accept, 'application/json');
    assert.equal(r.headers['User-Agent'], c.userAgent);
    if (body === null) {
      assert.equal(r.body, null, path);
      assert.ok(!('Content-Type' in r.headers));
    } else {
      assert.deepEqual(JSON.parse(r.body), body, path);
      assert.equal(r.headers['Content-Type'], 'application/json');
    }
  }
  // Every operation of the core's table has a method (and the generic build reaches them all).
  const raw = require('../dist/node/peeker_wasm.js');
  assert.deepEqual([...ops].sort(), raw.operations().slice().sort());
  assert.equal(c.build('get_order', { id: 'ord_9' }).url, `${BASE}/orders/ord_9`);
  assert.equal(c.build('list_orders', { per_page: 5 }).url, `${BASE}/orders?per_page=5`);
  throwsCode(() => c.build('getOrder', { id: 'x' }), 'invalid_argument', { field: 'operation' });
});

test("the seed guide's order body serialises to the guide's JSON; its dedupe key matches orderDedupeKey", () => {
  const c = client();
  const r = c.createOrder(fx.SEED_ORDER);
  assert.deepEqual(JSON.parse(r.body), fx.SEED_ORDER);
  assert.equal(c.dedupeKey(r), orderDedupeKey(KEY, r.body));
  assert.equal(c.dedupeKey(fx.SEED_ORDER), c.dedupeKey(r), 'from the body too');
  assert.match(c.dedupeKey(r), /^[0-9a-f]{64}$/);
  assert.notEqual(new Client({ apiKey: 'pk_test_other1' }).dedupeKey(r), c.dedupeKey(r), 'keyed with the API key');
});

test('client-side validation: typed errors with API-style fields, before anything is sent', () => {
  const c = client();
  const order = (patch) => {
    const b = structuredClone(fx.SEED_ORDER);
    patch(b);
    return () => c.createOrder(b);
  };
  throwsCode(() => c.checkAvailability(['a.com', 'mail.acme.co.uk']), 'invalid_domains', { field: 'domains[1]', suggestion: 'acme.co.uk' });
  throwsCode(() => c.importDomains(Array.from({ length: 26 }, (_, i) => `d${i}.com`)), 'too_many_domains');
  throwsCode(() => c.checkAvailability([]), 'no_domains');
  throwsCode(() => c.checkAvailability('acme.com'), 'invalid_argument', { field: 'domains' });
  throwsCode(() => c.checkAvailability(['a.com', 7]), 'invalid_argument', { field: 'domains[1]' });
  throwsCode(order((b) => (b.domains[1] = 'mail.acme.com')), 'subdomain', { field: 'domains[1]' });
  throwsCode(order((b) => delete b.personas[0].profile_picture_url), 'invalid_request', { field: 'personas[0].profile_picture_url' });
  throwsCode(order((b) => delete b.sequencer.login_password), 'invalid_request', { field: 'sequencer.login_password' });
  throwsCode(order((b) => (b.google_licenses = 4)), 'invalid_request', { field: 'google_licenses' });
  throwsCode(order((b) => (b.user = 'alex')), 'invalid_request', { field: 'user' });
  throwsCode(order((b) => (b.personas = Array(11).fill(b.personas[0]))), 'invalid_request', { field: 'personas' });
  throwsCode(order((b) => (b.domains[0] = { domain: 'a.com', forwarding_url: 'javascript:alert(1)' })), 'invalid_request', { field: 'domains[0].forwarding_url' });
  throwsCode(order((b) => (b.sequencer.client_id = 1.5)), 'invalid_request', { field: 'sequencer.client_id' });
  throwsCode(order((b) => (b.note = 1.5)), 'unsupported_number');
  throwsCode(order((b) => (b.note = 2 ** 60)), 'unsupported_number');
  // Values JSON cannot carry are refused with their path, not silently turned into null.
  throwsCode(order((b) => (b.sequencer.client_id = NaN)), 'invalid_argument', { field: 'sequencer.client_id' });
  throwsCode(order((b) => (b.sequencer.client_id = 10n)), 'unsupported_number', { field: 'sequencer.client_id' });
  throwsCode(order((b) => (b.personas[1].first_name = () => 'x')), 'invalid_argument', { field: 'personas[1].first_name' });
  throwsCode(order((b) => (b.personas[1] = undefined)), 'null_argument', { field: 'personas[1]' });
  throwsCode(order((b) => (b.sequencer.self = b.sequencer)), 'invalid_argument');
  throwsCode(order((b) => (b.domains = new Map())), 'invalid_argument', { field: 'domains' });
  throwsCode(order((b) => Object.defineProperty(b, 'user', { enumerable: true, get() { throw new Error('boom'); } })), 'invalid_argument');
  throwsCode(() => c.createOrder(null), 'invalid_argument', { field: 'body' });
  throwsCode(() => c.createOrder('{"user":"x"}'), 'invalid_argument', { field: 'body' });
  // undefined members are left out (optional fields), toJSON is honoured.
  const ok = c.createOrder({ ...fx.SEED_ORDER, forwarding_url: undefined, extra: new Date(0) });
  assert.deepEqual(JSON.parse(ok.body).extra, '1970-01-01T00:00:00.000Z');
  assert.ok(!('forwarding_url' in JSON.parse(ok.body)));
  throwsCode(() => c.updateBundle('bun_1', { google_percent: 60 }), 'invalid_request', { field: 'microsoft_percent' });
  throwsCode(() => c.createSwap({ type: 'gold', domain_id: 'dom_1', replacement_domain: 'x.com' }), 'invalid_request', { field: 'type' });
  throwsCode(() => c.updateForwarding({ domains: ['a.com'], forwarding_url: 'ftp://x' }), 'invalid_request', { field: 'forwarding_url' });
  throwsCode(() => c.cancelOrder('ord_1', []), 'invalid_request', { field: 'domains' });
  throwsCode(() => c.getOrder('../me'), 'invalid_request', { field: 'id' });
  throwsCode(() => c.getOrder(), 'invalid_argument', { field: 'id' });
  throwsCode(() => c.getOrder(5), 'invalid_argument', { field: 'id' });
  throwsCode(() => c.listOrders({ nope: 'x' }), 'invalid_request', { field: 'nope' });
  throwsCode(() => c.listOrders({ status: ['a'] }), 'invalid_request', { field: 'status' });
  throwsCode(() => c.listOrders({}, { perPage: 101 }), 'invalid_request', { field: 'per_page' });
  throwsCode(() => c.listOrders({}, { perPage: 1.5 }), 'invalid_request', { field: 'per_page' });
  throwsCode(() => c.listOrders('status=completed'), 'invalid_argument', { field: 'filters' });
  throwsCode(() => c.nextPage('https://evil.example/partner/v1/orders?page_token=x'), 'unexpected_response');
  throwsCode(() => c.nextPage(''), 'invalid_argument', { field: 'next' });
});

test('parse: documented bodies into typed models; unknown values kept', () => {
  const c = client();
  const j = JSON.stringify;
  const me = c.parse('me', 200, {}, j(fx.ME));
  assert.equal(me.api_key.environment, 'test');
  assert.equal(me.partner.id, 'org_01HZX0');
  const av = c.parse('check_availability', 200, {}, j(fx.AVAILABILITY));
  assert.deepEqual(av.domains.map((d) => [d.domain, d.available, d.reason]), [
    ['acme-mail.com', true, null],
    ['acme.com', false, 'taken'],
    ['gold.com', false, 'reserved_by_registry'],
  ]);
  assert.deepEqual(av.domains[1].usable_for, [], 'absent lists default to []');
  const imp = c.parse('import_domains', 200, new Headers({ 'Peeker-Request-Id': 'req_1' }), Buffer.from(j(fx.IMPORT_JOB)));
  assert.equal(imp.nameserver_groups[0].nameserver_one, 'helena.ns.cloudflare.com');
  assert.deepEqual(imp.nameserver_groups[0].domains, ['acme-mail.com', 'team-acme.com']);
  assert.equal(c.parse('create_import_job', 202, {}, j(fx.IMPORT_JOB)).id, 'imp_01HZX0IM1A2B3C4D5E6F7G8H');
  const withId = c.parseResult('import_domains', 200, new Headers({ 'Peeker-Request-Id': 'req_1' }), j(fx.IMPORT_JOB));
  assert.deepEqual([withId.requestId, withId.page, withId.nextRequest, withId.data.id], ['req_1', false, null, 'imp_01HZX0IM1A2B3C4D5E6F7G8H']);
  const listed = c.parseResult('list_orders', 200, {}, j({ data: [], links: { next: BASE + '/orders?page_token=p2' } }));
  assert.deepEqual([listed.requestId, listed.page, listed.nextRequest.url], [null, true, BASE + '/orders?page_token=p2']);
  const receipt = c.parse('create_order', 200, {}, j(fx.ORDER_RECEIPT));
  assert.equal(receipt.costs.total_cents, 6800);
  assert.deepEqual(receipt.costs.line_items, []);
  assert.equal(receipt.domains, null, 'the lean receipt has no domains');
  const full = c.parse('get_order', 200, {}, j(fx.FULL_ORDER));
  assert.deepEqual(full.domains, { registered: [], imported: ['acme-mail.com', 'team-acme.com'] });
  assert.equal(full.costs.line_items[0].type, 'google_license');
  assert.equal(full.personas[1].first_name, 'Sam');
  const fw = c.parse('get_forwarding_job', 200, {}, j(fx.FORWARDING_JOB));
  assert.deepEqual([fw.status, fw.failed[0].reason], ['partial_success', 'dns_lookup_failed']);
  const bun = c.parse('get_bundle', 200, {}, j(fx.BUNDLE));
  assert.deepEqual(bun.required_domains, { google: 15, microsoft: 4, total: 19 });
  assert.deepEqual(c.parse('delete_bundle', 200, {}, '{"data":{"id":"bun_1","status":"deleted"}}'), { id: 'bun_1', status: 'deleted' });
  assert.equal(c.parse('cancel_order', 200, {}, j(fx.CANCEL)).cancels_at, '2026-06-07T12:00:00Z');
  assert.equal(c.parse('create_swap', 201, {}, j(fx.SWAP)).replacement_domain, 'new-acme.com');
  assert.equal(c.parse('swap_user_names', 201, {}, j(fx.USER_NAME_SWAPS)).swaps.length, 2);
  const pending = c.parse('list_pending_actions', 200, {}, j({ data: [fx.PENDING_ROW], links: { next: null } }));
  assert.equal(pending.items[0].reason, 'profile_picture_not_accessible');
  assert.equal(pending.items[0].message, fx.PENDING_ROW.message, 'undocumented row fields are kept');
  assert.equal(pending.nextRequest, null);
  const weird = c.parse('get_order', 200, {}, j({ data: { ...fx.ORDER_RECEIPT.data, status: 'paused_for_review', brand_new: 1 } }));
  assert.equal(weird.status, 'paused_for_review');
  assert.equal(weird.brand_new, 1, 'fields this version does not know reach the caller');
  // The request it answers names the operation.
  assert.equal(c.parse(c.getOrder('ord_1'), 200, {}, j(fx.FULL_ORDER)).id, fx.FULL_ORDER.data.id);
  throwsCode(() => c.parse('nope', 200, {}, '{}'), 'invalid_argument', { field: 'operation' });
  throwsCode(() => c.parse('me', 200, {}, { data: {} }), 'invalid_argument', { field: 'body' });
});

test('parse: pages expose items and nextRequest (same operation, typed rows), null on the last page', () => {
  const c = client();
  const page = c.parse('list_orders', 200, {}, JSON.stringify({ data: [fx.ORDER_RECEIPT.data], links: { next: `${BASE}/orders?per_page=1&page_token=abc` } }));
  assert.equal(page.items.length, 1);
  assert.equal(page.items[0].costs.currency, 'usd');
  assert.equal(page.nextRequest.operation, 'list_orders');
  assert.equal(page.nextRequest.url, `${BASE}/orders?per_page=1&page_token=abc`);
  assert.equal(page.nextRequest.headers.Authorization, `Bearer ${KEY}`);
  // The page's meta, links.first and request id, as sent (null when absent).
  const full = c.parse('list_orders', 200, { 'Peeker-Request-Id': 'req_p' }, JSON.stringify({ data: [], links: { first: `${BASE}/orders?per_page=1`, next: null }, meta: { path: `${BASE}/orders`, per_page: 1, returned: 0, later: true } }));
  assert.deepEqual([full.requestId, full.first, full.meta], ['req_p', `${BASE}/orders?per_page=1`, { path: `${BASE}/orders`, per_page: 1, returned: 0, later: true }]);
  assert.deepEqual([page.requestId, page.first, page.meta], [null, null, null]);
  const result = c.parseResult('list_orders', 200, {}, '{"data":[],"links":{"first":"f","next":null},"meta":{"returned":0}}');
  assert.deepEqual([result.first, result.meta], ['f', { returned: 0 }]);
  assert.deepEqual([c.parseResult('me', 200, {}, JSON.stringify(fx.ME)).meta, c.parseResult('me', 200, {}, JSON.stringify(fx.ME)).first], [null, null]);
  const relative = c.parse('list_orders', 200, {}, '{"data":[],"links":{"next":"/partner/v1/orders?page_token=r"}}');
  assert.equal(relative.nextRequest.url, 'http://127.0.0.1:9/partner/v1/orders?page_token=r');
  assert.equal(c.parse('list_orders', 200, {}, '{"data":[],"links":{"next":null}}').nextRequest, null);
  assert.equal(c.parse('list_domains', 200, {}, '{"data":[{"id":"dom_1","domain":"a.com"}]}').nextRequest, null, 'no links: last page');
  // A links.next on another host is refused: the key must not travel there.
  throwsApi(() => c.parse('list_orders', 200, {}, '{"data":[],"links":{"next":"https://evil.example/orders"}}'), { code: 'unexpected_response' });
  // find_imports: a page or one import, as sent.
  assert.equal(c.parse('find_imports', 200, {}, JSON.stringify(fx.IMPORT_JOB)).id, fx.IMPORT_JOB.data.id);
  assert.equal(c.parse('find_imports', 200, {}, JSON.stringify({ data: [fx.IMPORT_JOB.data] })).items[0].status, 'completed');
  // next_page keeps rows as sent.
  assert.deepEqual(c.parse('next_page', 200, {}, '{"data":[{"x":1}]}').items, [{ x: 1 }]);
});

test('parse: errors become ApiError with status, API code, field, details, request id and retry advice', () => {
  const c = client();
  const e1 = throwsApi(() => c.parse('list_orders', 429, { 'peeker-request-id': 'req_9' }, JSON.stringify(fx.RATE_LIMITED)), {
    code: 'api_error',
    status: 429,
    apiCode: 'rate_limited',
    apiMessage: 'API rate limit exceeded',
    requestId: 'req_9',
    retry: 'after',
    retryAfterSeconds: 12,
    details: { retry_after_seconds: 12 },
    field: null,
    suggestion: null,
  });
  assert.match(e1.message, /HTTP 429 rate_limited: API rate limit exceeded \(request id req_9\); retry after 12 s/);
  throwsApi(() => c.parse('create_order', 422, [['Peeker-Request-Id', 'req_2']], JSON.stringify(fx.DOMAIN_COUNT_MISMATCH)), {
    apiCode: 'domain_count_mismatch',
    field: 'domains',
    details: { required_count: 4, submitted_count: 2, missing_count: 2 },
    retry: 'never',
    retryAfterSeconds: null,
  });
  throwsApi(() => c.parse('get_order', 429, {}, ''), { retry: 'after', retryAfterSeconds: 5, apiCode: null });
  const html = throwsApi(() => c.parse('get_order', 502, { 'Peeker-Request-Id': 'req_3' }, '<html>Bad Gateway</html>'), {
    status: 502,
    apiCode: null,
    apiMessage: null,
    retry: 'backoff',
    requestId: 'req_3',
  });
  assert.match(html.message, /not the API's error envelope/);
  throwsApi(() => c.parse('get_order', 503, {}, '{"error":'), { retry: 'backoff' });
  throwsApi(() => c.parse('get_order', 404, {}, '{"error":{"code":"not_found","message":"No such order."}}'), { apiCode: 'not_found', retry: 'never' });
  // A 2xx that is not the documented shape: unexpected_response, with the status and request id.
  const bad = throwsApi(() => c.parse('get_order', 200, { 'Peeker-Request-Id': 'req_4' }, '<html>'), {
    code: 'unexpected_response',
    status: 200,
    requestId: 'req_4',
    retry: 'never',
  });
  assert.match(bad.message, /request id req_4/);
  throwsApi(() => c.parse('get_order', 200, {}, '{"data":{"status":"completed"}}'), { code: 'unexpected_response' });
  // ApiError can be constructed for mocks, and is recognised across copies by shape.
  const made = new ApiError('m', { status: 500, retry: 'backoff' });
  assert.ok(made instanceof ApiError && made instanceof PeekerError);
  assert.deepEqual([made.code, made.status, made.retry, made.apiCode], ['api_error', 500, 'backoff', null]);
  assert.ok(!(new PeekerError('empty', 'm') instanceof ApiError));
});

test('fetch(request.url, request) sends exactly what the core built', async () => {
  const stub = await fx.startStub();
  try {
    const c = new Client({ apiKey: KEY, baseUrl: stub.baseUrl });
    const req = c.createOrder(fx.SEED_ORDER);
    const res = await fetch(req.url, req);
    const order = c.parse(req, res.status, res.headers, new Uint8Array(await res.arrayBuffer()));
    assert.equal(order.id, fx.ORDER_RECEIPT.data.id);
    const seen = stub.requests.at(-1);
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/partner/v1/orders');
    assert.equal(seen.headers.authorization, `Bearer ${KEY}`);
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.equal(seen.body, req.body);
  } finally {
    await stub.close();
  }
});

test('send: parses, follows the retry advice (429 after N s, 5xx backoff, never 4xx), pages', async () => {
  const stub = await fx.startStub();
  const sleeps = [];
  const opts = { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 };
  try {
    const c = new Client({ apiKey: KEY, baseUrl: stub.baseUrl });
    assert.equal((await c.send(c.me(), opts)).partner.name, 'Acme Outbound');
    // sendResult keeps the success's Peeker-Request-Id (the stub numbers its requests).
    const sent = await c.sendResult(c.me(), opts);
    assert.deepEqual([sent.requestId, sent.data.partner.name, sent.page], ['req_2', 'Acme Outbound', false]);

    stub.queue.push({ status: 429, body: fx.RATE_LIMITED }, { status: 503, body: '<html>busy</html>' });
    const notices = [];
    const imp = await c.send(c.importDomains(['acme-mail.com', 'team-acme.com']), { ...opts, onRetry: (n) => notices.push(n) });
    assert.equal(imp.status, 'completed');
    assert.deepEqual(sleeps, [12_500, 750], '12 s + 0.5 s jitter, then backoff for attempt 2 with jitter 0.5');
    assert.deepEqual(notices.map((n) => [n.attempt, n.error.status]), [[1, 429], [2, 503]]);

    sleeps.length = 0;
    stub.queue.push({ status: 400, body: fx.DOMAIN_COUNT_MISMATCH });
    await assert.rejects(c.send(c.createOrder(fx.SEED_ORDER), opts), (e) => e instanceof ApiError && e.apiCode === 'domain_count_mismatch');
    assert.deepEqual(sleeps, [], '4xx: never retried');

    stub.queue.push({ status: 500, body: '' }, { status: 500, body: '' }, { status: 500, body: '' });
    await assert.rejects(c.send(c.me(), { ...opts, maxAttempts: 3 }), (e) => e instanceof ApiError && e.status === 500);
    assert.equal(sleeps.length, 2, 'maxAttempts 3: two waits');

    sleeps.length = 0;
    stub.queue.push({ status: 429, body: { error: { code: 'rate_limited', message: 'm', details: { retry_after_seconds: 600 } } } });
    await assert.rejects(c.send(c.me(), opts), (e) => e.retryAfterSeconds === 600);
    assert.deepEqual(sleeps, [], 'a wait beyond maxWaitSeconds is not slept');
    stub.queue.push({ status: 429, body: { error: { code: 'rate_limited', message: 'm', details: { retry_after_seconds: 5, reason: 'cloudflare_account_capacity' } } } });
    await assert.rejects(c.send(c.importDomains(['a.com']), opts), (e) => e.apiCode === 'rate_limited');
    assert.deepEqual(sleeps, [], 'synchronous-import capacity: not retried (the remedy is an import job)');

    // A broken connection: a retry-safe request (a GET, an order the API deduplicates) is retried,
    // a swap is not (it may have been carried out).
    stub.queue.push({ destroy: true });
    assert.equal((await c.send(c.getOrder('ord_01HZX0OR1A2B3C4D5E6F7G8H'), opts)).status, 'completed');
    const swap = c.createSwap({ type: 'premium', domain_id: 'dom_1', replacement_domain: 'new-acme.com' });
    assert.equal(swap.retrySafe, false);
    assert.equal(c.createOrder(fx.SEED_ORDER).retrySafe, true);
    stub.queue.push({ destroy: true });
    await assert.rejects(c.send(swap, opts), TypeError);
    // A 503 after a swap: sent once, the error surfaces.
    sleeps.length = 0;
    stub.queue.push({ status: 503, body: '<html>busy</html>' });
    await assert.rejects(c.send(swap, opts), (e) => e instanceof ApiError && e.status === 503);
    assert.deepEqual(sleeps, [], 'a swap is never sent twice');

    // pages(): every page, typed rows, until links.next is null.
    const pages = [];
    const ids = [];
    for await (const p of c.pages(c.listOrders({}, { perPage: 2 }), opts)) {
      pages.push(p.items.map((o) => o.id));
      ids.push(typeof p.requestId === 'string' && p.requestId.startsWith('req_'));
    }
    assert.deepEqual(pages, [['ord_1', 'ord_2'], ['ord_3', 'ord_4'], ['ord_5']]);
    assert.deepEqual(ids, [true, true, true], 'every page carries its request id');

    await assert.rejects(c.send({ url: stub.baseUrl, method: 'GET' }), (e) => e.code === 'invalid_argument' && e.field === 'request');
    await assert.rejects(c.send(c.me(), { fetch: 'nope' }), (e) => e.code === 'invalid_argument');
  } finally {
    await stub.close();
  }
});

test('send: each attempt has its own timeout (timeoutMs); the signal ends the whole loop', async () => {
  const c = new Client({ apiKey: KEY, baseUrl: 'https://api.peeker.ai/partner/v1' });
  let calls = 0;
  // A fetch that never answers on its first call and answers at once after.
  const fetch = (url, init) =>
    new Promise((resolve, reject) => {
      calls++;
      if (calls > 1) return resolve({ status: 200, headers: {}, arrayBuffer: async () => new TextEncoder().encode('{"data":{"id":"ord_1","status":"completed"}}').buffer });
      init.signal.addEventListener('abort', () => reject(init.signal.reason), { once: true });
    });
  const sleeps = [];
  const opts = { fetch, timeoutMs: 20, sleep: async (ms) => void sleeps.push(ms), random: () => 0 };
  assert.equal((await c.send(c.getOrder('ord_1'), opts)).status, 'completed');
  assert.deepEqual([calls, sleeps], [2, [250]], 'the timed-out GET is retried after the backoff');
  // A swap that timed out may have been made: not retried, the timeout surfaces.
  calls = 0;
  const swap = c.createSwap({ type: 'premium', domain_id: 'dom_1', replacement_domain: 'new-acme.com' });
  await assert.rejects(c.send(swap, opts), (e) => e.name === 'TimeoutError');
  assert.equal(calls, 1);
  // The caller's signal: the abort reason, no retry.
  calls = 0;
  const ctl = new AbortController();
  setTimeout(() => ctl.abort(new Error('stop')), 10);
  await assert.rejects(c.send(c.getOrder('ord_1'), { ...opts, timeoutMs: 10_000, signal: ctl.signal }), /stop/);
  assert.equal(calls, 1);
  await assert.rejects(c.send(c.me(), { ...opts, timeoutMs: 0 }), (e) => e.code === 'invalid_argument' && e.field === 'options.timeoutMs');
});

test('send: a refused connection is retried (nothing was sent), then the network error surfaces', async () => {
  const srv = http.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const port = srv.address().port;
  await new Promise((r) => srv.close(r)); // nothing listens there now
  const c = new Client({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/partner/v1` });
  const sleeps = [];
  await assert.rejects(c.send(c.createOrder(fx.SEED_ORDER), { sleep: async (ms) => void sleeps.push(ms), random: () => 0, maxAttempts: 3 }), TypeError);
  assert.deepEqual(sleeps, [250, 500]);
});
