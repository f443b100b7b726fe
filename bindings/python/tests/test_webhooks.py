import json
import pickle
import time

import pytest

import peeker
from peeker import ArgumentError, PeekerError, PeekerTypeError, WebhookError

# The published example (also in core/src/webhook.rs).
BODY = (
    b'{"id":"evt_01HZX0EV2A2B3C4D5E6F7G8H","type":"order.completed","created_at":"2026-05-08T12:14:33Z",'
    b'"data":{"id":"ord_01HZX0OR1A2B3C4D5E6F7G8H","status":"completed"}}'
)
SECRET = "whsec_example_secret"
TS = 1778242473
SIG = "v1=f5d7662d380501ff096dc701e82bcc605334d557cbb1d58a191b5db39557f342"


def headers(sig=SIG, ts=TS, **extra):
    h = {"Peeker-Signature": sig, "Peeker-Timestamp": str(ts)}
    h.update(extra)
    return h


def code_of(fn, *args, **kw):
    with pytest.raises(PeekerError) as ei:
        fn(*args, **kw)
    return ei.value


def test_sign_matches_the_published_example():
    assert peeker.sign_webhook(BODY, SECRET, TS) == SIG
    assert peeker.sign_webhook(bytearray(BODY), SECRET, TS) == SIG
    assert peeker.sign_webhook(memoryview(BODY), SECRET, TS) == SIG


def test_verify_happy_path():
    ev = peeker.verify_webhook(BODY, headers(), SECRET, now=TS + 10)
    assert ev.id == "evt_01HZX0EV2A2B3C4D5E6F7G8H"
    assert ev.type == "order.completed"
    assert ev.created_at == "2026-05-08T12:14:33Z"
    assert ev.data == {"id": "ord_01HZX0OR1A2B3C4D5E6F7G8H", "status": "completed"}
    assert json.loads(ev.json)["id"] == ev.id
    assert "json" not in repr(ev)


def test_header_names_match_case_insensitively_and_pairs_are_accepted():
    lower = {"peeker-signature": SIG, "PEEKER-TIMESTAMP": str(TS), "Content-Type": "application/json"}
    assert peeker.verify_webhook(BODY, lower, SECRET, now=TS).id.startswith("evt_")
    pairs = [(b"peeker-signature", SIG.encode()), (b"peeker-timestamp", str(TS).encode())]
    assert peeker.verify_webhook(BODY, pairs, SECRET, now=TS).type == "order.completed"


def test_secret_rotation_and_several_signatures():
    assert peeker.verify_webhook(BODY, headers(), ["old_secret", SECRET], now=TS).id
    two = headers(sig="v1=" + "0" * 64 + "," + SIG)
    assert peeker.verify_webhook(BODY, two, SECRET, now=TS).id


def test_secret_index_says_which_secret_matched():
    v = peeker.Verifier(["whsec_live", SECRET, "whsec_old"])
    ev = v.verify(BODY, headers(), now=TS)
    assert ev.secret_index == 1
    assert peeker.verify_webhook(BODY, headers(), SECRET, now=TS).secret_index == 0
    assert v.verify_ignoring_timestamp(BODY, headers()).secret_index == 1
    # not part of equality; kept by pickle
    assert ev == peeker.verify_webhook(BODY, headers(), SECRET, now=TS)
    assert pickle.loads(pickle.dumps(ev)).secret_index == 1


def test_now_defaults_to_the_clock():
    ts = int(time.time())
    sig = peeker.sign_webhook(BODY, SECRET, ts)
    assert peeker.verify_webhook(BODY, headers(sig, ts), SECRET).id
    # The published example's timestamp is far from the real clock.
    assert code_of(peeker.verify_webhook, BODY, headers(), SECRET).code == "timestamp_out_of_tolerance"


def test_tolerance():
    assert code_of(peeker.verify_webhook, BODY, headers(), SECRET, now=TS + 301).code == "timestamp_out_of_tolerance"
    assert code_of(peeker.verify_webhook, BODY, headers(), SECRET, now=TS - 301).code == "timestamp_out_of_tolerance"
    assert peeker.verify_webhook(BODY, headers(), SECRET, now=TS + 300).id
    assert peeker.verify_webhook(BODY, headers(), SECRET, now=TS + 301, tolerance=400).id
    e = code_of(peeker.verify_webhook, BODY, headers(), SECRET, now=TS + 1, tolerance=0)
    assert e.code == "timestamp_out_of_tolerance"
    assert "NTP" in e.message


@pytest.mark.parametrize(
    "hdrs, code",
    [
        ({"Peeker-Timestamp": str(TS)}, "missing_header"),
        ({"Peeker-Signature": SIG}, "missing_header"),
        ({}, "missing_header"),
        (headers(ts="10x"), "malformed_header"),
        (headers(ts=""), "malformed_header"),
        (headers(sig="garbage"), "malformed_header"),
        (headers(sig="v1="), "signature_mismatch"),
        (headers(sig="v1=" + "0" * 64), "signature_mismatch"),
        (headers(sig="v2=" + SIG[3:]), "signature_mismatch"),
    ],
)
def test_header_error_codes(hdrs, code):
    e = code_of(peeker.verify_webhook, BODY, hdrs, SECRET, now=TS)
    assert type(e) is WebhookError
    assert e.code == code


def test_signature_mismatch_message_helps_and_never_shows_the_secret():
    e = code_of(peeker.verify_webhook, BODY, headers(), "whsec_wrong_one ", now=TS)
    assert e.code == "signature_mismatch"
    assert "raw request bytes" in e.message
    assert "white space" in e.message
    assert "whsec_wrong_one" not in e.message and "whsec_wrong_one" not in repr(e)
    e = code_of(peeker.verify_webhook, BODY + b" ", headers(), SECRET, now=TS)
    assert e.code == "signature_mismatch"
    assert SECRET not in str(e)


def test_invalid_payload_after_a_valid_signature():
    for body in (b"not json", b"[1,2]", b'{"id":"evt_1"}', b"\xff\xfe"):
        sig = peeker.sign_webhook(body, SECRET, TS)
        assert code_of(peeker.verify_webhook, body, headers(sig), SECRET, now=TS).code == "invalid_payload"


def test_event_id_header_is_the_fallback_for_bodies_without_id():
    body = b'{"type":"domain.connected","data":null}'
    sig = peeker.sign_webhook(body, SECRET, TS)
    ev = peeker.verify_webhook(body, headers(sig, **{"Peeker-Event-Id": "evt_from_header"}), SECRET, now=TS)
    assert (ev.id, ev.type, ev.created_at, ev.data) == ("evt_from_header", "domain.connected", None, None)


def test_unknown_event_types_are_kept():
    body = b'{"id":"evt_2","type":"brand_new.thing","data":{"n":[1,2,{"x":"\xc3\xbc"}]}}'
    sig = peeker.sign_webhook(body, SECRET, TS)
    ev = peeker.verify_webhook(body, headers(sig), SECRET, now=TS)
    assert ev.type == "brand_new.thing"
    assert ev.data == {"n": [1, 2, {"x": "ü"}]}


def test_payload_too_large_including_ten_megabytes():
    big = b"{" + b" " * (10 * 1024 * 1024) + b"}"
    e = code_of(peeker.verify_webhook, big, headers(), SECRET, now=TS)
    assert e.code == "payload_too_large"
    just_over = b" " * (peeker.WEBHOOK_MAX_BODY_BYTES + 1)
    assert code_of(peeker.verify_webhook, just_over, headers(), SECRET, now=TS).code == "payload_too_large"


def test_invalid_secret():
    assert code_of(peeker.verify_webhook, BODY, headers(), "", now=TS).code == "invalid_secret"
    assert code_of(peeker.verify_webhook, BODY, headers(), [], now=TS).code == "invalid_secret"
    assert code_of(peeker.verify_webhook, BODY, headers(), [SECRET, ""], now=TS).code == "invalid_secret"
    e = code_of(peeker.sign_webhook, BODY, "", TS)
    assert type(e) is WebhookError and e.code == "invalid_secret"


@pytest.mark.parametrize("body", ['{"id":"evt_1"}', {"id": "evt_1"}, ["x"]])
def test_str_and_dict_bodies_are_refused_with_advice(body):
    with pytest.raises(TypeError) as ei:
        peeker.verify_webhook(body, headers(), SECRET, now=TS)
    e = ei.value
    assert isinstance(e, PeekerTypeError) and e.code == "invalid_argument" and e.field == "body"
    assert "raw request body" in e.message and "bytes" in e.message
    with pytest.raises(PeekerTypeError):
        peeker.sign_webhook(body, SECRET, TS)


def test_other_wrong_types():
    with pytest.raises(PeekerTypeError) as ei:
        peeker.verify_webhook(None, headers(), SECRET, now=TS)  # type: ignore[arg-type]
    assert ei.value.code == "null_argument"
    for bad_secret in (None, b"secret", 5):
        with pytest.raises(PeekerTypeError):
            peeker.verify_webhook(BODY, headers(), bad_secret, now=TS)  # type: ignore[arg-type]
    with pytest.raises(PeekerTypeError):
        peeker.verify_webhook(BODY, headers(), [SECRET, None], now=TS)  # type: ignore[list-item]
    for bad_headers in (None, "Peeker-Signature: x", 5, [("only-name",)]):
        with pytest.raises(PeekerTypeError):
            peeker.verify_webhook(BODY, bad_headers, SECRET, now=TS)  # type: ignore[arg-type]
    with pytest.raises(PeekerTypeError):
        peeker.verify_webhook(BODY, {"Peeker-Signature": 5}, SECRET, now=TS)  # type: ignore[dict-item]
    for bad_now in ("1000", 1.5e3, True):
        with pytest.raises(PeekerTypeError):
            peeker.verify_webhook(BODY, headers(), SECRET, now=bad_now)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError) as ei2:
        peeker.verify_webhook(BODY, headers(), SECRET, now=TS, tolerance=-1)
    assert ei2.value.code == "invalid_argument" and ei2.value.field == "tolerance"
    with pytest.raises(ArgumentError):
        peeker.verify_webhook(BODY, headers(), SECRET, now=2**63)
    with pytest.raises(ArgumentError):
        peeker.sign_webhook(BODY, SECRET, -(2**63) - 1)


def test_surrogates_in_webhook_arguments():
    with pytest.raises(ArgumentError) as ei:
        peeker.verify_webhook(BODY, headers(), "sec\ud800ret", now=TS)
    assert (ei.value.code, ei.value.field) == ("invalid_utf8", "secret")
    with pytest.raises(ArgumentError) as ei:
        peeker.verify_webhook(BODY, {"Peeker-Signature": "v1=\udc00", "Peeker-Timestamp": "1"}, SECRET, now=TS)
    assert ei.value.code == "invalid_utf8"
    with pytest.raises(ArgumentError):
        peeker.sign_webhook(BODY, "\udfff", TS)


def test_non_utf8_header_bytes_do_not_fail_the_call():
    hdrs = [(b"X-Other", b"\xff\xfe"), (b"Peeker-Signature", SIG.encode()), (b"Peeker-Timestamp", str(TS).encode())]
    assert peeker.verify_webhook(BODY, hdrs, SECRET, now=TS).id


def _outcome(f):
    try:
        ev = f()
        return ("ok", ev.id, ev.type, ev.created_at, ev.data, ev.json)
    except PeekerError as e:
        return ("error", type(e).__name__, e.code, str(e), e.field)


def test_dict_and_pairs_give_the_same_answers():
    """A dict of str headers is marshalled in one cffi call, pairs header by header;
    both reach the one verifier: every conformance vector, both ways, same answer."""
    import base64
    import pathlib

    cases = json.loads((pathlib.Path(__file__).resolve().parents[3] / "tests/vectors/webhook.json").read_text())["cases"]
    for c in cases:
        body = base64.b64decode(c["body_base64"]) if "body_base64" in c else c["body"].encode()
        kw = {"now": c["now"], "tolerance": c.get("tolerance", 300)}
        as_dict = _outcome(lambda: peeker.verify_webhook(body, dict(c["headers"]), c["secret"], **kw))
        as_pairs = _outcome(lambda: peeker.verify_webhook(body, list(c["headers"].items()), c["secret"], **kw))
        assert as_dict == as_pairs, c["name"]
        if "error" in c:
            assert as_dict[2] == c["error"], c["name"]
        else:
            assert as_dict[1] == c["event_id"], c["name"]


def test_data_keeps_the_sender_order_and_odd_inputs_are_checked():
    body = b'{"id":"evt_1","type":"order.completed","data":{"z":1, "a":{"y":[1,2.5,"\\u00e9"]}}}'
    h = {"Peeker-Signature": peeker.sign_webhook(body, "s1", 1000), "Peeker-Timestamp": "1000"}
    ev = peeker.verify_webhook(body, h, "s1", now=1000)
    assert list(ev.data) == ["z", "a"] and ev.data["a"]["y"] == [1, 2.5, "é"]
    assert ev.json == '{"id":"evt_1","type":"order.completed","created_at":null,"data":{"z":1,"a":{"y":[1,2.5,"\\u00e9"]}}}'
    # rotation; a generator of secrets; a secret or header with NUL; bytes values
    assert peeker.verify_webhook(body, h, ["old", "s1"], now=1000).id == "evt_1"
    assert peeker.verify_webhook(body, h, (s for s in ["old", "s1"]), now=1000).id == "evt_1"
    assert _outcome(lambda: peeker.verify_webhook(body, h, "s\x001", now=1000))[2] == "signature_mismatch"
    assert peeker.verify_webhook(body, {**h, "X-Odd": "a\x00b"}, "s1", now=1000).id == "evt_1"
    assert peeker.verify_webhook(body, {**h, "X-Bytes": b"\xff"}, "s1", now=1000).id == "evt_1"
    assert _outcome(lambda: peeker.verify_webhook(body, {**h, "X-Lone": "\ud800"}, "s1", now=1000)) == _outcome(
        lambda: peeker.verify_webhook(body, list({**h, "X-Lone": "\ud800"}.items()), "s1", now=1000)
    )
    assert _outcome(lambda: peeker.verify_webhook(body, h, [], now=1000))[2] == "invalid_secret"
    assert _outcome(lambda: peeker.verify_webhook(body, h, "", now=1000))[2] == "invalid_secret"
    assert _outcome(lambda: peeker.verify_webhook(body, {}, "s1", now=1000))[2] == "missing_header"
    # the event still feeds a tracker
    t = peeker.Tracker()
    assert t.apply(ev) is True and t.apply(ev) is False


def test_one_verifier_for_every_delivery():
    v = peeker.Verifier(["whsec_old", SECRET], tolerance=10)
    assert (v.tolerance, v.max_body_bytes) == (10, peeker.WEBHOOK_MAX_BODY_BYTES)
    assert SECRET not in repr(v) and "whsec_old" not in repr(v)
    h = {"Peeker-Signature": SIG, "Peeker-Timestamp": str(TS)}
    for i in range(3):
        assert v.verify(BODY, h, now=TS + i).id == peeker.verify_webhook(BODY, h, SECRET, now=TS).id
    with pytest.raises(peeker.WebhookError) as e:
        v.verify(BODY, h, now=TS + 11)
    assert e.value.code == "timestamp_out_of_tolerance"
    assert v.verify_ignoring_timestamp(BODY, h).id
    with pytest.raises(peeker.PeekerTypeError):
        v.verify(BODY.decode(), h, now=TS)
    with pytest.raises(TypeError):
        pickle.dumps(v)
    small = peeker.Verifier(SECRET, max_body_bytes=10)
    with pytest.raises(peeker.WebhookError) as e:
        small.verify(BODY, h, now=TS)
    assert e.value.code == "payload_too_large"
    for bad in ("", [], [""]):
        with pytest.raises(peeker.WebhookError) as e:
            peeker.Verifier(bad)
        assert e.value.code == "invalid_secret"
    with pytest.raises(peeker.ArgumentError):
        peeker.Verifier(SECRET, tolerance=-1)


def test_the_one_call_functions_keep_their_verifier():
    from peeker import _api

    h = {"Peeker-Signature": SIG, "Peeker-Timestamp": str(TS)}
    peeker.verify_webhook(BODY, h, SECRET, now=TS)
    kept = _api._last_verifier[1]
    peeker.verify_webhook(BODY, h, SECRET, now=TS)
    assert _api._last_verifier[1] is kept
    peeker.verify_webhook(BODY, h, SECRET, now=TS, tolerance=301)
    assert _api._last_verifier[1] is not kept
