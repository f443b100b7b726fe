import json

import pytest

import peeker
from peeker import ArgumentError, PeekerError, PeekerTypeError, RequestError

# ---- classify_response ----

RATE_LIMITED = (
    b'{"error":{"code":"rate_limited","message":"API rate limit exceeded",'
    b'"details":{"retry_after_seconds":12}}}'
)


def test_success():
    c = peeker.classify_response(200, {"Peeker-Request-Id": "req_1"}, b'{"data":{}}')
    assert (c.ok, c.status, c.error_code, c.retry, c.retry_after_seconds, c.request_id) == (
        True, 200, None, "never", None, "req_1")
    assert json.loads(c.json)["ok"] is True


def test_rate_limited_with_retry_after():
    c = peeker.classify_response(429, {"peeker-request-id": "req_01HZX"}, RATE_LIMITED)
    assert not c.ok
    assert (c.error_code, c.message) == ("rate_limited", "API rate limit exceeded")
    assert c.details == {"retry_after_seconds": 12}
    assert (c.retry, c.retry_after_seconds, c.request_id) == ("after", 12, "req_01HZX")


def test_rate_limited_without_details_uses_the_documented_default():
    c = peeker.classify_response(429, {}, b"")
    assert (c.retry, c.retry_after_seconds, c.error_code) == ("after", 5, None)


def test_field_error_never_retries():
    body = (b'{"error":{"code":"domain_count_mismatch","message":"m","field":"domains",'
            b'"details":{"required_count":4}}}')
    c = peeker.classify_response(400, [("X-Other", "1")], body)
    assert (c.ok, c.error_code, c.field, c.retry, c.retry_after_seconds, c.request_id) == (
        False, "domain_count_mismatch", "domains", "never", None, None)
    assert c.details == {"required_count": 4}


@pytest.mark.parametrize("body", [b"<html>Bad Gateway</html>", b"", b'{"error":', b"\xff\x00\xfe"])
def test_non_envelope_bodies_still_classify(body):
    c = peeker.classify_response(502, {}, body)
    assert (c.ok, c.error_code, c.message, c.details, c.retry) == (False, None, None, None, "backoff")


def test_str_body_is_utf8_and_ten_megabytes_are_fine():
    assert peeker.classify_response(429, {}, RATE_LIMITED.decode()).retry_after_seconds == 12
    c = peeker.classify_response(500, {}, b"x" * (10 * 1024 * 1024))
    assert c.retry == "backoff"


def test_classified_is_frozen():
    c = peeker.classify_response(200, {}, b"")
    with pytest.raises(Exception):
        c.ok = False  # type: ignore[misc]


def test_classify_wrong_types_and_ranges():
    for status in ("200", None, 200.0, True):
        with pytest.raises(PeekerTypeError):
            peeker.classify_response(status, {}, b"")  # type: ignore[arg-type]
    for status in (-1, 65536):
        with pytest.raises(ArgumentError) as ei:
            peeker.classify_response(status, {}, b"")
        assert (ei.value.code, ei.value.field) == ("invalid_argument", "status")
    with pytest.raises(PeekerTypeError):
        peeker.classify_response(200, None, b"")  # type: ignore[arg-type]
    with pytest.raises(PeekerTypeError):
        peeker.classify_response(200, {}, None)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError) as ei2:
        peeker.classify_response(200, {}, "\ud800")
    assert ei2.value.code == "invalid_utf8"


# ---- order_dedupe_key ----

API_KEY = "pk_test_example"
ORDER = {
    "user": "alex@acme.com",
    "bundle_id": "bun_01HZX0BU",
    "sequencer": {
        "provider": "smartlead",
        "client_id": 366903,
        "login_email": "ops@acme.com",
        "login_password": "their-smartlead-password",
    },
    "forwarding_url": "https://acme.com",
    "domains": ["acme-mail.com", "team-acme.com"],
    "personas": [{"first_name": "Alex", "last_name": "Rivera",
                  "profile_picture_url": "https://cdn.acme.com/alex.jpg"}],
}
ORDER_KEY = "dd30578785fb1b125022da91e09fa6c7cf998bbc0461b7239ee323043050d3f9"


def test_dedupe_key_matches_the_vector_for_dict_str_and_bytes():
    assert peeker.order_dedupe_key(API_KEY, ORDER) == ORDER_KEY
    text = json.dumps(ORDER, indent=2)
    assert peeker.order_dedupe_key(API_KEY, text) == ORDER_KEY
    assert peeker.order_dedupe_key(API_KEY, text.encode()) == ORDER_KEY
    assert peeker.order_dedupe_key(API_KEY, bytearray(text.encode())) == ORDER_KEY


def test_dedupe_key_ignores_key_order_and_changes_with_content_and_api_key():
    reordered = dict(reversed(list(ORDER.items())))
    assert peeker.order_dedupe_key(API_KEY, reordered) == ORDER_KEY
    other = json.loads(json.dumps(ORDER))
    other["personas"][0]["first_name"] = "Sam"
    assert peeker.order_dedupe_key(API_KEY, other) != ORDER_KEY
    assert peeker.order_dedupe_key("pk_test_other", ORDER) != ORDER_KEY


def test_dedupe_key_non_ascii_text():
    a = peeker.order_dedupe_key(API_KEY, {"user": "jürgen@bücher.de"})
    b = peeker.order_dedupe_key(API_KEY, '{"user":"j\\u00fcrgen@b\\u00fccher.de"}')
    assert a == b and len(a) == 64


@pytest.mark.parametrize(
    "body, code, field",
    [
        ({"amount": 1.5}, "unsupported_number", "amount"),
        ({"a": [1, 2 ** 60]}, "unsupported_number", "a[1]"),
        ("{not json", "invalid_json", None),
        (b"\xff", "invalid_json", None),
        ("", "invalid_json", None),
    ],
)
def test_dedupe_key_errors(body, code, field):
    with pytest.raises(RequestError) as ei:
        peeker.order_dedupe_key(API_KEY, body)
    assert ei.value.code == code
    if field is not None:
        assert ei.value.field == field


def test_dedupe_key_invalid_api_key_and_no_secret_in_messages():
    with pytest.raises(RequestError) as ei:
        peeker.order_dedupe_key("", ORDER)
    assert ei.value.code == "invalid_api_key"
    with pytest.raises(PeekerError) as ei2:
        peeker.order_dedupe_key("pk_live_s3cr3t", {"x": 0.5})
    assert "pk_live_s3cr3t" not in str(ei2.value) and "pk_live_s3cr3t" not in repr(ei2.value)


def test_dedupe_key_wrong_types():
    with pytest.raises(PeekerTypeError) as ei:
        peeker.order_dedupe_key(None, ORDER)  # type: ignore[arg-type]
    assert ei.value.code == "null_argument"
    with pytest.raises(PeekerTypeError):
        peeker.order_dedupe_key(b"pk_test_x", ORDER)  # type: ignore[arg-type]
    for body in (None, 5, {"when": object()}, {"s": {1, 2}}):
        with pytest.raises(PeekerTypeError):
            peeker.order_dedupe_key(API_KEY, body)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError) as ei2:
        peeker.order_dedupe_key(API_KEY, {"user": "\udc80"})
    assert ei2.value.code == "invalid_utf8"


def test_dedupe_key_ten_megabyte_body():
    k = peeker.order_dedupe_key(API_KEY, {"note": "x" * (10 * 1024 * 1024)})
    assert len(k) == 64 and k != ORDER_KEY
