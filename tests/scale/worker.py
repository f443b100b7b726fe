"""A Python worker of the scale test (tests/scale/worker.mjs is the Node one; the
two do the same steps over the same tables):

1. take up to BATCH deliveries from the shared queue (``FOR UPDATE SKIP LOCKED``)
   with a lease: a worker that dies leaves them to be taken again once it ends;
2. verify each with ``now`` = its simulated arrival time (hostile ones are refused);
3. record it with the recipe (bindings/python/examples/store_postgres.py): the
   event id, the resource's state and its side effect in the outbox, one transaction;
4. remove the batch from the queue (a worker killed before this: its deliveries
   come back, and are repeats);
5. drain the outbox: the side effect (a row in side_effects, which has no unique
   key, so that a repeat would show) commits with the outbox row's removal.

    python worker.py DSN NAME   ->  prints one JSON line of counts at the end
"""
from __future__ import annotations

import json
import os
import sys
import time
from typing import Any, List, Tuple

import psycopg

import peeker

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "bindings", "python", "examples"))
import store_postgres  # noqa: E402

SECRET = "whsec_scale_test"
BATCH = int(os.environ.get("SCALE_BATCH", "20"))
LEASE = os.environ.get("SCALE_LEASE", "3 seconds")
MANY = os.environ.get("SCALE_ONE_BY_ONE", "0") != "1"  # record_many per batch, else record per event

TAKE = """
UPDATE delivery d SET lease_until = clock_timestamp() + %s::interval, taken_by = %s, takes = takes + 1
FROM (SELECT id FROM delivery WHERE lease_until IS NULL OR lease_until < clock_timestamp()
      ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED) c
WHERE d.id = c.id
RETURNING d.id, d.arrive_at, d.sig, d.ts, d.body, d.takes
"""


def side_effect(conn: psycopg.Connection[Any], batch: List[Tuple[str, Any]]) -> None:
    conn.execute("INSERT INTO side_effects (event_id, worker) SELECT * FROM unnest(%s::text[], %s::text[])",
                 ([i for i, _ in batch], [e["worker"] for _, e in batch]))


def main() -> None:
    dsn, name = sys.argv[1], sys.argv[2]
    conn = psycopg.connect(dsn, autocommit=True)
    verifier = peeker.Verifier(SECRET)
    counts = {"worker": name, "deliveries": 0, "new": 0, "repeats": 0, "refused": 0, "retaken": 0, "effects": 0}
    first = last = 0.0
    effect = {"worker": name}
    spent = dict.fromkeys(("take", "verify", "record", "ack", "drain"), 0.0)  # seconds, wall
    while True:
        t0 = time.perf_counter()
        rows = conn.execute(TAKE, (LEASE, name, BATCH)).fetchall()
        spent["take"] += time.perf_counter() - t0
        if not rows:
            counts["effects"] += store_postgres.drain_outbox(conn, side_effect, batch=100)
            if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM delivery)").fetchone()[0]:
                break
            time.sleep(0.05)  # what is left is leased to others (or to a dead worker)
            continue
        if not first:
            first = time.time()
        events = []
        for id_, arrive_at, sig, ts, body, takes in rows:
            counts["deliveries"] += 1
            counts["retaken"] += takes > 1
            headers = {"Peeker-Signature": sig, "Peeker-Timestamp": str(ts)}
            try:
                events.append(verifier.verify(bytes(body), headers, now=arrive_at))
            except peeker.WebhookError:
                counts["refused"] += 1
        t1 = time.perf_counter()
        spent["verify"] += t1 - t0
        if MANY:
            fresh = store_postgres.record_many(conn, events, effect=lambda e: effect)
        else:
            fresh = [store_postgres.record(conn, e, effect=effect) for e in events]
        counts["new"] += sum(fresh)
        counts["repeats"] += len(fresh) - sum(fresh)
        t2 = time.perf_counter()
        spent["record"] += t2 - t1
        conn.execute("DELETE FROM delivery WHERE id = ANY(%s)", ([r[0] for r in rows],))
        t3 = time.perf_counter()
        spent["ack"] += t3 - t2
        counts["effects"] += store_postgres.drain_outbox(conn, side_effect, batch=100)
        last = time.time()
        spent["drain"] += time.perf_counter() - t3
    spent["cpu"] = time.process_time()
    print(json.dumps(dict(counts, first=first, last=last, spent={k: round(v, 2) for k, v in spent.items()})), flush=True)


if __name__ == "__main__":
    main()
