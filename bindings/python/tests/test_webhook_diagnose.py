"""peeker.diagnose_webhook and the likely causes verification errors name (the
scheme matching itself: tests/vectors/webhook_diagnose.json through the adapter)."""
import json

import pytest

import peeker

BODY = json.dumps({"id": "evt_1", "type": "order.completed", "data": {"id": "ord_1"}}, separators=(",", ":")).encode()
TS = 1778241600


def headers(sig: str) -> dict:
    return {"Peeker-Signature": sig, "Peeker-Timestamp": str(TS), "Peeker-Event-Id": "evt_1"}


def test_a_documented_delivery_is_diagnosed() -> None:
    d = peeker.diagnose_webhook(BODY, headers(peeker.sign_webhook(BODY, "whsec_a", TS)), "whsec_a", now=TS + 9)
    assert (d.scheme, d.key, d.age_seconds, d.verifies) == ("timestamp.body", "utf8", 9, True)
    assert d.causes == ()
    assert "timestamp.body" in str(d) and "9 s old" in str(d)


def test_nothing_matches_and_the_causes_are_named() -> None:
    sig = peeker.sign_webhook(BODY, "whsec_a", TS)
    d = peeker.diagnose_webhook(BODY, headers(sig), "whsec_a\n", now=TS + 3600)
    assert (d.scheme, d.key, d.verifies) == (None, None, False)
    assert [c[0] for c in d.causes] == ["secret_whitespace", "clock_skew"]
    assert "whsec_a" not in d.report


def test_verification_names_the_whitespace_secret() -> None:
    sig = peeker.sign_webhook(BODY, "whsec_a", TS)
    with pytest.raises(peeker.WebhookError) as e:
        peeker.verify_webhook(BODY, headers(sig), "whsec_a ", now=TS)
    assert e.value.code == "signature_mismatch"
    assert "white space" in str(e.value)


def test_bad_arguments() -> None:
    with pytest.raises(peeker.WebhookError) as e:
        peeker.diagnose_webhook(BODY, {}, "", now=TS)
    assert e.value.code == "invalid_secret"
    with pytest.raises(peeker.PeekerTypeError):
        peeker.diagnose_webhook({"id": "evt_1"}, {}, "whsec_a", now=TS)  # type: ignore[arg-type]
