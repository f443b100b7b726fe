"""The delivery stream of the scale test, signed with the SDK's own signing
(peeker.sign_webhook), as Peeker sends it: at least once, out of order, up to five
times over a day.

For each order: its events (in_progress, action_required, its 1-3 domains'
action_required and connected, a terminal completed / failed / cancelled, and for
some a late non-terminal event after the terminal one, ties at one instant written
with other precision or offset), an import for one order in four, a swap for one in
twenty. Every event is delivered 2-5 times: the first within seconds of its
creation, the others seconds later (racing duplicates) or on Peeker's retry
schedule, minutes to hours later on the simulated clock. Each delivery is signed at
its own send time and arrives 0-3 s later (``arrive_at``: the workers verify with
``now`` = that). The whole stream is then shuffled. A few hostile deliveries are
mixed in: a captured delivery replayed two hours later (refused:
``timestamp_out_of_tolerance``) and forged ones (refused: ``signature_mismatch``).

    python gen.py ORDERS SEED OUT.jsonl   ->  prints a JSON summary

Each line of OUT.jsonl: {"id", "arrive_at", "sig", "ts", "body", "hostile"}.
"""
from __future__ import annotations

import json
import random
import sys
from typing import Any, Dict, List

import peeker

SECRET = "whsec_scale_test"
T0 = 1778198400  # 2026-05-08T00:00:00Z, the simulated clock's start
RETRIES = [300, 1800, 7200, 18000, 36000]  # seconds after the first attempt: 5 min ... 10 h


def rfc3339(t: float, rng: random.Random) -> str:
    """The instant t written one of the ways Peeker may: Z, fractions, offsets."""
    import datetime as dt

    form = rng.randrange(4)
    if form == 0:
        return dt.datetime.fromtimestamp(int(t), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if form == 1:
        return dt.datetime.fromtimestamp(t, dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    tz = dt.timezone(dt.timedelta(hours=rng.choice([2, -5, 5.5])))
    return dt.datetime.fromtimestamp(t, tz).isoformat(timespec="microseconds" if form == 2 else "seconds")


def order_events(o: int, rng: random.Random) -> List[Dict[str, Any]]:
    oid = f"ord_{o:06d}"
    s = T0 + rng.uniform(0, 20 * 3600) + rng.randrange(1000) / 1000
    k = rng.randint(1, 3)
    evs: List[Any] = []

    def ev(t: float, typ: str, data: Dict[str, Any]) -> None:
        evs.append((t, typ, data))

    ev(s, "order.in_progress", {"id": oid, "status": "in_progress", "domain_count": k})
    if rng.random() < 0.4:
        t = s + rng.uniform(60, 900)
        ev(t, "order.action_required", {"id": oid, "status": "action_required", "reason": "profile_picture_not_accessible"})
        if rng.random() < 0.5:  # a tie: the same instant, the larger event id wins
            ev(t, "order.in_progress", {"id": oid, "status": "in_progress"})
    for d in range(k):
        did = f"dom_{o:06d}_{d}"
        name = f"shop{o}-{d}.com"
        if rng.random() < 0.5:
            ev(s + rng.uniform(30, 600), "domain.action_required", {"id": did, "domain": name, "order_id": oid})
        if rng.random() < 0.9:
            ev(s + rng.uniform(600, 3600), "domain.connected",
               {"id": did, "domain": name, "order_id": oid, "status": "active"})
    r = rng.random()
    end = s + rng.uniform(3700, 3 * 3600)
    if r < 0.8:
        ev(end, "order.completed", {"id": oid, "status": "completed", "domain_count": k})
    elif r < 0.9:
        ev(end, "order.failed", {"id": oid, "status": "failed", "reason": "provider_error"})
    elif r < 0.95:
        ev(end, "order.cancelled", {"id": oid, "status": "cancelled"})
    if r < 0.95 and rng.random() < 0.2:  # later news that must not overtake the terminal status
        ev(end + rng.uniform(1, 600), "order.in_progress", {"id": oid, "status": "in_progress"})
    if o % 4 == 0:
        iid = f"imp_{o:06d}"
        ev(s - 600, "domain_import.action_required", {"id": iid, "status": "action_required", "nameserver_groups": [
            {"nameserver_one": "ns1.example.net", "nameserver_two": "ns2.example.net", "domains": [f"shop{o}-0.com"]}]})
        ev(s - rng.uniform(0, 300), "domain_import.completed", {"id": iid, "status": "completed"})
    if o % 20 == 0:
        ev(end + 60, "swap.completed", {"id": f"swp_{o:06d}", "status": "completed"})
    out = []
    for t, typ, data in evs:
        out.append({"id": "evt_%016x" % rng.getrandbits(64), "type": typ, "created_at": rfc3339(t, rng),
                    "data": data, "_t": t})
    return out


def main() -> None:
    orders, seed, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    deliveries: List[Dict[str, Any]] = []
    events = 0
    for o in range(orders):
        for e in order_events(o, rng):
            events += 1
            t = e.pop("_t")
            body = json.dumps(e, separators=(",", ":")).encode()
            first = int(t) + rng.randint(0, 20)
            sends = [first]
            for _ in range(rng.randint(1, 4)):  # every event at least twice
                sends.append(first + (rng.randint(0, 5) if rng.random() < 0.4 else rng.choice(RETRIES)))
            for ts in sends:
                deliveries.append({"arrive_at": ts + rng.randint(0, 3), "sig": peeker.sign_webhook(body, SECRET, ts),
                                   "ts": ts, "body": body.decode(), "hostile": None})
    hostile = {"replayed": 0, "forged": 0}
    honest = list(deliveries)
    for d in rng.sample(honest, max(2, len(honest) // 200)):
        replay = dict(d, arrive_at=d["arrive_at"] + 7200, hostile="replayed")  # captured, sent again 2 h later
        deliveries.append(replay)
        hostile["replayed"] += 1
    for d in rng.sample(honest, max(2, len(honest) // 500)):
        body = d["body"][:-1] + ',"amount":1}'
        deliveries.append(dict(d, body=body, hostile="forged"))  # tampered body, old signature
        hostile["forged"] += 1
    rng.shuffle(deliveries)
    with open(path, "w") as f:
        for i, d in enumerate(deliveries):
            f.write(json.dumps(dict(d, id=i), separators=(",", ":")) + "\n")
    print(json.dumps({"orders": orders, "events": events, "deliveries": len(deliveries), **hostile}))


if __name__ == "__main__":
    main()
