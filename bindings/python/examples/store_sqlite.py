"""Keeping order tracking in SQLite: the embedded default for ONE process.

One row per resource (an order, a domain, an import, a swap) with its state, the
JSON text of ``peeker.state_reduce``; a table of processed event ids whose primary
key makes every event count once; and an outbox of side effects written in the same
transaction as the state, run after the commit.

Use:
    store = SqliteStore("tracking.db")
    event = verifier.verify(body, headers)          # the raw body, always verified first
    if store.record(event, effect={"send": "order_completed_email"} if ... else None):
        ...                                         # a new event (False: a repeat)
    store.run_outbox(perform)                       # after the commit, e.g. in a loop
    store.order_view("ord_1")                       # what an order page shows

Test: bindings/python/tests/test_store_recipes.py (repeats, any order, racing
threads, a crash before the side effect ran).

Why SQLite for one process: nothing to run, and ``BEGIN IMMEDIATE`` takes the
database's write lock, so writers (threads, or the odd second process on the same
file) run one at a time: no lost update without any row lock or version column. For
several handler processes on several machines use PostgreSQL (store_postgres.py).
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

import peeker

SCHEMA = """
CREATE TABLE IF NOT EXISTS peeker_state (
    key      TEXT PRIMARY KEY,          -- peeker.state_key(event): 'order:ord_1', 'domain:dom_a', ...
    state    TEXT NOT NULL,             -- peeker.state_reduce(...): the resource's JSON state
    order_id TEXT GENERATED ALWAYS AS (json_extract(state, '$.order_id')) VIRTUAL  -- domains' order
);
CREATE INDEX IF NOT EXISTS peeker_state_order ON peeker_state (order_id) WHERE order_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS peeker_event (
    event_id    TEXT PRIMARY KEY,       -- evt_...: an event is processed once
    received_at INTEGER NOT NULL        -- Unix seconds; prune rows older than the redelivery window
);
CREATE TABLE IF NOT EXISTS peeker_outbox (
    event_id TEXT PRIMARY KEY REFERENCES peeker_event (event_id),
    effect   TEXT NOT NULL              -- what to do, as JSON; the row goes once it was done
);
"""


class SqliteStore:
    """The three tables in one SQLite file. Thread-safe (one connection, one lock)."""

    def __init__(self, path: str) -> None:
        # Autocommit mode: the transactions below are explicit.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def record(self, event: peeker.Event, *, effect: Optional[Dict[str, Any]] = None) -> bool:
        """Applies one verified event: True if it was new, False for a repeat (then
        nothing changes). ``effect`` (JSON-able) is queued in the outbox, in the same
        transaction, for :meth:`run_outbox`."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")  # the write lock, before reading the state
            try:
                cur = db.execute("INSERT OR IGNORE INTO peeker_event (event_id, received_at) VALUES (?, ?)",
                                 (event.id, int(time.time())))
                if cur.rowcount == 0:
                    db.execute("ROLLBACK")
                    return False
                key = peeker.state_key(event)
                if key is not None:
                    row = db.execute("SELECT state FROM peeker_state WHERE key = ?", (key,)).fetchone()
                    old = row[0] if row else None
                    new = peeker.state_reduce(old, event)
                    if new != old:  # most repeats of older news change nothing
                        db.execute("INSERT INTO peeker_state (key, state) VALUES (?, ?) "
                                   "ON CONFLICT (key) DO UPDATE SET state = excluded.state", (key, new))
                if effect is not None:
                    db.execute("INSERT INTO peeker_outbox (event_id, effect) VALUES (?, ?)",
                               (event.id, json.dumps(effect)))
                db.execute("COMMIT")
                return True
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def run_outbox(self, perform: Callable[[str, Dict[str, Any]], None]) -> int:
        """Runs every queued side effect: ``perform(event_id, effect)``, then removes
        its row. Returns how many ran. A crash after ``perform`` and before the row
        goes runs it once more at the next call (at least once): make ``perform``
        idempotent with the event id, e.g. as the idempotency key of the call it makes.
        One that fails stays queued (the exception propagates). Run it from one
        thread (several processes: PostgreSQL's ``FOR UPDATE SKIP LOCKED``)."""
        done = 0
        while True:
            with self._lock:
                row = self._db.execute("SELECT event_id, effect FROM peeker_outbox LIMIT 1").fetchone()
            if row is None:
                return done
            perform(row[0], json.loads(row[1]))
            with self._lock:
                self._db.execute("DELETE FROM peeker_outbox WHERE event_id = ?", (row[0],))
            done += 1

    def state(self, key: str) -> Optional[str]:
        """The stored state of ``key`` (``"order:ord_1"``), or None."""
        with self._lock:
            row = self._db.execute("SELECT state FROM peeker_state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def states(self) -> Dict[str, str]:
        with self._lock:
            return dict(self._db.execute("SELECT key, state FROM peeker_state").fetchall())

    def order_view(self, order_id: str) -> Optional[peeker.OrderState]:
        """What an order page shows, derived from the order's row and its domains' rows."""
        with self._lock:
            order = self._db.execute("SELECT state FROM peeker_state WHERE key = ?", ("order:" + order_id,)).fetchone()
            domains: List[Tuple[str]] = self._db.execute(
                "SELECT state FROM peeker_state WHERE order_id = ? AND key LIKE 'domain:%'", (order_id,)).fetchall()
        return peeker.state_order_view(order_id, order[0] if order else None, [d[0] for d in domains])

    def prune_events(self, older_than_seconds: int = 3 * 86400) -> int:
        """Forgets processed event ids older than the redelivery window (Peeker stops
        after a day). States stay correct for any later repeat (the merge is
        idempotent); only its side effect would run again."""
        with self._lock:
            cur = self._db.execute("DELETE FROM peeker_event WHERE received_at < ? "
                                   "AND event_id NOT IN (SELECT event_id FROM peeker_outbox)",
                                   (int(time.time()) - older_than_seconds,))
        return cur.rowcount
