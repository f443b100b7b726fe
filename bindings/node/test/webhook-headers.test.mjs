// The headers of a delivery cross into the core's Verifier in one string when
// they are a plain object or a Fetch Headers of strings (lib/verifier.mjs
// flatHeaders, wasm/src/convert.rs arg_headers_flat), and as the object itself
// otherwise (arg_headers, with every rule). Both routes must give the same answer:
// the same event, or the same error code, field and message. An array of
// [name, value] pairs never takes the one-string route, so it is the reference.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Verifier, verifyWebhook, verifyWebhookIgnoringTimestamp, signWebhook } from '@peeker/sdk';

const secret = 'whsec_headers_test';
const body = '{"id":"evt_1","type":"order.completed","created_at":"2026-05-08T12:14:33Z","data":{"order":{"id":"ord_1"}}}';
const ts = 1778242473;
const sig = signWebhook(body, secret, ts);
const base = () => ({ 'peeker-signature': sig, 'peeker-timestamp': String(ts) });

const outcome = (f) => {
  try {
    return { ok: f() };
  } catch (e) {
    return { name: e.name, code: e.code, field: e.field ?? null, message: e.message };
  }
};
const answers = (h) => ({
  one: outcome(() => verifyWebhookIgnoringTimestamp(body, h, secret)),
  timed: outcome(() => new Verifier(secret).verify(body, h, { now: ts + 10 })),
  late: outcome(() => verifyWebhook(body, h, secret, { now: ts + 10_000 })),
});

const plain = {
  plain: base(),
  'upper-case names': { 'Peeker-Signature': sig, 'PEEKER-TIMESTAMP': String(ts) },
  'two spellings of one name': { 'Peeker-Signature': 'v1=00', 'peeker-signature': sig, 'peeker-timestamp': String(ts) },
  'null prototype': Object.assign(Object.create(null), base()),
  'a lone surrogate in a value': { ...base(), 'x-a': 'a\uD800b' },
  'a lone surrogate in a name': { ...base(), ['x-\uD800']: 'v' },
  'a lone surrogate after the signature name': { ['peeker-signature\uDC00']: sig, 'peeker-timestamp': String(ts) },
  'emoji (two UTF-16 units each)': { 'x-😀😀': '😀:😀', ...base() },
  'quotes, backslashes, NUL and newlines': { ...base(), 'x-"\\': '"\\\n\u0000' },
  'U+FFFD': { ...base(), 'x-\uFFFD': '\uFFFD' },
  'colons and digits that look like the encoding': { ...base(), '12:ab': '3:x:', '': '', 5: '10:' },
  'a malformed timestamp': { ...base(), 'peeker-timestamp': 'abc' },
  'a missing signature': { 'peeker-timestamp': String(ts) },
  'a wrong signature': { ...base(), 'peeker-signature': 'v1=' + '0'.repeat(64) },
  'three hundred headers': Object.fromEntries([...Array(300)].map((_, i) => ['x-' + i, 'v' + i]).concat(Object.entries(base()))),
};

// The field of an error names a pair by its index (`headers[2]`) and an object's
// entry by the object (`headers`); everything else must be equal.
const sameBut = (a, b) => JSON.stringify(a).replace(/headers\[\d+\]/g, 'headers') === JSON.stringify(b).replace(/headers\[\d+\]/g, 'headers');

test('plain objects: the one-string route answers as the pairs route', () => {
  for (const [name, h] of Object.entries(plain)) {
    const [a, b] = [answers(h), answers(Object.entries(h))];
    assert.ok(sameBut(a, b), `${name}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  }
});

test('a header name that is not text is refused in every form, never mangled', () => {
  for (const h of [{ ...base(), ['x-\uD800']: 'v' }, [...Object.entries(base()), ['x-\uD800', 'v']]]) {
    const got = answers(h);
    for (const k of ['one', 'timed', 'late']) assert.equal(got[k].code, 'invalid_utf8', JSON.stringify(got[k]));
  }
});

test('Fetch Headers: the one-string route answers as the pairs route', () => {
  for (const [name, h] of Object.entries(plain)) {
    let headers;
    try {
      headers = new Headers(h);
    } catch {
      continue; // not a valid Fetch header set (the surrogate and empty-name cases)
    }
    assert.deepEqual(answers(headers), answers([...headers]), name);
  }
  const repeated = new Headers(base());
  repeated.append('x-y', 'p');
  repeated.append('x-y', 'q');
  assert.deepEqual(answers(repeated), answers([...repeated]));
});

test('the two routes agree on the answers that matter', () => {
  assert.equal(answers(base()).one.ok.id, 'evt_1');
  assert.equal(answers(base()).timed.ok.type, 'order.completed');
  assert.equal(answers(base()).late.code, 'timestamp_out_of_tolerance');
  assert.equal(answers(plain['a missing signature']).one.code, 'missing_header');
  assert.equal(answers(plain['a malformed timestamp']).one.code, 'malformed_header');
  assert.equal(answers(plain['a wrong signature']).one.code, 'signature_mismatch');
  assert.equal(answers(plain['two spellings of one name']).one.ok?.id, answers([...Object.entries(plain['two spellings of one name'])]).one.ok?.id);
});

test('values that are not strings leave the one-string route and keep the rules of arg_headers', () => {
  const cases = {
    number: [{ ...base(), 'peeker-timestamp': ts }, 'ok'],
    'array of strings': [{ ...base(), 'peeker-signature': [sig, 'v1=00'] }, 'ok'],
    'undefined and null skipped': [{ ...base(), 'x-a': undefined, 'x-b': null }, 'ok'],
    function: [{ ...base(), 'x-a': () => 1 }, 'invalid_argument'],
    symbol: [{ ...base(), 'x-a': Symbol('q') }, 'invalid_argument'],
    bigint: [{ ...base(), 'x-a': 10n }, 'invalid_argument'],
    fraction: [{ ...base(), 'x-a': 1.5 }, 'invalid_argument'],
    'a getter that throws': [Object.defineProperty(base(), 'x', { enumerable: true, get() { throw new Error('boom'); } }), 'invalid_argument'],
    'not an object': ['x', 'invalid_argument'],
    null: [null, 'null_argument'],
  };
  for (const [name, [h, want]] of Object.entries(cases)) {
    const got = outcome(() => verifyWebhookIgnoringTimestamp(body, h, secret));
    if (want === 'ok') assert.equal(got.ok?.id, 'evt_1', name);
    else assert.equal(got.code, want, `${name}: ${JSON.stringify(got)}`);
    if (got.code) assert.equal(got.name, 'PeekerError', name);
  }
});
