// Per-resource states through the package (stateKey, stateReduce, stateMerge,
// stateOrderView over peeker_core::state): one stored row per resource, the same
// text whatever the order, grouping and repetition of deliveries.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Tracker, PeekerError, verifyWebhook, signWebhook, stateKey, stateReduce, stateMerge, stateOrderView } = require('@peeker/sdk');
const esm = await import('@peeker/sdk');

const SECRET = 'whsec_state_test';
const NOW = 1778242473;

function deliver(id, type, createdAt, data) {
  const body = JSON.stringify({ id, type, created_at: createdAt, data });
  const headers = { 'peeker-signature': signWebhook(body, SECRET, NOW), 'peeker-timestamp': String(NOW) };
  return verifyWebhook(Buffer.from(body), headers, SECRET, { now: NOW });
}

const STREAM = [
  deliver('evt_1', 'order.in_progress', '2026-05-08T12:00:00Z', { id: 'ord_1', status: 'in_progress', domain_count: 2 }),
  deliver('evt_2', 'domain.action_required', '2026-05-08T12:01:00Z', { id: 'dom_a', domain: 'acme-mail.com', order_id: 'ord_1' }),
  deliver('evt_3', 'order.action_required', '2026-05-08T12:02:00Z', { id: 'ord_1', status: 'action_required' }),
  deliver('evt_4', 'domain.connected', '2026-05-08T12:08:00Z', { id: 'dom_a', domain: 'acme-mail.com', order_id: 'ord_1', status: 'active' }),
  deliver('evt_5', 'domain.connected', '2026-05-08T12:09:00Z', { id: 'dom_b', domain: 'team-acme.com', order_id: 'ord_1', status: 'active' }),
  deliver('evt_6', 'order.completed', '2026-05-08T12:14:33Z', { id: 'ord_1', status: 'completed', domain_count: 2 }),
  deliver('evt_7', 'order.in_progress', '2026-05-08T12:20:00Z', { id: 'ord_1', status: 'in_progress' }),
  deliver('evt_8', 'brand.new_event', '2026-05-08T12:00:00Z', { id: 'x_1' }),
];

function fold(events) {
  const rows = new Map();
  for (const e of events) {
    const key = stateKey(e);
    if (key === null) continue;
    rows.set(key, stateReduce(rows.get(key) ?? null, e));
  }
  return Object.fromEntries([...rows].sort());
}

test('one row per resource; any order and repetition gives the same text; terminal never overtaken', () => {
  const reference = fold(STREAM);
  assert.deepEqual(Object.keys(reference), ['domain:dom_a', 'domain:dom_b', 'order:ord_1']);
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let round = 0; round < 30; round++) {
    const deliveries = STREAM.flatMap((e) => Array.from({ length: 1 + Math.floor(rand() * 5) }, () => e));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
    }
    assert.deepEqual(fold(deliveries), reference);
  }
  const order = JSON.parse(reference['order:ord_1']);
  assert.equal(order.latest.event_id, 'evt_6', 'the later in_progress does not overtake completed');
  assert.equal(order.domains_total, 2);
  assert.ok(!reference['order:ord_1'].includes('evt_1'), 'bounded: no list of event ids');
});

test('merge is the union; the order view matches the tracker; objects and text both work', () => {
  const a = fold(STREAM.slice(0, 4));
  const b = fold(STREAM.slice(2));
  const full = fold(STREAM);
  assert.equal(stateMerge(a['order:ord_1'], b['order:ord_1']), full['order:ord_1']);
  assert.equal(stateMerge(JSON.parse(b['order:ord_1']), a['order:ord_1']), full['order:ord_1']);
  assert.equal(stateMerge(full['order:ord_1'], full['order:ord_1']), full['order:ord_1']);
  const t = new Tracker();
  for (const e of STREAM) t.apply(e);
  const domains = [full['domain:dom_a'], JSON.parse(full['domain:dom_b'])];
  assert.deepEqual(stateOrderView('ord_1', full['order:ord_1'], domains), t.order('ord_1'));
  assert.equal(stateOrderView('ord_9', null, domains), null);
  assert.equal(stateOrderView('ord_1', null, domains).status, 'in_progress');
  assert.equal(esm.stateReduce, stateReduce);
});

test('ties go to the larger event id whatever comes first', () => {
  const x = deliver('evt_a', 'order.in_progress', '2026-05-08T14:00:00+02:00', { id: 'ord_7' });
  const y = deliver('evt_b', 'order.action_required', '2026-05-08T12:00:00Z', { id: 'ord_7' });
  const one = stateReduce(stateReduce(null, x), y);
  assert.equal(one, stateReduce(stateReduce(null, y), x));
  assert.equal(JSON.parse(one).latest.event_id, 'evt_b');
});

test('errors are typed', () => {
  const full = fold(STREAM);
  const code = (fn) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof PeekerError);
      return [e.code, e.field];
    }
    assert.fail('no error');
  };
  assert.deepEqual(code(() => stateReduce(full['order:ord_1'], STREAM[1])), ['invalid_argument', 'event']);
  assert.deepEqual(code(() => stateMerge(full['order:ord_1'], full['domain:dom_a'])), ['invalid_argument', 'other']);
  assert.deepEqual(code(() => stateReduce('{}', STREAM[0])), ['invalid_json', 'state']);
  assert.deepEqual(code(() => stateReduce(42, STREAM[0])), ['invalid_argument', 'state']);
  assert.deepEqual(code(() => stateMerge(null, full['order:ord_1'])), ['null_argument', 'a']);
  assert.deepEqual(code(() => stateOrderView('ord_1', null, 'x')), ['invalid_argument', 'domainStates']);
  assert.equal(stateKey(STREAM[7]), null);
  assert.equal(stateReduce(null, STREAM[7]), null);
  assert.equal(stateReduce(full['order:ord_1'], STREAM[7]), full['order:ord_1']);
});
