#!/usr/bin/env python3
"""Conformance-vector adapter for the `peeker` Python package.

Speaks the JSON-lines protocol of tests/adapters/PROTOCOL.md: one case per stdin
line, exactly one JSON object per stdout line, in order. It only calls the public
`peeker` API and reports what it returned; it never compares with expected values.

Run: target/venv/bin/python tests/adapters/python/adapter.py
(install the package first: bash bindings/python/test.sh, or
target/venv/bin/pip install ./bindings/python).
"""
from __future__ import annotations

import base64
import json
import sys
from typing import Any, Callable, Dict

import peeker


def _root_domain(case: Dict[str, Any]) -> Dict[str, Any]:
    answer: Dict[str, Any]
    try:
        d = peeker.normalize_root_domain(case["input"])
        answer = {"ascii": d.ascii, "unicode": d.unicode}
    except peeker.PeekerError as e:
        answer = {"error": e.code, "suggestion": e.suggestion}
    # The batch entry must give the same outcome for the item (a binding bug otherwise).
    r = peeker.normalize_root_domains([case["input"]])
    if r.codes[0] is None:
        batch: Dict[str, Any] = {"ascii": r.ascii[0], "unicode": r.unicode[0]}
    else:
        batch = {"error": r.codes[0], "suggestion": r[0].suggestion}
    if batch != answer:
        raise RuntimeError(f"normalize_root_domains {batch} != normalize_root_domain {answer}")
    return answer


def _registrable_domain(case: Dict[str, Any]) -> Dict[str, Any]:
    return {"registrable": peeker.registrable_domain(case["input"])}


def _domain_set(case: Dict[str, Any]) -> Dict[str, Any]:
    try:
        s = peeker.normalize_domain_set(case["input"])
    except peeker.PeekerError as e:
        return {"error": e.code}
    return {
        "domains": [d.ascii for d in s.domains],
        "key": s.key,
        "errors": [{"index": e.index, "error": e.code} for e in s.errors],
    }


def _body(case: Dict[str, Any]) -> bytes:
    if "body_base64" in case:
        return base64.b64decode(case["body_base64"])
    return str(case.get("body", "")).encode("utf-8")


def _webhook(case: Dict[str, Any]) -> Dict[str, Any]:
    kwargs: Dict[str, Any] = {}
    if case.get("tolerance") is not None:
        kwargs["tolerance"] = case["tolerance"]
    try:
        verifier = peeker.Verifier(case["secret"], **kwargs)
        ev = verifier.verify(_body(case), case.get("headers") or {}, now=case["now"])
    except peeker.PeekerError as e:
        return {"error": e.code}
    return {"ok": True, "event_id": ev.id, "event_type": ev.type, "secret_index": ev.secret_index}


def _webhook_diagnose(case: Dict[str, Any]) -> Dict[str, Any]:
    try:
        d = peeker.diagnose_webhook(_body(case), case.get("headers") or {}, case["secret"], now=case["now"])
    except peeker.PeekerError as e:
        return {"error": e.code}
    return {"scheme": d.scheme, "key": d.key, "age_seconds": d.age_seconds}


def _order_dedupe_key(case: Dict[str, Any]) -> Dict[str, Any]:
    api_key = case["api_key"]
    try:
        out: Dict[str, Any] = {"key": peeker.order_dedupe_key(api_key, json.dumps(case["body"]))}
    except peeker.PeekerError as e:
        return {"error": e.code}
    for field in ("same_as", "differs_from"):
        if field in case:
            try:
                out[field + "_key"] = peeker.order_dedupe_key(api_key, json.dumps(case[field]))
            except peeker.PeekerError as e:
                out[field + "_key"] = None
                out[field + "_error"] = e.code
    return out


def _response(case: Dict[str, Any]) -> Dict[str, Any]:
    c = peeker.classify_response(case["status"], case.get("headers") or {}, _body(case))
    return {
        "ok": c.ok,
        "error_code": c.error_code,
        "field": c.field,
        "retry": c.retry,
        "retry_after_seconds": c.retry_after_seconds,
        "request_id": c.request_id,
    }


def _request(case: Dict[str, Any]) -> Dict[str, Any]:
    try:
        client = peeker.Client(case["api_key"], base_url=case.get("base_url") or None)
        r = client.build(case["operation"], case.get("params"))
    except peeker.PeekerError as e:
        return {"error": e.code, "field": e.field}
    return {
        "method": r.method,
        "url": r.url,
        "headers": [[k, v] for k, v in r.headers.items()],
        "body_text": None if r.body is None else r.body.decode("utf-8"),
        "retry_safe": r.retry_safe,
    }


def _retry(case: Dict[str, Any]) -> Dict[str, Any]:
    try:
        safe = peeker.operation_retry_safe(case["operation"])
        o = case["outcome"]
        opts: Dict[str, Any] = {"jitter": case.get("jitter")}
        if case.get("max_attempts") is not None:
            opts["max_attempts"] = case["max_attempts"]
        if "network_error" in o:
            delay = peeker.retry_decision(safe, case["attempt"], network_error=o["network_error"], **opts)
        else:
            delay = peeker.retry_decision(safe, case["attempt"], status=o["status"], headers=o.get("headers") or {},
                                          body=o.get("body", ""), **opts)
    except peeker.PeekerError as e:
        return {"error": e.code, "field": e.field}
    return {"retry": delay is not None, "delay_ms": delay}


def _api_response(case: Dict[str, Any]) -> Dict[str, Any]:
    client = peeker.Client("pk_test_adapter")
    try:
        res = client.parse(case["operation"], case["status"], case.get("headers") or {}, _body(case))
    except peeker.ApiError as e:
        if e.code != "api_error":  # a 2xx of another shape: unexpected_response
            return {"ok": False, "error_code": e.code}
        return {
            "ok": False,
            "error_code": e.api_code,
            "field": e.field,
            "retry": e.retry,
            "retry_after_seconds": e.retry_after_seconds,
            "request_id": e.request_id,
        }
    except peeker.PeekerError as e:
        return {"ok": False, "error_code": e.code}
    nxt = getattr(res, "next_request", None)
    return {"ok": True, "request_id": res.request_id, "data": res.data, "next": None if nxt is None else nxt.url}


_SECRET = "whsec_adapter"
_TS = 1778241600


def _tracker(case: Dict[str, Any]) -> Dict[str, Any]:
    # Every event signed and verified: the only way an event reaches a tracker.
    t = peeker.Tracker()
    applied = 0
    for e in case.get("events") or []:
        body = json.dumps(e).encode("utf-8")
        sig = peeker.sign_webhook(body, _SECRET, _TS)
        ev = peeker.verify_webhook(body, {"Peeker-Signature": sig, "Peeker-Timestamp": str(_TS)}, _SECRET, now=_TS)
        applied += bool(t.apply(ev))
    statuses = {}
    for key in case.get("statuses") or {}:
        kind, _, rid = key.partition(":")
        statuses[key] = t.status_of(kind, rid)
    orders: Dict[str, Any] = {}
    for oid in case.get("orders") or {}:
        o = t.order(oid)
        orders[oid] = None if o is None else {
            "domains_connected": o["domains_connected"],
            "domains_total": o["domains_total"],
            "open_actions": len(o["actions"]),
        }
    return {"statuses": statuses, "orders": orders, "applied": applied}


# kind -> (handler, public API names it needs)
HANDLERS: Dict[str, "tuple[Callable[[Dict[str, Any]], Dict[str, Any]], tuple[str, ...]]"] = {
    "root_domain": (_root_domain, ("normalize_root_domain",)),
    "registrable_domain": (_registrable_domain, ("registrable_domain",)),
    "domain_set": (_domain_set, ("normalize_domain_set",)),
    "webhook": (_webhook, ("Verifier",)),
    "webhook_diagnose": (_webhook_diagnose, ("diagnose_webhook",)),
    "order_dedupe_key": (_order_dedupe_key, ("order_dedupe_key",)),
    "response": (_response, ("classify_response",)),
    "request": (_request, ("Client",)),
    "retry": (_retry, ("retry_decision", "operation_retry_safe")),
    "api_response": (_api_response, ("Client", "ApiError")),
    "tracker": (_tracker, ("Tracker", "sign_webhook", "verify_webhook")),
}


def handle(line: str) -> Dict[str, Any]:
    try:
        msg = json.loads(line)
        kind = msg.get("kind")
        entry = HANDLERS.get(kind)
        if entry is None or not all(hasattr(peeker, name) for name in entry[1]):
            return {"unsupported": True}
        return entry[0](msg["case"])
    except Exception as e:  # not the binding's typed error: report, keep going
        return {"exception": f"{type(e).__name__}: {e}"}


def main() -> int:
    stdin = sys.stdin.buffer
    out = sys.stdout
    while True:
        raw = stdin.readline()
        if not raw:
            break
        line = raw.decode("utf-8", errors="surrogateescape").strip()
        if not line:
            continue
        out.write(json.dumps(handle(line)) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
