#!/usr/bin/env python3
"""Generates tests/vectors/webhook_diagnose.json (kind `webhook_diagnose`).

Every signature is computed here with Python's own hmac/hashlib/base64 from the
schemes tests/vectors/FORMAT.md lists (kind `webhook_diagnose`), never taken from
the SDK. Each case says which scheme and key encoding the delivery was signed
with, and the expected answer follows from that by the format's rules (every
`v1=` entry tried against every candidate; the secret as given, never trimmed).
Re-run after editing:
    python3 tests/vectors/gen/make_diagnose_vectors.py
"""
import base64
import hashlib
import hmac
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent

TS = 1778241600
EVT = "evt_01HZX0EV2A2B3C4D5E6F7G8H"
BODY = json.dumps({"id": EVT, "type": "order.completed", "created_at": "2026-05-08T12:00:00Z",
                   "data": {"id": "ord_1", "status": "completed"}}, separators=(",", ":"))
SANDBOX_BODY = json.dumps({"id": EVT, "type": "order.completed", "created_at": "2026-05-08T12:00:00Z",
                           "data": {"id": "ord_1", "status": "completed",
                                    "api_key": {"environment": "test"}}}, separators=(",", ":"))
# A whsec_ secret whose part after the prefix is standard base64 (of 24 bytes).
B64_SECRET = "whsec_" + base64.b64encode(bytes(range(1, 25))).decode()
PLAIN_SECRET = "whsec_new"  # "new" is not valid base64 (length 3): UTF-8 key only
OTHER_SECRET = "whsec_other"


def key_of(secret, encoding):
    if encoding == "utf8":
        return secret.encode()
    return base64.b64decode(secret[len("whsec_"):], validate=True)


def message(scheme, ts, body, evt):
    b = body.encode() if isinstance(body, str) else body
    if scheme == "timestamp.body":
        return f"{ts}.".encode() + b
    if scheme == "body":
        return b
    return f"{evt}.{ts}.".encode() + b


def sig(secret, encoding, scheme, ts=TS, body=BODY, evt=EVT):
    return "v1=" + hmac.new(key_of(secret, encoding), message(scheme, ts, body, evt), hashlib.sha256).hexdigest()


cases = []


def case(name, secret, headers, body, now, scheme, key, age):
    cases.append({"name": name, "secret": secret, "headers": headers, "body": body, "now": now,
                  "scheme": scheme, "key": key, "age_seconds": age})


def hdr(signature, ts=TS, evt=EVT):
    h = {}
    if signature is not None:
        h["Peeker-Signature"] = signature
    if ts is not None:
        h["Peeker-Timestamp"] = str(ts)
    if evt is not None:
        h["Peeker-Event-Id"] = evt
    return h


# Each scheme with each key encoding a whsec_ base64 secret allows.
for scheme in ["timestamp.body", "body", "id.timestamp.body"]:
    for enc in ["utf8", "base64"]:
        case(f"{scheme} with a {enc} key", B64_SECRET, hdr(sig(B64_SECRET, enc, scheme)), BODY, TS + 3,
             scheme, enc, 3)
# A secret that is not base64 after the prefix: UTF-8 only.
for scheme in ["timestamp.body", "body", "id.timestamp.body"]:
    case(f"{scheme}, secret not base64", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", scheme)), BODY, TS,
         scheme, "utf8", 0)
# A secret without the whsec_ prefix: UTF-8 only, even if it is base64 text.
raw = base64.b64encode(b"0123456789abcdef").decode()
case("no whsec_ prefix: the base64 decoding is not tried", raw,
     hdr("v1=" + hmac.new(base64.b64decode(raw), message("timestamp.body", TS, BODY, EVT), hashlib.sha256).hexdigest()),
     BODY, TS, None, None, 0)
case("no whsec_ prefix, UTF-8 key", raw, hdr(sig(raw, "utf8", "timestamp.body")), BODY, TS, "timestamp.body", "utf8", 0)
# Nothing matches.
case("wrong secret", PLAIN_SECRET, hdr(sig(OTHER_SECRET, "utf8", "timestamp.body")), BODY, TS + 10, None, None, 10)
case("body changed after signing", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body")),
     BODY.replace("completed", "failed", 1), TS, None, None, 0)
pretty = json.dumps(json.loads(BODY), indent=2)
case("pretty-printed body", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body")), pretty, TS, None, None, 0)
case("secret with a trailing newline is not trimmed", PLAIN_SECRET + "\n",
     hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body")), BODY, TS, None, None, 0)
case("sandbox delivery, live secret", OTHER_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body", body=SANDBOX_BODY)),
     SANDBOX_BODY, TS, None, None, 0)
# Several entries: every one is tried, in any order; other versions ignored.
case("rotation: the matching entry second", PLAIN_SECRET,
     hdr(sig(OTHER_SECRET, "utf8", "timestamp.body") + "," + sig(PLAIN_SECRET, "utf8", "body")), BODY, TS,
     "body", "utf8", 0)
case("rotation: white space between entries", B64_SECRET,
     hdr(sig(OTHER_SECRET, "utf8", "body") + " " + sig(B64_SECRET, "base64", "id.timestamp.body")), BODY, TS,
     "id.timestamp.body", "base64", 0)
case("v0 entry ignored", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body").replace("v1=", "v0=")), BODY, TS,
     None, None, 0)
case("upper-case hex is not the documented form but decodes", PLAIN_SECRET,
     hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body").upper().replace("V1=", "v1=")), BODY, TS,
     "timestamp.body", "utf8", 0)
case("truncated signature", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body")[:-2]), BODY, TS, None, None, 0)
# Headers absent or odd.
case("no signature header", PLAIN_SECRET, hdr(None), BODY, TS + 5, None, None, 5)
case("no timestamp header: only the body scheme can match", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "body"), ts=None),
     BODY, TS, "body", "utf8", None)
case("no timestamp header, timestamp scheme", PLAIN_SECRET,
     hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body"), ts=None), BODY, TS, None, None, None)
case("no event id header: id scheme cannot match", PLAIN_SECRET,
     hdr(sig(PLAIN_SECRET, "utf8", "id.timestamp.body"), evt=None), BODY, TS, None, None, 0)
case("timestamp not a number", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "body"), ts="yesterday"), BODY, TS,
     "body", "utf8", None)
case("header names in lower case", PLAIN_SECRET,
     {k.lower(): v for k, v in hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body")).items()}, BODY, TS,
     "timestamp.body", "utf8", 0)
# The age: old, in the future, far off (reported, never refused).
case("an hour old", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body")), BODY, TS + 3600,
     "timestamp.body", "utf8", 3600)
case("in the future", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body")), BODY, TS - 42,
     "timestamp.body", "utf8", -42)
case("a day old, body scheme", B64_SECRET, hdr(sig(B64_SECRET, "base64", "body")), BODY, TS + 86400,
     "body", "base64", 86400)
case("empty body", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body", body="")), "", TS,
     "timestamp.body", "utf8", 0)
uni = BODY.replace("ord_1", "ord_\u00e9\u4e16")
case("non-ASCII body (UTF-8 bytes are signed)", PLAIN_SECRET, hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body", body=uni)),
     uni, TS, "timestamp.body", "utf8", 0)
case("non-ASCII secret", "whsec_\u00fcber", hdr(sig("whsec_\u00fcber", "utf8", "timestamp.body")), BODY, TS,
     "timestamp.body", "utf8", 0)
case("empty secret", "", hdr(sig(PLAIN_SECRET, "utf8", "timestamp.body")), BODY, TS, None, None, None)
cases[-1] = {k: v for k, v in cases[-1].items() if k not in ("scheme", "key", "age_seconds")} | {"error": "invalid_secret"}

(OUT / "webhook_diagnose.json").write_text(json.dumps({"kind": "webhook_diagnose", "cases": cases}, indent=1,
                                                      ensure_ascii=False) + "\n")
print(f"webhook_diagnose.json: {len(cases)} cases")
