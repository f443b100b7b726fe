"""End to end against the offline sandbox (tests/sandbox, `peeker-sandbox serve`):
the seed guide's flow through peeker.Client.send, with the sandbox's signed
webhooks delivered to the Flask recipe, whose tracker must see the order complete.

Runs when a sandbox binary is built (tests/run-all builds it with `cargo test
--workspace`; or `cargo build --release -p peeker-sandbox`); set PEEKER_SANDBOX to
use another binary. Skipped otherwise: test.sh does not build the sandbox, to keep
this package's cold build short."""
from __future__ import annotations

import importlib
import json
import os
import subprocess
import time
import urllib.request
from typing import Any, Iterator, Optional

import pytest

import peeker

from test_examples import get_json, serve_flask

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def sandbox_binary() -> Optional[str]:
    candidates = [os.environ.get("PEEKER_SANDBOX", "")] + [
        os.path.join(ROOT, "target", profile, "peeker-sandbox") for profile in ("release", "debug")
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


SECRET = "whsec_sandbox_python_e2e"


@pytest.fixture
def flask_receiver(examples_on_path: str) -> Iterator[str]:
    app = importlib.import_module("flask_webhook").create_app(SECRET)
    base, stop = serve_flask(app)
    try:
        yield base
    finally:
        stop()


def serve_sandbox(*args: str) -> Iterator[str]:
    """Runs ``peeker-sandbox serve --port 0 --quiet ARGS`` and yields its base URL
    (skips the test when the binary is not built); the body of a fixture."""
    binary = sandbox_binary()
    if binary is None:
        pytest.skip("no peeker-sandbox binary (cargo build --release -p peeker-sandbox)")
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--quiet", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        assert first.startswith("PEEKER_SANDBOX_URL="), first
        yield first.split("=", 1)[1]
    finally:
        proc.kill()
        proc.wait(5)


@pytest.fixture
def sandbox(flask_receiver: str) -> Iterator[str]:
    yield from serve_sandbox("--speed", "3000", "--webhook-url", flask_receiver + "/peeker/webhooks",
                             "--webhook-secret", SECRET)


def control(client: peeker.Client, path: str) -> Any:
    auth = client.me().headers["Authorization"]
    req = urllib.request.Request(f"{client.base_url}/_sandbox/{path}", data=b"{}", method="POST",
                                 headers={"Authorization": auth, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def test_seed_flow_against_the_sandbox(sandbox: str, flask_receiver: str) -> None:
    client = peeker.Client("pk_test_python_e2e", base_url=sandbox, user_agent="peeker-python-tests")
    me = client.send(client.me()).data
    assert me["api_key"]["environment"] == "test"

    bundle = client.send(client.create_bundle({
        "name": "Acme seed (python)", "monthly_sending_volume": 1760, "google_percent": 100,
        "microsoft_percent": 0, "send_on_weekends": False, "google_inboxes_per_domain": 2})).data
    assert bundle["id"].startswith("bun_")
    assert bundle["required_domains"] is not None and bundle["required_domains"]["total"] == 2

    job = client.send(client.import_domains(["Team-Acme.com", "acme-mail.com"])).data
    assert job["id"].startswith("imp_") and job["nameserver_groups"]
    control(client, f"imports/{job['id']}/flip_nameservers")
    deadline = time.monotonic() + 20
    while job["status"] != "completed":
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
        job = client.send(client.get_import(job["id"])).data

    order = client.send(client.create_order({
        "user": "alex@acme.com", "bundle_id": bundle["id"],
        "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com",
                      "login_password": "their-smartlead-password"},
        "forwarding_url": "https://acme.com",
        "domains": ["acme-mail.com", "team-acme.com"],
        "personas": [{"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": None}],
    })).data
    assert order["id"].startswith("ord_")

    # The sandbox signs its webhooks; the Flask recipe verifies them and tracks the order.
    deadline = time.monotonic() + 30
    while True:
        status, state = get_json(f"{flask_receiver}/orders/{order['id']}")
        if status == 200 and state["status"] == "completed":
            break
        assert time.monotonic() < deadline, (status, state)
        time.sleep(0.1)
    assert state["domains_connected"] == 2 and state["actions"] == []

    full = client.send(client.get_order(order["id"])).data
    assert full["status"] == "completed"
    ids = [o["id"] for page in client.pages(client.list_orders(per_page=1)) for o in page.items]
    assert order["id"] in ids


def inject_faults(client: peeker.Client, count: int, status: int) -> None:
    auth = client.me().headers["Authorization"]
    req = urllib.request.Request(f"{client.base_url}/_sandbox/faults",
                                 data=json.dumps({"count": count, "status": status}).encode(), method="POST",
                                 headers={"Authorization": auth, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert json.loads(r.read())["data"] == {"count": count, "status": status}


def test_faults_a_swap_is_sent_once_an_order_is_retried_into_one_order(sandbox: str) -> None:
    client = peeker.Client("pk_test_python_faults", base_url=sandbox)
    sleeps: "list[float]" = []
    # Two faults: the swap takes one (not retry-safe: sent once), GET /me shows the other is left.
    inject_faults(client, 2, 503)
    swap = client.create_swap({"type": "premium", "domain_id": "dom_1", "replacement_domain": "new-acme.com"})
    with pytest.raises(peeker.ApiError) as ei:
        client.send(swap, sleep=sleeps.append)
    assert ei.value.status == 503 and sleeps == []
    with pytest.raises(peeker.ApiError) as ei:
        client.send(client.me(), max_attempts=1)
    assert ei.value.status == 503
    # An order is retry-safe (the API deduplicates it): retried through two 503s, one order.
    bundle = client.send(client.create_bundle({"name": "faults", "monthly_sending_volume": 1760,
                                               "google_percent": 100, "microsoft_percent": 0})).data
    inject_faults(client, 2, 503)
    body = {"user": "alex@acme.com", "bundle_id": bundle["id"], "forwarding_url": "https://acme.com",
            "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com",
                          "login_password": "their-smartlead-password"},
            "domains": ["acme-mail.com", "team-acme.com"],
            "personas": [{"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": None}]}
    order = client.send(client.create_order(body), sleep=sleeps.append, jitter=lambda: 0.5).data
    assert sleeps == [0.375, 0.75]
    rows = [o["id"] for page in client.pages(client.list_orders()) for o in page.items]
    assert rows == [order["id"]]
