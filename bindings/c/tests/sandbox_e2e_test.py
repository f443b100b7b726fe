#!/usr/bin/env python3
"""Both C recipes end to end against the project's offline sandbox
(tests/sandbox, `peeker-sandbox serve`): request_curl places the seed guide's order
(bundle, import, order, then reads it back and pages through the domains), the
sandbox delivers its signed webhooks to webhook_server, which verifies each one with
libpeeker and tracks the order until order.completed.

    python3 bindings/c/tests/sandbox_e2e_test.py SANDBOX REQUEST_CURL WEBHOOK_SERVER

Python 3 stdlib only. Prints failures and last "sandbox-e2e: N passed, N failed";
exit status 1 on failure.
"""
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

SANDBOX, CURL, SERVER = sys.argv[1:4]
API_KEY = "pk_test_c_end_to_end"
SECRET = "whsec_c_end_to_end"
passed = failed = 0


def expect(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}", file=sys.stderr)


def lines_of(proc):
    """A queue fed with the process's stdout lines by a thread."""
    q = queue.Queue()

    def pump():
        for line in proc.stdout:
            q.put(line.rstrip("\n"))
        q.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return q


def first_line(q, pattern, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        try:
            line = q.get(timeout=max(0.1, end - time.time()))
        except queue.Empty:
            break
        if line is None:
            break
        m = re.search(pattern, line)
        if m:
            return m
    return None


def curl(op, params="", all_pages=False):
    argv = [CURL] + (["--all-pages"] if all_pages else []) + [BASE, op, params]
    p = subprocess.run(argv, env=dict(os.environ, PEEKER_API_KEY=API_KEY), capture_output=True, text=True,
                       timeout=120)
    expect(f"{op}: exit 0", p.returncode == 0, (p.returncode, p.stdout, p.stderr))
    expect(f"{op}: the key is never printed", API_KEY not in p.stdout + p.stderr)
    return [json.loads(l[6:]) for l in p.stdout.splitlines() if l.startswith("data: ")], p.stdout


server = subprocess.Popen([SERVER, "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=dict(os.environ, PEEKER_WEBHOOK_SECRET=SECRET))
server_lines = lines_of(server)
m = first_line(server_lines, r"listening on (http://127\.0\.0\.1:\d+/webhooks/peeker)", 30)
sandbox = None
try:
    expect("webhook_server started", m is not None)
    hook_url = m.group(1) if m else "http://127.0.0.1:9/none"
    sandbox = subprocess.Popen([SANDBOX, "serve", "--port", "0", "--speed", "3000", "--quiet", "--webhook-url",
                                hook_url, "--webhook-secret", SECRET], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    sb_lines = lines_of(sandbox)
    m = first_line(sb_lines, r"^PEEKER_SANDBOX_URL=(\S+)", 60)
    expect("sandbox started", m is not None)
    BASE = m.group(1) if m else "http://127.0.0.1:9/partner/v1"

    data, _ = curl("me")
    expect("me: the sandbox key is a test key", data and data[0]["api_key"]["environment"] == "test", data)
    data, _ = curl("create_bundle", json.dumps({"body": {"name": "C end to end", "monthly_sending_volume": 1000}}))
    bundle = data[0]["id"] if data else "bun_missing"
    total = data[0].get("required_domains", {}).get("total") if data else None
    domains = ["acme-mail.com", "team-acme.com"][: total or 2]
    data, _ = curl("import_domains", json.dumps({"domains": [d.upper() for d in domains]}))
    expect("import: nameservers to show", data and data[0]["nameserver_groups"][0]["nameserver_one"].endswith(
        ".ns.cloudflare.com"), data)
    order_body = {
        "user": "alex@acme.com", "bundle_id": bundle,
        "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com",
                      "login_password": "their-smartlead-password"},
        "forwarding_url": "https://acme.com", "domains": domains,
        "personas": [{"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": "https://cdn.acme.com/a.jpg"}],
    }
    data, out = curl("create_order", json.dumps({"body": order_body}))
    order_id = data[0]["id"] if data else "ord_missing"
    expect("create_order: an order id", order_id.startswith("ord_"), out)
    # The same body again: the sandbox's 24-hour dedupe returns the same order.
    data, _ = curl("create_order", json.dumps({"body": order_body}))
    expect("create_order again: the same order (dedupe)", data and data[0]["id"] == order_id, data)

    # The webhooks reach the C receiver, verified; the tracker follows the order to completion.
    m = first_line(server_lines, r"^accepted (\S+) order\.completed order (\{.*\})$", 90)
    expect("order.completed received and verified", m is not None)
    if m:
        state = json.loads(m.group(2))
        expect("tracked: the order completed with every domain connected",
               state["id"] == order_id and state["status"] == "completed"
               and state["domains_connected"] == len(domains) and state["actions"] == [], state)

    data, _ = curl("get_order", json.dumps({"id": order_id}))
    expect("get_order: completed, imported domains", data and data[0]["status"] == "completed"
           and sorted(data[0]["domains"]["imported"]) == sorted(domains), data)
    data, out = curl("list_domains", json.dumps({"per_page": 1}), all_pages=True)
    expect("list_domains --all-pages: one domain per page, every page followed",
           len(data) == len(domains) and all(len(p) == 1 for p in data), out)
finally:
    for p in (sandbox, server):
        if p is not None:
            p.send_signal(signal.SIGTERM)
    if sandbox is not None:
        try:
            sandbox.wait(timeout=30)
        except subprocess.TimeoutExpired:
            sandbox.kill()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    err = server.stderr.read()
    expect("webhook_server stops cleanly", server.returncode == 0, err[-1000:])
    expect("no delivery was refused", "refused" not in err, err[-1000:])

print(f"sandbox-e2e: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
