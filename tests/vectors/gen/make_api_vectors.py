#!/usr/bin/env python3
"""Generates tests/vectors/{webhook,response,order_dedupe_key}.json.

Expected values are computed here with Python's own hmac/hashlib/json, independently
of the SDK, from the rules in tests/vectors/FORMAT.md. Re-run after editing:
    python3 tests/vectors/gen/make_api_vectors.py
"""
import base64
import hashlib
import hmac
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent
SECRET = "whsec_vector_secret"
TS = 1778242473


def sig(body: bytes, secret: str = SECRET, ts=TS) -> str:
    return hmac.new(secret.encode(), str(ts).encode() + b"." + body, hashlib.sha256).hexdigest()


def envelope(t="order.completed", eid="evt_01HZX0EV2A2B3C4D5E6F7G8H", data=None):
    return json.dumps({"id": eid, "type": t, "created_at": "2026-05-08T12:14:33Z",
                       "data": data or {"id": "ord_01HZX0OR1A2B3C4D5E6F7G8H", "status": "completed"}},
                      separators=(",", ":"))


def wh(name, body, headers, expect, now=TS + 5, secret=SECRET, tolerance=None):
    c = {"name": name, "secret": secret, "headers": headers}
    if isinstance(body, bytes):
        try:
            c["body"] = body.decode("utf-8")
        except UnicodeDecodeError:
            c["body_base64"] = base64.b64encode(body).decode()
    else:
        c["body"] = body
    c["now"] = now
    if tolerance is not None:
        c["tolerance"] = tolerance
    c.update(expect)
    return c


def hdrs(s, ts=TS, eid="evt_01HZX0EV2A2B3C4D5E6F7G8H"):
    return {"Peeker-Signature": s, "Peeker-Timestamp": str(ts), "Peeker-Event-Id": eid}


def ok(eid="evt_01HZX0EV2A2B3C4D5E6F7G8H", t="order.completed"):
    return {"ok": True, "event_id": eid, "event_type": t}


def err(code):
    return {"error": code}


def ok_i(i, **kw):
    """Accepted, and the secret that matched is configured secret `i` (0-based)."""
    return {**ok(**kw), "secret_index": i}


def secret_index_cases(b, bb):
    """`secret_index`: the lowest index among the configured secrets that match any
    v1 entry (the order of the entries does not matter)."""
    live, sandbox, old, new = "whsec_live_secret", "whsec_test_secret", "whsec_old_secret", "whsec_new_secret"
    three = [live, sandbox, old]
    v = lambda secret: "v1=" + sig(bb, secret)  # noqa: E731
    return [
        wh("secret_index: one secret", b, hdrs(v(SECRET)), ok_i(0)),
        wh("secret_index: live and sandbox, live delivery", b, hdrs(v(live)), ok_i(0), secret=[live, sandbox]),
        wh("secret_index: live and sandbox, sandbox delivery", b, hdrs(v(sandbox)), ok_i(1), secret=[live, sandbox]),
        wh("secret_index: sandbox first, live delivery", b, hdrs(v(live)), ok_i(1), secret=[sandbox, live]),
        wh("secret_index: three secrets, first matches", b, hdrs(v(live)), ok_i(0), secret=three),
        wh("secret_index: three secrets, second matches", b, hdrs(v(sandbox)), ok_i(1), secret=three),
        wh("secret_index: three secrets, third matches", b, hdrs(v(old)), ok_i(2), secret=three),
        wh("secret_index: three secrets, none matches", b, hdrs(v(new)), err("signature_mismatch"), secret=three),
        wh("secret_index: rotation, old and new, signed with old", b, hdrs(v(old)), ok_i(0), secret=[old, new]),
        wh("secret_index: rotation, old and new, signed with new", b, hdrs(v(new)), ok_i(1), secret=[old, new]),
        wh("secret_index: rotation, header signed with both (new first)", b, hdrs(v(new) + "," + v(old)), ok_i(0),
           secret=[old, new]),
        wh("secret_index: rotation, header signed with both (old first)", b, hdrs(v(old) + "," + v(new)), ok_i(0),
           secret=[old, new]),
        wh("secret_index: entries for the 3rd and 2nd secret: lowest configured index wins", b,
           hdrs(v(old) + " " + v(sandbox)), ok_i(1), secret=three),
        wh("secret_index: entries for the 3rd, a forged and the 1st secret", b,
           hdrs(v(old) + ",v1=" + "0" * 64 + "," + v(live)), ok_i(0), secret=three),
        wh("secret_index: one entry for the 2nd, after an unknown version", b, hdrs("v2=" + sig(bb, live) + "," + v(sandbox)),
           ok_i(1), secret=three),
        wh("secret_index: the same secret configured twice: the first", b, hdrs(v(sandbox)), ok_i(1),
           secret=[live, sandbox, sandbox]),
        wh("secret_index: five entries, only the last matches the 3rd secret", b,
           hdrs(",".join(["v1=" + sig(bb, f"whsec_other_{k}") for k in range(4)] + [v(old)])), ok_i(2), secret=three),
        wh("secret_index: the matching secret, but stale", b, hdrs(v(sandbox)), err("timestamp_out_of_tolerance"),
           secret=[live, sandbox], now=TS + 301),
    ]


def webhook_cases():
    b = envelope()
    bb = b.encode()
    good = "v1=" + sig(bb)
    cases = [
        wh("valid", b, hdrs(good), ok()),
        wh("header names lower case", b, {k.lower(): v for k, v in hdrs(good).items()}, ok()),
        wh("header names upper case", b, {k.upper(): v for k, v in hdrs(good).items()}, ok()),
        wh("two entries, comma, second matches", b, hdrs("v1=" + sig(bb, "old") + "," + good), ok()),
        wh("two entries, comma and space", b, hdrs("v1=" + sig(bb, "old") + ", " + good), ok()),
        wh("two entries, space only", b, hdrs(good + " v1=" + sig(bb, "old")), ok()),
        wh("unknown version ignored", b, hdrs("v0=deadbeef," + good), ok()),
        wh("future version ignored", b, hdrs("v2=" + sig(bb) + "," + good), ok()),
        wh("only unknown version", b, hdrs("v2=" + sig(bb)), err("signature_mismatch")),
        wh("rotation: second secret matches", b, hdrs(good), ok_i(1), secret=["whsec_old_secret", SECRET]),
        wh("rotation: first secret matches", b, hdrs(good), ok_i(0), secret=[SECRET, "whsec_new_secret"]),
        wh("rotation: none matches", b, hdrs(good), err("signature_mismatch"), secret=["a_secret", "b_secret"]),
        wh("tolerance: exactly 300 s old", b, hdrs(good), ok(), now=TS + 300),
        wh("tolerance: 301 s old", b, hdrs(good), err("timestamp_out_of_tolerance"), now=TS + 301),
        wh("tolerance: exactly 300 s ahead", b, hdrs(good), ok(), now=TS - 300),
        wh("tolerance: 301 s ahead", b, hdrs(good), err("timestamp_out_of_tolerance"), now=TS - 301),
        wh("custom tolerance 10: 10 s", b, hdrs(good), ok(), now=TS + 10, tolerance=10),
        wh("custom tolerance 10: 11 s", b, hdrs(good), err("timestamp_out_of_tolerance"), now=TS + 11, tolerance=10),
        wh("custom tolerance 0: same second", b, hdrs(good), ok(), now=TS, tolerance=0),
        wh("custom tolerance 0: one second later", b, hdrs(good), err("timestamp_out_of_tolerance"), now=TS + 1, tolerance=0),
        wh("a day old", b, hdrs(good), err("timestamp_out_of_tolerance"), now=TS + 86400),
        wh("stale and forged: signature is checked first", b, hdrs("v1=" + "0" * 64), err("signature_mismatch"), now=TS + 86400),
        wh("unicode secret", b, hdrs("v1=" + sig(bb, "whsec_ünïcødé_秘密_🔑")), ok(), secret="whsec_ünïcødé_秘密_🔑"),
        wh("unicode body", envelope(data={"id": "ord_1", "note": "Bücher — 食狮 🚀"}),
           hdrs("v1=" + sig(envelope(data={"id": "ord_1", "note": "Bücher — 食狮 🚀"}).encode())), ok()),
        wh("missing signature", b, {"Peeker-Timestamp": str(TS)}, err("missing_header")),
        wh("missing timestamp", b, {"Peeker-Signature": good}, err("missing_header")),
        wh("no headers at all", b, {}, err("missing_header")),
        wh("timestamp not a number", b, hdrs(good, ts="abc"), err("malformed_header")),
        wh("timestamp negative", b, hdrs(good, ts="-5"), err("malformed_header")),
        wh("timestamp fractional", b, hdrs(good, ts=f"{TS}.5"), err("malformed_header")),
        wh("timestamp empty", b, hdrs(good, ts=""), err("malformed_header")),
        wh("timestamp in milliseconds is stale", b, hdrs("v1=" + sig(bb, ts=TS * 1000), ts=TS * 1000), err("timestamp_out_of_tolerance")),
        wh("signature without version", b, hdrs(sig(bb)), err("malformed_header")),
        wh("signature empty", b, hdrs(""), err("malformed_header")),
        wh("v1= alone", b, hdrs("v1="), err("signature_mismatch")),
        wh("v1 truncated to 63 digits", b, hdrs(good[:-1]), err("signature_mismatch")),
        wh("v1 truncated to 32 digits", b, hdrs(good[:35]), err("signature_mismatch")),
        wh("v1 too long", b, hdrs(good + "00"), err("signature_mismatch")),
        wh("v1 not hex", b, hdrs("v1=" + "zz" * 32), err("signature_mismatch")),
        wh("v1 of the body only, no timestamp", b, hdrs("v1=" + hmac.new(SECRET.encode(), bb, hashlib.sha256).hexdigest()), err("signature_mismatch")),
        wh("wrong secret", b, hdrs(good), err("signature_mismatch"), secret="whsec_other"),
        wh("secret with trailing newline", b, hdrs(good), err("signature_mismatch"), secret=SECRET + "\n"),
        wh("sandbox vs live secret", b, hdrs("v1=" + sig(bb, "whsec_live_secret")), err("signature_mismatch"), secret="whsec_test_secret"),
        wh("body re-serialised with spaces", json.dumps(json.loads(b)), hdrs(good), err("signature_mismatch")),
        wh("body with trailing newline", b + "\n", hdrs(good), err("signature_mismatch")),
        wh("timestamp changed", b, hdrs(good, ts=TS + 1), err("signature_mismatch"), now=TS + 1),
        wh("tampered type", b.replace("order.completed", "order.failed"), hdrs(good), err("signature_mismatch")),
    ]
    for name, body in [
        ("invalid utf-8 body", b'{"id":"evt_1","type":"order.completed","data":"\xff\xfe"}'),
        ("array body", b"[1,2,3]"),
        ("string body", b'"order.completed"'),
        ("null body", b"null"),
        ("number body", b"42"),
        ("empty body", b""),
        ("truncated json", bb[:-5]),
        ("object without type", b'{"id":"evt_1","data":{}}'),
        ("type not a string", b'{"id":"evt_1","type":7,"data":{}}'),
        ("id not a string", b'{"id":7,"type":"order.completed","data":{}}'),
    ]:
        cases.append(wh(name, body, hdrs("v1=" + sig(body)), err("invalid_payload")))
    for t in ["order.in_progress", "order.failed", "order.action_required", "order.cancel_scheduled", "order.cancelled",
              "domain.connected", "domain.action_required", "domain.forwarding_updated", "domain.forwarding_failed",
              "domain_import.completed", "domain_import.failed", "domain_import.action_required",
              "swap.created", "swap.in_progress", "swap.completed", "swap.failed", "swap.action_required",
              "brand.new_event", "order.something_new"]:
        body = envelope(t=t, eid="evt_" + t.replace(".", "_"), data={"id": "x_1", "status": "whatever", "new_field": [1]})
        cases.append(wh("event type " + t, body, hdrs("v1=" + sig(body.encode()), eid="evt_" + t.replace(".", "_")), ok("evt_" + t.replace(".", "_"), t)))
    body = b'{"type":"domain_import.action_required","data":{"id":"imp_1","status":"action_required"}}'
    cases.append(wh("id taken from Peeker-Event-Id when the body has none", body, hdrs("v1=" + sig(body), eid="evt_from_header"),
                    ok("evt_from_header", "domain_import.action_required")))
    cases += secret_index_cases(b, bb)
    return cases


def resp(name, status, body, headers=None, **expect):
    c = {"name": name, "status": status, "headers": headers or {}, "body": body}
    c.update(expect)
    return c


def envelope_err(code, message="m", field=None, details=None, **extra):
    e = {"code": code, "message": message}
    if field is not None:
        e["field"] = field
    if details is not None:
        e["details"] = details
    e.update(extra)
    return json.dumps({"error": e})


def response_cases():
    rid = {"Peeker-Request-Id": "req_01HZX0E5K7N9P2Q4R6S8T0U1V3"}
    R = "req_01HZX0E5K7N9P2Q4R6S8T0U1V3"
    return [
        resp("200 object", 200, '{"data":{"id":"ord_1"}}', rid, ok=True, request_id=R),
        resp("201", 201, '{"data":{}}', rid, ok=True),
        resp("202 import job", 202, '{"data":{"id":"imp_1","status":"in_progress"}}', rid, ok=True),
        resp("204 empty", 204, "", {}, ok=True, request_id=None),
        resp("200 with unknown fields", 200, '{"data":{"x":1},"brand_new":true}', {}, ok=True),
        resp("400 field error", 400, envelope_err("invalid_request", "domains[1] is a subdomain", field="domains[1]"), rid,
             ok=False, error_code="invalid_request", field="domains[1]", retry="never", retry_after_seconds=None, request_id=R),
        resp("400 without field", 400, envelope_err("invalid_request"), {}, ok=False, error_code="invalid_request", field=None, retry="never"),
        resp("400 order shape conflict", 400, envelope_err("order_shape_conflict", field="bundle_id"), {}, ok=False, error_code="order_shape_conflict", field="bundle_id", retry="never"),
        resp("401", 401, envelope_err("unauthorized"), rid, ok=False, error_code="unauthorized", retry="never", request_id=R),
        resp("403", 403, envelope_err("forbidden"), {}, ok=False, error_code="forbidden", retry="never"),
        resp("404", 404, envelope_err("not_found"), {}, ok=False, error_code="not_found", retry="never"),
        resp("409 unknown code kept", 409, envelope_err("brand_new_conflict"), {}, ok=False, error_code="brand_new_conflict", retry="never"),
        resp("422 with details", 422, envelope_err("domain_count_mismatch", field="domains", details={"required_count": 4}), {}, ok=False, error_code="domain_count_mismatch", field="domains", retry="never"),
        resp("429 documented body", 429, '{"error":{"code":"rate_limited","message":"API rate limit exceeded","details":{"retry_after_seconds":12}}}', rid,
             ok=False, error_code="rate_limited", retry="after", retry_after_seconds=12, request_id=R),
        resp("429 zero seconds", 429, envelope_err("rate_limited", details={"retry_after_seconds": 0}), {}, retry="after", retry_after_seconds=0),
        resp("429 without details: default 5", 429, envelope_err("rate_limited"), {}, ok=False, error_code="rate_limited", retry="after", retry_after_seconds=5),
        resp("429 capacity", 429, envelope_err("rate_limited", details={"reason": "cloudflare_account_capacity", "retry_after_seconds": 30}), {},
             error_code="rate_limited", retry="after", retry_after_seconds=30),
        resp("429 not json", 429, "Too Many Requests", {}, ok=False, error_code=None, retry="after", retry_after_seconds=5),
        resp("500 envelope", 500, envelope_err("internal_error"), rid, ok=False, error_code="internal_error", retry="backoff", retry_after_seconds=None, request_id=R),
        resp("502 proxy html", 502, "<html><body>Bad Gateway</body></html>", {}, ok=False, error_code=None, field=None, retry="backoff"),
        resp("503 empty", 503, "", {}, ok=False, error_code=None, retry="backoff"),
        resp("504 truncated json", 504, '{"error":{"code":"gatew', rid, ok=False, error_code=None, retry="backoff", request_id=R),
        resp("400 html", 400, "<html>Bad Request</html>", {}, ok=False, error_code=None, retry="never"),
        resp("400 json that is not the envelope", 400, '{"message":"nope"}', {}, ok=False, error_code=None, retry="never"),
        resp("400 error is a string", 400, '{"error":"bad"}', {}, ok=False, error_code=None, retry="never"),
        resp("request id header lower case", 500, "", {"peeker-request-id": "req_lower"}, request_id="req_lower", retry="backoff"),
        resp("request id header upper case", 200, "{}", {"PEEKER-REQUEST-ID": "req_upper"}, request_id="req_upper", ok=True),
        resp("no request id", 404, envelope_err("not_found"), {"Content-Type": "application/json"}, request_id=None),
        resp("envelope with unknown fields", 400, envelope_err("invalid_request", field="personas[0].profile_picture_url", docs_url="https://x"), {},
             error_code="invalid_request", field="personas[0].profile_picture_url", retry="never"),
    ]


def jcs(v):
    """RFC 8785 for the values used here (strings, integers, bools, null, arrays, objects)."""
    if isinstance(v, dict):
        items = sorted(v.items(), key=lambda kv: kv[0].encode("utf-16-be"))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + jcs(x) for k, x in items) + "}"
    if isinstance(v, list):
        return "[" + ",".join(jcs(x) for x in v) + "]"
    if isinstance(v, float):
        raise ValueError("no floats here")
    return json.dumps(v, ensure_ascii=False)


def key(api_key, body):
    return hmac.new(api_key.encode(), jcs(body).encode(), hashlib.sha256).hexdigest()


def dedupe_cases():
    seed = {
        "user": "alex@acme.com", "bundle_id": "bun_01HZX0BU",
        "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com", "login_password": "their-smartlead-password"},
        "forwarding_url": "https://acme.com", "domains": ["acme-mail.com", "team-acme.com"],
        "personas": [{"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": "https://cdn.acme.com/alex.jpg"},
                     {"first_name": "Sam", "last_name": "Lee", "profile_picture_url": "https://cdn.acme.com/sam.jpg"}],
    }
    custom = {"user": "usr_01HZX0C6Z3K4M5N6P7Q8R9S0", "domains": [{"domain": "acme-mail.com", "google_inboxes": 2}],
              "google_licenses": 2, "personas": [{"first_name": "Zoë", "last_name": "Ørsted", "profile_picture_url": None}]}
    k = "pk_test_example"
    cases = []

    def add(name, body, **extra):
        c = {"name": name, "api_key": extra.pop("api_key", k), "body": body}
        c.update(extra)
        cases.append(c)

    add("seed order, two personas", seed, key=key(k, seed))
    add("seed order, live key", seed, api_key="pk_live_example", key=key("pk_live_example", seed))
    add("custom order with unicode and null", custom, key=key(k, custom))
    rev = dict(reversed(list(seed.items())))
    add("key order does not matter", seed, same_as=rev, key=key(k, seed))
    nested = json.loads(json.dumps(seed))
    nested["sequencer"] = dict(reversed(list(nested["sequencer"].items())))
    add("nested key order does not matter", seed, same_as=nested)
    for field, val in [("login_password", "another-password"), ("client_id", 366904), ("login_email", "OPS@acme.com")]:
        other = json.loads(json.dumps(seed))
        other["sequencer"][field] = val
        add(f"changed sequencer.{field} is another order", seed, differs_from=other)
    other = json.loads(json.dumps(seed))
    other["domains"] = list(reversed(other["domains"]))
    add("domain order matters (arrays keep order)", seed, differs_from=other)
    other = json.loads(json.dumps(seed))
    other["personas"] = other["personas"][:1]
    add("one persona fewer", seed, differs_from=other)
    other = json.loads(json.dumps(seed))
    other["forwarding_url"] = "https://acme.com/"
    add("forwarding url trailing slash", seed, differs_from=other)
    other = json.loads(json.dumps(seed))
    other["personas"][0]["profile_picture_url"] = None
    add("null vs string", seed, differs_from=other)
    add("utf-16 key order", {"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001F600": 5, "\u0080": 6, "\u00f6": 7},
        key=key(k, {"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001F600": 5, "\u0080": 6, "\u00f6": 7}))
    add("escapes", {"s": "quote \" backslash \\ tab \t nl \n ctl \u000f slash /"}, key=key(k, {"s": "quote \" backslash \\ tab \t nl \n ctl \u000f slash /"}))
    add("largest safe integer", {"n": 9007199254740992}, key=key(k, {"n": 9007199254740992}))
    add("negative integer", {"n": -42}, key=key(k, {"n": -42}))
    add("booleans and empty containers", {"a": True, "b": False, "c": [], "d": {}}, key=key(k, {"a": True, "b": False, "c": [], "d": {}}))
    cases.append({"name": "float refused", "api_key": k, "body": {"sequencer": {"client_id": 1.5}}, "error": "unsupported_number"})
    cases.append({"name": "integer above 2^53 refused", "api_key": k, "body": {"n": 9007199254740993}, "error": "unsupported_number"})
    return cases


def write(kind, cases):
    path = OUT / f"{kind}.json"
    path.write_text(json.dumps({"kind": kind, "cases": cases}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{path.relative_to(OUT.parent.parent)}: {len(cases)} cases")


write("webhook", webhook_cases())
write("response", response_cases())
write("order_dedupe_key", dedupe_cases())
