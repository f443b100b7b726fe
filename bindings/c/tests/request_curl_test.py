#!/usr/bin/env python3
"""Tests the libcurl recipe (bindings/c/examples/request_curl.c) against a tiny
local stub of the Partner API (http.server on loopback) serving documented bodies:
a full order (request built and validated by libpeeker, sent by libcurl, response
parsed by libpeeker), paging through links.next, retries on a proxy 503 and a 429,
an API error, a request refused before sending, and a transport failure.

    python3 bindings/c/tests/request_curl_test.py PROGRAM [WRAPPER...]

WRAPPER (e.g. valgrind and its options) is put before PROGRAM. Python 3 stdlib only.
Prints failures and last "request-curl: N passed, N failed"; exit status 1 on failure.
"""
import http.server
import json
import re
import os
import socket
import subprocess
import sys
import threading
import urllib.parse

PROGRAM = sys.argv[1]
WRAP = sys.argv[2:]
API_KEY = "pk_test_CURLSECRET42"
passed = failed = 0


def expect(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}", file=sys.stderr)


SEED_ORDER = {
    "user": "alex@acme.com",
    "bundle_id": "bun_01HZX0BU",
    "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com",
                  "login_password": "their-smartlead-password"},
    "forwarding_url": "https://acme.com",
    "domains": ["acme-mail.com", "team-acme.com"],
    "personas": [{"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": "https://cdn.acme.com/alex.jpg"},
                 {"first_name": "Sam", "last_name": "Lee", "profile_picture_url": "https://cdn.acme.com/sam.jpg"}],
}
# The seed guide's lean order receipt.
ORDER_200 = {"data": {"id": "ord_01HZX0OR1A2B3C4D5E6F7G8H", "user_id": "usr_01HZX0C6Z3K4M5N6P7Q8R9S0",
                      "email": "alex@acme.com", "bundle_id": "bun_01HZX0BU", "status": "in_progress",
                      "domain_count": 2, "costs": {"total_cents": 6800, "currency": "usd"},
                      "created_at": "2026-05-08T12:00:00Z"}}

seen = []  # (method, path, headers, body) of every request the stub received
flaky = {"n": 0}


class Stub(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, ctype="application/json", request_id=None):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(raw)))
        if request_id:
            self.send_header("Peeker-Request-Id", request_id)
        self.end_headers()
        self.wfile.write(raw)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        seen.append((self.command, self.path, dict(self.headers), body))
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        if self.headers.get("Authorization") != "Bearer " + API_KEY:
            return self.answer(401, {"error": {"code": "unauthorized", "message": "bad key"}})
        base = f"http://127.0.0.1:{PORT}/partner/v1"
        if (self.command, u.path) == ("POST", "/partner/v1/orders"):
            if json.loads(body) != SEED_ORDER or self.headers.get("Content-Type") != "application/json":
                return self.answer(400, {"error": {"code": "invalid_request", "message": "unexpected body"}})
            return self.answer(200, ORDER_200, request_id="req_order_1")
        if (self.command, u.path) == ("GET", "/partner/v1/orders"):
            if q.get("page_token") == ["p2"]:
                return self.answer(200, {"data": [{"id": "ord_3", "status": "failed"}],
                                         "links": {"first": f"{base}/orders?per_page=2", "next": None},
                                         "meta": {"per_page": 2, "returned": 1}}, request_id="req_page_2")
            return self.answer(200, {"data": [{"id": "ord_1", "status": "completed", "domain_count": 2},
                                              {"id": "ord_2", "status": "in_progress", "domain_count": 1}],
                                     "links": {"first": f"{base}/orders?per_page=2",
                                               "next": f"{base}/orders?per_page=2&page_token=p2"},
                                     "meta": {"per_page": 2, "returned": 2}}, request_id="req_page_1")
        if (self.command, u.path) == ("POST", "/partner/v1/swaps"):
            return self.answer(503, b"<html><body>503 Service Unavailable</body></html>", "text/html")
        if (self.command, u.path) == ("GET", "/partner/v1/orders/ord_flaky"):
            flaky["n"] += 1
            if flaky["n"] == 1:
                return self.answer(503, b"<html><body>503 Service Unavailable</body></html>", "text/html")
            if flaky["n"] == 2:
                return self.answer(429, {"error": {"code": "rate_limited", "message": "API rate limit exceeded",
                                                   "details": {"retry_after_seconds": 1}}}, request_id="req_429")
            return self.answer(200, {"data": {"id": "ord_flaky", "status": "completed"}}, request_id="req_ok")
        if (self.command, u.path) == ("GET", "/partner/v1/me"):
            return self.answer(200, {"data": {"api_key": {"environment": "test", "permission_preset": "full"},
                                              "partner": {"id": "org_1", "name": "Acme"}}})
        return self.answer(404, {"error": {"code": "not_found", "message": f"Nothing at {u.path}",
                                           "field": "id"}}, request_id="req_404")

    do_GET = do_POST = do_PATCH = do_DELETE = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stub)
PORT = server.server_address[1]
threading.Thread(target=server.serve_forever, daemon=True).start()
BASE = f"http://127.0.0.1:{PORT}/partner/v1"


def run(op, params, all_pages=False, base=None):
    env = dict(os.environ, PEEKER_API_KEY=API_KEY)
    argv = [PROGRAM] + (["--all-pages"] if all_pages else []) + [base or BASE, op, params]
    p = subprocess.run(WRAP + argv, env=env, capture_output=True, text=True, timeout=300)
    expect(f"{op}: the API key is never printed", "CURLSECRET42" not in p.stdout + p.stderr, p.stdout)
    expect(f"{op}: the password is never printed", "their-smartlead-password" not in p.stdout + p.stderr)
    return p.returncode, p.stdout, p.stderr


def data_lines(out):
    return [json.loads(line[len("data: "):]) for line in out.splitlines() if line.startswith("data: ")]


try:
    # 1. A full order: libpeeker normalises and validates, libcurl sends, libpeeker parses.
    order_params = dict(SEED_ORDER, domains=["Acme-Mail.com", "team-acme.com."])
    rc, out, err = run("create_order", json.dumps({"body": order_params}))
    expect("create_order: exit 0", rc == 0, (rc, out, err))
    posts = [s for s in seen if s[0] == "POST"]
    expect("create_order: one POST /partner/v1/orders", len(posts) == 1 and posts[0][1] == "/partner/v1/orders",
           seen)
    if posts:
        hdrs = posts[0][2]
        expect("create_order: the body sent is the seed order, domains normalised",
               json.loads(posts[0][3]) == SEED_ORDER, posts[0][3])
        expect("create_order: User-Agent names the SDK and the caller",
               re.fullmatch(r"peeker-sdk/\S+ request-curl-example/1\.0", hdrs.get("User-Agent", "")) is not None, hdrs)
        expect("create_order: Accept and Content-Type",
               hdrs.get("Accept") == "application/json" and hdrs.get("Content-Type") == "application/json", hdrs)
    expect("create_order: request line printed", f"> POST {BASE}/orders" in out, out)
    expect("create_order: status and request id", "< 200 req_order_1" in out, out)
    d = data_lines(out)
    expect("create_order: typed data", len(d) == 1 and d[0]["id"] == "ord_01HZX0OR1A2B3C4D5E6F7G8H"
           and d[0]["costs"]["total_cents"] == 6800, out)

    # 2. Paging through links.next.
    seen.clear()
    rc, out, err = run("list_orders", '{"per_page":2}', all_pages=True)
    expect("list_orders --all-pages: exit 0", rc == 0, (rc, out, err))
    gets = [s[1] for s in seen]
    expect("list_orders: both pages fetched, the second from links.next",
           gets == ["/partner/v1/orders?per_page=2", "/partner/v1/orders?per_page=2&page_token=p2"], gets)
    d = data_lines(out)
    expect("list_orders: rows of both pages", [r["id"] for page in d for r in page] == ["ord_1", "ord_2", "ord_3"], out)
    rc, out, err = run("list_orders", '{"per_page":2}')
    expect("list_orders without --all-pages: one page", rc == 0 and len(data_lines(out)) == 1, out)

    # 3. A proxy 503 (backoff), then a 429 (wait retry_after_seconds), then success.
    seen.clear()
    rc, out, err = run("get_order", '{"id":"ord_flaky"}')
    expect("flaky: exit 0 after retries", rc == 0, (rc, out, err))
    expect("flaky: three attempts", len(seen) == 3, seen)
    expect("flaky: backoff after the 503, then 'after' for the 429",
           "retry: backoff" in out and "retry: after" in out and out.index("retry: backoff") < out.index("retry: after"),
           out)
    expect("flaky: the 429 wait is at least retry_after_seconds",
           any(l.startswith("retry: after, waiting ") and int(l.split()[3]) >= 1000 for l in out.splitlines()), out)
    d = data_lines(out)
    expect("flaky: final data", len(d) == 1 and d[0]["id"] == "ord_flaky" and d[0]["status"] == "completed", out)

    # 3b. A swap is not retry-safe: a 503 may come after the swap was made, so it is sent once.
    seen.clear()
    rc, out, err = run("create_swap", json.dumps({"body": {"type": "premium", "domain_id": "dom_1",
                                                           "replacement_domain": "new-acme.com"}}))
    expect("swap 503: exit 1, reported", rc == 1 and "error: 503" in out, (rc, out, err))
    expect("swap 503: sent once", [x[:2] for x in seen] == [("POST", "/partner/v1/swaps")], seen)

    # 4. An API error: typed, not retried.
    seen.clear()
    rc, out, err = run("get_order", '{"id":"ord_missing"}')
    expect("404: exit 1", rc == 1, (rc, out, err))
    expect("404: one attempt", len(seen) == 1, seen)
    expect("404: code, field, retry advice and request id",
           "error: 404 not_found: Nothing at /partner/v1/orders/ord_missing (field id) [retry: never; request id req_404]"
           in out, out)

    # 5. Refused before sending: the field path, nothing on the wire.
    seen.clear()
    bad = json.loads(json.dumps(SEED_ORDER))
    del bad["sequencer"]["login_password"]
    rc, out, err = run("create_order", json.dumps({"body": bad}))
    expect("invalid order: exit 2", rc == 2, (rc, out, err))
    expect("invalid order: field path", "invalid: invalid_request:" in out and "field sequencer.login_password" in out,
           out)
    bad = dict(SEED_ORDER, domains=["acme-mail.com", "mail.acme.com"])
    rc, out, err = run("create_order", json.dumps({"body": bad}))
    expect("subdomain: exit 2, field domains[1]", rc == 2 and "invalid: subdomain:" in out and "field domains[1]" in out,
           out)
    expect("invalid requests never reach the server", seen == [], seen)

    # 6. GET /me.
    rc, out, err = run("me", "")
    expect("me: exit 0", rc == 0 and data_lines(out) and data_lines(out)[0]["partner"]["id"] == "org_1", out)

    # 7. Nobody listening: transport failures back off, then exit 3.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead = s.getsockname()[1]
    s.close()
    rc, out, err = run("me", "", base=f"http://127.0.0.1:{dead}/partner/v1")
    expect("transport failure: exit 3 after 4 attempts", rc == 3 and out.count("transport error") == 4, (rc, out))
finally:
    server.shutdown()

print(f"request-curl: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
