#!/usr/bin/env python3
"""Generates tests/vectors/retry.json (kind `retry`).

Every expected value is written here by hand from tests/vectors/FORMAT.md (kind
`retry`: the table of outcomes; kind `request`: which operations are
`retry_safe`) and the backoff this SDK documents in its README (exponential from
0.5 s, doubling per attempt, capped at 30 s, "equal jitter": between half the
step and the step), never taken from the SDK's output. Re-run after editing:
    python3 tests/vectors/gen/make_retry_vectors.py
"""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent

SAFE = ["get_order", "me", "list_orders", "next_page", "check_availability", "create_order",
        "import_domains", "create_import_job", "update_forwarding"]
UNSAFE = ["create_swap", "swap_user_names", "create_bundle", "update_bundle", "delete_bundle",
          "cancel_order"]

RID = {"Peeker-Request-Id": "req_01HZX0E5K7N9P2Q4R6S8T0U1V3"}


def envelope(code, message="m", details=None):
    err = {"code": code, "message": message}
    if details is not None:
        err["details"] = details
    return json.dumps({"error": err})


def response(status, body="", headers=None):
    return {"status": status, "headers": dict(RID if headers is None else headers), "body": body}


def case(name, op, attempt, outcome, retry, lo=None, hi=None, jitter=None, max_attempts=None):
    c = {"name": name, "operation": op, "attempt": attempt, "outcome": outcome}
    if max_attempts is not None:
        c["max_attempts"] = max_attempts
    if jitter is not None:
        c["jitter"] = jitter
    c["retry"] = retry
    if lo is not None:
        c["delay_ms_min"] = lo
    if hi is not None:
        c["delay_ms_max"] = hi
    return c


def backoff(attempt):
    """(min, max) of the documented backoff after attempt `attempt`."""
    step = min(500 * 2 ** (attempt - 1), 30_000)
    return step // 2, step


def retry_cases():
    cs = []
    ok_body = json.dumps({"data": {"id": "ord_1", "status": "in_progress"}})
    # Row 1: 2xx, and 4xx other than 429: no retry, whatever the operation.
    for op, st in [("get_order", 200), ("create_order", 201), ("create_swap", 200), ("delete_bundle", 204)]:
        cs.append(case(f"{st} {op}: a success is not sent again", op, 1, response(st, ok_body), False, jitter=0.5))
    for op, st, code in [("create_order", 400, "validation_failed"), ("me", 401, "unauthorized"),
                         ("list_orders", 403, "forbidden"), ("get_order", 404, "not_found"),
                         ("create_swap", 409, "conflict"), ("import_domains", 422, "validation_failed"),
                         ("update_forwarding", 400, "invalid_request")]:
        cs.append(case(f"{st} {op}: fix the request, no retry", op, 1, response(st, envelope(code)), False,
                       jitter=0.5))
    cs.append(case("404 with an HTML body: no retry", "get_order", 1,
                   response(404, "<html>Not Found</html>", {}), False, jitter=0.5))
    # Row 2: a 429 for Cloudflare capacity: no retry (use create_import_job), retry_after_seconds or not.
    cap = {"reason": "cloudflare_account_capacity", "retry_after_seconds": 3}
    for op in ["import_domains", "check_availability", "get_order"]:
        cs.append(case(f"429 cloudflare_account_capacity ({op}): no retry, use create_import_job", op, 1,
                       response(429, envelope("rate_limited", details=cap)), False, jitter=0))
    cs.append(case("429 cloudflare_account_capacity without retry_after_seconds: no retry", "import_domains", 1,
                   response(429, envelope("rate_limited", details={"reason": "cloudflare_account_capacity"})),
                   False, jitter=0))
    # Row 3: another 429 was not carried out: any operation, after S s plus the jitter's 0-1 s.
    rl = lambda s: envelope("rate_limited", details={"retry_after_seconds": s})  # noqa: E731
    for op in UNSAFE + ["get_order", "create_order"]:
        cs.append(case(f"429 retry_after_seconds 12 ({op}): retried, any operation, jitter 0", op, 1,
                       response(429, rl(12)), True, 12_000, 12_000, jitter=0))
    cs.append(case("429, jitter 0.999: just under S*1000 + 1000", "create_swap", 2, response(429, rl(2)), True,
                   2_990, 3_000, jitter=0.999))
    cs.append(case("429, jitter 0.5", "cancel_order", 1, response(429, rl(4)), True, 4_400, 4_600, jitter=0.5))
    cs.append(case("429 without retry_after_seconds: the documented 5 s", "create_bundle", 1,
                   response(429, envelope("rate_limited")), True, 5_000, 6_000, jitter=0.3))
    cs.append(case("429 with details but no retry_after_seconds: 5 s", "get_order", 1,
                   response(429, envelope("rate_limited", details={"limit": 600})), True, 5_000, 5_000, jitter=0))
    cs.append(case("429 with a body that is not the envelope (a proxy's HTML): 5 s", "swap_user_names", 1,
                   response(429, "<html>Too Many Requests</html>", {}), True, 5_000, 6_000, jitter=0.999))
    cs.append(case("429 with an empty body: 5 s", "me", 1, response(429, ""), True, 5_000, 6_000))
    cs.append(case("429 retry_after_seconds 0: at once plus the jitter", "create_swap", 1, response(429, rl(0)),
                   True, 0, 1_000, jitter=0.5))
    cs.append(case("429 with another reason is retried", "import_domains", 1,
                   response(429, envelope("rate_limited", details={"reason": "partner_limit",
                                                                    "retry_after_seconds": 7})),
                   True, 7_000, 8_000, jitter=0.2))
    cs.append(case("429 at attempt = max_attempts - 1 (3 of 4): retried", "create_swap", 3, response(429, rl(1)),
                   True, 1_000, 2_000, jitter=0.1))
    cs.append(case("429 at attempt = max_attempts (4 of 4): no retry", "create_swap", 4, response(429, rl(1)),
                   False, jitter=0.1))
    cs.append(case("429 with max_attempts 1: no retry", "get_order", 1, response(429, rl(1)), False, jitter=0,
                   max_attempts=1))
    # Row 4: 5xx, or a timeout: only a retry_safe request, after the backoff.
    bodies = [("an HTML body", "<html><body>502 Bad Gateway</body></html>", {}),
              ("an empty body", "", None),
              ("truncated JSON", '{"error": {"code": "intern', None),
              ("the envelope", envelope("internal_error", "Something broke"), None)]
    statuses = [500, 502, 503, 504]
    for i, op in enumerate(SAFE):
        st = statuses[i % 4]
        label, body, hs = bodies[i % 4]
        lo, hi = backoff(1)
        cs.append(case(f"{st} with {label} ({op}, retry_safe): retried after the backoff", op, 1,
                       response(st, body, hs), True, lo, hi, jitter=0.5))
    for i, op in enumerate(UNSAFE):
        st = statuses[i % 4]
        label, body, hs = bodies[i % 4]
        cs.append(case(f"{st} with {label} ({op}, not retry_safe): no retry, the work may have been done", op, 1,
                       response(st, body, hs), False, jitter=0.5))
    cs.append(case("503 create_swap at attempt 2: still no retry", "create_swap", 2,
                   response(503, "<html>busy</html>", {}), False, jitter=0))
    cs.append(case("503 backoff, attempt 2, jitter 0: half the step", "get_order", 2, response(503, ""), True,
                   500, 500, jitter=0))
    cs.append(case("503 backoff, attempt 2, jitter 0.999: just under the step", "get_order", 2, response(503, ""),
                   True, 990, 1_000, jitter=0.999))
    cs.append(case("503 backoff, attempt 3 (= max_attempts - 1)", "create_order", 3, response(503, ""), True,
                   *backoff(3), jitter=0.5))
    cs.append(case("503 at attempt = max_attempts: no retry", "create_order", 4, response(503, ""), False,
                   jitter=0.5))
    cs.append(case("500 at attempt beyond max_attempts: no retry", "get_order", 5, response(500, ""), False))
    cs.append(case("502 with max_attempts 10, attempt 9: the backoff is capped at 30 s", "list_orders", 9,
                   response(502, ""), True, 15_000, 30_000, jitter=0.5, max_attempts=10))
    cs.append(case("599 is a 5xx", "me", 1, response(599, ""), True, *backoff(1), jitter=0))
    for op in ["get_order", "create_order", "import_domains", "create_import_job", "update_forwarding",
               "check_availability"]:
        cs.append(case(f"timeout ({op}, retry_safe): retried after the backoff", op, 1,
                       {"network_error": "timeout"}, True, *backoff(1), jitter=0.5))
    for op in UNSAFE:
        cs.append(case(f"timeout ({op}, not retry_safe): no retry, it may have been carried out", op, 1,
                       {"network_error": "timeout"}, False, jitter=0.5))
    cs.append(case("timeout at attempt = max_attempts - 1: retried", "get_order", 3, {"network_error": "timeout"},
                   True, *backoff(3), jitter=0.5))
    cs.append(case("timeout at attempt = max_attempts: no retry", "get_order", 4, {"network_error": "timeout"},
                   False, jitter=0.5))
    # Row 5: the connection failed before the request was sent: any operation, after the backoff.
    for op in ["create_swap", "cancel_order", "create_bundle", "swap_user_names", "get_order", "create_order"]:
        cs.append(case(f"connect ({op}): nothing was sent, retried after the backoff", op, 1,
                       {"network_error": "connect"}, True, *backoff(1), jitter=0.5))
    cs.append(case("connect, attempt 2, jitter 0", "create_swap", 2, {"network_error": "connect"}, True, 500, 500,
                   jitter=0))
    cs.append(case("connect, attempt 3, jitter 0.999", "delete_bundle", 3, {"network_error": "connect"}, True,
                   1_980, 2_000, jitter=0.999))
    cs.append(case("connect at attempt = max_attempts: no retry", "create_swap", 4, {"network_error": "connect"},
                   False, jitter=0))
    cs.append(case("connect with max_attempts 2, attempt 1: retried", "cancel_order", 1,
                   {"network_error": "connect"}, True, *backoff(1), jitter=0.5, max_attempts=2))
    cs.append(case("connect with max_attempts 2, attempt 2: no retry", "cancel_order", 2,
                   {"network_error": "connect"}, False, jitter=0.5, max_attempts=2))
    cs.append(case("connect without a jitter: within the backoff", "me", 1, {"network_error": "connect"}, True,
                   *backoff(1)))
    return cs


def write(name, kind, cases):
    doc = {"kind": kind, "cases": cases}
    (OUT / name).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{name}: {len(cases)} cases")


if __name__ == "__main__":
    write("retry.json", "retry", retry_cases())
