"""The scale test's driver (run it with tests/scale/run): generates the signed
delivery stream (gen.py), replays it in this one process as the reference, then
runs mixed Python and Node workers (worker.py, worker.mjs) over a PostgreSQL
queue: 1, 2 and 4 workers on a sample for the rates, then 8 over the whole stream,
two of which (a Python one and a Node one) are killed with SIGKILL while they hold
deliveries, and replaced. After each run it checks every resource's state against
the replay (the same JSON text), that no event is lost, that every side effect ran
exactly once, and that the tables hold one row per resource and per event.

    python scale.py DSN --orders N --sample M [--seed S]
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any, Dict, List, Optional, Tuple

import psycopg

import peeker

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python", "examples"))
import store_postgres  # noqa: E402

SECRET = "whsec_scale_test"

QUEUE = """
DROP TABLE IF EXISTS delivery, side_effects, peeker_outbox, peeker_event, peeker_state CASCADE;
CREATE TABLE delivery (                -- the shared stream: one row per delivery not yet handled
    id          bigint PRIMARY KEY,    -- arrival order (the stream is shuffled)
    arrive_at   bigint NOT NULL,       -- simulated arrival time: the workers verify with now = this
    sig         text NOT NULL,         -- Peeker-Signature
    ts          bigint NOT NULL,       -- Peeker-Timestamp
    body        bytea NOT NULL,        -- the raw body
    lease_until timestamptz,           -- taken until then; taken again after (its worker died)
    taken_by    text,
    takes       int NOT NULL DEFAULT 0
);
CREATE TABLE side_effects (event_id text NOT NULL, worker text NOT NULL);  -- no unique key: a repeat shows
"""


def load(path: str) -> List[Dict[str, Any]]:
    with open(path) as f:
        return [json.loads(line) for line in f]


def replay(deliveries: List[Dict[str, Any]]) -> Tuple[Dict[str, str], set[str], int]:
    """The reference, sequentially in this process: every delivery verified with
    now = its arrival, repeats skipped, each event reduced into its resource's state."""
    verifier = peeker.Verifier(SECRET)
    states: Dict[str, str] = {}
    seen: set[str] = set()
    refused = 0
    for d in deliveries:
        try:
            e = verifier.verify(d["body"].encode(), {"Peeker-Signature": d["sig"], "Peeker-Timestamp": str(d["ts"])},
                                now=d["arrive_at"])
        except peeker.WebhookError as err:
            assert d["hostile"], f"an honest delivery was refused: {err.code}"
            refused += 1
            continue
        assert not d["hostile"], "a hostile delivery verified"
        if e.id in seen:
            continue
        seen.add(e.id)
        key = peeker.state_key(e)
        if key is not None:
            states[key] = peeker.state_reduce(states.get(key), e) or ""
    return states, seen, refused


def setup(dsn: str, deliveries: List[Dict[str, Any]]) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(QUEUE)
        store_postgres.create_schema(c)
        with c.cursor().copy("COPY delivery (id, arrive_at, sig, ts, body) FROM STDIN") as cp:
            for d in deliveries:
                cp.write_row((d["id"], d["arrive_at"], d["sig"], d["ts"], d["body"].encode()))
        c.execute("VACUUM ANALYZE delivery")


def spawn(dsn: str, name: str) -> subprocess.Popen[str]:
    if name.startswith("py"):
        cmd = [sys.executable, os.path.join(HERE, "worker.py"), dsn, name]
    else:
        cmd = ["node", os.path.join(HERE, "worker.mjs"), dsn, name]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)


def names(w: int) -> List[str]:
    """Half Python, half Node (one worker: Python)."""
    return [("py" if i % 2 == 0 else "node") + str(i) for i in range(w)]


def run(dsn: str, deliveries: List[Dict[str, Any]], w: int, kill: bool) -> Dict[str, Any]:
    setup(dsn, deliveries)
    procs = {n: spawn(dsn, n) for n in names(w)}
    killed: List[Tuple[str, List[int]]] = []
    victims = ["py0", "node1"] if kill else []
    total = len(deliveries)
    with psycopg.connect(dsn, autocommit=True) as c:
        while any(p.poll() is None for p in procs.values()):
            time.sleep(0.05)
            if not victims:
                continue
            left = c.execute("SELECT count(*) FROM delivery").fetchone()[0]
            if total - left < total * 0.1:
                continue
            # The victim, or (when it finished first, or holds nothing at this moment)
            # another worker of the same language still running: each language loses one.
            v = victims[0]
            lang = v[:2]
            alive = [n for n, p in procs.items() if n[:2] == lang and p.poll() is None]
            alive.sort(key=lambda n: n != v)
            ids: List[int] = []
            for cand in alive:
                # Freeze it, let the server finish what it had sent, and see what it holds:
                # kill it only while it holds deliveries (else let it go on).
                procs[cand].send_signal(signal.SIGSTOP)
                time.sleep(0.1)
                ids = [r[0] for r in c.execute("SELECT id FROM delivery WHERE taken_by = %s AND lease_until > "
                                               "clock_timestamp()", (cand,)).fetchall()]
                if ids:
                    v = victims[0] = cand
                    break
                procs[cand].send_signal(signal.SIGCONT)
            if not ids:
                continue
            procs[v].send_signal(signal.SIGKILL)
            procs[v].wait()
            killed.append((v, ids))
            print(f"  killed {v} (SIGKILL) holding {len(ids)} deliveries; started {v}b in its place", flush=True)
            procs[v + "b"] = spawn(dsn, v + "b")
            victims.pop(0)
    assert not victims, f"{victims[0]} finished before it could be killed holding deliveries"
    reports = []
    for n, p in procs.items():
        out = p.stdout.read() if p.stdout else ""
        if any(n == k for k, _ in killed):
            continue
        assert p.returncode == 0, f"worker {n} failed ({p.returncode})"
        reports.append(json.loads(out.strip().splitlines()[-1]))
    first = min(r["first"] for r in reports if r["first"])
    last = max(r["last"] for r in reports)
    return {"reports": reports, "killed": killed, "seconds": last - first, "rate": total / (last - first)}


def check(dsn: str, deliveries: List[Dict[str, Any]], result: Dict[str, Any]) -> Tuple[int, int]:
    """Asserts the end state; returns (lost, repeated side effects), both 0."""
    states, events, refused = replay(deliveries)
    with psycopg.connect(dsn, autocommit=True) as c:
        stored = dict(c.execute("SELECT key, state FROM peeker_state").fetchall())
        recorded = {r[0] for r in c.execute("SELECT event_id FROM peeker_event").fetchall()}
        n_effects, d_effects = c.execute("SELECT count(*), count(DISTINCT event_id) FROM side_effects").fetchone()
        effect_ids = {r[0] for r in c.execute("SELECT DISTINCT event_id FROM side_effects").fetchall()}
        rows = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("delivery", "peeker_state", "peeker_event", "peeker_outbox", "side_effects")}
        for _, ids in result["killed"]:
            left = c.execute("SELECT count(*) FROM delivery WHERE id = ANY(%s)", (ids,)).fetchone()[0]
            assert ids and left == 0, "the killed worker's deliveries were not all taken again"
    lost = len(events - recorded) + len(events - effect_ids)
    repeated = n_effects - d_effects
    wrong = [k for k in states if stored.get(k) != states[k]]
    assert not wrong, f"{len(wrong)} states differ from the replay, e.g. {wrong[0]}: {stored.get(wrong[0])} != {states[wrong[0]]}"
    assert set(stored) == set(states), "rows for resources the replay does not have"
    assert lost == 0 and repeated == 0 and recorded == events, (lost, repeated)
    assert rows == {"delivery": 0, "peeker_state": len(states), "peeker_event": len(events), "peeker_outbox": 0,
                    "side_effects": len(events)}, rows
    reports = result["reports"]
    if not result["killed"]:  # (a killed worker's counts are gone with it)
        assert sum(r["refused"] for r in reports) == refused, "the workers refused other deliveries than the replay"
    else:
        assert sum(r["retaken"] for r in reports) >= sum(len(ids) for _, ids in result["killed"])
    return lost, repeated


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dsn")
    ap.add_argument("--orders", type=int, required=True)
    ap.add_argument("--sample", type=int, required=True)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--rates", default="1,2,4,8", help="worker counts of the rate runs on the sample")
    ap.add_argument("--no-full", action="store_true", help="only the rate runs (for measurements)")
    a = ap.parse_args()
    print(f"load average at start: {' '.join('%.2f' % x for x in os.getloadavg())} ({os.cpu_count()} cores)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stream.jsonl")
        summary = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(a.orders), str(a.seed),
                                             path], check=True, capture_output=True, text=True).stdout)
        stream = load(path)
    print(f"stream: {summary['deliveries']} signed deliveries of {summary['events']} events for {a.orders} orders "
          f"(every event 2-5 times, shuffled, retries up to 10 h later; {summary['replayed']} replayed "
          f"and {summary['forged']} forged deliveries to refuse)", flush=True)
    rates = {}
    for w in [int(x) for x in a.rates.split(",") if x]:
        part = stream[: a.sample]
        res = run(a.dsn, part, w, kill=False)
        check(a.dsn, part, res)
        rates[w] = res["rate"]
        print(f"  {w} worker{'s' if w > 1 else ' '} ({', '.join(names(w))}): {len(part)} deliveries in "
              f"{res['seconds']:.1f} s, {res['rate']:.0f} events/s, checked", flush=True)
    if a.no_full:
        for r in res["reports"]:
            print("   ", r)
        return
    res = run(a.dsn, stream, 8, kill=True)
    lost, repeated = check(a.dsn, stream, res)
    full = res["rate"]
    rep = res["reports"]
    print(f"  8 workers ({', '.join(names(8))}): {len(stream)} deliveries in {res['seconds']:.1f} s, "
          f"{full:.0f} events/s; {sum(r['new'] for r in rep)} new, {sum(r['repeats'] for r in rep)} repeats, "
          f"{sum(r['refused'] for r in rep)} refused, {sum(r['retaken'] for r in rep)} taken again after a lease ran out",
          flush=True)
    print(f"events/s on the first {a.sample} deliveries (mostly first copies, each a write): "
          + ", ".join(f"{w} worker{'s' if w > 1 else ''} {r:.0f}" for w, r in rates.items())
          + f"; on the whole stream (two workers killed and replaced): 8 workers {full:.0f}")
    print(f"checked: every state equals the one-process replay ({summary['events']} events); no event lost; "
          f"every side effect ran once; tables: one row per resource and per event, the queue and outbox empty")
    with psycopg.connect(a.dsn, autocommit=True) as c:
        dl = c.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()").fetchone()[0]
    print(f"deadlocks detected by PostgreSQL over all runs (each batch retried): {dl}")
    print(f"load average at end: {' '.join('%.2f' % x for x in os.getloadavg())}")
    print(f"{len(stream)} events, 8 workers, {full:.0f} events/s, {lost} lost, {repeated} repeated side effects")


if __name__ == "__main__":
    main()
