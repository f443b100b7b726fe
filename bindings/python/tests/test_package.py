import json
import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata

import pytest

import peeker
from peeker import _errors
from peeker._native import ffi, lib

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
HEADER = os.path.join(ROOT, "ffi", "include", "peeker.h")


def test_versions():
    assert peeker.__version__ == peeker.VERSION == metadata.version("peeker-sdk")
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", peeker.__version__)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_UTC", peeker.PSL_VERSION)
    assert peeker.PSL_COMMIT and isinstance(peeker.PSL_COMMIT, str)
    assert peeker.WEBHOOK_DEFAULT_TOLERANCE == 300
    assert peeker.WEBHOOK_MAX_BODY_BYTES == 1 << 20


def test_package_is_typed():
    assert os.path.isfile(os.path.join(os.path.dirname(peeker.__file__), "py.typed"))


def test_public_names_are_exported():
    for name in peeker.__all__:
        assert hasattr(peeker, name), name
    assert peeker.PeekerError.__module__ == "peeker"


def test_the_installed_library_matches_the_committed_header():
    with open(HEADER, encoding="utf-8") as f:
        header = f.read()
    declared = set(re.findall(r"\b(peeker_\w+)\s*\(", header))
    assert "peeker_root_domain" in declared and len(declared) > 20
    for name in sorted(declared):
        assert callable(getattr(lib, name)), name
    statuses = dict(re.findall(r"\b(PEEKER_STATUS_\w+)\s*=\s*(\d+)", header))
    for name, number in statuses.items():
        assert getattr(lib, name) == int(number), name


def test_every_status_has_a_code_string_and_an_exception_class():
    """The translation of every C status: string code from the ABI, class by area."""
    expected_class = {
        "empty": "DomainError", "not_a_domain": "DomainError", "invalid_idna": "DomainError",
        "too_long": "DomainError", "ip_address": "DomainError", "public_suffix": "DomainError",
        "unknown_tld": "DomainError", "subdomain": "DomainError", "too_many_domains": "DomainError",
        "no_domains": "DomainError", "invalid_domains": "DomainError",
        "missing_header": "WebhookError", "malformed_header": "WebhookError",
        "timestamp_out_of_tolerance": "WebhookError", "signature_mismatch": "WebhookError",
        "invalid_payload": "WebhookError", "payload_too_large": "WebhookError",
        "invalid_secret": "WebhookError",
        "invalid_request": "RequestError", "invalid_api_key": "RequestError",
        "invalid_base_url": "RequestError", "unsupported_number": "RequestError",
        "invalid_json": "RequestError",
        "api_error": "ResponseError", "unexpected_response": "ResponseError",
        "null_argument": "ArgumentError", "invalid_utf8": "ArgumentError",
        "invalid_argument": "ArgumentError", "not_initialized": "ArgumentError",
        "internal": "PeekerError",
    }
    seen = set()
    for name in dir(lib):
        if not name.startswith("PEEKER_STATUS_") or name == "PEEKER_STATUS_OK":
            continue
        number = getattr(lib, name)
        code = ffi.string(lib.peeker_status_code(number)).decode()
        assert code == name[len("PEEKER_STATUS_"):].lower()
        cls = _errors.error_class(number)
        assert cls.__name__ == expected_class[code], code
        assert issubclass(cls, peeker.PeekerError)
        seen.add(code)
    assert seen == set(expected_class)


def test_threads_get_their_own_errors():
    inputs = ["acme.com", "mail.acme.co.uk", "co.uk", "", "192.0.2.1", "bücher.de", "acme.notarealtld",
              "https://www.acme.co.uk/x"]
    expected = {}
    for s in inputs:
        try:
            expected[s] = ("ok", peeker.normalize_root_domain(s).ascii)
        except peeker.PeekerError as e:
            expected[s] = (e.code, e.suggestion)
    barrier = threading.Barrier(8)

    def work(offset):
        barrier.wait()
        bad = 0
        for i in range(400):
            s = inputs[(i + offset) % len(inputs)]
            try:
                got = ("ok", peeker.normalize_root_domain(s).ascii)
            except peeker.PeekerError as e:
                got = (e.code, e.suggestion)
            bad += got != expected[s]
            if i % 50 == 0:
                ds = peeker.DomainSet(inputs)
                bad += [e.index for e in ds.errors] != [1, 2, 3, 4, 6, 7]
        return bad

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(work, range(8))) == [0] * 8


def test_threads_share_a_domain_set_and_webhooks():
    ds = peeker.DomainSet([f"acme{i}.com" for i in range(30)])
    body = b'{"id":"evt_1","type":"order.completed","data":{}}'
    sig = peeker.sign_webhook(body, "s", 1000)

    def work(i):
        out = []
        for _ in range(100):
            try:
                ds.check("import" if i % 2 else "import_job")
                out.append("ok")
            except peeker.PeekerError as e:
                out.append(e.code)
            try:
                peeker.verify_webhook(body, {"Peeker-Signature": sig, "Peeker-Timestamp": "1000"},
                                      "s" if i % 2 else "wrong", now=1000)
                out.append("verified")
            except peeker.PeekerError as e:
                out.append(e.code)
        return set(out)

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(work, range(6)))
    for i, r in enumerate(results):
        assert r == ({"too_many_domains", "verified"} if i % 2 else {"ok", "signature_mismatch"})


def test_handles_are_freed():
    """Many handles created and dropped: memory stays bounded (no leak per call)."""
    resource = pytest.importorskip("resource")
    domains = [f"acme-{i}-{'x' * 40}.com" for i in range(100)] + ["mail.acme.com"]
    details = json.dumps({"error": {"code": "x", "message": "m" * 5000, "details": {"d": "y" * 10000}}}).encode()

    def round_trip():
        ds = peeker.DomainSet(domains)
        assert len(ds) == 100
        assert peeker.classify_response(400, {"Peeker-Request-Id": "r"}, details).error_code == "x"
        try:
            peeker.normalize_root_domain("mail.acme.co.uk")
        except peeker.PeekerError:
            pass

    for _ in range(300):
        round_trip()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(3000):
        round_trip()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # KiB on Linux. A leaked set (~10 KB) or response (~45 KB) per round would add over 150 MB.
    assert after - before < 30 * 1024


ADAPTER = os.path.join(ROOT, "tests", "adapters", "python", "adapter.py")


def run_adapter(lines):
    proc = subprocess.run(
        [sys.executable, ADAPTER], input="".join(json.dumps(x) + "\n" for x in lines),
        capture_output=True, text=True, timeout=60, check=True,
    )
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_vector_adapter_speaks_the_protocol():
    import base64

    body = b'{"id":"evt_1","type":"order.completed","data":{}}'
    sig = peeker.sign_webhook(body, "s", 1000)
    out = run_adapter([
        {"kind": "root_domain", "case": {"input": "Bücher.de"}},
        {"kind": "root_domain", "case": {"input": "mail.acme.co.uk"}},
        {"kind": "root_domain", "case": {"input": "\ud800.com"}},
        {"kind": "registrable_domain", "case": {"input": "com"}},
        {"kind": "domain_set", "case": {"input": ["b.com", "a.com", "mail.acme.com"]}},
        {"kind": "webhook", "case": {"secret": "s", "headers": {"peeker-signature": sig, "Peeker-Timestamp": "1000"},
                                     "body_base64": base64.b64encode(body).decode(), "now": 1000}},
        {"kind": "webhook", "case": {"secret": "s", "headers": {}, "body_base64": "", "now": 1000, "tolerance": 5}},
        {"kind": "order_dedupe_key", "case": {"api_key": "k", "body": {"a": 1, "b": 2},
                                              "same_as": {"b": 2, "a": 1}, "differs_from": {"a": 2}}},
        {"kind": "response", "case": {"status": 503, "headers": {}, "body_base64": ""}},
        {"kind": "no_such_kind", "case": {}},
        {"kind": "root_domain", "case": {}},
    ])
    assert out[0] == {"ascii": "xn--bcher-kva.de", "unicode": "bücher.de"}
    assert out[1] == {"error": "subdomain", "suggestion": "acme.co.uk"}
    assert out[2] == {"error": "invalid_utf8", "suggestion": None}
    assert out[3] == {"registrable": None}
    assert out[4] == {"domains": ["a.com", "b.com"], "key": None, "errors": [{"index": 2, "error": "subdomain"}]}
    assert out[5] == {"ok": True, "event_id": "evt_1", "event_type": "order.completed", "secret_index": 0}
    assert out[6] == {"error": "missing_header"}
    assert out[7]["key"] == out[7]["same_as_key"] != out[7]["differs_from_key"]
    assert out[8] == {"ok": False, "error_code": None, "field": None, "retry": "backoff",
                      "retry_after_seconds": None, "request_id": None}
    assert out[9] == {"unsupported": True}
    assert list(out[10]) == ["exception"]
    assert len(out) == 11
