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
    record_many(conn, events, effect=...)             # or a batch taken from a queue: one commit
    drain_outbox(conn, perform)                       # after the commit, from any process
    order_view(conn, "ord_1")

Test: bindings/python/tests/test_store_recipes.py, against a real server; the scale
test (tests/scale/run) runs it in 8 processes with Node's store-postgres.mjs.

Racing writers: the row is read without a lock first; an event that changes nothing
(older news: most of them, the merge being a join) is done, since a state only grows
and will never need it. One that changes the state locks the row (``SELECT ... FOR
UPDATE``), reduces into what it reads there and writes; the first event of a
resource inserts it with ``ON CONFLICT DO NOTHING`` and locks it if another writer
won. Two deliveries of one event meet at ``peeker_event``'s primary key: the second
waits for the first's transaction and then skips. ``record`` locks one resource
row, after one event id, so two writers never wait on each other in a cycle
(``record_many``: see there). Why a lock and not a version column: the README's
"Order tracking" section, with the measurement (a version column was as fast or up
to 20 % faster one event per transaction, with retries; the lock keeps the batch
form simple and never retries).
"""
from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

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

# The same text as SCHEMA in bindings/node/examples/store-postgres.mjs (its test,
# bindings/node/test/store-postgres.test.mjs, checks it): Python and Node handlers
# can share one database.

Perform = Callable[[psycopg.Connection[Any], List[Tuple[str, Any]]], None]


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
            row = conn.execute("SELECT state FROM peeker_state WHERE key = %s", (key,)).fetchone()
            if row is None or peeker.state_reduce(row[0], event) != row[0]:
                _write(conn, key, event)
            # else: older news changes nothing, now or later (a state only grows): no lock, no write
        if effect is not None:
            conn.execute("INSERT INTO peeker_outbox (event_id, effect) VALUES (%s, %s)", (event.id, Jsonb(effect)))
        return True


def _write(conn: psycopg.Connection[Any], key: str, event: peeker.Event) -> None:
    lock = "SELECT state FROM peeker_state WHERE key = %s FOR UPDATE"
    row = conn.execute(lock, (key,)).fetchone()
    if row is None:
        cur = conn.execute("INSERT INTO peeker_state (key, state) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                           (key, peeker.state_reduce(None, event)))
        if cur.rowcount == 1:
            return
        row = conn.execute(lock, (key,)).fetchone()  # another writer inserted it first: lock theirs
        assert row is not None  # rows are never deleted
    new = peeker.state_reduce(row[0], event)
    if new != row[0]:
        conn.execute("UPDATE peeker_state SET state = %s WHERE key = %s", (new, key))


def record_many(conn: psycopg.Connection[Any], events: Sequence[peeker.Event], *,
                effect: Optional[Callable[[peeker.Event], Optional[Dict[str, Any]]]] = None) -> List[bool]:
    """:func:`record` for a batch of verified events in ONE transaction and a
    handful of statements (what a worker taking deliveries from a queue wants: a
    commit and a round trip per batch, not per event). Returns, for each event, True
    if it was new (its first occurrence in the batch), False for a repeat.
    ``effect(event)`` gives each new event's side effect for the outbox, or None.

    Locks are taken in one order by every writer: all the batch's event ids sorted
    by (state key, id), then the state rows sorted by key, so two batches do not
    wait on each other in a cycle. The one exception, a resource that two batches
    both insert while each holds a row the other wants, is a deadlock PostgreSQL
    detects: the batch is then retried."""
    for attempt in range(5):
        try:
            return _record_many(conn, events, effect)
        except psycopg.errors.DeadlockDetected:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _record_many(conn: psycopg.Connection[Any], events: Sequence[peeker.Event],
                 effect: Optional[Callable[[peeker.Event], Optional[Dict[str, Any]]]]) -> List[bool]:
    keys = [peeker.state_key(e) or "" for e in events]
    ids = sorted({(k, e.id) for k, e in zip(keys, events)})
    with conn.transaction():
        rows = conn.execute("INSERT INTO peeker_event (event_id) SELECT * FROM unnest(%s::text[]) "
                            "ON CONFLICT DO NOTHING RETURNING event_id", ([i for _, i in ids],)).fetchall()
        new = {r[0] for r in rows}
        fresh: List[bool] = []
        todo: Dict[str, List[peeker.Event]] = {}
        for k, e in zip(keys, events):
            fresh.append(e.id in new)
            if e.id in new:
                new.discard(e.id)  # a second copy in the batch is a repeat
                if k:
                    todo.setdefault(k, []).append(e)
        want = sorted(todo)
        seen = dict(conn.execute("SELECT key, state FROM peeker_state WHERE key = ANY(%s)", (want,)).fetchall())
        want = [k for k in want if k not in seen or _fold(seen[k], todo[k]) != seen[k]]  # lock only rows to write
        old = dict(conn.execute("SELECT key, state FROM peeker_state WHERE key = ANY(%s) ORDER BY key FOR UPDATE",
                                (want,)).fetchall())
        missing = [k for k in want if k not in old]
        if missing:
            first = [_fold(None, todo[k]) for k in missing]
            made = {r[0] for r in conn.execute(
                "INSERT INTO peeker_state (key, state) SELECT * FROM unnest(%s::text[], %s::text[]) "
                "ON CONFLICT DO NOTHING RETURNING key", (missing, first)).fetchall()}
            lost = [k for k in missing if k not in made]  # inserted by another writer meanwhile: lock theirs
            if lost:
                old.update(conn.execute("SELECT key, state FROM peeker_state WHERE key = ANY(%s) ORDER BY key "
                                        "FOR UPDATE", (lost,)).fetchall())
        changed = [(k, _fold(old[k], todo[k])) for k in want if k in old]
        changed = [(k, v) for k, v in changed if v != old[k]]
        if changed:
            conn.execute("UPDATE peeker_state s SET state = v.state FROM unnest(%s::text[], %s::text[]) AS v(key, state) "
                         "WHERE s.key = v.key", ([k for k, _ in changed], [v for _, v in changed]))
        if effect is not None:
            wanted = [(e.id, effect(e)) for e, f in zip(events, fresh) if f]
            out = [(i, json.dumps(x)) for i, x in wanted if x is not None]
            if out:
                conn.execute("INSERT INTO peeker_outbox (event_id, effect) SELECT * FROM unnest(%s::text[], %s::jsonb[])",
                             ([i for i, _ in out], [x for _, x in out]))
        return fresh


def _fold(state: Optional[str], events: List[peeker.Event]) -> str:
    for e in events:
        state = peeker.state_reduce(state, e)
    return state or ""


def drain_outbox(conn: psycopg.Connection[Any], perform: Perform, *, batch: int = 1) -> int:
    """Runs queued side effects until none is left, from any number of processes
    (``FOR UPDATE SKIP LOCKED``: each row is taken by one of them). Returns how
    many ran here. ``perform(conn, [(event_id, effect), ...])`` (up to ``batch``
    of them) runs inside the transaction that removes their rows:

    - an effect that is a write to this database (a row for your billing, a job
      queue) commits with the removal, so it happens exactly once;
    - an effect outside it (an e-mail, a call to your own system) happens at least
      once: a crash after it and before the commit runs it again elsewhere (with
      the rest of its batch). Pass the event id as its idempotency key so that the
      other side drops the repeat.

    An exception rolls the batch back (its rows stay queued) and propagates."""
    done = 0
    while True:
        with conn.transaction():
            rows = conn.execute("SELECT event_id, effect FROM peeker_outbox LIMIT %s FOR UPDATE SKIP LOCKED",
                                (batch,)).fetchall()
            if not rows:
                return done
            perform(conn, [(r[0], r[1]) for r in rows])
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
