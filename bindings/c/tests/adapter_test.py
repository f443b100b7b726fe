#!/usr/bin/env python3
"""Tests the C conformance adapter (tests/adapters/c/adapter.c) on known inputs:
the netstring reader, every kind, the JSON string escaper, and its exit codes.

    python3 bindings/c/tests/adapter_test.py ADAPTER [WRAPPER...]

WRAPPER (e.g. valgrind and its options) is put before ADAPTER. Python 3 stdlib only.
Prints the failures and last "adapter: N passed, N failed"; exit status 1 on failure.
"""
import hashlib
import hmac
import json
import subprocess
import sys

ADAPTER = sys.argv[1]
WRAP = sys.argv[2:]
passed = failed = 0


def ns(x):
    b = x if isinstance(x, bytes) else str(x).encode()
    return str(len(b)).encode() + b":" + b + b","


def sign(body: bytes, secret: str, ts: int) -> str:
    return "v1=" + hmac.new(secret.encode(), str(ts).encode() + b"." + body, hashlib.sha256).hexdigest()


def run(data: bytes):
    p = subprocess.run(WRAP + [ADAPTER], input=data, capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def expect(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}", file=sys.stderr)


# A body whose event id and type need every kind of JSON escaping on the way out.
tricky_id = 'evt_"q"\\b\n\t\x00\x01\x1f\x7f é 😀'
tricky_body = json.dumps({"id": tricky_id, "type": "brand.new\u2028", "data": {}}).encode()
order_a = '{"b":1,"a":[true,"x"]}'
order_same = '{ "a" : [true, "x"], "b": 1 }'
order_other = '{"a":[true,"x"],"b":2}'
canonical_a = '{"a":[true,"x"],"b":1}'

cases = [
    (["root_domain", "mail.acme.co.uk"], {"error": "subdomain", "suggestion": "acme.co.uk"}),
    (["root_domain", "Bücher.de"], {"ascii": "xn--bcher-kva.de", "unicode": "bücher.de"}),
    (["root_domain", ""], {"error": "empty", "suggestion": None}),
    (["root_domain", b"\xffa.com"], {"error": "invalid_utf8", "suggestion": None}),
    (["registrable_domain", "www.Example.COM"], {"registrable": "example.com"}),
    (["registrable_domain", "co.uk"], {"registrable": None}),
    (["domain_set", 3, "b.com", "A.com", "mail.acme.com"],
     {"domains": ["a.com", "b.com"], "key": None, "errors": [{"index": 2, "error": "subdomain"}]}),
    (["domain_set", 2, "b.com", "a.com"],
     {"domains": ["a.com", "b.com"], "key": hashlib.sha256(b"a.com\nb.com").hexdigest(), "errors": []}),
    (["domain_set", 0], {"domains": [], "key": hashlib.sha256(b"").hexdigest(), "errors": []}),
    (["webhook", 2, "whsec_old", "whsec_s", 3, "peeker-signature", sign(tricky_body, "whsec_s", 1000),
      "PEEKER-TIMESTAMP", "1000", "X-Other", "y", tricky_body, 1200, ""],
     {"ok": True, "event_id": tricky_id, "event_type": "brand.new\u2028", "secret_index": 1}),
    (["webhook", 1, "whsec_s", 2, "Peeker-Signature", sign(tricky_body, "whsec_s", 1000),
      "Peeker-Timestamp", "1000", tricky_body, 1400, ""], {"error": "timestamp_out_of_tolerance"}),
    # A secret may end in a newline: it is one netstring, used as given.
    (["webhook", 1, "whsec_nl\n", 2, "Peeker-Signature", sign(tricky_body, "whsec_nl\n", 1000),
      "Peeker-Timestamp", "1000", tricky_body, 1000, ""],
     {"ok": True, "event_id": tricky_id, "event_type": "brand.new\u2028", "secret_index": 0}),
    (["webhook", 0, 2, "Peeker-Signature", sign(tricky_body, "whsec_s", 1000),
      "Peeker-Timestamp", "1000", tricky_body, 1000, ""], {"error": "invalid_secret"}),
    (["webhook", 1, "whsec_s", 2, "Peeker-Signature", sign(tricky_body, "whsec_s", 1000),
      "Peeker-Timestamp", "1000", tricky_body, 1400, "500"],
     {"ok": True, "event_id": tricky_id, "event_type": "brand.new\u2028", "secret_index": 0}),
    (["webhook", 1, "whsec_s", 0, b"{}", 1, "10"], {"error": "missing_header"}),
    (["order_dedupe_key", "pk_test_x", order_a, order_same, order_other],
     {"key": hmac.new(b"pk_test_x", canonical_a.encode(), hashlib.sha256).hexdigest(),
      "same_as_key": hmac.new(b"pk_test_x", canonical_a.encode(), hashlib.sha256).hexdigest(),
      "differs_from_key": hmac.new(b"pk_test_x", b'{"a":[true,"x"],"b":2}', hashlib.sha256).hexdigest()}),
    (["order_dedupe_key", "pk_test_x", '{"a":1.5}', "", ""], {"error": "unsupported_number"}),
    (["order_dedupe_key", "", "{}", "", ""], {"error": "invalid_api_key"}),
    (["response", 429, 1, "Peeker-Request-Id", "req_1",
      '{"error":{"code":"rate_limited","message":"slow","details":{"retry_after_seconds":12}}}'],
     {"ok": False, "error_code": "rate_limited", "field": None, "retry": "after", "retry_after_seconds": 12,
      "request_id": "req_1"}),
    (["response", 502, 0, "<html>bad gateway</html>"],
     {"ok": False, "error_code": None, "field": None, "retry": "backoff", "retry_after_seconds": None,
      "request_id": None}),
    (["response", 200, 1, b"X-Latin1", b"caf\xe9", b'{"data":{}}'],
     {"ok": True, "error_code": None, "field": None, "retry": "never", "retry_after_seconds": None,
      "request_id": None}),
]

stream = b"".join(ns(x) for fields, _ in cases for x in fields)
rc, out, err = run(stream)
expect("exit status 0 at end of input", rc == 0, f"(got {rc}: {err.decode(errors='replace')[-2000:]})")
lines = out.decode("utf-8").split("\n")
expect("one line per case, newline-terminated", len(lines) == len(cases) + 1 and lines[-1] == "",
       f"(got {len(lines) - 1} lines for {len(cases)} cases)")
for i, (fields, want) in enumerate(cases):
    line = lines[i] if i < len(lines) else ""
    try:
        got = json.loads(line)
    except ValueError as e:
        expect(f"case {i} ({fields[0]}) is valid JSON", False, f"{e}: {line!r}")
        continue
    expect(f"case {i} ({fields[0]})", got == want, f"\n   got  {got!r}\n   want {want!r}")

# Control characters are escaped (raw ones would break the line protocol).
expect("no raw control characters in output", not any(c < 0x20 and c != 0x0A for c in out))

# An unknown kind: one {"unsupported": true} line, exit status 3.
rc, out, _ = run(ns("no_such_kind") + ns("x"))
expect("unknown kind", rc == 3 and out == b'{"unsupported": true}\n', f"(rc {rc}, out {out!r})")

# Malformed streams: exit status 2, nothing on stdout.
for bad in [b"5:abc", b"x:", b"3:abc;", b"11:root_domain,", b"11:root_domain,4:acme"]:
    rc, out, _ = run(bad)
    expect(f"malformed {bad!r}", rc == 2 and out == b"", f"(rc {rc}, out {out!r})")

# Empty input: nothing to do.
rc, out, _ = run(b"")
expect("empty input", rc == 0 and out == b"", f"(rc {rc}, out {out!r})")

print(f"adapter: {passed} passed, {failed} failed")
sys.exit(0 if failed == 0 else 1)
