"""peeker.Tracker over the core's tracker, and the explicitly named replay
verification (verify_webhook_ignoring_timestamp)."""
from __future__ import annotations

import itertools
import json
import pickle
import random
import threading
from typing import Any, Dict, List

import pytest

import peeker
from peeker import PeekerTypeError, RequestError, WebhookError

SECRET = "whsec_tracker_tests"
TS = 1778242473

STREAM: List[Dict[str, Any]] = [
    {"id": "evt_1", "type": "order.in_progress", "created_at": "2026-05-08T12:00:00Z",
     "data": {"id": "ord_1", "status": "in_progress", "domain_count": 2}},
    {"id": "evt_2", "type": "domain.action_required", "created_at": "2026-05-08T12:01:00Z",
     "data": {"id": "dom_a", "domain": "acme-mail.com", "order_id": "ord_1"}},
    {"id": "evt_3", "type": "order.action_required", "created_at": "2026-05-08T12:02:00Z",
     "data": {"id": "ord_1", "status": "action_required", "reason": "profile_picture_not_accessible"}},
    {"id": "evt_4", "type": "domain.connected", "created_at": "2026-05-08T12:08:00Z",
     "data": {"id": "dom_a", "domain": "acme-mail.com", "order_id": "ord_1", "status": "active"}},
    {"id": "evt_5", "type": "domain.connected", "created_at": "2026-05-08T12:09:00Z",
     "data": {"id": "dom_b", "domain": "team-acme.com", "order_id": "ord_1", "status": "active"}},
    {"id": "evt_6", "type": "order.completed", "created_at": "2026-05-08T12:14:33Z",
     "data": {"id": "ord_1", "status": "completed", "domain_count": 2}},
    {"id": "evt_7", "type": "domain_import.action_required", "created_at": "2026-05-08T11:30:00Z",
     "data": {"id": "imp_1", "status": "action_required", "nameserver_groups": [
         {"nameserver_one": "helena.ns.cloudflare.com", "nameserver_two": "idris.ns.cloudflare.com",
          "domains": ["acme-mail.com"]}]}},
    {"id": "evt_8", "type": "brand.new_event", "created_at": "2026-05-08T12:00:00Z", "data": {"id": "x_1"}},
]


def verified(raw: Dict[str, Any]) -> peeker.Event:
    body = json.dumps(raw).encode()
    headers = {"Peeker-Signature": peeker.sign_webhook(body, SECRET, TS), "Peeker-Timestamp": str(TS)}
    return peeker.verify_webhook(body, headers, SECRET, now=TS)


EVENTS = [verified(e) for e in STREAM]


def test_follows_an_order_to_completion() -> None:
    t = peeker.Tracker()
    assert t.order("ord_1") is None and t.order_ids() == [] and t.events_seen == 0
    for e in EVENTS[:3]:
        assert t.apply(e) is True
    state = t.order("ord_1")
    assert state is not None
    assert (state["status"], state["domains_connected"], state["domains_total"]) == ("action_required", 0, 2)
    assert [a["event_type"] for a in state["actions"]] == ["order.action_required", "domain.action_required"]
    assert "profile picture" in state["actions"][0]["message"]
    assert state["actions"][1]["resource_id"] == "dom_a" and "acme-mail.com" in state["actions"][1]["message"]
    for e in EVENTS:
        t.apply(e)
    assert t.apply(EVENTS[0]) is False  # a repeat
    assert t.events_seen == len(EVENTS)
    assert t.order("ord_1") == {"id": "ord_1", "status": "completed", "domains_connected": 2, "domains_total": 2,
                                "actions": []}
    assert t.order_ids() == ["ord_1"]
    imports = t.import_actions()
    assert [(a["event_type"], a["resource_id"]) for a in imports] == [("domain_import.action_required", "imp_1")]
    assert "helena.ns.cloudflare.com" in imports[0]["message"]
    assert repr(t) == f"Tracker(events_seen={len(EVENTS)}, orders=1)"


def test_events_naming_no_resource_are_listed_not_dropped() -> None:
    t = peeker.Tracker()
    for e in EVENTS:
        t.apply(e)
    assert t.unreadable() == []  # brand.new_event follows no resource: not listed
    nameless = verified({"id": "evt_u", "type": peeker.WebhookEventTypes.ORDER_COMPLETED,
                         "created_at": "2026-05-08T12:20:00Z", "data": {"status": "completed"}})
    assert t.apply(nameless) is True and t.events_seen == len(EVENTS) + 1
    listed: List[peeker.UnreadableEvent] = t.unreadable()
    assert listed == [{"event_id": "evt_u", "event_type": "order.completed"}]
    assert peeker.Tracker.from_json(t.to_json()).unreadable() == listed


def test_any_order_with_repeats_gives_the_same_state() -> None:
    reference = peeker.Tracker()
    for e in EVENTS:
        reference.apply(e)
    rng = random.Random(7)
    for _ in range(60):
        order = EVENTS + [rng.choice(EVENTS) for _ in range(rng.randrange(5))]
        rng.shuffle(order)
        t = peeker.Tracker()
        for e in order:
            t.apply(e)
        assert t.to_json() == reference.to_json()
        assert t == reference
    # Terminal states never regress, whatever comes after.
    for perm in itertools.permutations([EVENTS[0], EVENTS[2], EVENTS[5]]):
        t = peeker.Tracker()
        for e in perm:
            t.apply(e)
        state = t.order("ord_1")
        assert state is not None and state["status"] == "completed"


def test_state_round_trips_through_json() -> None:
    t = peeker.Tracker()
    for e in EVENTS[:4]:
        t.apply(e)
    stored = t.to_json()
    back = peeker.Tracker.from_json(stored)
    assert back == t and back.order("ord_1") == t.order("ord_1")
    assert peeker.Tracker.from_json(stored.encode()) == t
    assert back.apply(EVENTS[0]) is False  # the seen ids are stored too
    assert back.apply(EVENTS[5]) is True
    assert t.order("ord_1") != back.order("ord_1")  # independent copies
    for bad in ["", "{", "[]", '{"seen": 3}', "null"]:
        with pytest.raises(RequestError) as ei:
            peeker.Tracker.from_json(bad)
        assert ei.value.code == "invalid_json" and ei.value.field == "json"
    with pytest.raises(PeekerTypeError):
        peeker.Tracker.from_json(None)  # type: ignore[arg-type]


def test_only_verified_events_are_applied() -> None:
    t = peeker.Tracker()
    forged = peeker.Event(id="evt_x", type="order.completed", created_at=None, data={"id": "ord_1"})
    with pytest.raises(PeekerTypeError) as ei:
        t.apply(forged)
    assert "verify_webhook" in ei.value.message
    revived = pickle.loads(pickle.dumps(EVENTS[0]))
    assert revived == EVENTS[0]  # values survive pickling...
    with pytest.raises(PeekerTypeError):
        t.apply(revived)  # ...the verification does not
    with pytest.raises(PeekerTypeError):
        t.apply(json.loads(EVENTS[0].json))  # type: ignore[arg-type]
    with pytest.raises(PeekerTypeError):
        t.order(1)  # type: ignore[arg-type]
    assert t.events_seen == 0


def test_a_tracker_is_shared_by_threads() -> None:
    t = peeker.Tracker()
    many = [verified({"id": f"evt_{i}", "type": "domain.connected", "created_at": "2026-05-08T12:00:00Z",
                      "data": {"id": f"dom_{i}", "domain": f"d{i}.com", "order_id": "ord_9"}}) for i in range(200)]

    def feed(offset: int) -> None:
        for e in many[offset:] + many[:offset]:
            t.apply(e)
            t.order("ord_9")

    threads = [threading.Thread(target=feed, args=(k * 50,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    state = t.order("ord_9")
    assert t.events_seen == 200 and state is not None and state["domains_connected"] == 200


# -- replays --------------------------------------------------------------------------


def test_verify_ignoring_timestamp_is_for_stored_deliveries_only() -> None:
    body = json.dumps(STREAM[5]).encode()
    old = {"Peeker-Signature": peeker.sign_webhook(body, SECRET, TS), "Peeker-Timestamp": str(TS)}
    with pytest.raises(WebhookError) as ei:
        peeker.verify_webhook(body, old, SECRET)  # days old: refused by the live path
    assert ei.value.code == "timestamp_out_of_tolerance"
    ev = peeker.verify_webhook_ignoring_timestamp(body, old, SECRET)
    assert (ev.id, ev.type) == ("evt_6", "order.completed")
    t = peeker.Tracker()
    assert t.apply(ev) is True  # a replayed delivery feeds the tracker
    assert peeker.verify_webhook_ignoring_timestamp(body, old, ["whsec_new", SECRET]).id == "evt_6"

    def code(b: Any, h: Any, s: Any = SECRET, **kw: Any) -> str:
        with pytest.raises(peeker.PeekerError) as ei:
            peeker.verify_webhook_ignoring_timestamp(b, h, s, **kw)
        return ei.value.code

    assert code(body + b" ", old) == "signature_mismatch"
    assert code(body, {**old, "Peeker-Timestamp": str(TS + 1)}) == "signature_mismatch"  # still signed
    assert code(body, {"Peeker-Signature": old["Peeker-Signature"]}) == "missing_header"
    assert code(body, {**old, "Peeker-Timestamp": "yesterday"}) == "malformed_header"
    assert code(body, old, "whsec_wrong") == "signature_mismatch"
    assert code(body, old, "") == "invalid_secret"
    assert code(body, old, max_body_bytes=10) == "payload_too_large"
    assert code(body.decode(), old) == "invalid_argument"  # str: not the raw bytes


def test_max_body_bytes_on_the_live_path() -> None:
    body = json.dumps(STREAM[0]).encode()
    h = {"Peeker-Signature": peeker.sign_webhook(body, SECRET, TS), "Peeker-Timestamp": str(TS)}
    assert peeker.verify_webhook(body, h, SECRET, now=TS, max_body_bytes=len(body)).id == "evt_1"
    with pytest.raises(WebhookError) as ei:
        peeker.verify_webhook(body, h, SECRET, now=TS, max_body_bytes=len(body) - 1)
    assert ei.value.code == "payload_too_large"
    with pytest.raises(peeker.ArgumentError):
        peeker.verify_webhook(body, h, SECRET, now=TS, max_body_bytes=0)
