"""Keeping order tracking in PostgreSQL, shared by SEVERAL handler processes
(psycopg 3).

The same three tables as store_sqlite.py: one row per resource with its state (the
JSON text of ``peeker.state_reduce``), the processed event ids under a primary key,
and an outbox of side effects written in the same transaction as the state.

Use (each process has its own connection; the schema is created once, at deploy):
    conn = psycopg.connect(dsn, autocommit=True)
    create_schema(conn)
    event = verifier.verify(body, headers)            # the raw body, always verified first
    record(conn, event, effect={"email": "order_completed"} if ... else None)
    drain_outbox(conn, perform)                       # after the commit, from any process
    order_view(conn, "ord_1")

Test: bindings/python/tests/test_store_recipes.py, against a real server; the scale
test (tests/scale/run) runs it in 8 processes with Node's store-postgres.mjs.

Racing writers: the row is locked (``SELECT ... FOR UPDATE``; the first event of a
resource inserts it with ``ON CONFLICT DO NOTHING`` and locks it if another writer
won). Two deliveries of one event meet at ``peeker_event``'s primary key: the second
waits for the first's transaction and then skips. Each transaction locks one
resource row, after one event id, so two writers never wait on each other in a
cycle. Why a lock and not a version column: the README's "Order tracking" section
has the measurement (hot rows retry a lot; locks queue instead).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Optional

import psycopg
from psycopg.types.json import Jsonb

import peeker

SCHEMA = """
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
"""

# The same text as SCHEMA in bindings/node/examples/store-postgres.mjs (the scale
# test checks it): Python and Node handlers can share one database.

Perform = Callable[[psycopg.Connection[Any], str, Any], None]


def create_schema(conn: psycopg.Connection[Any]) -> None:
    """Creates the tables (once, e.g. at deploy: concurrent CREATEs can collide)."""
    with conn.transaction():
        conn.execute(SCHEMA)


def record(conn: psycopg.Connection[Any], event: peeker.Event, *, effect: Optional[Dict[str, Any]] = None) -> bool:
    """Applies one verified event in one transaction (a savepoint inside the
    caller's): True if it was new, False for a repeat, which changes nothing.
    ``effect`` (JSON-able) is queued in the outbox in the same transaction."""
    with conn.transaction():
        cur = conn.execute("INSERT INTO peeker_event (event_id) VALUES (%s) ON CONFLICT DO NOTHING", (event.id,))
        if cur.rowcount == 0:
            return False  # processed already (or by a writer that just committed)
        key = peeker.state_key(event)
        if key is not None:
            row = conn.execute("SELECT state FROM peeker_state WHERE key = %s FOR UPDATE", (key,)).fetchone()
            if row is None:
                fresh = peeker.state_reduce(None, event)
                cur = conn.execute("INSERT INTO peeker_state (key, state) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                                   (key, fresh))
                if cur.rowcount == 0:  # another writer inserted it first: lock theirs
                    row = conn.execute("SELECT state FROM peeker_state WHERE key = %s FOR UPDATE", (key,)).fetchone()
            if row is not None:
                new = peeker.state_reduce(row[0], event)
                if new != row[0]:  # older news changes nothing: no write
                    conn.execute("UPDATE peeker_state SET state = %s WHERE key = %s", (new, key))
        if effect is not None:
            conn.execute("INSERT INTO peeker_outbox (event_id, effect) VALUES (%s, %s)", (event.id, Jsonb(effect)))
        return True


def drain_outbox(conn: psycopg.Connection[Any], perform: Perform, *, batch: int = 1) -> int:
    """Runs queued side effects until none is left, from any number of processes
    (``FOR UPDATE SKIP LOCKED``: each row is taken by one of them). Returns how
    many ran here. ``perform(conn, event_id, effect)`` runs inside the transaction
    that removes the row:

    - an effect that is a write to this database (a row for your billing, a job
      queue) commits with the removal, so it happens exactly once;
    - an effect outside it (an e-mail, a call to your own system) happens at least
      once: a crash after it and before the commit runs it again elsewhere. Pass
      the event id as its idempotency key so that the other side drops the repeat.

    An exception rolls the batch back (its rows stay queued) and propagates."""
    done = 0
    while True:
        with conn.transaction():
            rows = conn.execute("SELECT event_id, effect FROM peeker_outbox LIMIT %s FOR UPDATE SKIP LOCKED",
                                (batch,)).fetchall()
            if not rows:
                return done
            for event_id, effect in rows:
                perform(conn, event_id, effect)
            conn.execute("DELETE FROM peeker_outbox WHERE event_id = ANY(%s)", ([r[0] for r in rows],))
        done += len(rows)


def state(conn: psycopg.Connection[Any], key: str) -> Optional[str]:
    """The stored state of ``key`` (``"order:ord_1"``), or None."""
    row = conn.execute("SELECT state FROM peeker_state WHERE key = %s", (key,)).fetchone()
    return row[0] if row else None


def order_view(conn: psycopg.Connection[Any], order_id: str) -> Optional[peeker.OrderState]:
    """What an order page shows, from the order's row and its domains' rows."""
    order = state(conn, "order:" + order_id)
    domains = conn.execute("SELECT state FROM peeker_state WHERE order_id = %s AND key LIKE 'domain:%%'",
                           (order_id,)).fetchall()
    return peeker.state_order_view(order_id, order, [d[0] for d in domains])


def prune_events(conn: psycopg.Connection[Any], older_than: str = "3 days") -> int:
    """Forgets processed event ids older than the redelivery window (Peeker stops
    after a day). A later repeat still leaves every state right (the merge is
    idempotent); only its side effect would be queued again."""
    cur = conn.execute("DELETE FROM peeker_event e WHERE received_at < now() - %s::interval "
                       "AND NOT EXISTS (SELECT 1 FROM peeker_outbox o WHERE o.event_id = e.event_id)", (older_than,))
    return cur.rowcount
