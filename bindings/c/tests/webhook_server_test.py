#!/usr/bin/env python3
"""Tests the C webhook receiver recipe (bindings/c/examples/webhook_server.c):
starts the real server on loopback, posts signed deliveries and forged ones, and
checks 2xx / 4xx and what the tracker reports.

    python3 bindings/c/tests/webhook_server_test.py SERVER [WRAPPER...]

WRAPPER (e.g. valgrind and its options) is put before SERVER. Deliveries are signed
here, in Python (HMAC-SHA256 over "<timestamp>.<raw body>"), independently of
libpeeker. Python 3 stdlib only. Prints failures and last
"webhook-server: N passed, N failed"; exit status 1 on failure.
"""
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time

SERVER = sys.argv[1]
WRAP = sys.argv[2:]
SECRET = "whsec_c_recipe_secret"
PREVIOUS = "whsec_c_recipe_previous"
passed = failed = 0


def expect(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}", file=sys.stderr)


def sign(body: bytes, secret: str, ts: int) -> str:
    return "v1=" + hmac.new(secret.encode(), str(ts).encode() + b"." + body, hashlib.sha256).hexdigest()


def event(evt_id, typ, data):
    return json.dumps({"id": evt_id, "type": typ, "created_at": "2026-05-08T12:00:00Z", "data": data},
                      separators=(",", ":")).encode()


env = dict(os.environ, PEEKER_WEBHOOK_SECRET=SECRET, PEEKER_WEBHOOK_SECRET_PREVIOUS=PREVIOUS)
proc = subprocess.Popen(WRAP + [SERVER, "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
line = proc.stdout.readline()
m = re.match(r"listening on http://127\.0\.0\.1:(\d+)/webhooks/peeker", line)
if not m:
    proc.kill()
    print(f"FAIL server did not start: {line!r} {proc.stderr.read()}", file=sys.stderr)
    print("webhook-server: 0 passed, 1 failed")
    sys.exit(1)
PORT = int(m.group(1))


def post(body: bytes, headers: dict, path="/webhooks/peeker", method="POST"):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    c.putrequest(method, path, skip_accept_encoding=True)
    for k, v in headers.items():
        c.putheader(k, v)
    c.putheader("Content-Length", str(len(body)))
    c.endheaders()
    if body:
        c.send(body)
    r = c.getresponse()
    text = r.read()
    c.close()
    try:
        return r.status, json.loads(text)
    except ValueError:
        return r.status, text


def signed(body: bytes, secret=SECRET, ts=None, names=("Peeker-Signature", "Peeker-Timestamp")):
    ts = int(time.time()) if ts is None else ts
    return {names[0]: sign(body, secret, ts), names[1]: str(ts), "Content-Type": "application/json"}


try:
    in_progress = event("evt_c_1", "order.in_progress", {"id": "ord_c1", "status": "in_progress", "domain_count": 2})
    st, js = post(in_progress, signed(in_progress))
    expect("signed delivery: 200", st == 200, (st, js))
    expect("signed delivery: event id and type", isinstance(js, dict) and js.get("received") == "evt_c_1"
           and js.get("type") == "order.in_progress" and js.get("duplicate") is False, js)
    expect("signed delivery: tracked order", isinstance(js, dict) and isinstance(js.get("order"), dict)
           and js["order"].get("status") == "in_progress" and js["order"].get("domains_total") == 2, js)

    st, js = post(in_progress, signed(in_progress))
    expect("redelivery: 200, marked duplicate", st == 200 and js.get("duplicate") is True, (st, js))

    connected = event("evt_c_2", "domain.connected",
                      {"id": "dom_c1", "domain": "acme-mail.com", "order_id": "ord_c1", "status": "active"})
    st, js = post(connected, signed(connected, names=("peeker-signature", "PEEKER-TIMESTAMP")))
    expect("header names any case: 200", st == 200, (st, js))
    expect("domain.connected counted on its order",
           isinstance(js, dict) and (js.get("order") or {}).get("domains_connected") == 1, js)

    rotated = event("evt_c_3", "swap.created", {"id": "swp_1", "status": "created"})
    st, js = post(rotated, signed(rotated, secret=PREVIOUS))
    expect("previous secret (rotation): 200", st == 200 and js.get("received") == "evt_c_3", (st, js))

    # Forged and broken deliveries.
    forged = event("evt_c_4", "order.completed", {"id": "ord_c1", "status": "completed"})
    st, js = post(forged, signed(forged, secret="whsec_attacker"))
    expect("forged signature: 401 signature_mismatch", st == 401 and js == {"error": "signature_mismatch"}, (st, js))

    h = signed(in_progress)
    tampered = in_progress.replace(b"in_progress\"", b"completed\"", 1)
    st, js = post(tampered, h)
    expect("tampered body: 401", st == 401 and js.get("error") == "signature_mismatch", (st, js))

    reserialised = json.dumps(json.loads(in_progress), indent=1).encode()
    st, js = post(reserialised, h)
    expect("re-serialised body: 401", st == 401 and js.get("error") == "signature_mismatch", (st, js))

    st, js = post(in_progress, signed(in_progress, ts=int(time.time()) - 3600))
    expect("an hour-old timestamp: 401 timestamp_out_of_tolerance",
           st == 401 and js.get("error") == "timestamp_out_of_tolerance", (st, js))

    st, js = post(in_progress, {"Peeker-Timestamp": str(int(time.time()))})
    expect("no signature header: 400 missing_header", st == 400 and js.get("error") == "missing_header", (st, js))

    st, js = post(in_progress, {"Peeker-Signature": "v1=", "Peeker-Timestamp": str(int(time.time()))})
    expect("empty v1 entry: 401", st == 401 and js.get("error") == "signature_mismatch", (st, js))

    st, js = post(in_progress, {"Peeker-Signature": sign(in_progress, SECRET, 5), "Peeker-Timestamp": "5 seconds"})
    expect("malformed timestamp: 400 malformed_header", st == 400 and js.get("error") == "malformed_header", (st, js))

    not_json = b"not an event"
    st, js = post(not_json, signed(not_json))
    expect("signed but not an event: 400 invalid_payload", st == 400 and js.get("error") == "invalid_payload", (st, js))

    huge = b"{" + b" " * (1024 * 1024) + b"}"
    st, js = post(huge, signed(huge))
    expect("body over 1 MiB: 413", st == 413 and js.get("error") == "payload_too_large", (st, js))

    st, _ = post(b"", {}, method="GET")
    expect("GET: 405", st == 405, st)
    st, _ = post(in_progress, signed(in_progress), path="/elsewhere")
    expect("other path: 404", st == 404, st)

    # Still serving after all of that.
    done = event("evt_c_5", "order.completed", {"id": "ord_c1", "status": "completed", "domain_count": 2})
    st, js = post(done, signed(done))
    expect("order.completed: 200, tracked as completed",
           st == 200 and (js.get("order") or {}).get("status") == "completed", (st, js))
    st, js = post(done, signed(done))
    expect("order.completed again: 200, a duplicate", st == 200 and js.get("duplicate") is True, (st, js))
finally:
    proc.send_signal(signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    expect("stops cleanly on SIGTERM (exit 0; under valgrind: no leak)", proc.returncode == 0,
           f"exit {proc.returncode}: {err[-2000:]}")
    expect("the secrets never reach the log", SECRET not in err and PREVIOUS not in err, err[-500:])
    expect("order.completed is acted on once, by its PEEKER_EVENT_ name",
           out.count("order completed: its inboxes") == 1, out[-500:])
    expect("refusals are logged with their cause", "signature_mismatch" in err and "re-serialised" in err,
           err[-500:])

print(f"webhook-server: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
