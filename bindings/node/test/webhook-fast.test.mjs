// The Verifier (the core's, with node:crypto's SHA-256 as its host SHA-256) and the
// one-call verifyWebhook over it: the same answers for every argument shape (the
// core matches the headers, whatever their form), node:crypto asked once per
// secret, and a wrong host SHA-256 can never forge a match.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Verifier, verifyWebhook, verifyWebhookIgnoringTimestamp, signWebhook } from '@peeker/sdk';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const vectors = JSON.parse(fs.readFileSync(path.join(here, '../../../tests/vectors/webhook.json'), 'utf8')).cases;

const outcome = (f) => {
  try {
    return { ok: f() };
  } catch (e) {
    return { code: e.code, name: e.name, message: e.message, field: e.field ?? null };
  }
};
const bodyOf = (c) => (c.body_base64 !== undefined ? Buffer.from(c.body_base64, 'base64') : c.body);

// Counts node:crypto SHA-256 digests made while `f` runs (the host SHA-256: the
// one-shot crypto.hash, or a Hash object where Node has none).
function countingHmacs(f, replaceDigest) {
  const origHash = crypto.hash;
  const origCreate = crypto.createHash;
  let n = 0;
  if (typeof origHash === 'function') {
    crypto.hash = function (...args) {
      n++;
      const d = origHash.apply(this, args);
      return replaceDigest ?? d;
    };
  }
  crypto.createHash = function (...args) {
    n++;
    const h = origCreate.apply(this, args);
    if (replaceDigest) h.digest = () => replaceDigest;
    return h;
  };
  try {
    return { result: outcome(f), hmacs: n };
  } finally {
    if (typeof origHash === 'function') crypto.hash = origHash;
    crypto.createHash = origCreate;
  }
}

test('every conformance vector: a Verifier = the one-call form, objects = pairs', () => {
  for (const c of vectors) {
    const opts = { now: c.now, ...(c.tolerance !== undefined ? { tolerance: c.tolerance } : {}) };
    for (const body of [bodyOf(c), Buffer.from(bodyOf(c))]) {
      const viaObject = countingHmacs(() => verifyWebhook(body, c.headers, c.secret, opts));
      const viaPairs = outcome(() => verifyWebhook(body, Object.entries(c.headers), c.secret, opts));
      const viaVerifier = outcome(() => new Verifier(c.secret, opts).verify(body, c.headers, { now: c.now }));
      assert.deepEqual(viaObject.result, viaPairs, c.name);
      assert.deepEqual(viaObject.result, viaVerifier, c.name);
      if (c.error) assert.equal(viaObject.result.code, c.error, c.name);
      else assert.equal(viaObject.result.ok.id, c.event_id, c.name);
      const replay = outcome(() => verifyWebhookIgnoringTimestamp(body, c.headers, c.secret));
      const replayPairs = outcome(() => verifyWebhookIgnoringTimestamp(body, Object.entries(c.headers), c.secret));
      assert.deepEqual(replay, replayPairs, c.name);
    }
  }
});

const SECRET = 'whsec_fast';
const BODY = '{"id":"evt_1","type":"order.completed","created_at":"2026-05-08T12:14:33Z","data":{"z":1,"a":{"y":[1,2.5,"\\u00e9"]}}}';
const TS = 1778242473;
const H = { 'Peeker-Signature': signWebhook(BODY, SECRET, TS), 'Peeker-Timestamp': String(TS), 'Content-Type': 'application/json' };

test('data keeps the sender key order; the envelope shape is unchanged', () => {
  const ev = verifyWebhook(BODY, H, SECRET, { now: TS });
  assert.deepEqual(Object.keys(ev), ['id', 'type', 'created_at', 'data']);
  assert.deepEqual(Object.keys(ev.data), ['z', 'a']);
  assert.deepEqual(ev.data.a.y, [1, 2.5, 'é']);
  // A body that is not exactly the envelope (extra key, other order, no created_at).
  const odd = '{"type":"brand.new","extra":{"k":1},"data":{"b":1,"a":2},"id":"evt_2"}';
  const h = { 'peeker-signature': signWebhook(odd, SECRET, TS), 'peeker-timestamp': String(TS) };
  const ev2 = verifyWebhook(Buffer.from(odd), h, SECRET, { now: TS });
  assert.deepEqual(ev2, { id: 'evt_2', type: 'brand.new', created_at: null, data: { b: 1, a: 2 } });
  assert.deepEqual(Object.keys(ev2), ['id', 'type', 'created_at', 'data']);
  assert.deepEqual(ev2, verifyWebhook(Buffer.from(odd), Object.entries(h), SECRET, { now: TS }));
});

test('node:crypto is asked once per secret, and a wrong host SHA-256 cannot forge', () => {
  const one = countingHmacs(() => verifyWebhook(BODY, H, SECRET, { now: TS }));
  assert.equal(one.hmacs, 1);
  const rot = countingHmacs(() => verifyWebhook(BODY, H, ['whsec_old', SECRET, 'whsec_new'], { now: TS }));
  assert.equal(rot.result.ok.id, 'evt_1');
  assert.equal(rot.hmacs, 3, 'every secret is tried (no early exit)');
  // A provider returning the wrong bytes: a mismatch (the core compares).
  const wrong = countingHmacs(() => verifyWebhook(BODY, H, SECRET, { now: TS }), Buffer.alloc(32));
  assert.equal(wrong.result.code, 'signature_mismatch');
  // A provider returning garbage: an internal error, never a match.
  const garbage = countingHmacs(() => verifyWebhook(BODY, H, SECRET, { now: TS }), 'not bytes');
  assert.equal(garbage.result.code, 'internal');
  // Tolerance and the size limit stay the core's.
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { now: TS + 301 })).code, 'timestamp_out_of_tolerance');
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { now: TS + 11, tolerance: 10 })).code, 'timestamp_out_of_tolerance');
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { now: TS + 10, tolerance: 10 })).ok.id, 'evt_1');
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { now: TS, maxBodyBytes: 10 })).code, 'payload_too_large');
  assert.equal(outcome(() => verifyWebhook(BODY, H, 'whsec_other', { now: TS })).code, 'signature_mismatch');
});

// A delivery without "id": the Peeker-Event-Id header gives it.
const NO_ID = '{"type":"order.completed","created_at":null,"data":{}}';
const H_NO_ID = { 'peeker-signature': signWebhook(NO_ID, SECRET, TS), 'peeker-timestamp': String(TS) };

test('the event id header, trimmed, when the body has none', () => {
  assert.equal(verifyWebhook(NO_ID, { ...H_NO_ID, 'peeker-event-id': 'évt_1 ✓' }, SECRET, { now: TS }).id, 'évt_1 ✓');
  assert.equal(verifyWebhook(NO_ID, { ...H_NO_ID, 'peeker-event-id': ' evt_2 ' }, SECRET, { now: TS }).id, 'evt_2');
  const none = outcome(() => verifyWebhook(Buffer.from(NO_ID), H_NO_ID, SECRET, { now: TS }));
  assert.equal(none.code, 'invalid_payload');
  assert.deepEqual(none, outcome(() => verifyWebhook(Buffer.from(NO_ID), Object.entries(H_NO_ID), SECRET, { now: TS })));
});

test('one Verifier for every delivery', () => {
  const v = new Verifier(['whsec_old', SECRET], { tolerance: 10 });
  assert.equal(String(v), '[object Verifier]');
  assert.ok(!JSON.stringify(v).includes(SECRET));
  const n = countingHmacs(() => {
    for (let i = 0; i <= 10; i++) assert.equal(v.verify(BODY, H, { now: TS + i }).id, 'evt_1');
  });
  assert.equal(n.result.code, undefined);
  assert.equal(n.hmacs, 22, 'two secrets, eleven deliveries');
  assert.equal(outcome(() => v.verify(BODY, H, { now: TS + 11 })).code, 'timestamp_out_of_tolerance');
  assert.equal(v.verifyIgnoringTimestamp(BODY, H).id, 'evt_1');
  assert.equal(outcome(() => v.verify(JSON.parse(BODY), H, { now: TS })).code, 'invalid_argument');
  for (const [s, code] of [['', 'invalid_secret'], [[], 'invalid_secret'], [undefined, 'invalid_secret'], [5, 'invalid_argument']]) {
    assert.equal(outcome(() => new Verifier(s)).code, code, String(s));
  }
  assert.equal(outcome(() => new Verifier(SECRET, { tolerance: -1 })).code, 'invalid_argument');
  assert.equal(outcome(() => new Verifier(SECRET, { maxBodyBytes: 10 }).verify(BODY, H, { now: TS })).code, 'payload_too_large');
  // At least 1, as in Python (0 would refuse every delivery).
  assert.equal(outcome(() => new Verifier(SECRET, { maxBodyBytes: 0 })).code, 'invalid_argument');
});

test('the one-call form follows the secret and options of every call (the kept verifier is only reused for equal ones)', () => {
  const late = { now: TS + 20 };
  const opts = { now: TS + 20, tolerance: 10 };
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, opts)).code, 'timestamp_out_of_tolerance');
  opts.tolerance = 30; // the same object, changed
  assert.equal(verifyWebhook(BODY, H, SECRET, opts).id, 'evt_1');
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { ...late, tolerance: 10 })).code, 'timestamp_out_of_tolerance');
  assert.equal(verifyWebhook(BODY, H, SECRET, late).id, 'evt_1', 'the default tolerance');
  assert.equal(outcome(() => verifyWebhook(BODY, H, 'whsec_other', late)).code, 'signature_mismatch');
  assert.equal(verifyWebhook(BODY, H, [SECRET], late).id, 'evt_1');
  assert.equal(outcome(() => verifyWebhook(BODY, H, ['whsec_other'], late)).code, 'signature_mismatch');
  assert.equal(verifyWebhook(BODY, H, ['whsec_other', SECRET], late).id, 'evt_1');
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { ...late, maxBodyBytes: 10 })).code, 'payload_too_large');
  assert.equal(verifyWebhook(BODY, H, SECRET, late).id, 'evt_1');
  assert.equal(outcome(() => verifyWebhookIgnoringTimestamp(BODY, H, SECRET, { maxBodyBytes: 10 })).code, 'payload_too_large');
  assert.equal(verifyWebhookIgnoringTimestamp(BODY, H, SECRET, { tolerance: 0 }).id, 'evt_1', 'no time check: tolerance unused');
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { ...late, tolerance: 0 })).code, 'timestamp_out_of_tolerance');
});

test('argument shapes and errors do not depend on the headers\' form', () => {
  const fetchHeaders = new Headers(H);
  const cases = [
    [BODY, H, SECRET, { now: TS }],
    [BODY, fetchHeaders, SECRET, { now: TS }],
    [BODY, { ...H, 'x-other': ['a', 'b'] }, SECRET, { now: TS }],
    [BODY, { ...H, 'x-other': 5 }, SECRET, { now: TS }],
    [BODY, { ...H, 'x-other': {} }, SECRET, { now: TS }],
    [BODY, { ...H, 'x-other': 'lone \ud800' }, SECRET, { now: TS }],
    [BODY, { ...H, 'peeker-signature': undefined }, SECRET, { now: TS }],
    [NO_ID, { ...H_NO_ID, 'peeker-event-id': 'évt_1 ✓' }, SECRET, { now: TS }],
    [NO_ID, { ...H_NO_ID, 'peeker-event-id': 'evt_from_header' }, SECRET, { now: TS }],
    [BODY, { ...H, 'peeker-timestamp': `${TS} ` }, SECRET, { now: TS }],
    [BODY, { ...H, 'peeker-signature': `${H['Peeker-Signature']},v2=é` }, SECRET, { now: TS }],
    [BODY, { ...H, 'peeker-event-id': 'evt_header' }, SECRET, { now: TS }],
    [BODY, { '  Peeker-Signature ': H['Peeker-Signature'], 'peeker-timestamp': String(TS) }, SECRET, { now: TS }],
    [BODY, { 'pee\u212Aer-signature': H['Peeker-Signature'], 'peeker-timestamp': String(TS) }, SECRET, { now: TS }],
    [BODY, { 'peeker-signature': 'v1=00', 'Peeker-Signature': H['Peeker-Signature'], 'peeker-timestamp': String(TS) }, SECRET, { now: TS }],
    [BODY, { 'Peeker-Signature': H['Peeker-Signature'], 'peeker-signature': 'v1=00', 'peeker-timestamp': String(TS) }, SECRET, { now: TS }],
    [BODY, H, SECRET, { now: 'soon' }],
    [BODY, H, SECRET, { now: NaN }],
    [BODY, H, SECRET, { now: TS, tolerance: -1 }],
    [BODY, H, SECRET, { now: TS, tolerance: '10' }],
    [BODY, H, SECRET, { now: TS, maxBodyBytes: 1.5 }],
    [BODY, H, SECRET, { now: TS, maxBodyBytes: 0 }],
    [BODY, H, SECRET, []],
    [BODY, H, '', { now: TS }],
    [BODY, H, [], { now: TS }],
    [BODY, H, [SECRET, 5], { now: TS }],
    [BODY, H, 'lone \ud800', { now: TS }],
    [BODY, H, undefined, { now: TS }],
    [BODY, null, SECRET, { now: TS }],
    [BODY, 'headers', SECRET, { now: TS }],
    [JSON.parse(BODY), H, SECRET, { now: TS }],
    ['lone \ud800', H, SECRET, { now: TS }],
    [undefined, H, SECRET, { now: TS }],
  ];
  for (const [i, [b, h, s, o]] of cases.entries()) {
    const one = outcome(() => verifyWebhook(b, h, s, o));
    // The same call with the headers as pairs, when they have pairs.
    if (h instanceof Headers || (h && typeof h === 'object' && !Array.isArray(h))) {
      const pairs = h instanceof Headers ? [...h.entries()] : Object.entries(h);
      assert.deepEqual(one, outcome(() => verifyWebhook(b, pairs, s, o)), `case ${i}`);
    }
  }
  // Repeated calls with changing options reuse nothing they should not.
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { now: TS + 20, tolerance: 10 })).code, 'timestamp_out_of_tolerance');
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { now: TS + 20 })).ok.id, 'evt_1');
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { now: TS + 20, tolerance: 10 })).code, 'timestamp_out_of_tolerance');
  for (let i = 0; i < 40; i++) assert.equal(outcome(() => verifyWebhook(BODY, H, [SECRET, `s${i}`], { now: TS })).ok.id, 'evt_1');
});

test('after an internal error resets the module, cached verifiers are not reused', () => {
  const raw = require('../dist/node/peeker_wasm.js');
  const other = { 'peeker-signature': signWebhook(BODY, 'whsec_b', TS), 'peeker-timestamp': String(TS) };
  assert.equal(verifyWebhook(BODY, H, SECRET, { now: TS }).id, 'evt_1');
  assert.throws(() => raw.__testPanic(true), (e) => e.code === 'internal');
  // The kept verifier is made again (a wasm object from before the reset is stale).
  assert.equal(outcome(() => verifyWebhook(BODY, other, 'whsec_b', { now: TS })).ok.id, 'evt_1');
  assert.equal(outcome(() => verifyWebhook(BODY, H, 'whsec_b', { now: TS })).code, 'signature_mismatch');
  assert.equal(outcome(() => verifyWebhook(BODY, H, SECRET, { now: TS })).ok.id, 'evt_1');
  assert.equal(outcome(() => verifyWebhook(BODY, other, SECRET, { now: TS })).code, 'signature_mismatch');
  const counted = countingHmacs(() => verifyWebhook(BODY, H, SECRET, { now: TS }));
  assert.equal(counted.hmacs, 1, 'node:crypto again');
  const v = new Verifier(SECRET);
  assert.throws(() => raw.__testPanic(true), (e) => e.code === 'internal');
  assert.equal(v.verify(BODY, H, { now: TS }).id, 'evt_1', 'a Verifier made before the reset still works');
});

test('loading the package and verifying with plain-object headers does not load undici (fetch)', async () => {
  // In Node the first read of the global `Headers` loads undici (~15-30 ms, a few
  // MiB): verifying with a plain object must not look it up. Checked in a fresh process, by the internal modules it loaded.
  const { execFileSync } = await import('node:child_process');
  const pkg = path.resolve(here, '..');
  const script = `
    const loaded = () => process.moduleLoadList.some((m) => /undici/.test(m));
    const sdk = require(${JSON.stringify(pkg)});
    const a = loaded();
    const body = '{"id":"evt_1","type":"order.completed","created_at":"2026-01-01T00:00:00Z","data":{}}';
    const h = { 'peeker-signature': sdk.signWebhook(body, 'whsec_x', 1700000000), 'peeker-timestamp': '1700000000' };
    const b = sdk.verifyWebhook(body, h, 'whsec_x', { now: 1700000000 }).id === 'evt_1' && !loaded();
    const c = sdk.verifyWebhook(body, new Headers(h), 'whsec_x', { now: 1700000000 }).id === 'evt_1' && loaded();
    process.stdout.write(JSON.stringify([a, b, c]));`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), [false, true, true], 'after require, after a plain-object call, after a Headers call');
});
