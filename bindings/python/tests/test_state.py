"""peeker.state_* over the core's per-resource states (peeker_state_*): the
bounded form to store, one row per resource."""
from __future__ import annotations

import json
import random
from functools import reduce
from typing import Dict, Optional

import pytest

import peeker
from peeker import ArgumentError, PeekerTypeError, RequestError

from test_tracker import EVENTS, STREAM, verified


def fold(order: "list[int]") -> Dict[str, str]:
    rows: Dict[str, str] = {}
    for i in order:
        key = peeker.state_key(EVENTS[i])
        if key is None:
            continue
        new = peeker.state_reduce(rows.get(key), EVENTS[i])
        assert new is not None
        rows[key] = new
    return rows


def test_one_row_per_resource_same_text_in_any_order_with_repeats() -> None:
    reference = fold(list(range(len(EVENTS))))
    assert sorted(reference) == ["domain:dom_a", "domain:dom_b", "import:imp_1", "order:ord_1"]
    rng = random.Random(7)
    for _ in range(30):
        order = [i for i in range(len(EVENTS)) for _ in range(rng.randint(1, 5))]
        rng.shuffle(order)
        assert fold(order) == reference
    order_state = json.loads(reference["order:ord_1"])
    assert (order_state["latest"]["event_id"], order_state["latest"]["status"]) == ("evt_6", "completed")
    # Bounded: the state keeps the winner, not every event id.
    assert "evt_1" not in reference["order:ord_1"]


def test_merge_is_the_union_and_the_view_matches_the_tracker() -> None:
    a = fold([0, 2, 3])
    b = fold([5, 4, 1, 2])
    merged = {k: peeker.state_merge(a[k], b[k]) if k in a and k in b else a.get(k) or b[k] for k in {*a, *b}}
    assert merged == fold([0, 1, 2, 3, 4, 5])
    full = fold(list(range(len(EVENTS))))
    assert peeker.state_merge(full["order:ord_1"], full["order:ord_1"]) == full["order:ord_1"]
    states = [full[k] for k in full if k.startswith("domain:")]
    view = peeker.state_order_view("ord_1", full["order:ord_1"], states)
    t = peeker.Tracker()
    for e in EVENTS:
        t.apply(e)
    assert view == t.order("ord_1")
    assert view is not None and (view["status"], view["domains_connected"], view["domains_total"]) == ("completed", 2, 2)
    assert peeker.state_order_view("ord_9", None, states) is None
    # The order's status is in_progress until an order event arrives.
    only = peeker.state_order_view("ord_1", None, states)
    assert only is not None and only["status"] == "in_progress"


def test_ties_go_to_the_larger_event_id_whatever_comes_first() -> None:
    one = verified({"id": "evt_a", "type": "order.in_progress", "created_at": "2026-05-08T14:00:00+02:00",
                    "data": {"id": "ord_7", "status": "in_progress"}})
    two = verified({"id": "evt_b", "type": "order.action_required", "created_at": "2026-05-08T12:00:00Z",
                    "data": {"id": "ord_7", "status": "action_required"}})
    x = reduce(lambda s, e: peeker.state_reduce(s, e), [one, two], None)
    y = reduce(lambda s, e: peeker.state_reduce(s, e), [two, one], None)
    assert x == y and x is not None
    assert json.loads(x)["latest"]["event_id"] == "evt_b"


def test_errors() -> None:
    full = fold(list(range(len(EVENTS))))
    with pytest.raises(ArgumentError) as e:
        peeker.state_reduce(full["order:ord_1"], EVENTS[1])
    assert (e.value.code, e.value.field) == ("invalid_argument", "event")
    with pytest.raises(ArgumentError) as e:
        peeker.state_merge(full["order:ord_1"], full["domain:dom_a"])
    assert e.value.code == "invalid_argument"
    with pytest.raises(RequestError) as e:
        peeker.state_reduce("{}", EVENTS[0])
    assert (e.value.code, e.value.field) == ("invalid_json", "state_json")
    with pytest.raises(PeekerTypeError):
        peeker.state_reduce(None, STREAM[0])  # type: ignore[arg-type]
    # An event about no followed resource: no key, the state as it was.
    assert peeker.state_key(EVENTS[7]) is None
    assert peeker.state_reduce(None, EVENTS[7]) is None
    kept: Optional[str] = peeker.state_reduce(full["order:ord_1"], EVENTS[7])
    assert kept == full["order:ord_1"]
