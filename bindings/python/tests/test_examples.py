"""The recipes in bindings/python/examples/, run for real: each webhook app is
served on loopback by its real server (werkzeug for Flask, uvicorn for FastAPI)
and receives signed, forged, tampered, stale and repeated deliveries; the
urllib example runs its whole flow against a local stub of the API."""
from __future__ import annotations

import importlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest

import peeker

from conftest import Stub, json_reply

SECRET = "whsec_test_recipes"


def delivery(event: Dict[str, Any], *, secret: str = SECRET, ts: int = 0, pretty: bool = False) -> Tuple[bytes, Dict[str, str]]:
    body = json.dumps(event, indent=2 if pretty else None).encode()
    ts = ts or int(time.time())
    return body, {
        "Content-Type": "application/json",
        "Peeker-Signature": peeker.sign_webhook(body, secret, ts),
        "Peeker-Timestamp": str(ts),
        "Peeker-Event-Id": event["id"],
    }


def post(url: str, body: bytes, headers: Dict[str, str]) -> Tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def get_json(url: str) -> Tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


IN_PROGRESS = {"id": "evt_1", "type": "order.in_progress", "created_at": "2026-05-08T12:00:00Z",
               "data": {"id": "ord_1", "status": "in_progress", "domain_count": 2}}
CONNECTED = {"id": "evt_2", "type": "domain.connected", "created_at": "2026-05-08T12:08:00Z",
             "data": {"id": "dom_a", "domain": "acme-mail.com", "order_id": "ord_1", "status": "active"}}
COMPLETED = {"id": "evt_3", "type": "order.completed", "created_at": "2026-05-08T12:14:33Z",
             "data": {"id": "ord_1", "status": "completed", "domain_count": 2}}


# -- servers -------------------------------------------------------------------


def serve_flask(app: Any) -> Tuple[str, Callable[[], None]]:
    from werkzeug.serving import make_server

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()

    def stop() -> None:
        srv.shutdown()
        srv.server_close()
        t.join(5)

    return f"http://127.0.0.1:{srv.server_port}", stop


def serve_uvicorn(app: Any) -> Tuple[str, Callable[[], None]]:
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    t = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    t.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not t.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        t.join(5)
        sock.close()

    return f"http://127.0.0.1:{port}", stop


def flask_app(events: List[peeker.Event]) -> Any:
    mod = importlib.import_module("flask_webhook")
    return mod.create_app(["whsec_old_rotated_out", SECRET], on_event=events.append)


def fastapi_app(events: List[peeker.Event]) -> Any:
    mod = importlib.import_module("fastapi_webhook")

    async def on_event(e: peeker.Event) -> None:
        events.append(e)

    return mod.create_app(["whsec_old_rotated_out", SECRET], on_event=on_event)


@pytest.fixture(params=["flask", "fastapi"])
def webhook_server(request: Any, examples_on_path: str) -> Iterator[Tuple[str, List[peeker.Event]]]:
    events: List[peeker.Event] = []
    if request.param == "flask":
        base, stop = serve_flask(flask_app(events))
    else:
        base, stop = serve_uvicorn(fastapi_app(events))
    try:
        yield base, events
    finally:
        stop()


# -- the webhook recipes ---------------------------------------------------------


def test_signed_delivery_is_accepted_and_tracked(webhook_server: Tuple[str, List[peeker.Event]]) -> None:
    base, events = webhook_server
    url = base + "/peeker/webhooks"
    assert get_json(base + "/orders/ord_1") == (404, {"error": "not_found"})
    body, headers = delivery(IN_PROGRESS)
    status, _ = post(url, body, headers)
    assert status == 204
    assert [e.id for e in events] == ["evt_1"]
    assert events[0].data == IN_PROGRESS["data"]
    # Pretty-printed JSON verifies too: the raw bytes are what is signed.
    for ev in (COMPLETED, CONNECTED):
        body, headers = delivery(ev, pretty=True)
        assert post(url, body, headers)[0] == 204
    status, state = get_json(base + "/orders/ord_1")
    assert status == 200
    assert state == {"id": "ord_1", "status": "completed", "domains_connected": 1, "domains_total": 2, "actions": []}


def test_forged_delivery_is_refused(webhook_server: Tuple[str, List[peeker.Event]]) -> None:
    base, events = webhook_server
    body, headers = delivery(IN_PROGRESS, secret="whsec_attacker_guess")
    status, out = post(base + "/peeker/webhooks", body, headers)
    assert (status, json.loads(out)) == (400, {"error": "signature_mismatch"})
    assert events == []
    assert get_json(base + "/orders/ord_1")[0] == 404


def test_tampered_stale_unsigned_and_reserialised_deliveries_are_refused(
    webhook_server: Tuple[str, List[peeker.Event]]
) -> None:
    base, events = webhook_server
    url = base + "/peeker/webhooks"
    body, headers = delivery(IN_PROGRESS)
    tampered = body.replace(b'"in_progress"', b'"completed"')
    status, out = post(url, tampered, headers)
    assert (status, json.loads(out)) == (400, {"error": "signature_mismatch"})
    stale_body, stale_headers = delivery(IN_PROGRESS, ts=int(time.time()) - 3600)
    status, out = post(url, stale_body, stale_headers)
    assert (status, json.loads(out)) == (400, {"error": "timestamp_out_of_tolerance"})
    status, out = post(url, body, {"Content-Type": "application/json"})
    assert (status, json.loads(out)) == (400, {"error": "missing_header"})
    # What a framework's JSON round trip would send: other bytes, so refused.
    pretty, pretty_headers = delivery(IN_PROGRESS, pretty=True)
    reserialised = json.dumps(json.loads(pretty)).encode()
    status, out = post(url, reserialised, pretty_headers)
    assert (status, json.loads(out)) == (400, {"error": "signature_mismatch"})
    assert events == []


def test_repeated_delivery_is_acknowledged_once(webhook_server: Tuple[str, List[peeker.Event]]) -> None:
    base, events = webhook_server
    body, headers = delivery(CONNECTED)
    for _ in range(3):
        assert post(base + "/peeker/webhooks", body, headers)[0] == 204  # 2xx, or Peeker retries
    assert [e.id for e in events] == ["evt_2"]


# -- the urllib recipe -------------------------------------------------------------

ME = {"data": {"api_key": {"environment": "test", "permission_preset": "full"},
               "partner": {"id": "org_01HZX0OG1A2B3C4D5E6F7G8H", "name": "Acme Resellers"}}}
IMPORT = {"data": {"id": "imp_01HZX0IM1A2B3C4D5E6F7G8H", "status": "completed", "submitted_count": 2,
                   "completed_count": 2, "failed_count": 0,
                   "nameserver_groups": [{"nameserver_one": "helena.ns.cloudflare.com",
                                          "nameserver_two": "idris.ns.cloudflare.com",
                                          "domains": ["acme-mail.com", "team-acme.com"]}],
                   "failed": [], "created_at": "2026-05-08T12:00:00Z", "completed_at": "2026-05-08T12:00:04Z"}}
RECEIPT = {"data": {"id": "ord_01HZX0OR1A2B3C4D5E6F7G8H", "user_id": "usr_01HZX0C6Z3K4M5N6P7Q8R9S0",
                    "email": "alex@acme.com", "bundle_id": "bun_01HZX0BU1A2B3C4D5E6F7G8H", "status": "in_progress",
                    "domain_count": 2, "costs": {"total_cents": 6800, "currency": "usd"},
                    "renews_at": "2026-06-08T12:00:00Z", "created_at": "2026-05-08T12:00:00Z"}}


def test_full_request_example_against_a_stub(stub: Stub, examples_on_path: str, capsys: Any) -> None:
    full_request = importlib.import_module("full_request")
    calls: Dict[str, int] = {}
    order_ids = [f"ord_{i:02d}" for i in range(30)]

    def row(i: str) -> Dict[str, Any]:
        return {**RECEIPT["data"], "id": i}

    def route(method: str, path: str, headers: Dict[str, str], body: bytes) -> Any:
        key = f"{method} {path}"
        calls[key] = calls.get(key, 0) + 1
        if key == "GET /partner/v1/me":
            if calls[key] == 1:  # rate limited once: the core says wait 1 s
                return json_reply(429, {"error": {"code": "rate_limited", "message": "API rate limit exceeded",
                                                  "details": {"retry_after_seconds": 1}}})
            return json_reply(200, ME)
        if key == "POST /partner/v1/domains/import":
            assert json.loads(body) == {"domains": ["acme-mail.com", "team-acme.com"]}
            return json_reply(200, IMPORT)
        if key == "POST /partner/v1/orders":
            if calls[key] == 1:  # a proxy's 502: backoff
                return 502, {"Content-Type": "text/html"}, b"<html>Bad Gateway</html>"
            return json_reply(200, RECEIPT)
        if key == "GET /partner/v1/orders?per_page=25":
            return json_reply(200, {"data": [row(i) for i in order_ids[:25]],
                                    "links": {"first": stub.base + "/orders?per_page=25",
                                              "next": stub.base + "/orders?per_page=25&page_token=eyJjIjoyfQ"},
                                    "meta": {"per_page": 25, "returned": 25}})
        if key == "GET /partner/v1/orders?per_page=25&page_token=eyJjIjoyfQ":
            return json_reply(200, {"data": [row(i) for i in order_ids[25:]],
                                    "links": {"first": stub.base + "/orders?per_page=25", "next": None},
                                    "meta": {"per_page": 25, "returned": 5}})
        return json_reply(404, {"error": {"code": "not_found", "message": key}})

    stub.route = route
    sleeps: List[float] = []
    ids = full_request.main("pk_test_stubkey123", stub.base, sleep=sleeps.append)
    assert ids == order_ids
    # 429 -> 1 s + jitter in [0, 1); 502 on attempt 1 -> backoff 250..500 ms.
    assert len(sleeps) == 2
    assert 1.0 <= sleeps[0] < 2.0
    assert 0.25 <= sleeps[1] <= 0.5
    for r in stub.requests:
        assert r["headers"]["Authorization"] == "Bearer pk_test_stubkey123"
        assert "full-request-example/1.0" in r["headers"]["User-Agent"]
    order_posts = [r for r in stub.requests if r["path"] == "/partner/v1/orders" and r["method"] == "POST"]
    assert len(order_posts) == 2 and order_posts[0]["body"] == order_posts[1]["body"]  # same body: deduped by the API
    assert json.loads(order_posts[0]["body"]) == full_request.SEED_ORDER
    out = capsys.readouterr().out
    assert "helena.ns.cloudflare.com / idris.ns.cloudflare.com on acme-mail.com, team-acme.com" in out
    assert "refused before sending: domains[0]: subdomain (did you mean acme.com?)" in out
    assert "order ord_01HZX0OR1A2B3C4D5E6F7G8H: in_progress, 6800 cents" in out
    assert "30 orders" in out
    assert "stubkey123" not in out and "their-smartlead-password" not in out
