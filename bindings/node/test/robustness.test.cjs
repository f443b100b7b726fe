'use strict';
// Bad input of every kind gives a PeekerError with a stable code: never a
// TypeError from the glue, never a WebAssembly trap, never a poisoned module.
const test = require('node:test');
const assert = require('node:assert/strict');
const sdk = require('@peeker/sdk');
const raw = require('../dist/node/peeker_wasm.js');
const { throwsCode } = require('./helpers.cjs');

const stillWorks = () => assert.deepEqual(sdk.normalizeRootDomain('acme.com'), { ascii: 'acme.com', unicode: 'acme.com' });

const WRONG_TYPES = [
  ['a number', 42],
  ['NaN', NaN],
  ['a boolean', true],
  ['an object', { toString: () => 'acme.com' }],
  ['an array', ['acme.com']],
  ['a symbol', Symbol('acme.com')],
  ['a bigint', 10n],
  ['a function', () => 'acme.com'],
  ['a String object', new String('acme.com')], // eslint-disable-line no-new-wrappers
  ['a Buffer', Buffer.from('acme.com')],
];

test('string arguments: wrong types are invalid_argument, absent ones null_argument', () => {
  const fns = {
    normalizeRootDomain: (x) => sdk.normalizeRootDomain(x),
    registrableDomain: (x) => sdk.registrableDomain(x),
    publicSuffix: (x) => sdk.publicSuffix(x),
    batchLimit: (x) => sdk.batchLimit(x),
    'checkDomainSet(limit)': (x) => sdk.checkDomainSet(['a.com'], x),
    'orderDedupeKey(apiKey)': (x) => sdk.orderDedupeKey(x, '{}'),
    'signWebhook(secret)': (x) => sdk.signWebhook('{}', x, 1),
  };
  for (const [name, fn] of Object.entries(fns)) {
    for (const [what, v] of WRONG_TYPES) {
      const e = throwsCode(() => fn(v), 'invalid_argument');
      assert.ok(e.field, `${name} with ${what}: field names the argument`);
    }
    throwsCode(() => fn(undefined), 'null_argument');
    throwsCode(() => fn(null), 'null_argument');
  }
  // No argument at all.
  throwsCode(() => sdk.normalizeRootDomain(), 'null_argument', { field: 'input' });
  stillWorks();
});

test('huge strings: a typed error, quickly, and the module keeps working', () => {
  const tenMB = 'a'.repeat(10 * 1024 * 1024);
  const t0 = Date.now();
  throwsCode(() => sdk.normalizeRootDomain(tenMB), 'too_long');
  throwsCode(() => sdk.normalizeRootDomain(tenMB + '.com'), 'too_long');
  assert.equal(sdk.registrableDomain(tenMB + '.com'), null);
  throwsCode(() => sdk.checkDomainSet([tenMB], 'import'), 'invalid_domains');
  throwsCode(() => sdk.orderDedupeKey('pk_test_x', tenMB), 'invalid_json');
  const big = sdk.classifyResponse(500, {}, tenMB);
  assert.equal(big.retry, 'backoff');
  // Multi-byte: 10 M code units of U+00FC are 20 MB of UTF-8.
  throwsCode(() => sdk.normalizeRootDomain('ü'.repeat(10 * 1024 * 1024)), 'too_long');
  // Past the binding's own cap (16 Mi UTF-16 units) nothing is even copied in.
  const e = throwsCode(() => sdk.normalizeRootDomain('a'.repeat(17 * 1024 * 1024)), 'invalid_argument', {
    field: 'input',
  });
  assert.match(e.message, /at most/);
  assert.ok(Date.now() - t0 < 20000, 'fast enough');
  stillWorks();
});

test('lone surrogates are invalid_utf8; real astral characters and U+FFFD are fine', () => {
  for (const s of ['\ud800', 'acme\udc00.com', 'a\ud83d.com', '\ufffd\ud800']) {
    throwsCode(() => sdk.normalizeRootDomain(s), 'invalid_utf8', { field: 'input' });
    throwsCode(() => sdk.registrableDomain(s), 'invalid_utf8');
  }
  throwsCode(() => sdk.domainSet(['a.com', 'b\ud800.com']), 'invalid_utf8', { field: 'domains[1]' });
  throwsCode(() => sdk.orderDedupeKey('pk_test_\ud800', '{}'), 'invalid_utf8', { field: 'apiKey' });
  throwsCode(() => sdk.verifyWebhook('{}', { 'peeker-signature': 'v1=\udfff', 'peeker-timestamp': '1' }, 's'), 'invalid_utf8');
  // A genuine U+FFFD is not a lone surrogate: the core decides (not a valid domain character).
  throwsCode(() => sdk.normalizeRootDomain('a\ufffd.com'), 'invalid_idna');
  // Emoji (surrogate pairs) are real text: IDNA decides.
  assert.equal(sdk.registrableDomain('www.😀.com'), 'xn--e28h.com');
  stillWorks();
});

test('lists: wrong containers and wrong entries name the entry', () => {
  for (const v of [42, 'a.com', { 0: 'a.com', length: 1 }, true]) throwsCode(() => sdk.domainSet(v), 'invalid_argument', { field: 'domains' });
  throwsCode(() => sdk.domainSet(undefined), 'null_argument', { field: 'domains' });
  throwsCode(() => sdk.domainSet(['a.com', 7]), 'invalid_argument', { field: 'domains[1]' });
  throwsCode(() => sdk.domainSet(['a.com', undefined]), 'null_argument', { field: 'domains[1]' });
  // Holes read as undefined.
  throwsCode(() => sdk.domainSet(['a.com', , 'b.com']), 'null_argument', { field: 'domains[1]' }); // eslint-disable-line no-sparse-arrays
  // Generators and Sets are iterables of strings.
  function* gen() {
    yield 'b.com';
    yield 'a.com';
  }
  assert.deepEqual(sdk.domainSet(gen()).ascii, ['a.com', 'b.com']);
  stillWorks();
});

test('user code that throws while being read becomes invalid_argument with the cause', () => {
  const boom = new Error('boom');
  function* bad() {
    yield 'a.com';
    throw boom;
  }
  const e = throwsCode(() => sdk.domainSet(bad()), 'invalid_argument');
  assert.equal(e.cause, boom);
  const evil = new Proxy([], {
    get() {
      throw boom;
    },
  });
  throwsCode(() => sdk.domainSet(evil), 'invalid_argument');
  const headers = {
    get 'peeker-signature'() {
      throw boom;
    },
  };
  throwsCode(() => sdk.verifyWebhook('{}', headers, 's'), 'invalid_argument');
  const body = {
    toJSON() {
      throw boom;
    },
  };
  throwsCode(() => sdk.orderDedupeKey('pk_test_x', body), 'invalid_argument', { field: 'body' });
  throwsCode(() => sdk.orderDedupeKey('pk_test_x', { n: 1n }), 'invalid_argument', { field: 'body' });
  const cyclic = {};
  cyclic.self = cyclic;
  throwsCode(() => sdk.orderDedupeKey('pk_test_x', cyclic), 'invalid_argument', { field: 'body' });
  // Thousands of such failures do not leak the module into a broken state.
  for (let i = 0; i < 5000; i++) {
    try {
      sdk.domainSet(bad());
    } catch (_) {
      /* expected */
    }
  }
  stillWorks();
});

test('deeply nested JSON: a typed error, not a stack overflow', () => {
  const deep = '['.repeat(200000) + ']'.repeat(200000);
  throwsCode(() => sdk.orderDedupeKey('pk_test_x', deep), 'invalid_json');
  let nested = {};
  for (let i = 0; i < 100000; i++) nested = { a: nested };
  const e = throwsCode(() => sdk.orderDedupeKey('pk_test_x', nested), 'invalid_argument', { field: 'body' }); // JSON.stringify overflows
  assert.ok(e.cause instanceof RangeError);
  const body = '{"id":"evt_1","type":"x","data":' + deep + '}';
  const headers = { 'peeker-signature': sdk.signWebhook(body, 's', 1), 'peeker-timestamp': '1' };
  throwsCode(() => sdk.verifyWebhook(body, headers, 's', { now: 1 }), 'invalid_payload');
  assert.equal(sdk.classifyResponse(500, {}, deep).errorCode, null);
  stillWorks();
});

test('numbers: out of range, fractional, NaN are invalid_argument', () => {
  for (const s of [-1, 65536, 200.5, NaN, Infinity, '200', null]) {
    throwsCode(() => sdk.classifyResponse(s, {}, ''), s === null ? 'null_argument' : 'invalid_argument', { field: 'status' });
  }
  for (const t of [1.5, NaN, 'now', 2 ** 60]) throwsCode(() => sdk.signWebhook('{}', 's', t), 'invalid_argument', { field: 'timestamp' });
  throwsCode(() => sdk.backoffDelayMs(0, 0.5), 'invalid_argument', { field: 'attempt' });
  throwsCode(() => sdk.backoffDelayMs(1, 2), 'invalid_argument', { field: 'jitter' });
  throwsCode(() => sdk.verifyWebhook('{}', {}, 's', { tolerance: -5 }), 'invalid_argument', { field: 'options.tolerance' });
  throwsCode(() => sdk.verifyWebhook('{}', {}, 's', { now: 'soon' }), 'invalid_argument', { field: 'options.now' });
  throwsCode(() => sdk.verifyWebhook('{}', {}, 's', 300), 'invalid_argument', { field: 'options' });
});

test('a panic inside the module becomes PeekerError internal, and the module recovers', () => {
  raw.__testPanic(false); // the hook itself is harmless
  // Straight through the glue (not a path of the package): the module's plain Error.
  // Through the package's functions it is a PeekerError instance (test/entrypoints.test.mjs).
  const panic = () => assert.throws(() => raw.__testPanic(true), (e) => e.name === 'PeekerError' && e.code === 'internal' && /please report/.test(e.message));
  panic();
  // The next call runs on a fresh instance.
  stillWorks();
  assert.deepEqual(sdk.domainSet(['b.com', 'a.com']).ascii, ['a.com', 'b.com']);
  // Twice in a row too (the reset instance has the hook again).
  panic();
  stillWorks();
});

test('no export writes its arguments into linear memory before the reset guard', () => {
  // After a panic the module schedules a fresh instance, made by the glue's
  // __wbg_call_guard() at the start of the next call. An export whose glue copied
  // a string or bytes into memory before that guard would hand the fresh instance a
  // pointer into the old one: so every export takes JavaScript values and numbers
  // only (wasm/src/webhook.rs: the Verifier class takes JavaScript values), and this keeps it so.
  const fs = require('node:fs');
  const path = require('node:path');
  const dist = path.join(__dirname, '..', 'dist');
  const copies = /\bpass(String|Array\w*)ToWasm0\(/;
  // wasm-bindgen's glue of the full module as it wrote it (dist/raw, not shipped): the
  // shipped copies (dist/web's, dist/node's CommonJS one, dist/web-domains') are minified
  // transforms of the same generator's text.
  const text = fs.readFileSync(path.join(dist, 'raw', 'peeker_wasm.js'), 'utf8');
  let exportsSeen = 0;
  for (const m of text.matchAll(/^export function (\w+)\([^)]*\) \{\n([\s\S]*?)^\}/gm)) {
    const [, name, body] = m;
    const guard = body.indexOf('__wbg_call_guard()');
    if (guard < 0) continue;
    exportsSeen++;
    assert.ok(!copies.test(body.slice(0, guard)), `raw/peeker_wasm.js: ${name} copies an argument before the guard`);
  }
  assert.ok(exportsSeen > 30, `only ${exportsSeen} export wrappers found: the glue's shape changed`);
});

test('errors carry no secret', () => {
  const secret = 'whsec_TOPSECRET_value';
  const apiKey = 'pk_test_TOPSECRET';
  const msgs = [];
  const grab = (fn) => {
    try {
      fn();
    } catch (e) {
      msgs.push(e.message, String(e.suggestion), String(e.field), e.stack);
    }
  };
  grab(() => sdk.verifyWebhook('{}', { 'peeker-signature': 'v1=' + '0'.repeat(64), 'peeker-timestamp': '100' }, secret, { now: 100 }));
  grab(() => sdk.verifyWebhook('{}', {}, [secret, ' ' + secret + ' ']));
  grab(() => sdk.verifyWebhook('{}', {}, [secret, 42]));
  grab(() => sdk.orderDedupeKey(apiKey, '{"password": 1.5}'));
  grab(() => sdk.orderDedupeKey(apiKey, 'not json'));
  assert.equal(msgs.length, 20);
  for (const m of msgs) {
    assert.ok(!m.includes('TOPSECRET'), m);
  }
});

test('the API model: hostile input to every Client method, parse and the Tracker gives PeekerErrors only', () => {
  const c = new sdk.Client({ apiKey: 'pk_test_robust123', baseUrl: 'http://127.0.0.1:9/partner/v1' });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const HOSTILE = [
    undefined,
    null,
    42,
    NaN,
    10n,
    Symbol('x'),
    () => 1,
    'x\ud800',
    'a'.repeat(17 * 1024 * 1024),
    [],
    [undefined],
    [Symbol('x')],
    {},
    new Map([['a', 1]]),
    new Uint8Array(3),
    revoked.proxy,
    new Proxy({}, { ownKeys() { throw new Error('trap'); }, get() { throw new Error('trap'); } }),
    Object.defineProperty({}, 'user', { enumerable: true, get() { throw new RangeError('getter'); } }),
    { toJSON() { throw new Error('toJSON'); } },
    (() => { const a = {}; a.self = a; return a; })(),
    (() => { let o = {}; for (let i = 0; i < 10_000; i++) o = { o }; return o; })(),
  ];
  const methods = [
    'me', 'checkAvailability', 'importDomains', 'getImport', 'findImports', 'createImportJob', 'getImportJob',
    'listDomains', 'updateForwarding', 'getForwardingJob', 'createBundle', 'listBundles', 'getBundle',
    'updateBundle', 'deleteBundle', 'createOrder', 'getOrder', 'listOrders', 'listPendingActions', 'cancelOrder',
    'createSwap', 'listSwaps', 'getSwap', 'swapUserNames', 'nextPage', 'dedupeKey',
  ];
  const calls = [];
  for (const m of methods) {
    for (const v of HOSTILE) {
      calls.push([`${m}(x)`, () => c[m](v)]);
      calls.push([`${m}('id', x)`, () => c[m]('ord_1', v)]);
      calls.push([`${m}({}, x)`, () => c[m]({}, v)]);
    }
  }
  for (const v of HOSTILE) {
    calls.push(['build(x)', () => c.build(v)]);
    calls.push(['build(op, x)', () => c.build('create_order', v)]);
    calls.push(['build(op, {body: x})', () => c.build('create_order', { body: v })]);
    calls.push(['parse(x, ...)', () => c.parse(v, 200, {}, '{}')]);
    calls.push(['parse(op, x, ...)', () => c.parse('me', v, {}, '{}')]);
    calls.push(['parse(op, 200, x, ...)', () => c.parse('me', 200, v, '{"data":{}}')]);
    calls.push(['parse(op, 200, {}, x)', () => c.parse('me', 200, {}, v)]);
    calls.push(['new Client(x)', () => new sdk.Client(v)]);
    calls.push(['new Client({apiKey: x})', () => new sdk.Client({ apiKey: v })]);
    calls.push(['new Client({baseUrl: x})', () => new sdk.Client({ apiKey: 'pk_test_x', baseUrl: v })]);
    calls.push(['tracker.apply(x)', () => new sdk.Tracker().apply(v)]);
    calls.push(['tracker.apply({data: x})', () => new sdk.Tracker().apply({ id: 'e', type: 't', data: v })]);
    calls.push(['tracker.order(x)', () => new sdk.Tracker().order(v)]);
    calls.push(['tracker.statusOf(x, x)', () => new sdk.Tracker().statusOf(v, v)]);
    calls.push(['Tracker.fromJSON(x)', () => sdk.Tracker.fromJSON(v)]);
  }
  let threw = 0;
  for (const [name, fn] of calls) {
    try {
      fn();
    } catch (e) {
      threw++;
      assert.ok(e instanceof sdk.PeekerError, `${name}: ${e && e.name}: ${e && e.message}`);
      assert.equal(typeof e.code, 'string', name);
      assert.notEqual(e.code, 'internal', `${name}: ${e.message}`);
    }
  }
  assert.ok(threw > calls.length / 2, `${threw} of ${calls.length} threw`);
  stillWorks();
  assert.equal(c.getOrder('ord_1').url, 'http://127.0.0.1:9/partner/v1/orders/ord_1');
});
