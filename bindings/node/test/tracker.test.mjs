// The order tracker through the package: verified events in, order state out,
// whatever the order and repetition of deliveries; stored and restored as JSON.
import test from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Tracker, PeekerError, verifyWebhook, signWebhook } = require('@peeker/sdk');
const raw = require('../dist/node/peeker_wasm.js');
const { throwsCode } = require('./helpers.cjs');

const SECRET = 'whsec_tracker_test';
const NOW = 1778242473;

/** A delivery as Peeker sends it, verified as a handler would. */
function deliver(id, type, createdAt, data) {
  const body = JSON.stringify({ id, type, created_at: createdAt, data });
  const headers = { 'peeker-signature': signWebhook(body, SECRET, NOW), 'peeker-timestamp': String(NOW), 'peeker-event-id': id };
  return verifyWebhook(Buffer.from(body), headers, SECRET, { now: NOW });
}

// The seed guide's progression, with an action on the way and an import waiting on the registrar.
const STREAM = [
  deliver('evt_1', 'order.in_progress', '2026-05-08T12:00:00Z', { id: 'ord_1', status: 'in_progress', domain_count: 2 }),
  deliver('evt_2', 'domain.action_required', '2026-05-08T12:01:00Z', { id: 'dom_a', domain: 'acme-mail.com', order_id: 'ord_1' }),
  deliver('evt_3', 'order.action_required', '2026-05-08T12:02:00Z', { id: 'ord_1', status: 'action_required', reason: 'profile_picture_not_accessible' }),
  deliver('evt_4', 'domain.connected', '2026-05-08T12:08:00Z', { id: 'dom_a', domain: 'acme-mail.com', order_id: 'ord_1', status: 'active' }),
  deliver('evt_5', 'domain.connected', '2026-05-08T12:09:00Z', { id: 'dom_b', domain: 'team-acme.com', order_id: 'ord_1', status: 'active' }),
  deliver('evt_6', 'order.completed', '2026-05-08T12:14:33Z', { id: 'ord_1', status: 'completed', domain_count: 2 }),
  deliver('evt_7', 'domain_import.action_required', '2026-05-08T11:30:00Z', {
    id: 'imp_1',
    status: 'action_required',
    nameserver_groups: [{ nameserver_one: 'helena.ns.cloudflare.com', nameserver_two: 'idris.ns.cloudflare.com', domains: ['acme-mail.com'] }],
  }),
  deliver('evt_8', 'brand.new_event', '2026-05-08T12:00:00Z', { id: 'x_1' }),
];

test('follows an order: status, domains connected out of the total, open actions with what to show', () => {
  const t = new Tracker();
  for (const e of STREAM.slice(0, 3)) assert.equal(t.apply(e), true);
  const mid = t.order('ord_1');
  assert.equal(mid.status, 'action_required');
  assert.deepEqual([mid.domainsConnected, mid.domainsTotal], [0, 2]);
  assert.deepEqual(mid.actions.map((a) => [a.eventType, a.resourceId]), [
    ['order.action_required', 'ord_1'],
    ['domain.action_required', 'dom_a'],
  ]);
  assert.match(mid.actions[0].message, /profile picture/);
  for (const e of STREAM) t.apply(e);
  assert.deepEqual(t.order('ord_1'), { id: 'ord_1', status: 'completed', domainsConnected: 2, domainsTotal: 2, actions: [] });
  assert.equal(t.order('ord_404'), null);
  assert.deepEqual(t.orderIds(), ['ord_1']);
  assert.equal(t.eventsSeen, 8);
  const waiting = t.importActions();
  assert.equal(waiting.length, 1);
  assert.equal(waiting[0].resourceId, 'imp_1');
  assert.match(waiting[0].message, /helena\.ns\.cloudflare\.com/);
  assert.equal(t.statusOf('import', 'imp_1'), 'action_required');
  assert.equal(t.statusOf('domain', 'dom_b'), 'active');
  assert.equal(t.statusOf('swap', 'swp_1'), null);
  assert.equal(util.inspect(t), 'Tracker { eventsSeen: 8, orders: 1 }');
});

test('an event of a followed kind that names no resource is listed, not dropped', () => {
  const t = new Tracker();
  for (const e of STREAM) t.apply(e);
  assert.deepEqual(t.unreadable(), [], 'brand.new_event follows no resource');
  assert.equal(t.apply(deliver('evt_u', 'order.completed', '2026-05-08T12:20:00Z', { status: 'completed' })), true);
  assert.equal(t.eventsSeen, 9);
  assert.deepEqual(t.unreadable(), [{ eventId: 'evt_u', eventType: 'order.completed' }]);
  assert.deepEqual(Tracker.fromJSON(JSON.stringify(t)).unreadable(), t.unreadable());
});

test('duplicates are ignored and any order of deliveries gives the same state', () => {
  const reference = new Tracker();
  for (const e of STREAM) reference.apply(e);
  assert.equal(reference.apply(STREAM[0]), false, 'a redelivery');
  assert.equal(reference.apply({ ...STREAM[5], created_at: '2030-01-01T00:00:00Z' }), false, 'the id decides, not the content');
  const want = JSON.stringify(reference);
  let seed = 42;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let round = 0; round < 200; round++) {
    const order = [...STREAM.keys(), ...Array.from({ length: rand(6) }, () => rand(STREAM.length))];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rand(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const t = new Tracker();
    for (const i of order) t.apply(STREAM[i]);
    assert.equal(JSON.stringify(t), want, `order ${order}`);
  }
  // Terminal states never regress, even when in_progress arrives last.
  const late = new Tracker();
  late.apply(STREAM[5]);
  late.apply(STREAM[0]);
  late.apply(STREAM[2]);
  assert.equal(late.order('ord_1').status, 'completed');
});

test('stored between requests: toJSON / JSON.stringify, fromJSON (object or text)', () => {
  const t = new Tracker();
  for (const e of STREAM.slice(0, 4)) t.apply(e);
  const text = JSON.stringify(t);
  const a = Tracker.fromJSON(text);
  const b = Tracker.fromJSON(JSON.parse(text));
  for (const r of [a, b]) {
    assert.deepEqual(r.order('ord_1'), t.order('ord_1'));
    assert.equal(r.apply(STREAM[0]), false, 'the seen ids are stored too');
    assert.equal(r.apply(STREAM[5]), true);
    assert.equal(r.order('ord_1').status, 'completed');
  }
  assert.equal(t.order('ord_1').status, 'action_required', 'restored copies are independent');
  throwsCode(() => Tracker.fromJSON('{"nope": 1}'), 'invalid_json', { field: 'state' });
  throwsCode(() => Tracker.fromJSON('not json'), 'invalid_json');
  throwsCode(() => Tracker.fromJSON(), 'null_argument');
  throwsCode(() => Tracker.fromJSON(42), 'invalid_argument');
});

test('bad input: typed errors, never a crash; re-entrant calls are safe', () => {
  const t = new Tracker();
  throwsCode(() => t.apply(), 'null_argument', { field: 'event' });
  throwsCode(() => t.apply('{"id":"evt_1"}'), 'invalid_argument', { field: 'event' });
  throwsCode(() => t.apply({ type: 'order.completed', data: {} }), 'null_argument', { field: 'event.id' });
  throwsCode(() => t.apply({ id: '', type: 'order.completed' }), 'invalid_argument', { field: 'event.id' });
  throwsCode(() => t.apply({ id: 'evt_1', type: 7 }), 'invalid_argument', { field: 'event.type' });
  // The envelope's rule, from the core (Event::from_parts): neither may be empty.
  throwsCode(() => t.apply({ id: '', type: 'order.completed', data: {} }), 'invalid_argument', { field: 'event.id' });
  throwsCode(() => t.apply({ id: 'evt_1', type: '', data: {} }), 'invalid_argument', { field: 'event.type' });
  throwsCode(() => t.apply({ id: 'evt_1', type: 'order.completed', data: { id: 1n } }), 'unsupported_number', { field: 'event.data.id' });
  throwsCode(() => t.order(5), 'invalid_argument', { field: 'id' });
  throwsCode(() => t.statusOf('bundle', 'x'), 'invalid_argument', { field: 'kind' });
  assert.equal(t.eventsSeen, 0, 'nothing applied by the failures');
  // An event whose data is read by a getter that itself feeds the tracker.
  const ev = {
    id: 'evt_outer',
    type: 'order.in_progress',
    get data() {
      t.apply({ id: 'evt_inner', type: 'order.completed', created_at: '2026-05-08T13:00:00Z', data: { id: 'ord_2', status: 'completed' } });
      return { id: 'ord_2', status: 'in_progress' };
    },
  };
  assert.equal(t.apply(ev), true);
  assert.equal(t.eventsSeen, 2);
  assert.equal(t.order('ord_2').status, 'completed');
  // Events without created_at or data are accepted (nothing to learn from them but their id).
  assert.equal(t.apply({ id: 'evt_bare', type: 'order.in_progress' }), true);
});

test('after an internal error resets the module, an old tracker says so; its stored state restores it', () => {
  const t = new Tracker();
  for (const e of STREAM) t.apply(e);
  const saved = JSON.stringify(t);
  assert.throws(() => raw.__testPanic(true), (e) => e.name === 'PeekerError' && e.code === 'internal'); // straight through the glue: a plain Error
  const err = throwsCode(() => t.order('ord_1'), 'internal');
  assert.match(err.message, /Tracker\.fromJSON/);
  const back = Tracker.fromJSON(saved);
  assert.equal(back.order('ord_1').status, 'completed');
  assert.equal(new Tracker().apply(STREAM[0]), true, 'new trackers work');
});
