// examples/store-postgres.mjs against a real PostgreSQL server: the one test.sh
// starts for the whole run (PEEKER_PG_DSN), or else one started here with
// tests/postgres/server.sh. A stream of signed, verified events for 12 orders with
// their domains and imports, each delivered 1-4 times in a shuffled order by 8
// racing connections: every state equals one sequential fold of the distinct
// events (the same JSON text), each event counts once, each side effect runs once.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import pg from 'pg';
import * as store from '../examples/store-postgres.mjs';

const require = createRequire(import.meta.url);
const { signWebhook, Verifier, stateKey, stateReduce, Tracker } = require('@peeker/sdk');

const SECRET = 'whsec_store_recipes';
const TS = 1778242473;
const SERVER = fileURLToPath(new URL('../../../tests/postgres/server.sh', import.meta.url));

function rawEvents(orders) {
  const out = [];
  for (let o = 0; o < orders; o++) {
    const id = `ord_${o}`;
    const base = `2026-05-08T1${o % 10}:`;
    out.push(
      { id: `evt_${o}_1`, type: 'order.in_progress', created_at: `${base}00:00Z`, data: { id, status: 'in_progress', domain_count: 2 } },
      { id: `evt_${o}_2`, type: 'order.action_required', created_at: `${base}05:00.250Z`, data: { id, status: 'action_required', reason: 'profile_picture_not_accessible' } },
      // The same instant as evt_2, written otherwise: the larger event id wins.
      { id: `evt_${o}_3`, type: 'order.in_progress', created_at: `${base}05:00.25+00:00`, data: { id, status: 'in_progress' } },
      { id: `evt_${o}_4`, type: 'domain.connected', created_at: `${base}08:00Z`, data: { id: `dom_${o}_a`, domain: `a${o}.com`, order_id: id, status: 'active' } },
      { id: `evt_${o}_5`, type: 'domain.action_required', created_at: `${base}07:00Z`, data: { id: `dom_${o}_b`, domain: `b${o}.com`, order_id: id } },
      { id: `evt_${o}_6`, type: 'order.completed', created_at: `${base}14:33Z`, data: { id, status: 'completed', domain_count: 2 } },
      { id: `evt_${o}_7`, type: 'order.in_progress', created_at: `${base}59:00Z`, data: { id, status: 'in_progress' } },
    );
    if (o % 3 === 0) {
      out.push({ id: `evt_${o}_8`, type: 'domain_import.action_required', created_at: `${base}01:00Z`, data: { id: `imp_${o}`, status: 'action_required', nameserver_groups: [] } });
    }
  }
  return out;
}

const verifier = new Verifier(SECRET);
const EVENTS = rawEvents(12).map((raw) => {
  const body = JSON.stringify(raw);
  return verifier.verify(body, { 'Peeker-Signature': signWebhook(body, SECRET, TS), 'Peeker-Timestamp': String(TS) }, { now: TS });
});
const REFERENCE = new Map();
for (const e of EVENTS) {
  const key = stateKey(e);
  if (key !== null) REFERENCE.set(key, stateReduce(REFERENCE.get(key) ?? null, e));
}
const COMPLETED = EVENTS.filter((e) => e.type === 'order.completed').map((e) => e.id).sort();
const effectOf = (e) => (e.type === 'order.completed' ? { email: 'order_completed', order: e.data.id } : null);

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
function deliveries(seed, [lo, hi]) {
  const r = rng(seed);
  const out = EVENTS.flatMap((e) => Array(lo + Math.floor(r() * (hi - lo + 1))).fill(e));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

let dsn = process.env.PEEKER_PG_DSN;
let serverDir = null;
let n = 0;
test.before(() => {
  if (!dsn) {
    serverDir = execFileSync('bash', [SERVER, 'start'], { encoding: 'utf8' }).trim();
    dsn = readFileSync(`${serverDir}/dsn`, 'utf8').trim();
  }
});
test.after(() => {
  if (serverDir) execFileSync('bash', [SERVER, 'stop', serverDir]);
});

/** A pool on a fresh schema, with the recipe's tables and a side_effects table without a unique key. */
async function freshPool(max = 8) {
  const schema = `t_${process.pid}_${n++}`;
  const admin = new pg.Client({ connectionString: dsn });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: dsn, max, options: `-c search_path=${schema}` });
  await store.createSchema(pool);
  await pool.query('CREATE TABLE side_effects (event_id text NOT NULL, effect jsonb NOT NULL)');
  return pool;
}
const intoSideEffects = async (client, batch) => {
  for (const { eventId, effect } of batch) {
    await client.query('INSERT INTO side_effects (event_id, effect) VALUES ($1, $2)', [eventId, JSON.stringify(effect)]);
  }
};
async function states(db) {
  return new Map((await db.query('SELECT key, state FROM peeker_state ORDER BY key')).rows.map((r) => [r.key, r.state]));
}
const sorted = (m) => new Map([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

test('8 racing writers, any order, repeats: the states are the replay; side effects once', async () => {
  const pool = await freshPool(8);
  try {
    const counts = await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        const client = await pool.connect();
        try {
          let fresh = 0;
          for (const e of deliveries(300 + w, [1, 3])) if (await store.record(client, e, { effect: effectOf(e) })) fresh++;
          return fresh;
        } finally {
          client.release();
        }
      }),
    );
    assert.equal(counts.reduce((a, b) => a + b), EVENTS.length);
    assert.deepEqual(await states(pool), sorted(REFERENCE));
    const drained = await Promise.all([1, 2, 3, 4].map(() => store.drainOutbox(pool, intoSideEffects)));
    assert.equal(drained.reduce((a, b) => a + b), COMPLETED.length);
    const se = (await pool.query('SELECT event_id FROM side_effects ORDER BY event_id')).rows.map((r) => r.event_id);
    assert.deepEqual(se, COMPLETED);
    const rows = (await pool.query(
      'SELECT (SELECT count(*) FROM peeker_state)::int s, (SELECT count(*) FROM peeker_event)::int e, (SELECT count(*) FROM peeker_outbox)::int o',
    )).rows[0];
    assert.deepEqual(rows, { s: REFERENCE.size, e: EVENTS.length, o: 0 });
    const tracker = new Tracker();
    for (const e of EVENTS) tracker.apply(e);
    for (const id of ['ord_0', 'ord_7']) assert.deepEqual(await store.orderView(pool, id), tracker.order(id));
    assert.equal(await store.orderView(pool, 'ord_99'), null);
    assert.equal(await store.pruneEvents(pool, '0 seconds'), EVENTS.length);
    for (const e of EVENTS.slice(0, 5)) await store.record(pool, e);
    assert.deepEqual(await states(pool), sorted(REFERENCE)); // a repeat after pruning changes no state
  } finally {
    await pool.end();
  }
});

test('recordMany: racing batches with repeats inside and across them, and one-by-one writers', async () => {
  const pool = await freshPool(8);
  try {
    const counts = await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        const client = await pool.connect();
        try {
          const r = rng(w);
          let stream = deliveries(500 + w, [1, 3]);
          let fresh = 0;
          if (w >= 6) {
            for (const e of stream) if (await store.record(client, e, { effect: effectOf(e) })) fresh++;
            return fresh;
          }
          while (stream.length) {
            const k = 1 + Math.floor(r() * 15);
            const batch = stream.slice(0, k);
            stream = stream.slice(k);
            const got = await store.recordMany(client, batch, { effect: effectOf });
            assert.equal(got.length, batch.length);
            fresh += got.filter(Boolean).length;
          }
          return fresh;
        } finally {
          client.release();
        }
      }),
    );
    assert.equal(counts.reduce((a, b) => a + b), EVENTS.length);
    assert.deepEqual(await states(pool), sorted(REFERENCE));
    assert.equal(await store.drainOutbox(pool, intoSideEffects, { batch: 5 }), COMPLETED.length);
    const { rows } = await pool.query('SELECT count(*)::int n, count(DISTINCT event_id)::int d FROM side_effects');
    assert.deepEqual(rows[0], { n: COMPLETED.length, d: COMPLETED.length });
    assert.deepEqual(await store.recordMany(pool, [...EVENTS.slice(0, 3), ...EVENTS.slice(0, 3)]), Array(6).fill(false));
    assert.deepEqual(await store.recordMany(pool, []), []);
  } finally {
    await pool.end();
  }
});

test('a connection killed mid-transaction and mid-drain: nothing lost, nothing repeated', async () => {
  const pool = await freshPool(4);
  try {
    const victim = await pool.connect();
    const half = EVENTS.length >> 1;
    for (const e of EVENTS.slice(0, half)) assert.equal(await store.record(victim, e, { effect: effectOf(e) }), true);
    const pid = (await victim.query('SELECT pg_backend_pid() p')).rows[0].p;
    victim.on('error', () => {});
    await assert.rejects(
      store.transaction(victim, async (c) => {
        await store.recordIn(c, EVENTS[half], { effect: effectOf(EVENTS[half]) });
        await pool.query('SELECT pg_terminate_backend($1)', [pid]);
        await c.query('SELECT 1');
      }),
    );
    victim.release(true);
    for (const e of EVENTS) await store.record(pool, e, { effect: effectOf(e) });
    assert.deepEqual(await states(pool), sorted(REFERENCE));
    const dying = await pool.connect();
    dying.on('error', () => {});
    const dpid = (await dying.query('SELECT pg_backend_pid() p')).rows[0].p;
    await assert.rejects(
      store.drainOutbox(dying, async (c, batch) => {
        await intoSideEffects(c, batch.slice(0, 1));
        await pool.query('SELECT pg_terminate_backend($1)', [dpid]);
      }, { batch: 3 }),
    );
    dying.release(true);
    assert.equal(await store.drainOutbox(pool, intoSideEffects), COMPLETED.length);
    const { rows } = await pool.query('SELECT count(*)::int n, count(DISTINCT event_id)::int d FROM side_effects');
    assert.deepEqual(rows[0], { n: COMPLETED.length, d: COMPLETED.length });
  } finally {
    await pool.end();
  }
});

test('the schema is the Python recipe\'s, to the byte', () => {
  const py = readFileSync(new URL('../../python/examples/store_postgres.py', import.meta.url), 'utf8');
  const m = /SCHEMA = """([\s\S]*?)"""/.exec(py);
  assert.ok(m);
  assert.equal(store.SCHEMA, m[1]);
});
