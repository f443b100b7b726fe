// Webhooks through `import ... from '@peeker/sdk'`: signing, verification with
// every header shape (a real node:http request's IncomingHttpHeaders, Fetch
// Headers, plain objects, arrays), raw-body handling, and every error code.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import vm from 'node:vm';
import { verifyWebhook, verifyWebhookIgnoringTimestamp, signWebhook, PeekerError } from '@peeker/sdk';
import helpers from './helpers.cjs';

const { throwsCode } = helpers;
const SECRET = 'whsec_example_secret';
const BODY =
  '{"id":"evt_01HZX0EV2A2B3C4D5E6F7G8H","type":"order.completed","created_at":"2026-05-08T12:14:33Z","data":{"id":"ord_01HZX0OR1A2B3C4D5E6F7G8H","status":"completed"}}';
const TS = 1778242473;

const independentSig = (body, secret, ts) =>
  'v1=' + crypto.createHmac('sha256', secret).update(`${ts}.`).update(body).digest('hex');

test('signWebhook matches an independent HMAC and the published example', () => {
  assert.equal(signWebhook(BODY, SECRET, TS), 'v1=f5d7662d380501ff096dc701e82bcc605334d557cbb1d58a191b5db39557f342');
  assert.equal(signWebhook(BODY, SECRET, TS), independentSig(BODY, SECRET, TS));
  const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x7b]);
  assert.equal(signWebhook(bytes, 's', 5), independentSig(bytes, 's', 5));
  assert.equal(signWebhook(new Uint8Array(bytes).buffer, 's', 5), independentSig(bytes, 's', 5));
  assert.equal(signWebhook(new DataView(bytes.buffer, bytes.byteOffset, 2), 's', 5), independentSig(bytes.subarray(0, 2), 's', 5));
});

test('bytes from another realm (Jest sandbox, node:vm, iframe) are bytes too', () => {
  const other = vm.createContext({});
  const u8 = vm.runInContext('new Uint8Array([0xff, 0x00, 0xfe, 0x7b])', other);
  assert.equal(u8 instanceof Uint8Array, false, 'really from another realm');
  const expected = independentSig(Buffer.from([0xff, 0x00, 0xfe, 0x7b]), 's', 5);
  assert.equal(signWebhook(u8, 's', 5), expected);
  assert.equal(signWebhook(vm.runInContext('new Uint8Array([0xff, 0x00, 0xfe, 0x7b]).buffer', other), 's', 5), expected);
  assert.equal(signWebhook(vm.runInContext('new DataView(new Uint8Array([9, 0xff, 0x00, 0xfe, 0x7b]).buffer, 1)', other), 's', 5), expected);
  const body = vm.runInContext(`new TextEncoder().encode(${JSON.stringify(BODY)})`, vm.createContext({ TextEncoder }));
  const headers = { 'peeker-signature': signWebhook(BODY, SECRET, TS), 'peeker-timestamp': String(TS) };
  assert.equal(verifyWebhook(body, headers, SECRET, { now: TS }).id, 'evt_01HZX0EV2A2B3C4D5E6F7G8H');
  // A foreign plain object is still refused as a parsed body.
  throwsCode(() => verifyWebhook(vm.runInContext('({id: 1})', other), headers, SECRET, { now: TS }), 'invalid_argument', { field: 'body' });
});

test('verifyWebhook returns the event {id, type, created_at, data}', () => {
  const headers = { 'Peeker-Signature': signWebhook(BODY, SECRET, TS), 'Peeker-Timestamp': String(TS) };
  const ev = verifyWebhook(BODY, headers, SECRET, { now: TS + 5 });
  assert.deepEqual(ev, {
    id: 'evt_01HZX0EV2A2B3C4D5E6F7G8H',
    type: 'order.completed',
    created_at: '2026-05-08T12:14:33Z',
    data: { id: 'ord_01HZX0OR1A2B3C4D5E6F7G8H', status: 'completed' },
  });
  assert.deepEqual(Object.keys(ev), ['id', 'type', 'created_at', 'data']);
  // Buffer, Uint8Array, ArrayBuffer bodies.
  const buf = Buffer.from(BODY);
  assert.equal(verifyWebhook(buf, headers, SECRET, { now: TS }).id, ev.id);
  assert.equal(verifyWebhook(new Uint8Array(buf), headers, SECRET, { now: TS }).id, ev.id);
  assert.equal(verifyWebhook(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length), headers, SECRET, { now: TS }).id, ev.id);
  // Rotation: any of several secrets; secretIndex says which matched (non-enumerable).
  assert.equal(verifyWebhook(BODY, headers, ['whsec_old', SECRET], { now: TS }).id, ev.id);
  assert.equal(ev.secretIndex, 0);
  const second = verifyWebhook(BODY, headers, ['whsec_old', SECRET], { now: TS });
  assert.equal(second.secretIndex, 1);
  assert.equal(JSON.stringify(second), JSON.stringify(ev));
  assert.equal(Object.getOwnPropertyDescriptor(second, 'secretIndex').writable, false);
  assert.equal(verifyWebhook(buf, headers, ['a', 'b', SECRET], { now: TS }).secretIndex, 2);
  // Default now is the clock: a delivery signed now verifies.
  const now = Math.floor(Date.now() / 1000);
  assert.equal(verifyWebhook(BODY, { 'peeker-signature': signWebhook(BODY, SECRET, now), 'peeker-timestamp': String(now) }, SECRET).type, 'order.completed');
  // Unknown event types pass through.
  const other = '{"id":"evt_2","type":"brand.new","data":null}';
  assert.equal(verifyWebhook(other, { 'peeker-signature': signWebhook(other, 's', 9), 'peeker-timestamp': 9 }, 's', { now: 9 }).type, 'brand.new');
});

test('header shapes: Fetch Headers, Map, pairs, arrays of values, numbers', () => {
  const sig = signWebhook(BODY, SECRET, TS);
  const opts = { now: TS };
  const fetchHeaders = new Headers({ 'Peeker-Signature': sig, 'Peeker-Timestamp': String(TS), 'Content-Type': 'application/json' });
  assert.equal(verifyWebhook(BODY, fetchHeaders, SECRET, opts).type, 'order.completed');
  assert.equal(verifyWebhook(BODY, new Map([['peeker-signature', sig], ['peeker-timestamp', `${TS}`]]), SECRET, opts).type, 'order.completed');
  assert.equal(verifyWebhook(BODY, [['PEEKER-SIGNATURE', sig], ['PEEKER-TIMESTAMP', `${TS}`]], SECRET, opts).type, 'order.completed');
  // Several signatures as an array of values (joined with ", "): one match is enough.
  assert.equal(verifyWebhook(BODY, { 'peeker-signature': ['v1=' + '0'.repeat(64), sig], 'peeker-timestamp': TS }, SECRET, opts).type, 'order.completed');
  // A Fetch Request's headers, as a Web-standard framework hands them over.
  const req = new Request('https://example.test/hook', { method: 'POST', body: BODY, headers: { 'peeker-signature': sig, 'peeker-timestamp': String(TS) } });
  assert.equal(verifyWebhook(BODY, req.headers, SECRET, opts).type, 'order.completed');
  throwsCode(() => verifyWebhook(BODY, 'peeker-signature: x', SECRET, opts), 'invalid_argument', { field: 'headers' });
  throwsCode(() => verifyWebhook(BODY, [['a']], SECRET, opts), 'invalid_argument');
  throwsCode(() => verifyWebhook(BODY, ['peeker-signature', sig], SECRET, opts), 'invalid_argument', { field: 'headers[0]' });
  throwsCode(() => verifyWebhook(BODY, { 'peeker-signature': { v: 1 } }, SECRET, opts), 'invalid_argument');
  throwsCode(() => verifyWebhook(BODY, undefined, SECRET, opts), 'null_argument', { field: 'headers' });
});

test('a real node:http request: req.headers (IncomingHttpHeaders) and the raw body', async () => {
  const results = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      try {
        const ev = verifyWebhook(raw, req.headers, SECRET, { now: TS + 1 });
        results.push(ev);
        res.writeHead(200).end('ok');
      } catch (e) {
        results.push(e);
        res.writeHead(e instanceof PeekerError ? 400 : 500).end(e.code || 'x');
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/hook`;
  try {
    const post = (body, headers) => fetch(url, { method: 'POST', body, headers });
    const sig = signWebhook(BODY, SECRET, TS);
    let r = await post(BODY, { 'Peeker-Signature': sig, 'Peeker-Timestamp': String(TS), 'Peeker-Event-Id': 'evt_x' });
    assert.equal(r.status, 200);
    assert.equal(results.at(-1).id, 'evt_01HZX0EV2A2B3C4D5E6F7G8H');
    // Re-serialised body (what JSON middleware does): different bytes, signature_mismatch.
    r = await post(JSON.stringify(JSON.parse(BODY), null, 2), { 'Peeker-Signature': sig, 'Peeker-Timestamp': String(TS) });
    assert.equal(r.status, 400);
    assert.equal(await r.text(), 'signature_mismatch');
    assert.match(results.at(-1).message, /raw request bytes/);
    r = await post(BODY, { 'Peeker-Timestamp': String(TS) });
    assert.equal(await r.text(), 'missing_header');
  } finally {
    server.close();
  }
});

test('a parsed object body is refused with a message that says to pass the raw body', () => {
  const headers = { 'peeker-signature': signWebhook(BODY, SECRET, TS), 'peeker-timestamp': String(TS) };
  for (const parsed of [JSON.parse(BODY), [1, 2]]) {
    const e = throwsCode(() => verifyWebhook(parsed, headers, SECRET, { now: TS }), 'invalid_argument', { field: 'body' });
    assert.match(e.message, /raw request body/);
  }
  throwsCode(() => verifyWebhook(42, headers, SECRET), 'invalid_argument', { field: 'body' });
  throwsCode(() => verifyWebhook(undefined, headers, SECRET), 'null_argument', { field: 'body' });
});

test('every webhook error code', () => {
  const sig = signWebhook(BODY, SECRET, TS);
  const h = (s, t) => ({ 'peeker-signature': s, 'peeker-timestamp': t });
  throwsCode(() => verifyWebhook(BODY, { 'peeker-timestamp': String(TS) }, SECRET, { now: TS }), 'missing_header');
  throwsCode(() => verifyWebhook(BODY, { 'peeker-signature': sig }, SECRET, { now: TS }), 'missing_header');
  throwsCode(() => verifyWebhook(BODY, h(sig, '17782x'), SECRET, { now: TS }), 'malformed_header');
  throwsCode(() => verifyWebhook(BODY, h('garbage', String(TS)), SECRET, { now: TS }), 'malformed_header');
  const late = throwsCode(() => verifyWebhook(BODY, h(sig, String(TS)), SECRET, { now: TS + 301 }), 'timestamp_out_of_tolerance');
  assert.match(late.message, /tolerance/);
  throwsCode(() => verifyWebhook(BODY, h(sig, String(TS)), SECRET, { now: TS - 301 }), 'timestamp_out_of_tolerance');
  assert.equal(verifyWebhook(BODY, h(sig, String(TS)), SECRET, { now: TS + 301, tolerance: 400 }).type, 'order.completed');
  assert.equal(verifyWebhook(BODY, h(sig, String(TS)), SECRET, { now: TS + 300.9 }).type, 'order.completed');
  assert.equal(verifyWebhookIgnoringTimestamp(BODY, h(sig, String(TS)), SECRET).type, 'order.completed');
  throwsCode(() => verifyWebhook(BODY, h(sig, String(TS)), 'whsec_wrong', { now: TS }), 'signature_mismatch');
  throwsCode(() => verifyWebhook(BODY + ' ', h(sig, String(TS)), SECRET, { now: TS }), 'signature_mismatch');
  const notEvent = '[1,2]';
  throwsCode(() => verifyWebhook(notEvent, h(signWebhook(notEvent, SECRET, TS), String(TS)), SECRET, { now: TS }), 'invalid_payload');
  throwsCode(() => verifyWebhook(BODY, h(sig, String(TS)), SECRET, { now: TS, maxBodyBytes: 10 }), 'payload_too_large');
  throwsCode(() => verifyWebhook(BODY, h(sig, String(TS)), '', { now: TS }), 'invalid_secret');
  throwsCode(() => verifyWebhook(BODY, h(sig, String(TS)), [], { now: TS }), 'invalid_secret');
  // A missing secret (say, an unset environment variable) is invalid_secret too.
  const e = throwsCode(() => verifyWebhook(BODY, h(sig, String(TS)), undefined, { now: TS }), 'invalid_secret');
  assert.match(e.message, /secret/);
  throwsCode(() => verifyWebhook(BODY, h(sig, String(TS)), 42, { now: TS }), 'invalid_argument', { field: 'secret' });
});
