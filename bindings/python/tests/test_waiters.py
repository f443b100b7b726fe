"""The core's poller through Client.wait_for / wait_for_order / wait_for_import
against the offline sandbox (`peeker-sandbox serve`, skipped when it is not
built), whose clock moves only when the test's ``sleep`` advances it
(``POST /_sandbox/clock/advance``); and the decision itself (peeker.Poller)."""
from __future__ import annotations

import json
import urllib.request
from typing import Any, Callable, Iterator, List, Tuple

import pytest

import peeker

from test_sandbox import serve_sandbox


@pytest.fixture
def still_sandbox() -> Iterator[str]:
    yield from serve_sandbox("--speed", "1")


def simulated(base: str, key: str) -> Tuple[List[float], Callable[[float], None], Callable[[], float]]:
    """Waits, a sleep that advances the sandbox clock by each wait, and a clock."""
    waits: List[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        req = urllib.request.Request(f"{base}/_sandbox/clock/advance", data=json.dumps({"seconds": seconds}).encode(),
                                     method="POST", headers={"Authorization": f"Bearer {key}",
                                                             "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200

    return waits, sleep, lambda: sum(waits)


def seed_order(bundle_id: str) -> Any:
    return {"user": "alex@acme.com", "bundle_id": bundle_id,
            "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com",
                          "login_password": "pw"},
            "domains": ["acme-mail.com", "team-acme.com"],
            "personas": [{"first_name": "Alex", "last_name": "Rivera",
                          "profile_picture_url": "https://cdn.acme.com/alex.jpg"}]}


def test_wait_for_order_and_imports_against_the_sandbox(still_sandbox: str) -> None:
    key = "pk_test_python_wait"
    client = peeker.Client(key, base_url=still_sandbox)
    bundle = client.send(client.create_bundle({"name": "t", "monthly_sending_volume": 1760, "google_percent": 100,
                                               "microsoft_percent": 0})).data
    order = client.send(client.create_order(seed_order(bundle["id"]))).data
    waits, sleep, clock = simulated(still_sandbox, key)
    done = client.wait_for_order(order["id"], sleep=sleep, clock=clock)
    assert done.data["status"] == "completed" and done.request_id and done.request_id.startswith("req_")
    assert set(waits) == {60.0} and 14 <= len(waits) <= 16, waits  # the documented cadence, ≈14.5 min

    job = client.send(client.create_import_job(["acme-mail.com", "team-acme.com"])).data
    waits, sleep, clock = simulated(still_sandbox, key)
    assert client.wait_for_import(job["id"], job=True, interval=30, sleep=sleep, clock=clock).data["status"] == "completed"
    assert set(waits) == {30.0} and 7 <= len(waits) <= 9, waits

    pending = client.send(client.import_domains(["ns-pending-acme.com"])).data
    waits, sleep, clock = simulated(still_sandbox, key)
    assert client.wait_for("import", pending["id"], sleep=sleep, clock=clock).data["status"] == "action_required"
    other = client.send(client.import_domains(["ns-pending-team.com"])).data
    waits, sleep, clock = simulated(still_sandbox, key)
    with pytest.raises(peeker.PollTimeout) as ei:
        client.wait_for_import(other["id"], max_polls=2, sleep=sleep, clock=clock)
    assert ei.value.status == "in_progress" and ei.value.result.data["id"] == other["id"]
    assert str(ei.value).startswith(f"import {other['id']} is still in_progress after 2 polls")
    assert isinstance(ei.value, TimeoutError)
    waits, sleep, clock = simulated(still_sandbox, key)
    with pytest.raises(peeker.PollTimeout):
        client.wait_for_import(other["id"], poll_timeout=150, sleep=sleep, clock=clock)
    assert waits == [60.0, 60.0, 30.0], "the last wait lands on the timeout"
    with pytest.raises(peeker.ApiError) as ae:
        client.wait_for_order("ord_nope", sleep=sleep, clock=clock)
    assert ae.value.status == 404


def test_the_poller_decides() -> None:
    p = peeker.Poller("order")
    assert p.operation == "get_order" and p.status is None
    r = lambda status: peeker.Result(operation="get_order", status=200, request_id=None,  # noqa: E731
                                     data={"id": "ord_1", "status": status})
    assert p.next(0.0, r("in_progress"), "ord_1") == 60.0
    assert p.next(60.0, r("completed"), "ord_1") is None and p.status == "completed"
    assert peeker.Poller("import_job", interval=0.5).next(0, r("in_progress"), "imp_1") == 0.5
    assert peeker.Poller("import").next(0, r("paused_for_review"), "imp_1") is None  # unknown: reaches the caller
    with pytest.raises(peeker.ArgumentError) as ei:
        peeker.Poller("swap")  # type: ignore[arg-type]
    assert ei.value.field == "kind"
    for bad in ({"interval": 0}, {"interval": -1}, {"max_polls": 0}, {"poll_timeout": "x"}):
        with pytest.raises(peeker.ArgumentError):
            peeker.Poller("order", **bad)  # type: ignore[arg-type]
    with pytest.raises(peeker.ResponseError) as no_status:  # no status to poll on: the core's error
        p.next(0, peeker.Result(operation="get_order", status=200, request_id=None, data={"id": "x"}), "x")
    assert no_status.value.code == "unexpected_response"
    assert no_status.value.message == "The get_order response has no string data.status to poll on."
