// A Node worker of the scale test: the same steps as worker.py (see there) over the
// same tables, with the Node recipe (bindings/node/examples/store-postgres.mjs).
//
//   node worker.mjs DSN NAME   ->  prints one JSON line of counts at the end
import { createRequire } from 'node:module';
import * as store from '../../bindings/node/examples/store-postgres.mjs';

const require = createRequire(new URL('../../bindings/node/package.json', import.meta.url));
const { Verifier, PeekerError } = require('@peeker/sdk');
const pg = require('pg');

const SECRET = 'whsec_scale_test';
const BATCH = Number(process.env.SCALE_BATCH || 20);
const LEASE = process.env.SCALE_LEASE || '3 seconds';
const MANY = process.env.SCALE_ONE_BY_ONE !== '1'; // recordMany per batch, else record per event

const TAKE = `
UPDATE delivery d SET lease_until = clock_timestamp() + $1::interval, taken_by = $2, takes = takes + 1
FROM (SELECT id FROM delivery WHERE lease_until IS NULL OR lease_until < clock_timestamp()
      ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) c
WHERE d.id = c.id
RETURNING d.id, d.arrive_at, d.sig, d.ts, d.body, d.takes
`;

const sideEffect = (client, batch) =>
  client.query('INSERT INTO side_effects (event_id, worker) SELECT * FROM unnest($1::text[], $2::text[])', [
    batch.map((x) => x.eventId),
    batch.map((x) => x.effect.worker),
  ]);

async function main() {
  const [dsn, name] = process.argv.slice(2);
  const client = new pg.Client({ connectionString: dsn });
  await client.connect();
  const verifier = new Verifier(SECRET);
  const counts = { worker: name, deliveries: 0, new: 0, repeats: 0, refused: 0, retaken: 0, effects: 0 };
  let first = 0;
  let last = 0;
  const effect = { worker: name };
  for (;;) {
    const { rows } = await client.query(TAKE, [LEASE, name, BATCH]);
    if (rows.length === 0) {
      counts.effects += await store.drainOutbox(client, sideEffect, { batch: 100 });
      const left = await client.query('SELECT EXISTS (SELECT 1 FROM delivery) AS left');
      if (!left.rows[0].left) break;
      await new Promise((r) => setTimeout(r, 50)); // leased to others, or to a dead worker
      continue;
    }
    if (!first) first = Date.now() / 1000;
    const events = [];
    for (const r of rows) {
      counts.deliveries++;
      if (r.takes > 1) counts.retaken++;
      try {
        // bigint columns come back as strings from pg
        events.push(verifier.verify(r.body, { 'Peeker-Signature': r.sig, 'Peeker-Timestamp': String(r.ts) }, { now: Number(r.arrive_at) }));
      } catch (e) {
        if (!(e instanceof PeekerError)) throw e;
        counts.refused++;
      }
    }
    const fresh = MANY
      ? await store.recordMany(client, events, { effect: () => effect })
      : await (async () => { const f = []; for (const e of events) f.push(await store.record(client, e, { effect })); return f; })();
    for (const f of fresh) f ? counts.new++ : counts.repeats++;
    await client.query('DELETE FROM delivery WHERE id = ANY($1)', [rows.map((r) => r.id)]);
    counts.effects += await store.drainOutbox(client, sideEffect, { batch: 100 });
    last = Date.now() / 1000;
  }
  await client.end();
  console.log(JSON.stringify({ ...counts, first, last }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
