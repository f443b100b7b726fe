"""Racing writers, the two ways (the measurement behind the recipes' choice; run by
tests/scale/run in its full form):

- lock: the recipe (store_postgres.record): read; if the event changes the state,
  ``SELECT ... FOR UPDATE``, reduce, write;
- version: an optimistic version column: read without a lock, reduce, then
  ``UPDATE ... WHERE version = <read>``; 0 rows means another writer got there
  first: read again and retry (in the same transaction, which keeps its event id).

8 writers (threads, one connection each) apply every event once, one transaction
per event, on few resources (hot rows: 4 orders) and on many (1,000 orders). Both
must end with the one-process replay's states; prints events/s (median of 3
rounds, the two ways alternating) and retries.

    python race.py DSN
"""
from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Any, Dict, List, Optional, Tuple

import psycopg

import peeker

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python", "examples"))
import store_postgres  # noqa: E402
from gen import SECRET, order_events  # noqa: E402

ROUNDS = int(os.environ.get("RACE_ROUNDS", "3"))
VERSIONED = """
DROP TABLE IF EXISTS peeker_state_v;
CREATE TABLE peeker_state_v (key text PRIMARY KEY, state text NOT NULL, version bigint NOT NULL);
"""


def record_versioned(conn: psycopg.Connection[Any], event: peeker.Event, retries: List[int]) -> bool:
    key = peeker.state_key(event)
    with conn.transaction():
        if conn.execute("INSERT INTO peeker_event (event_id) VALUES (%s) ON CONFLICT DO NOTHING",
                        (event.id,)).rowcount == 0:
            return False
        while key is not None:
            row = conn.execute("SELECT state, version FROM peeker_state_v WHERE key = %s", (key,)).fetchone()
            if row is None:
                if conn.execute("INSERT INTO peeker_state_v VALUES (%s, %s, 1) ON CONFLICT DO NOTHING",
                                (key, peeker.state_reduce(None, event))).rowcount == 1:
                    break
            else:
                new = peeker.state_reduce(row[0], event)
                if new == row[0] or conn.execute(
                        "UPDATE peeker_state_v SET state = %s, version = version + 1 WHERE key = %s AND version = %s",
                        (new, key, row[1])).rowcount == 1:
                    break
            retries[0] += 1  # another writer changed the row since we read it
        return True


def events_for(orders: int, in_order: bool) -> List[peeker.Event]:
    import random

    rng = random.Random(5)
    verifier = peeker.Verifier(SECRET)
    out = []
    per = max(1, 2000 // orders)
    for o in range(orders):
        for _ in range(per if orders < 100 else 1):
            for raw in order_events(o, rng):
                t = raw.pop("_t")
                raw["id"] = "evt_%016x" % rng.getrandbits(64)
                if in_order:  # each event newer than the last: most change the state
                    raw["created_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1778198400 + len(out)))
                    raw["type"] = raw["type"].replace("completed", "in_progress").replace("failed", "in_progress")
                    raw["type"] = raw["type"].replace("cancelled", "in_progress")
                del t
                body = json.dumps(raw).encode()
                h = {"Peeker-Signature": peeker.sign_webhook(body, SECRET, 1), "Peeker-Timestamp": "1"}
                out.append(verifier.verify_ignoring_timestamp(body, h))
    if not in_order:
        rng.shuffle(out)
    return out[:4000]


def race(dsn: str, events: List[peeker.Event], mode: str) -> Tuple[float, int, Dict[str, str]]:
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("DROP TABLE IF EXISTS delivery, side_effects, peeker_outbox, peeker_event, peeker_state CASCADE")
        store_postgres.create_schema(c)
        c.execute(VERSIONED)
    conns = [psycopg.connect(dsn, autocommit=True) for _ in range(8)]
    retries = [0]
    barrier = threading.Barrier(9)
    errors: List[BaseException] = []

    def writer(n: int) -> None:
        try:
            mine = events[n::8]
            barrier.wait()
            for e in mine:
                if mode == "lock":
                    store_postgres.record(conns[n], e)
                else:
                    record_versioned(conns[n], e, retries)
        except BaseException as err:  # pragma: no cover - reported
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    dt = time.perf_counter() - t0
    assert not errors, errors
    table = "peeker_state" if mode == "lock" else "peeker_state_v"
    states = dict(conns[0].execute(f"SELECT key, state FROM {table}").fetchall())
    for c in conns:
        c.close()
    return len(events) / dt, retries[0], states


def replay(events: List[peeker.Event]) -> Dict[str, str]:
    out: Dict[str, Optional[str]] = {}
    for e in events:
        k = peeker.state_key(e)
        if k is not None:
            out[k] = peeker.state_reduce(out.get(k), e)
    return {k: v for k, v in out.items() if v is not None}


def main() -> None:
    dsn = sys.argv[1]
    for orders, in_order, label in ((4, False, "hot rows: 4 orders, shuffled"),
                                    (4, True, "hot rows: 4 orders, each event newer"),
                                    (1000, False, "many rows: 1,000 orders, shuffled")):
        evs = events_for(orders, in_order)
        ref = replay(evs)
        keys = len(ref)
        got: Dict[str, List[Tuple[float, int]]] = {"lock": [], "version": []}
        for _ in range(ROUNDS):  # alternating, against the shared machine's drift
            for mode in got:
                rate, retries, states = race(dsn, evs, mode)
                assert states == ref, f"{mode}: the states differ from the replay"
                got[mode].append((rate, retries))
        for mode, runs in got.items():
            rates = sorted(r for r, _ in runs)
            print(f"  racing writers, {label} ({keys} rows), 8 writers, {len(evs)} events, {mode}: "
                  f"{rates[len(rates) // 2]:.0f} events/s (median of {ROUNDS}; {rates[0]:.0f}-{rates[-1]:.0f}), "
                  f"{max(n for _, n in runs)} retries at most, states checked", flush=True)


if __name__ == "__main__":
    main()
