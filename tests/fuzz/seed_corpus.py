#!/usr/bin/env python3
"""Writes a seed corpus for every fuzz target from the conformance vectors.
Usage: seed_corpus.py OUT_DIR"""
import base64, hashlib, json, pathlib, sys

root = pathlib.Path(__file__).resolve().parents[2]
out = pathlib.Path(sys.argv[1])
ops = ["me", "check_availability", "import_domains", "get_import", "find_imports", "create_import_job", "get_import_job",
       "list_domains", "update_forwarding", "get_forwarding_job", "create_bundle", "list_bundles", "get_bundle",
       "update_bundle", "delete_bundle", "create_order", "get_order", "list_orders", "list_pending_actions",
       "cancel_order", "create_swap", "list_swaps", "get_swap", "swap_user_names", "next_page"]


def put(target, data: bytes):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def body(case):
    return base64.b64decode(case["body_base64"]) if "body_base64" in case else case.get("body", "").encode()


for f in sorted((root / "tests/vectors").rglob("*.json")):
    doc = json.loads(f.read_text(encoding="utf-8"))
    for c in doc["cases"]:
        k = doc["kind"]
        if k in ("root_domain", "registrable_domain"):
            put("domain", c["input"].encode())
            put("ffi", c["input"].encode())
        elif k == "domain_set":
            put("domain_set", "\n".join(c["input"]).encode())
        elif k == "webhook":
            h = {n.lower(): v for n, v in c["headers"].items()}
            sec = c["secret"] if isinstance(c["secret"], str) else c["secret"][0]
            put("webhook", b"\0".join([h.get("peeker-signature", "").encode(), h.get("peeker-timestamp", "").encode(), sec.encode(), body(c)]))
            put("event", body(c))
        elif k == "response":
            for i, _ in enumerate(ops[:5]):
                put("response", c["status"].to_bytes(2, "little") + bytes([i * 5]) + body(c))
        elif k == "order_dedupe_key":
            put("canonical", json.dumps(c["body"], ensure_ascii=False).encode())
            put("request", bytes([ops.index("create_order")]) + json.dumps({"body": c["body"]}, ensure_ascii=False).encode())
for i, op in enumerate(ops):
    put("request", bytes([i]) + b'{"id":"ord_1","domains":["acme.com"],"filters":{"status":"x"},"per_page":5}')
print(f"seed corpus written to {out}")
