// Keeping order tracking in PostgreSQL, shared by several handler processes (pg).
//
// One row per resource (an order, a domain, an import, a swap) with its state, the
// JSON text of stateReduce; the processed event ids under a primary key, so that
// every event counts once; an outbox of side effects written in the same
// transaction as the state and run after the commit. The schema is the one of
// bindings/python/examples/store_postgres.py, to the byte (the scale test checks
// it): Python and Node handlers can share one database.
//
//   import pg from 'pg';
//   const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
//   await createSchema(pool);                                   // once, at deploy
//   const event = verifier.verify(rawBody, req.headers);        // verified first
//   await record(pool, event, { effect: event.type === 'order.completed' ? { email: 'done' } : null });
//   await drainOutbox(pool, perform);                           // after the commit, anywhere
//   await orderView(pool, 'ord_1');
//
// Racing writers: the row is locked (SELECT ... FOR UPDATE; the first event of a
// resource inserts it with ON CONFLICT DO NOTHING and locks it if another writer
// won). Two deliveries of one event meet at peeker_event's primary key: the second
// waits for the first's transaction, then skips. Each transaction locks one
// resource row after one event id: no cycle, no deadlock. The README's "Order
// tracking" section says why a lock rather than a version column.
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
    const lock = 'SELECT state FROM peeker_state WHERE key = $1 FOR UPDATE';
    let row = (await client.query(lock, [key])).rows[0];
    if (!row) {
      const ins = await client.query('INSERT INTO peeker_state (key, state) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        key,
        stateReduce(null, event),
      ]);
      if (ins.rowCount === 0) row = (await client.query(lock, [key])).rows[0]; // another writer won: lock theirs
    }
    if (row) {
      const next = stateReduce(row.state, event);
      if (next !== row.state) await client.query('UPDATE peeker_state SET state = $1 WHERE key = $2', [next, key]);
    }
  }
  if (effect !== null) {
    await client.query('INSERT INTO peeker_outbox (event_id, effect) VALUES ($1, $2)', [event.id, JSON.stringify(effect)]);
  }
  return true;
}

/**
 * Runs queued side effects until none is left, from any number of processes (FOR
 * UPDATE SKIP LOCKED: each row is taken by one). Resolves to how many ran here.
 * `perform(client, eventId, effect)` runs inside the transaction that removes the row:
 * - a write to this database (a billing row, a job) commits with the removal:
 *   exactly once;
 * - anything outside it (an e-mail, a call to your own system) happens at least
 *   once: a crash after it and before the commit runs it again elsewhere. Pass the
 *   event id as its idempotency key so that the other side drops the repeat.
 * A rejection rolls the batch back (its rows stay queued) and propagates.
 */
export async function drainOutbox(db, perform, { batch = 1 } = {}) {
  let done = 0;
  for (;;) {
    const n = await transaction(db, async (client) => {
      const { rows } = await client.query('SELECT event_id, effect FROM peeker_outbox LIMIT $1 FOR UPDATE SKIP LOCKED', [batch]);
      for (const r of rows) await perform(client, r.event_id, r.effect);
      if (rows.length) await client.query('DELETE FROM peeker_outbox WHERE event_id = ANY($1)', [rows.map((r) => r.event_id)]);
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
