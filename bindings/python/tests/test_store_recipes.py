"""The storage recipes (examples/store_sqlite.py, examples/store_postgres.py) against
real databases: SQLite in a temporary file, and a real PostgreSQL server, the one
that test.sh starts for the whole run (PEEKER_PG_DSN), or else one started here for
the session with tests/postgres/server.sh.

Each runs a stream of verified events for several orders with their domains and an
import, every event delivered several times in a shuffled order, by racing writers,
and checks: every stored state equals one sequential fold of the distinct events
(the same JSON text), each event counted once, each side effect run once, and the
tables hold one row per resource and per event."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

import peeker

from conftest import EXAMPLES

SECRET = "whsec_store_recipes"
TS = 1778242473
ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, EXAMPLES)

import store_sqlite  # noqa: E402


def raw_events(orders: int) -> List[Dict[str, Any]]:
    """Events for ``orders`` orders: two domains each, an import for every third,
    with ties (two events of one order at the same instant) and mixed precision and
    offsets in created_at."""
    out: List[Dict[str, Any]] = []
    for o in range(orders):
        oid = f"ord_{o}"
        base = f"2026-05-08T1{o % 10}:"
        out += [
            {"id": f"evt_{o}_1", "type": "order.in_progress", "created_at": base + "00:00Z",
             "data": {"id": oid, "status": "in_progress", "domain_count": 2}},
            {"id": f"evt_{o}_2", "type": "order.action_required", "created_at": base + "05:00.250Z",
             "data": {"id": oid, "status": "action_required", "reason": "profile_picture_not_accessible"}},
            {"id": f"evt_{o}_3", "type": "order.in_progress", "created_at": base + "05:00.25+00:00",
             "data": {"id": oid, "status": "in_progress"}},  # the same instant as evt_2: the larger id wins
            {"id": f"evt_{o}_4", "type": "domain.connected", "created_at": base + "08:00Z",
             "data": {"id": f"dom_{o}_a", "domain": f"a{o}.com", "order_id": oid, "status": "active"}},
            {"id": f"evt_{o}_5", "type": "domain.action_required", "created_at": base + "07:00Z",
             "data": {"id": f"dom_{o}_b", "domain": f"b{o}.com", "order_id": oid}},
            {"id": f"evt_{o}_6", "type": "order.completed", "created_at": base + "14:33Z",
             "data": {"id": oid, "status": "completed", "domain_count": 2}},
            {"id": f"evt_{o}_7", "type": "order.in_progress", "created_at": base + "59:00Z",
             "data": {"id": oid, "status": "in_progress"}},  # later, but completed is terminal
        ]
        if o % 3 == 0:
            out.append({"id": f"evt_{o}_8", "type": "domain_import.action_required", "created_at": base + "01:00Z",
                        "data": {"id": f"imp_{o}", "status": "action_required", "nameserver_groups": []}})
    return out


def verified(raw: Dict[str, Any]) -> peeker.Event:
    body = json.dumps(raw).encode()
    headers = {"Peeker-Signature": peeker.sign_webhook(body, SECRET, TS), "Peeker-Timestamp": str(TS)}
    return peeker.verify_webhook(body, headers, SECRET, now=TS)


EVENTS = [verified(e) for e in raw_events(12)]


def replay(events: List[peeker.Event]) -> Dict[str, str]:
    """The reference: one sequential fold, in one process, of the distinct events."""
    rows: Dict[str, str] = {}
    for e in events:
        key = peeker.state_key(e)
        if key is not None:
            rows[key] = peeker.state_reduce(rows.get(key), e) or ""
    return rows


REFERENCE = replay(EVENTS)


def deliveries(seed: int, copies: Tuple[int, int] = (2, 4)) -> List[peeker.Event]:
    rng = random.Random(seed)
    out = [e for e in EVENTS for _ in range(rng.randint(*copies))]
    rng.shuffle(out)
    return out


def effect_of(e: peeker.Event) -> Optional[Dict[str, Any]]:
    return {"email": "order_completed", "order": e.data["id"]} if e.type == "order.completed" else None


def completed_ids() -> List[str]:
    return sorted(e.id for e in EVENTS if e.type == "order.completed")


# -- SQLite --------------------------------------------------------------------


def test_sqlite_any_order_with_repeats_gives_the_replay(tmp_path: Any) -> None:
    store = store_sqlite.SqliteStore(str(tmp_path / "t.db"))
    new = [store.record(e, effect=effect_of(e)) for e in deliveries(1)]
    assert sum(new) == len(EVENTS)  # each event counted once, every repeat refused
    assert store.states() == REFERENCE
    ran: List[Tuple[str, Dict[str, Any]]] = []
    assert store.run_outbox(lambda i, eff: ran.append((i, eff))) == len(completed_ids())
    assert sorted(i for i, _ in ran) == completed_ids() and store.run_outbox(ran.append) == 0
    tracker = peeker.Tracker()
    for e in EVENTS:
        tracker.apply(e)
    assert store.order_view("ord_4") == tracker.order("ord_4")
    view = store.order_view("ord_4")
    assert view is not None and (view["status"], view["domains_connected"], view["domains_total"]) == ("completed", 1, 2)
    store.close()


def test_sqlite_racing_threads_and_a_crash_before_the_side_effect(tmp_path: Any) -> None:
    path = str(tmp_path / "t.db")
    store = store_sqlite.SqliteStore(path)
    counts = [0] * 8

    def writer(n: int) -> None:
        counts[n] = sum(store.record(e, effect=effect_of(e)) for e in deliveries(100 + n, (1, 2)))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == len(EVENTS) and store.states() == REFERENCE
    store.close()  # "crash": the side effects were committed to the outbox, never run
    again = store_sqlite.SqliteStore(path)
    assert again.states() == REFERENCE and not any(again.record(e) for e in EVENTS)

    def failing(i: str, eff: Dict[str, Any]) -> None:
        raise RuntimeError("mail server down")

    with pytest.raises(RuntimeError):
        again.run_outbox(failing)  # a failed effect stays queued
    ran: List[str] = []
    assert again.run_outbox(lambda i, eff: ran.append(i)) == len(completed_ids())
    assert sorted(ran) == completed_ids()
    tables = {t: again._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("peeker_state", "peeker_event", "peeker_outbox")}
    assert tables == {"peeker_state": len(REFERENCE), "peeker_event": len(EVENTS), "peeker_outbox": 0}
    again.close()


# -- PostgreSQL ----------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_dsn() -> Iterator[str]:
    dsn = os.environ.get("PEEKER_PG_DSN")
    if dsn:
        yield dsn
        return
    script = os.path.join(ROOT, "tests", "postgres", "server.sh")
    d = subprocess.run(["bash", script, "start"], check=True, capture_output=True, text=True).stdout.strip()
    try:
        with open(os.path.join(d, "dsn")) as f:
            yield f.read().strip()
    finally:
        subprocess.run(["bash", script, "stop", d], check=False)


_schemas = iter(range(1_000_000))


@pytest.fixture
def pg(pg_dsn: str) -> Iterator[Any]:
    """A connection factory on a fresh schema of the shared server."""
    psycopg = pytest.importorskip("psycopg")
    import store_postgres

    schema = f"t_{os.getpid()}_{next(_schemas)}"
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    conns: List[Any] = []

    def connect() -> Any:
        c = psycopg.connect(pg_dsn, autocommit=True, options=f"-c search_path={schema}")
        conns.append(c)
        return c

    first = connect()
    store_postgres.create_schema(first)
    first.execute("CREATE TABLE side_effects (event_id text NOT NULL, effect jsonb NOT NULL)")  # no unique key
    yield connect
    for c in conns:
        c.close()
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


def into_side_effects(conn: Any, batch: List[Tuple[str, Any]]) -> None:
    """A side effect that writes to the same database: it commits with the outbox
    rows' removal, so it happens exactly once."""
    from psycopg.types.json import Jsonb

    for event_id, effect in batch:
        conn.execute("INSERT INTO side_effects (event_id, effect) VALUES (%s, %s)", (event_id, Jsonb(effect)))


def pg_states(conn: Any) -> Dict[str, str]:
    return dict(conn.execute("SELECT key, state FROM peeker_state").fetchall())


def test_postgres_any_order_with_repeats_gives_the_replay(pg: Any) -> None:
    import store_postgres

    conn = pg()
    new = [store_postgres.record(conn, e, effect=effect_of(e)) for e in deliveries(2)]
    assert sum(new) == len(EVENTS) and pg_states(conn) == REFERENCE
    assert store_postgres.drain_outbox(conn, into_side_effects) == len(completed_ids())
    rows = conn.execute("SELECT event_id FROM side_effects ORDER BY event_id").fetchall()
    assert [r[0] for r in rows] == completed_ids()
    tracker = peeker.Tracker()
    for e in EVENTS:
        tracker.apply(e)
    for o in ("ord_0", "ord_5"):
        assert store_postgres.order_view(conn, o) == tracker.order(o)
    assert store_postgres.order_view(conn, "ord_99") is None
    # The stored text is the core's, byte for byte; jsonb reads it as JSON.
    status = conn.execute("SELECT (state::jsonb) -> 'latest' ->> 'status' FROM peeker_state WHERE key = 'order:ord_3'")
    assert status.fetchone()[0] == "completed"
    assert store_postgres.prune_events(conn, "0 seconds") == len(EVENTS)
    # After pruning, a very late repeat cannot change a state (the merge is idempotent).
    for e in EVENTS[:5]:
        store_postgres.record(conn, e)
    assert pg_states(conn) == REFERENCE


def test_postgres_racing_writers_on_hot_rows(pg: Any) -> None:
    """8 connections in threads apply every event 1-3 times each, all at once, on
    12 orders: each state row is fought over. Then 4 drain the outbox together."""
    import store_postgres

    conns = [pg() for _ in range(8)]
    counts = [0] * 8
    errors: List[BaseException] = []
    barrier = threading.Barrier(8)

    def writer(n: int) -> None:
        try:
            barrier.wait()
            counts[n] = sum(store_postgres.record(conns[n], e, effect=effect_of(e)) for e in deliveries(200 + n, (1, 3)))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sum(counts) == len(EVENTS)
    assert pg_states(conns[0]) == REFERENCE
    drained = [0] * 4

    def drainer(n: int) -> None:
        drained[n] = store_postgres.drain_outbox(conns[n], into_side_effects)

    threads = [threading.Thread(target=drainer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(drained) == len(completed_ids())
    c = conns[0]
    assert c.execute("SELECT count(*), count(DISTINCT event_id) FROM side_effects").fetchone() == (
        len(completed_ids()), len(completed_ids()))
    counts_by_table = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("peeker_state", "peeker_event", "peeker_outbox")}
    assert counts_by_table == {"peeker_state": len(REFERENCE), "peeker_event": len(EVENTS), "peeker_outbox": 0}


def test_postgres_record_many_racing_batches(pg: Any) -> None:
    """record_many: 6 writers apply batches of 1-15 deliveries (repeats inside a
    batch and across batches) on the same hot rows, and 2 others record one by one,
    all at once: the same states, each event new exactly once."""
    import store_postgres

    conns = [pg() for _ in range(8)]
    counts = [0] * 8
    errors: List[BaseException] = []
    barrier = threading.Barrier(8)

    def writer(n: int) -> None:
        try:
            rng = random.Random(n)
            stream = deliveries(400 + n, (1, 3))
            barrier.wait()
            if n >= 6:
                counts[n] = sum(store_postgres.record(conns[n], e, effect=effect_of(e)) for e in stream)
                return
            while stream:
                k = rng.randint(1, 15)
                batch, stream = stream[:k], stream[k:]
                fresh = store_postgres.record_many(conns[n], batch, effect=effect_of)
                assert len(fresh) == len(batch)
                counts[n] += sum(fresh)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sum(counts) == len(EVENTS)
    c = conns[0]
    assert pg_states(c) == REFERENCE
    assert store_postgres.drain_outbox(c, into_side_effects, batch=5) == len(completed_ids())
    assert c.execute("SELECT count(*), count(DISTINCT event_id) FROM side_effects").fetchone() == (
        len(completed_ids()), len(completed_ids()))
    assert store_postgres.record_many(c, EVENTS[:3] + EVENTS[:3]) == [False] * 6
    assert store_postgres.record_many(c, []) == []


def test_postgres_a_killed_connection_loses_nothing_and_repeats_nothing(pg: Any) -> None:
    """A writer's connection dies mid-transaction (pg_terminate_backend), and so does
    a drainer's in the middle of its batch: what they held is redone once by others."""
    import psycopg
    import store_postgres

    victim, other = pg(), pg()
    half = len(EVENTS) // 2
    for e in EVENTS[:half]:
        assert store_postgres.record(victim, e, effect=effect_of(e))
    pid = victim.info.backend_pid
    with pytest.raises(psycopg.OperationalError):
        with victim.transaction():
            store_postgres.record(victim, EVENTS[half], effect=effect_of(EVENTS[half]))
            other.execute("SELECT pg_terminate_backend(%s)", (pid,))
            victim.execute("SELECT 1")
    # The killed transaction left nothing: the event is new to the next writer.
    for e in EVENTS:
        store_postgres.record(other, e, effect=effect_of(e))
    assert pg_states(other) == REFERENCE
    dying = pg()
    killer = pg()

    def die_midway(conn: Any, batch: List[Tuple[str, Any]]) -> None:
        into_side_effects(conn, batch[:1])
        killer.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))

    with pytest.raises(psycopg.OperationalError):
        store_postgres.drain_outbox(dying, die_midway, batch=3)
    assert store_postgres.drain_outbox(other, into_side_effects) == len(completed_ids())
    assert other.execute("SELECT count(*), count(DISTINCT event_id) FROM side_effects").fetchone() == (
        len(completed_ids()), len(completed_ids()))
