#!/usr/bin/env python3
"""Generates tests/vectors/tracker.json.

Each scenario below is a set of webhook events (core/docs/peeker-api.md section 4)
written with its expected answers, derived by hand from the rules of kind
`tracker` in tests/vectors/FORMAT.md:

- a resource's status is the `status` of its latest event by `created_at`
  compared as an instant, the larger event id winning a tie, a terminal event
  (order.completed/failed/cancelled, domain_import.completed/failed,
  swap.completed/failed) never overtaken by a non-terminal one;
- `domains_connected`: distinct domains with a `domain.connected` event naming
  the order; `domains_total`: the largest `domain_count` of the order's events;
  `open_actions`: the order and its domains whose current status is
  `action_required`; `applied`: events with an id not seen before.

The script only shuffles: every scenario is written out in its given order,
reversed, and in seeded random permutations with repeated deliveries (the same
event again), all with the same expected answers, since every permutation must
give them. Nothing here runs the SDK. Re-run after editing:
    python3 tests/vectors/gen/make_tracker_vectors.py
"""
import json
import pathlib
import random

OUT = pathlib.Path(__file__).resolve().parent.parent
SHUFFLES = 4  # random permutations with duplicates per scenario, besides given and reversed


def ev(eid, etype, at, **data):
    return {"id": eid, "type": etype, "created_at": at, "data": data}


def old(eid, etype, at, wrapper="order", **resource):
    """The older documented shape (spec 4.5): `data` wraps the resource under its kind's name."""
    return {"id": eid, "type": etype, "created_at": at, "data": {wrapper: resource}}


T = "2026-05-08T12:{:02d}:00Z".format  # minute -> instant

SCENARIOS = [
    {
        "name": "the guide's order progression: action required, then connected, then completed",
        "events": [
            ev("evt_01", "order.in_progress", T(0), id="ord_1", status="in_progress", domain_count=2),
            ev("evt_02", "domain.action_required", T(1), id="dom_a", domain="acme-mail.com", order_id="ord_1",
               status="action_required"),
            ev("evt_03", "order.action_required", T(2), id="ord_1", status="action_required",
               reason="profile_picture_not_accessible"),
            ev("evt_04", "domain.connected", T(8), id="dom_a", domain="acme-mail.com", order_id="ord_1", status="active"),
            ev("evt_05", "domain.connected", T(9), id="dom_b", domain="team-acme.com", order_id="ord_1", status="active"),
            ev("evt_06", "order.completed", T(14), id="ord_1", status="completed", domain_count=2),
            ev("evt_07", "domain_import.action_required", "2026-05-08T11:30:00Z", id="imp_1", status="action_required",
               nameserver_groups=[{"nameserver_one": "helena.ns.cloudflare.com",
                                   "nameserver_two": "idris.ns.cloudflare.com", "domains": ["acme-mail.com"]}]),
            ev("evt_08", "brand.new_event", T(0), id="x_1", status="whatever"),
        ],
        "statuses": {"order:ord_1": "completed", "domain:dom_a": "active", "domain:dom_b": "active",
                     "import:imp_1": "action_required", "swap:swp_1": None, "order:ord_9": None},
        "orders": {"ord_1": {"domains_connected": 2, "domains_total": 2, "open_actions": 0}},
        "applied": 8,
    },
    {
        "name": "midway: the order and one of its domains need attention",
        "events": [
            ev("evt_01", "order.in_progress", T(0), id="ord_1", status="in_progress", domain_count=3),
            ev("evt_02", "domain.action_required", T(1), id="dom_a", domain="a.com", order_id="ord_1",
               status="action_required"),
            ev("evt_03", "order.action_required", T(2), id="ord_1", status="action_required"),
            ev("evt_04", "domain.connected", T(3), id="dom_b", domain="b.com", order_id="ord_1", status="active"),
            ev("evt_05", "domain.action_required", T(4), id="dom_c", domain="c.com", order_id="ord_1",
               status="action_required"),
            ev("evt_06", "domain.connected", T(5), id="dom_c", domain="c.com", order_id="ord_1", status="active"),
            ev("evt_07", "domain.action_required", T(6), id="dom_z", domain="z.com", order_id="ord_2",
               status="action_required"),
        ],
        "statuses": {"order:ord_1": "action_required", "domain:dom_a": "action_required", "domain:dom_b": "active",
                     "domain:dom_c": "active", "domain:dom_z": "action_required"},
        "orders": {"ord_1": {"domains_connected": 2, "domains_total": 3, "open_actions": 2},
                   "ord_2": {"domains_connected": 0, "domains_total": None, "open_actions": 1}},
        "applied": 7,
    },
    {
        "name": "a terminal status is never overtaken by a later non-terminal event",
        "events": [
            ev("evt_01", "order.in_progress", T(0), id="ord_1", status="in_progress"),
            ev("evt_02", "order.completed", T(5), id="ord_1", status="completed"),
            ev("evt_03", "order.action_required", T(9), id="ord_1", status="action_required"),
            ev("evt_04", "order.in_progress", T(10), id="ord_1", status="in_progress"),
        ],
        "statuses": {"order:ord_1": "completed"},
        "orders": {"ord_1": {"domains_connected": 0, "domains_total": None, "open_actions": 0}},
        "applied": 4,
    },
    {
        "name": "failed is terminal: later progress does not reopen the order",
        "events": [
            ev("evt_01", "order.in_progress", T(0), id="ord_1", status="in_progress", domain_count=1),
            ev("evt_02", "order.failed", T(1), id="ord_1", status="failed"),
            ev("evt_03", "order.in_progress", T(2), id="ord_1", status="in_progress", domain_count=1),
        ],
        "statuses": {"order:ord_1": "failed"},
        "orders": {"ord_1": {"domains_connected": 0, "domains_total": 1, "open_actions": 0}},
        "applied": 3,
    },
    {
        "name": "cancellation: cancel_scheduled, then cancelled (terminal), then a stale cancel_scheduled",
        "events": [
            ev("evt_01", "order.completed", T(0), id="ord_1", status="completed", domain_count=2),
            ev("evt_02", "order.cancel_scheduled", T(30), id="ord_1", status="cancel_scheduled"),
            ev("evt_03", "order.cancelled", T(40), id="ord_1", status="cancelled"),
            ev("evt_04", "order.cancel_scheduled", T(50), id="ord_1", status="cancel_scheduled"),
        ],
        "statuses": {"order:ord_1": "cancelled"},
        "orders": {"ord_1": {"domains_connected": 0, "domains_total": 2, "open_actions": 0}},
        "applied": 4,
    },
    {
        "name": "instants, not strings: 11:30:00-01:00 (12:30 UTC) is after 12:00:00Z",
        "events": [
            ev("evt_01", "order.action_required", "2026-05-08T12:00:00Z", id="ord_1", status="action_required"),
            ev("evt_02", "order.in_progress", "2026-05-08T11:30:00-01:00", id="ord_1", status="in_progress"),
            ev("evt_03", "domain.connected", "2026-05-08T13:00:00+02:00", id="dom_a", domain="a.com",
               order_id="ord_1", status="active"),
            ev("evt_04", "domain.action_required", "2026-05-08T11:30:00Z", id="dom_a", domain="a.com",
               order_id="ord_1", status="action_required"),
        ],
        "statuses": {"order:ord_1": "in_progress", "domain:dom_a": "action_required"},
        "orders": {"ord_1": {"domains_connected": 1, "domains_total": None, "open_actions": 1}},
        "applied": 4,
    },
    {
        "name": "instants, not strings: a fraction of a second is later than the whole second",
        "events": [
            ev("evt_01", "order.action_required", "2026-05-08T12:00:00.1Z", id="ord_1", status="action_required"),
            ev("evt_02", "order.in_progress", "2026-05-08T12:00:00Z", id="ord_1", status="in_progress"),
            ev("evt_03", "swap.in_progress", "2026-05-08T12:00:00.250Z", id="swp_1", status="in_progress"),
            ev("evt_04", "swap.action_required", "2026-05-08T12:00:00.25000001Z", id="swp_1", status="action_required"),
        ],
        "statuses": {"order:ord_1": "action_required", "swap:swp_1": "action_required"},
        "orders": {"ord_1": {"domains_connected": 0, "domains_total": None, "open_actions": 1}},
        "applied": 4,
    },
    {
        "name": "the same instant written two ways: the larger event id is the later",
        "events": [
            ev("evt_02", "order.in_progress", "2026-05-08T12:00:00Z", id="ord_1", status="in_progress"),
            ev("evt_01", "order.action_required", "2026-05-08T14:00:00+02:00", id="ord_1", status="action_required"),
            ev("evt_04", "order.action_required", "2026-05-08T12:00:00.000Z", id="ord_2", status="action_required"),
            ev("evt_03", "order.in_progress", "2026-05-08T12:00:00Z", id="ord_2", status="in_progress"),
            ev("evt_05", "domain_import.action_required", "2026-05-08t12:00:00z", id="imp_1", status="action_required"),
            ev("evt_06", "domain_import.in_progress", "2026-05-08T12:00:00+00:00", id="imp_1", status="in_progress"),
        ],
        "statuses": {"order:ord_1": "in_progress", "order:ord_2": "action_required", "import:imp_1": "in_progress"},
        "orders": {"ord_1": {"domains_connected": 0, "domains_total": None, "open_actions": 0},
                   "ord_2": {"domains_connected": 0, "domains_total": None, "open_actions": 1}},
        "applied": 6,
    },
    {
        "name": "two terminal events: the later one is the status",
        "events": [
            ev("evt_01", "swap.failed", T(1), id="swp_1", status="failed"),
            ev("evt_02", "swap.completed", T(2), id="swp_1", status="completed"),
            ev("evt_03", "swap.in_progress", T(3), id="swp_1", status="in_progress"),
            ev("evt_04", "domain_import.completed", T(1), id="imp_1", status="completed"),
            ev("evt_05", "domain_import.failed", T(2), id="imp_1", status="failed"),
        ],
        "statuses": {"swap:swp_1": "completed", "import:imp_1": "failed"},
        "applied": 5,
    },
    {
        "name": "imports: waiting on the registrar, completed, then a late action_required changes nothing",
        "events": [
            ev("evt_01", "domain_import.action_required", T(0), id="imp_1", status="action_required"),
            ev("evt_02", "domain_import.completed", T(5), id="imp_1", status="completed"),
            ev("evt_03", "domain_import.action_required", T(6), id="imp_1", status="action_required"),
            ev("evt_04", "domain_import.action_required", T(1), id="imp_2", status="action_required"),
            ev("evt_05", "domain_import.failed", T(2), id="imp_3", status="failed"),
        ],
        "statuses": {"import:imp_1": "completed", "import:imp_2": "action_required", "import:imp_3": "failed",
                     "import:imp_4": None},
        "applied": 5,
    },
    {
        "name": "swaps: the user-name swap lifecycle, one row blocked",
        "events": [
            ev("evt_01", "swap.created", T(0), id="swp_1", type="user_names", status="created"),
            ev("evt_02", "swap.in_progress", T(1), id="swp_1", type="user_names", status="in_progress"),
            ev("evt_03", "swap.action_required", T(2), id="swp_1", type="user_names", status="action_required"),
            ev("evt_04", "swap.created", T(0), id="swp_2", type="user_names", status="created"),
            ev("evt_05", "swap.completed", T(3), id="swp_2", type="user_names", status="completed"),
        ],
        "statuses": {"swap:swp_1": "action_required", "swap:swp_2": "completed"},
        "applied": 5,
    },
    {
        "name": "connected domains are counted once each; domains_total is the largest domain_count",
        "events": [
            ev("evt_01", "order.in_progress", T(0), id="ord_1", status="in_progress", domain_count=3),
            ev("evt_02", "domain.connected", T(1), id="dom_a", domain="a.com", order_id="ord_1", status="active"),
            ev("evt_03", "domain.connected", T(2), id="dom_a", domain="a.com", order_id="ord_1", status="active"),
            ev("evt_04", "domain.connected", T(3), id="dom_b", domain="b.com", order_id="ord_1", status="active"),
            ev("evt_05", "order.action_required", T(4), id="ord_1", status="action_required", domain_count=2),
            ev("evt_06", "domain.connected", T(5), id="dom_c", domain="c.com", order_id="ord_2", status="active"),
        ],
        "statuses": {"order:ord_1": "action_required", "domain:dom_a": "active", "domain:dom_c": "active"},
        "orders": {"ord_1": {"domains_connected": 2, "domains_total": 3, "open_actions": 1},
                   "ord_2": {"domains_connected": 1, "domains_total": None, "open_actions": 0}},
        "applied": 6,
    },
    {
        "name": "an order event type and status this SDK does not know are reported as sent",
        "events": [
            ev("evt_01", "order.in_progress", T(0), id="ord_1", status="in_progress"),
            ev("evt_02", "order.paused_for_review", T(1), id="ord_1", status="paused_for_review"),
            ev("evt_03", "warehouse.restocked", T(2), id="whs_1", status="restocked"),
        ],
        "statuses": {"order:ord_1": "paused_for_review"},
        "orders": {"ord_1": {"domains_connected": 0, "domains_total": None, "open_actions": 0}},
        "applied": 3,
    },
    {
        "name": "an order resolved: its action is closed by the later in_progress",
        "events": [
            ev("evt_01", "order.action_required", T(0), id="ord_1", status="action_required"),
            ev("evt_02", "domain.action_required", T(0), id="dom_a", domain="a.com", order_id="ord_1",
               status="action_required"),
            ev("evt_03", "order.in_progress", T(1), id="ord_1", status="in_progress"),
            ev("evt_04", "domain.connected", T(2), id="dom_a", domain="a.com", order_id="ord_1", status="active"),
        ],
        "statuses": {"order:ord_1": "in_progress", "domain:dom_a": "active"},
        "orders": {"ord_1": {"domains_connected": 1, "domains_total": None, "open_actions": 0}},
        "applied": 4,
    },
    {
        "name": "no events",
        "events": [],
        "statuses": {"order:ord_1": None, "import:imp_1": None},
        "applied": 0,
    },
]


# The older documented shape (FORMAT.md kind `tracker`: it counts like the current shape),
# alone and mixed with the current one. Appended last: the shuffles of the scenarios above
# keep their seeded order.
SCENARIOS += [
    {
        "name": "older shape: an order progression in data.order, its domains in either shape",
        "events": [
            old("evt_o1", "order.in_progress", T(0), id="ord_1", status="in_progress", domain_count=2),
            old("evt_o2", "domain.connected", T(5), "domain", id="dom_a", domain="a.com", order_id="ord_1",
                status="active"),
            ev("evt_o3", "domain.connected", T(6), id="dom_b", domain="b.com", order_id="ord_1", status="active"),
            old("evt_o4", "order.completed", T(9), id="ord_1", status="completed", domain_count=2),
        ],
        "statuses": {"order:ord_1": "completed", "domain:dom_a": "active", "domain:dom_b": "active"},
        "orders": {"ord_1": {"domains_connected": 2, "domains_total": 2, "open_actions": 0}},
        "applied": 4,
    },
    {
        "name": "older shape: the spec's example, then a failure without a status (the type says it)",
        "events": [
            old("evt_p1", "order.in_progress", "2026-05-08T12:00:00Z", id="ord_2", status="in_progress"),
            old("evt_p2", "order.failed", T(3), id="ord_2"),
        ],
        "statuses": {"order:ord_2": "failed"},
        "orders": {"ord_2": {"domains_connected": 0, "domains_total": None, "open_actions": 0}},
        "applied": 2,
    },
    {
        "name": "older and current shapes mixed: an order and a domain needing attention",
        "events": [
            ev("evt_q1", "order.in_progress", T(0), id="ord_3", status="in_progress", domain_count=3),
            old("evt_q2", "order.action_required", T(2), id="ord_3", status="action_required",
                reason="profile_picture_not_accessible"),
            old("evt_q3", "domain.action_required", T(3), "domain", id="dom_c", domain="c.com", order_id="ord_3",
                status="action_required"),
            ev("evt_q4", "domain.connected", T(4), id="dom_d", domain="d.com", order_id="ord_3", status="active"),
        ],
        "statuses": {"order:ord_3": "action_required", "domain:dom_c": "action_required",
                     "domain:dom_d": "active"},
        "orders": {"ord_3": {"domains_connected": 1, "domains_total": 3, "open_actions": 2}},
        "applied": 4,
    },
    {
        "name": "older shape: an import waiting on nameservers, then completed",
        "events": [
            old("evt_r1", "domain_import.action_required", T(0), "domain_import", id="imp_2",
                status="action_required",
                nameserver_groups=[{"nameserver_one": "helena.ns.cloudflare.com",
                                    "nameserver_two": "idris.ns.cloudflare.com", "domains": ["e.com"]}]),
            old("evt_r2", "domain_import.completed", T(30), "domain_import", id="imp_2", status="completed"),
        ],
        "statuses": {"import:imp_2": "completed"},
        "applied": 2,
    },
    {
        "name": "older shape: a swap's lifecycle, and a cancelled order a late event does not reopen",
        "events": [
            old("evt_s1", "swap.created", T(0), "swap", id="swp_2", status="pending"),
            old("evt_s2", "swap.in_progress", T(1), "swap", id="swp_2", status="in_progress"),
            old("evt_s3", "swap.completed", T(7), "swap", id="swp_2", status="completed"),
            old("evt_s4", "order.in_progress", T(0), id="ord_4", status="in_progress"),
            old("evt_s5", "order.cancelled", T(5), id="ord_4", status="cancelled"),
            old("evt_s6", "order.in_progress", T(6), id="ord_4", status="in_progress"),
        ],
        "statuses": {"swap:swp_2": "completed", "order:ord_4": "cancelled"},
        "applied": 6,
    },
]


def variants(events, rng):
    """The given order, reversed, and shuffles with repeated deliveries."""
    yield "as given", list(events)
    if len(events) > 1:
        yield "reversed", list(reversed(events))
    for i in range(SHUFFLES if events else 1):
        stream = list(events) + [rng.choice(events) for _ in range(rng.randint(1, 4))] if events else []
        rng.shuffle(stream)
        yield f"shuffle {i + 1} with {len(stream) - len(events)} repeats", stream


def cases():
    rng = random.Random(20261203)
    out = []
    for s in SCENARIOS:
        for label, stream in variants(s["events"], rng):
            c = {"name": f"{s['name']} ({label})", "events": stream}
            for k in ("statuses", "orders", "applied"):
                if k in s:
                    c[k] = s[k]
            out.append(c)
    return out


if __name__ == "__main__":
    cs = cases()
    (OUT / "tracker.json").write_text(json.dumps({"kind": "tracker", "cases": cs}, indent=1) + "\n", encoding="utf-8")
    print(f"tracker.json: {len(cs)} cases")
