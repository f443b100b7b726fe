// Keeping order tracking in PostgreSQL, shared by several handler processes (pg).
//
// One row per resource (an order, a domain, an import, a swap) with its state, the
// JSON text of stateReduce; the processed event ids under a primary key, so that
// every event counts once; an outbox of side effects written in the same
// transaction as the state and run after the commit. The schema is the one of
// bindings/python/examples/store_postgres.py, to the byte (test/store-postgres.test.mjs
// checks it): Python and Node handlers can share one database.
//
//   import pg from 'pg';
//   const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
//   await createSchema(pool);                                   // once, at deploy
//   const event = verifier.verify(rawBody, req.headers);        // verified first
//   await record(pool, event, { effect: event.type === 'order.completed' ? { email: 'done' } : null });
//   await recordMany(pool, events, { effect: (e) => ... });   // or a batch from a queue: one commit
//   await drainOutbox(pool, perform);                           // after the commit, anywhere
//   await orderView(pool, 'ord_1');
//
// Racing writers: the row is read without a lock first; an event that changes
// nothing (older news: most of them, the merge being a join) is done, since a state
// only grows and will never need it. One that changes the state locks the row
// (SELECT ... FOR UPDATE), reduces into what it reads there and writes; the first
// event of a resource inserts it with ON CONFLICT DO NOTHING and locks it if another
// writer won. Two deliveries of one event meet at peeker_event's primary key: the
// second waits for the first's transaction, then skips. `record` locks one resource
// row after one event id: no cycle, no deadlock (`recordMany`: see there). The
// README's "Order tracking" section says why a lock rather than a version column,
// with the measurement.
//
// Test: test/store-postgres.test.mjs against a real server.
import pg from 'pg';
import { stateKey, stateReduce, stateOrderView } from '@peeker/sdk';

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS peeker_state (
    key      text PRIMARY KEY,     -- the event's state key: 'order:ord_1', 'domain:dom_a', ...
    state    text NOT NULL,        -- the reduced state's JSON text, as the core wrote it
    order_id text GENERATED ALWAYS AS ((state::jsonb) ->> 'order_id') STORED  -- domains' order
);
CREATE INDEX IF NOT EXISTS peeker_state_order ON peeker_state (order_id) WHERE order_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS peeker_event (
    event_id    text PRIMARY KEY,  -- evt_...: an event is processed once
    received_at timestamptz NOT NULL DEFAULT now()  -- prune rows older than the redelivery window
);
CREATE TABLE IF NOT EXISTS peeker_outbox (
    event_id text PRIMARY KEY REFERENCES peeker_event (event_id),
    effect   jsonb NOT NULL        -- what to do; the row goes once it was done
);
`;

/** Creates the tables (once, e.g. at deploy: concurrent CREATEs can collide). */
export async function createSchema(db) {
  await db.query(SCHEMA);
}

/** Runs `fn(client)` in a transaction on one client of `db` (a pg.Pool or a pg.Client). */
export async function transaction(db, fn) {
  const pooled = db instanceof pg.Pool;
  const client = pooled ? await db.connect() : db;
  await client.query('BEGIN');
  try {
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    if (pooled) client.release();
  }
}

/**
 * Applies one verified event in its own transaction: `true` if it was new, `false`
 * for a repeat, which changes nothing. `effect` (JSON-able) is queued in the
 * outbox in the same transaction.
 */
export function record(db, event, { effect = null } = {}) {
  return transaction(db, (client) => recordIn(client, event, { effect }));
}

/** `record` inside the caller's transaction (BEGIN already sent on `client`). */
export async function recordIn(client, event, { effect = null } = {}) {
  const seen = await client.query('INSERT INTO peeker_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [event.id]);
  if (seen.rowCount === 0) return false; // processed already (or by a writer that just committed)
  const key = stateKey(event);
  if (key !== null) {
    const seen = (await client.query('SELECT state FROM peeker_state WHERE key = $1', [key])).rows[0];
    // Older news changes nothing, now or later (a state only grows): no lock, no write.
    if (!seen || stateReduce(seen.state, event) !== seen.state) await write(client, key, event);
  }
  if (effect !== null) {
    await client.query('INSERT INTO peeker_outbox (event_id, effect) VALUES ($1, $2)', [event.id, JSON.stringify(effect)]);
  }
  return true;
}

async function write(client, key, event) {
  const lock = 'SELECT state FROM peeker_state WHERE key = $1 FOR UPDATE';
  let row = (await client.query(lock, [key])).rows[0];
  if (!row) {
    const ins = await client.query('INSERT INTO peeker_state (key, state) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      key,
      stateReduce(null, event),
    ]);
    if (ins.rowCount === 1) return;
    row = (await client.query(lock, [key])).rows[0]; // another writer inserted it first: lock theirs
  }
  const next = stateReduce(row.state, event);
  if (next !== row.state) await client.query('UPDATE peeker_state SET state = $1 WHERE key = $2', [next, key]);
}

/**
 * `record` for a batch of verified events in ONE transaction and a handful of
 * statements (what a worker taking deliveries from a queue wants: a commit and a
 * round trip per batch, not per event). Resolves to one boolean per event: `true` if
 * new (its first occurrence in the batch), `false` for a repeat. `effect(event)`
 * gives each new event's side effect for the outbox, or null.
 *
 * Every writer takes its locks in one order: the batch's event ids sorted by
 * (state key, id), then the state rows sorted by key, so two batches do not wait
 * on each other in a cycle. The one exception, a resource that two batches both
 * insert while each holds a row the other wants, is a deadlock PostgreSQL detects
 * (40P01): the batch is then retried.
 */
export async function recordMany(db, events, { effect = null } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await transaction(db, (client) => recordManyIn(client, events, effect));
    } catch (e) {
      if (e.code !== '40P01' || attempt === 4) throw e;
    }
  }
}

const fold = (state, events) => events.reduce((s, e) => stateReduce(s, e), state);
const byKeyThenId = ([k1, i1], [k2, i2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : i1 < i2 ? -1 : i1 > i2 ? 1 : 0);

async function recordManyIn(client, events, effect) {
  const keys = events.map((e) => stateKey(e) ?? '');
  const ids = [...new Map(events.map((e, i) => [e.id, [keys[i], e.id]])).values()].sort(byKeyThenId);
  const inserted = await client.query(
    'INSERT INTO peeker_event (event_id) SELECT * FROM unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING event_id',
    [ids.map(([, id]) => id)],
  );
  const fresh = new Set(inserted.rows.map((r) => r.event_id));
  const todo = new Map();
  const result = events.map((e, i) => {
    if (!fresh.delete(e.id)) return false; // processed already, or a second copy in the batch
    if (keys[i]) todo.set(keys[i], [...(todo.get(keys[i]) ?? []), e]);
    return true;
  });
  const read = 'SELECT key, state FROM peeker_state WHERE key = ANY($1)';
  const seen = new Map((await client.query(read, [[...todo.keys()]])).rows.map((r) => [r.key, r.state]));
  // Lock only the rows to write (older news changes nothing, now or later).
  const want = [...todo.keys()].filter((k) => !seen.has(k) || fold(seen.get(k), todo.get(k)) !== seen.get(k)).sort();
  const lock = 'SELECT key, state FROM peeker_state WHERE key = ANY($1) ORDER BY key FOR UPDATE';
  const old = new Map((await client.query(lock, [want])).rows.map((r) => [r.key, r.state]));
  const missing = want.filter((k) => !old.has(k));
  if (missing.length) {
    const made = await client.query(
      'INSERT INTO peeker_state (key, state) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING RETURNING key',
      [missing, missing.map((k) => fold(null, todo.get(k)))],
    );
    const mine = new Set(made.rows.map((r) => r.key));
    const lost = missing.filter((k) => !mine.has(k)); // inserted by another writer meanwhile: lock theirs
    if (lost.length) for (const r of (await client.query(lock, [lost])).rows) old.set(r.key, r.state);
  }
  const changed = want.filter((k) => old.has(k)).map((k) => [k, fold(old.get(k), todo.get(k))]).filter(([k, v]) => v !== old.get(k));
  if (changed.length) {
    await client.query(
      'UPDATE peeker_state s SET state = v.state FROM unnest($1::text[], $2::text[]) AS v(key, state) WHERE s.key = v.key',
      [changed.map(([k]) => k), changed.map(([, v]) => v)],
    );
  }
  if (effect) {
    const out = events.flatMap((e, i) => (result[i] && effect(e) !== null ? [[e.id, JSON.stringify(effect(e))]] : []));
    if (out.length) {
      await client.query('INSERT INTO peeker_outbox (event_id, effect) SELECT * FROM unnest($1::text[], $2::jsonb[])', [
        out.map(([id]) => id),
        out.map(([, x]) => x),
      ]);
    }
  }
  return result;
}

/**
 * Runs queued side effects until none is left, from any number of processes (FOR
 * UPDATE SKIP LOCKED: each row is taken by one). Resolves to how many ran here.
 * `perform(client, [{ eventId, effect }, ...])` (up to `batch` of them) runs inside
 * the transaction that removes their rows:
 * - a write to this database (a billing row, a job) commits with the removal:
 *   exactly once;
 * - anything outside it (an e-mail, a call to your own system) happens at least
 *   once: a crash after it and before the commit runs it again elsewhere (with the
 *   rest of its batch). Pass the event id as its idempotency key so that the other
 *   side drops the repeat.
 * A rejection rolls the batch back (its rows stay queued) and propagates.
 */
export async function drainOutbox(db, perform, { batch = 1 } = {}) {
  let done = 0;
  for (;;) {
    const n = await transaction(db, async (client) => {
      const { rows } = await client.query('SELECT event_id, effect FROM peeker_outbox LIMIT $1 FOR UPDATE SKIP LOCKED', [batch]);
      if (!rows.length) return 0;
      await perform(client, rows.map((r) => ({ eventId: r.event_id, effect: r.effect })));
      await client.query('DELETE FROM peeker_outbox WHERE event_id = ANY($1)', [rows.map((r) => r.event_id)]);
      return rows.length;
    });
    if (n === 0) return done;
    done += n;
  }
}

/** The stored state of `key` (`'order:ord_1'`), or null. */
export async function state(db, key) {
  const { rows } = await db.query('SELECT state FROM peeker_state WHERE key = $1', [key]);
  return rows.length ? rows[0].state : null;
}

/** What an order page shows, from the order's row and its domains' rows. */
export async function orderView(db, orderId) {
  const order = await state(db, `order:${orderId}`);
  const { rows } = await db.query("SELECT state FROM peeker_state WHERE order_id = $1 AND key LIKE 'domain:%'", [orderId]);
  return stateOrderView(orderId, order, rows.map((r) => r.state));
}

/**
 * Forgets processed event ids older than the redelivery window (Peeker stops after
 * a day). A later repeat still leaves every state right (the merge is idempotent);
 * only its side effect would be queued again.
 */
export async function pruneEvents(db, olderThan = '3 days') {
  const r = await db.query(
    'DELETE FROM peeker_event e WHERE received_at < now() - $1::interval AND NOT EXISTS (SELECT 1 FROM peeker_outbox o WHERE o.event_id = e.event_id)',
    [olderThan],
  );
  return r.rowCount;
}
