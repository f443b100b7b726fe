"""peeker.Client: every operation builds through the core, validation errors name
their field, documented bodies parse into the models, API errors carry retry
advice, pages chain, secrets never show, and the urllib transport retries as the
core advises."""
from __future__ import annotations

import copy
import json
import pickle
import socket
import typing
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Tuple

import pytest

import peeker
from peeker import ApiError, ApiErrorCode, DomainError, PeekerError, PeekerTypeError, RequestError, ResponseError

from conftest import Stub, json_reply

KEY = "pk_test_s3cr3tKEY42"
BASE = "http://127.0.0.1:9/partner/v1"
PASSWORD = "hunter2-smartlead-PASSWORD"


@pytest.fixture
def client() -> peeker.Client:
    return peeker.Client(KEY, base_url=BASE)


def seed_order() -> Dict[str, Any]:
    return {
        "user": "alex@acme.com",
        "bundle_id": "bun_01HZX0BU",
        "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com",
                      "login_password": PASSWORD},
        "forwarding_url": "https://acme.com",
        "domains": ["acme-mail.com", "team-acme.com"],
        "personas": [
            {"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": "https://cdn.acme.com/alex.jpg"},
            {"first_name": "Sam", "last_name": "Lee", "profile_picture_url": "https://cdn.acme.com/sam.jpg"},
        ],
    }


PERSONA = {"first_name": "A", "last_name": "B", "profile_picture_url": None}

# (method name, args, kwargs, HTTP method, URL after BASE, JSON body or None)
CASES: List[Tuple[str, tuple, dict, str, str, Any]] = [
    ("me", (), {}, "GET", "/me", None),
    ("check_availability", (["Acme.com", "b.io"],), {}, "POST", "/domains/availability", {"domains": ["acme.com", "b.io"]}),
    ("import_domains", (["Team-Acme.com", "acme-mail.com", "team-acme.com."],), {}, "POST", "/domains/import",
     {"domains": ["acme-mail.com", "team-acme.com"]}),
    ("get_import", ("imp_1",), {}, "GET", "/domains/import/imp_1", None),
    ("find_imports", (["b.com", "a.com"],), {}, "GET", "/domains/import?domains=a.com%2Cb.com", None),
    ("create_import_job", (["a.com"],), {}, "POST", "/domains/import/jobs", {"domains": ["a.com"]}),
    ("get_import_job", ("imp_2",), {}, "GET", "/domains/import/jobs/imp_2", None),
    ("list_domains", (), {"category": "inventory", "usable_for": "google", "per_page": 10}, "GET",
     "/domains?category=inventory&usable_for=google&per_page=10", None),
    ("update_forwarding", (["dom_1", "Acme.com"], "https://acme.com/x"), {}, "POST", "/domains/forwarding",
     {"domains": ["dom_1", "acme.com"], "forwarding_url": "https://acme.com/x"}),
    ("get_forwarding_job", ("fwj_1",), {}, "GET", "/domains/forwarding/fwj_1", None),
    ("create_bundle", ({"name": "25k", "monthly_sending_volume": 25000, "google_percent": 60, "microsoft_percent": 40},),
     {}, "POST", "/bundles", {"name": "25k", "monthly_sending_volume": 25000, "google_percent": 60, "microsoft_percent": 40}),
    ("list_bundles", (), {"status": "active"}, "GET", "/bundles?status=active", None),
    ("get_bundle", ("bun_1",), {}, "GET", "/bundles/bun_1", None),
    ("update_bundle", ("bun_1", {"name": "m"}), {}, "PATCH", "/bundles/bun_1", {"name": "m"}),
    ("delete_bundle", ("bun_1",), {}, "DELETE", "/bundles/bun_1", None),
    ("create_order", (seed_order(),), {}, "POST", "/orders", seed_order()),
    ("get_order", ("ord_1",), {}, "GET", "/orders/ord_1", None),
    ("list_orders", (), {"user_email": "a+b@acme.com", "status": "completed", "per_page": 50}, "GET",
     "/orders?status=completed&user_email=a%2Bb%40acme.com&per_page=50", None),
    ("list_pending_actions", (), {"order_id": "ord_1"}, "GET", "/orders/pending?order_id=ord_1", None),
    ("cancel_order", ("ord_1",), {}, "POST", "/orders/ord_1/cancel", None),
    ("create_swap", ({"type": "premium", "domain_id": "dom_1", "replacement_domain": "New-Acme.com"},), {}, "POST",
     "/swaps", {"type": "premium", "domain_id": "dom_1", "replacement_domain": "new-acme.com"}),
    ("list_swaps", (), {"order_id": "ord_1"}, "GET", "/swaps?order_id=ord_1", None),
    ("get_swap", ("swp_1",), {}, "GET", "/swaps/swp_1", None),
    ("swap_user_names", ({"domain_id": "dom_1", "personas": [PERSONA]},), {}, "POST", "/swaps/user_names",
     {"domain_id": "dom_1", "personas": [PERSONA]}),
    ("next_page", (BASE + "/orders?page_token=eyJj",), {}, "GET", "/orders?page_token=eyJj", None),
]


# -- configuration ----------------------------------------------------------------


def test_operations_come_from_the_core_and_every_one_has_a_method_and_a_case() -> None:
    assert peeker.OPERATIONS[0] == "me" and len(peeker.OPERATIONS) == 25
    assert set(typing.get_args(peeker.Operation)) == set(peeker.OPERATIONS)
    assert [c[0] for c in CASES] == list(peeker.OPERATIONS)
    for op in peeker.OPERATIONS:
        assert callable(getattr(peeker.Client, op)), op


def test_client_configuration() -> None:
    c = peeker.Client(KEY)
    assert c.base_url == "https://api.peeker.ai/partner/v1"
    assert c.environment == "test"
    assert peeker.Client("pk_live_abc").environment == "live"
    assert c.user_agent.startswith(f"peeker-sdk/{peeker.VERSION} ") and " python/3." in c.user_agent
    c = peeker.Client(KEY, base_url="http://127.0.0.1:8080/partner/v1/", user_agent="acme-portal/2.1")
    assert c.base_url == "http://127.0.0.1:8080/partner/v1"
    assert c.user_agent.endswith(" acme-portal/2.1")
    assert c.me().headers["User-Agent"] == c.user_agent


@pytest.mark.parametrize("bad", ["", "sk_test_x", "pk_test_", "pk_prod_abcdef", "pk_test_a b", "Bearer pk_test_x"])
def test_bad_api_keys_are_refused_without_echoing_them(bad: str) -> None:
    with pytest.raises(RequestError) as ei:
        peeker.Client(bad)
    assert ei.value.code == "invalid_api_key"
    if len(bad) > 8:
        assert bad not in str(ei.value) and bad not in repr(ei.value)


def test_bad_base_urls_and_argument_types() -> None:
    for bad in ["ftp://x", "not a url", "http://h/p?x=1"]:
        with pytest.raises(RequestError) as ei:
            peeker.Client(KEY, base_url=bad)
        assert ei.value.code == "invalid_base_url"
    with pytest.raises(RequestError) as none:
        peeker.Client(None)  # type: ignore[arg-type]  # an unset environment variable
    assert none.value.code == "invalid_api_key" and none.value.message.startswith("An API key is required")
    for kwargs, field in [({"api_key": b"pk_test_x"}, "api_key"),
                          ({"api_key": KEY, "base_url": 3}, "base_url"),
                          ({"api_key": KEY, "user_agent": ["x"]}, "user_agent")]:
        with pytest.raises(PeekerTypeError) as ei:
            peeker.Client(**kwargs)
        assert ei.value.field == field
    with pytest.raises(peeker.ArgumentError) as ei2:
        peeker.Client("pk_test_\udcff")
    assert ei2.value.code == "invalid_utf8"


# -- building ---------------------------------------------------------------------


@pytest.mark.parametrize("name,args,kwargs,method,path,body", CASES, ids=[c[0] for c in CASES])
def test_every_operation_builds(client: peeker.Client, name: str, args: tuple, kwargs: dict, method: str,
                                path: str, body: Any) -> None:
    r = getattr(client, name)(*args, **kwargs)
    assert isinstance(r, peeker.Request)
    assert (r.operation, r.method, r.url) == (name, method, BASE + path)
    assert r.json() == body
    assert r.headers["Authorization"] == f"Bearer {KEY}"
    assert r.headers["Accept"] == "application/json"
    assert ("Content-Type" in r.headers) == (body is not None)
    if body is not None:
        assert r.headers["Content-Type"] == "application/json"
        assert isinstance(r.body, bytes)
    # The generic entry point gives the same request.
    assert client.build(name, _params(name, args, kwargs)) == r


def _params(name: str, args: tuple, kwargs: dict) -> Dict[str, Any]:
    if name in ("check_availability", "import_domains", "find_imports", "create_import_job"):
        return {"domains": args[0]}
    if name == "update_forwarding":
        return {"body": {"domains": args[0], "forwarding_url": args[1]}}
    if name == "update_bundle":
        return {"id": args[0], "body": args[1]}
    if name in ("create_bundle", "create_order", "create_swap", "swap_user_names"):
        return {"body": args[0]}
    if name == "next_page":
        return {"next": args[0]}
    if args:
        return {"id": args[0]}
    p: Dict[str, Any] = {"filters": {k: v for k, v in kwargs.items() if k != "per_page"}}
    if "per_page" in kwargs:
        p["per_page"] = kwargs["per_page"]
    return p


def test_cancel_some_domains_and_order_body_sent_exactly(client: peeker.Client) -> None:
    r = client.cancel_order("ord_1", ["dom_1", "Acme.com"])
    assert r.body == b'{"domains":["dom_1","acme.com"]}'
    order = seed_order()
    order["domains"][1] = {"domain": "Team-Acme.com", "forwarding_url": "https://acme.com/x"}
    sent = client.create_order(order).json()
    assert sent["domains"][1] == {"domain": "team-acme.com", "forwarding_url": "https://acme.com/x"}
    assert sent["sequencer"] == order["sequencer"]


def field_of(fn: Any, *args: Any, **kwargs: Any) -> Tuple[str, str, Any]:
    with pytest.raises(PeekerError) as ei:
        fn(*args, **kwargs)
    e = ei.value
    assert PASSWORD not in str(e) and PASSWORD not in repr(e) and KEY not in str(e)
    return type(e).__name__, e.code, e.field


def test_validation_errors_name_their_field(client: peeker.Client) -> None:
    def order(change: Any) -> Dict[str, Any]:
        b = seed_order()
        change(b)
        return b

    assert field_of(client.create_order, order(lambda b: b["domains"].__setitem__(1, "mail.acme.com"))) == \
        ("DomainError", "subdomain", "domains[1]")
    assert field_of(client.create_order, order(lambda b: b["sequencer"].pop("login_password"))) == \
        ("RequestError", "invalid_request", "sequencer.login_password")
    assert field_of(client.create_order, order(lambda b: b["personas"][0].pop("profile_picture_url"))) == \
        ("RequestError", "invalid_request", "personas[0].profile_picture_url")
    assert field_of(client.create_order, order(lambda b: b["personas"][1].__setitem__("profile_picture_url", "ftp://x/y"))) == \
        ("RequestError", "invalid_request", "personas[1].profile_picture_url")
    assert field_of(client.create_order, order(lambda b: b.__setitem__("google_licenses", 4))) == \
        ("RequestError", "invalid_request", "google_licenses")
    assert field_of(client.create_order, order(lambda b: b.__setitem__("user", "alex"))) == \
        ("RequestError", "invalid_request", "user")
    assert field_of(client.create_order, order(lambda b: b.__setitem__("personas", [PERSONA] * 11))) == \
        ("RequestError", "invalid_request", "personas")
    code = field_of(client.create_order, order(lambda b: b["sequencer"].__setitem__("client_id", 1.5)))
    assert code[:2] in {("RequestError", "unsupported_number"), ("RequestError", "invalid_request")}
    assert field_of(client.import_domains, ["a.com", "https://www.b.com/x"]) == ("DomainError", "invalid_domains", "domains[1]")
    assert field_of(client.import_domains, [f"d{i}.com" for i in range(26)])[1] == "too_many_domains"
    assert field_of(client.check_availability, [])[1] == "no_domains"
    assert field_of(client.get_order, "../me") == ("RequestError", "invalid_request", "id")
    assert field_of(client.list_orders, per_page=101) == ("RequestError", "invalid_request", "per_page")
    assert field_of(client.list_orders, per_page=0) == ("RequestError", "invalid_request", "per_page")
    assert field_of(client.update_forwarding, ["acme.com"], "javascript:alert(1)") == \
        ("RequestError", "invalid_request", "forwarding_url")
    assert field_of(client.update_bundle, "bun_1", {"google_percent": 60}) == \
        ("RequestError", "invalid_request", "microsoft_percent")
    assert field_of(client.create_swap, {"type": "gold", "domain_id": "dom_1", "replacement_domain": "x.com"}) == \
        ("RequestError", "invalid_request", "type")
    assert field_of(client.cancel_order, "ord_1", []) == ("RequestError", "invalid_request", "domains")
    assert field_of(client.build, "nope") == ("ArgumentError", "invalid_argument", "operation")
    assert field_of(client.next_page, "https://evil.example/orders?page_token=x")[1] == "unexpected_response"
    with pytest.raises(DomainError) as ei:
        client.import_domains(["mail.acme.co.uk"])
    assert ei.value.suggestion == "acme.co.uk"


def test_wrong_python_types_are_type_errors(client: peeker.Client) -> None:
    for call in (lambda: client.import_domains("acme.com"), lambda: client.import_domains(None),  # type: ignore
                 lambda: client.get_order(12), lambda: client.create_order([seed_order()]),  # type: ignore
                 lambda: client.create_order({"user": {1, 2}}), lambda: client.build("me", [1]),  # type: ignore
                 lambda: client.cancel_order("ord_1", "dom_1")):  # type: ignore
        with pytest.raises(PeekerTypeError) as ei:
            call()
        assert isinstance(ei.value, TypeError) and ei.value.code in ("invalid_argument", "null_argument")
    with pytest.raises(PeekerError) as e2:
        client.create_order({**seed_order(), "user": float("nan")})
    assert e2.value.code == "invalid_argument"
    deep: List[Any] = []
    for _ in range(100_000):
        deep = [deep]
    for call in (lambda: client.create_order({**seed_order(), "user": deep}),
                 lambda: peeker.order_dedupe_key(KEY, {"x": deep})):
        with pytest.raises(peeker.ArgumentError) as e3:
            call()
        assert e3.value.code == "invalid_argument" and "deeply" in e3.value.message
    nested: Dict[str, Any] = {}
    cur = nested
    for _ in range(500):  # Python can encode it; the core refuses it as a typed error
        cur["a"] = {}
        cur = cur["a"]
    with pytest.raises(PeekerError) as e4:
        client.create_order({**seed_order(), "extra": nested})
    assert e4.value.code in ("invalid_json", "invalid_request")


# -- secrets -----------------------------------------------------------------------


def test_secrets_never_show_in_repr(client: peeker.Client) -> None:
    r = client.create_order(seed_order())
    assert PASSWORD.encode() in r.body  # it is sent...
    shown = repr(r) + str(r) + repr(client) + str(client)
    assert KEY not in shown and "s3cr3t" not in shown and PASSWORD not in shown  # ...never shown
    assert "Bearer <redacted>" in repr(r) and f"<{len(r.body)} bytes>" in repr(r)
    page = client.parse("list_orders", 200, {}, json.dumps({"data": [], "links": {"next": BASE + "/orders?page_token=x"}}))
    assert isinstance(page, peeker.Page) and page.next_request is not None
    assert page.next_request.headers["Authorization"] == f"Bearer {KEY}"
    assert KEY not in repr(page)


def test_requests_compare_hash_pickle_and_convert(client: peeker.Client) -> None:
    r = client.get_order("ord_1")
    assert r == client.get_order("ord_1") and hash(r) == hash(client.get_order("ord_1"))
    assert r != client.get_order("ord_2")
    back = pickle.loads(pickle.dumps(r))
    assert back == r and copy.deepcopy(r) == r
    u = r.to_urllib()
    assert (u.get_method(), u.full_url, u.get_header("Authorization")) == ("GET", r.url, f"Bearer {KEY}")


def test_order_dedupe_key_from_the_client(client: peeker.Client) -> None:
    r = client.create_order(seed_order())
    key = client.order_dedupe_key(r)
    assert key == peeker.order_dedupe_key(KEY, r.body)
    reordered = dict(reversed(list(seed_order().items())))
    assert client.order_dedupe_key(client.create_order(reordered)) == key
    assert peeker.Client("pk_test_other").order_dedupe_key(peeker.Client("pk_test_other").create_order(seed_order())) != key
    with pytest.raises(PeekerTypeError):
        client.order_dedupe_key(pickle.loads(pickle.dumps(r)))  # no native request behind it


def test_a_client_is_shared_by_threads(client: peeker.Client) -> None:
    def build(i: int) -> str:
        return client.get_order(f"ord_{i}").url
    with ThreadPoolExecutor(4) as ex:
        urls = list(ex.map(build, range(400)))
    assert urls == [f"{BASE}/orders/ord_{i}" for i in range(400)]


# -- parsing ------------------------------------------------------------------------

H = {"Peeker-Request-Id": "req_01HZX0E5K7N9P2Q4R6S8T0U1V3"}


def test_parse_documented_bodies(client: peeker.Client) -> None:
    me = client.parse("me", 200, H, b'{"data":{"api_key":{"environment":"test","permission_preset":"full"},'
                                    b'"partner":{"id":"org_1","name":"Acme Resellers"}}}')
    assert type(me) is peeker.Result
    assert (me.status, me.request_id, me.operation) == (200, "req_01HZX0E5K7N9P2Q4R6S8T0U1V3", "me")
    assert me.data == {"api_key": {"environment": "test", "permission_preset": "full"},
                       "partner": {"id": "org_1", "name": "Acme Resellers"}}

    av = client.parse("check_availability", 200, {}, json.dumps({"data": {"domains": [
        {"domain": "acme-mail.com", "available": True, "usable_for": ["google", "microsoft"], "premium": False,
         "price_cents": 1300, "renewal_price_cents": 1500, "currency": "usd"},
        {"domain": "x.com", "available": False, "premium": True, "reason": "premium"}]}}))
    rows = av.data["domains"]
    assert rows[0]["usable_for"] == ["google", "microsoft"] and rows[0]["reason"] is None
    assert rows[1] == {"domain": "x.com", "available": False, "usable_for": [], "premium": True, "reason": "premium",
                       "price_cents": None, "renewal_price_cents": None, "currency": None}

    job = client.parse("import_domains", 200, {}, json.dumps({"data": {
        "id": "imp_1", "status": "completed", "submitted_count": 2, "completed_count": 1, "failed_count": 1,
        "nameserver_groups": [{"nameserver_one": "helena.ns.cloudflare.com", "nameserver_two": "idris.ns.cloudflare.com",
                               "domains": ["acme-mail.com"]}],
        "failed": [{"domain": "mail.acme.com", "reason": "not_root"}], "created_at": "2026-05-08T12:00:00Z",
        "new_field": 1}}))
    assert job.data["nameserver_groups"][0]["nameserver_two"] == "idris.ns.cloudflare.com"
    assert job.data["failed"] == [{"domain": "mail.acme.com", "reason": "not_root"}]
    # Every documented key present (None where not sent), and a field the API adds reaches the caller.
    assert job.data["new_field"] == 1 and job.data["completed_at"] is None

    full = client.parse("get_order", 200, {}, json.dumps({"data": {
        "id": "ord_1", "status": "paused_for_review", "costs": {"total_cents": 6800, "currency": "usd",
        "line_items": [{"type": "google_license", "quantity": 4, "amount_cents": 2400}]},
        "domains": {"registered": ["a.com"], "imported": ["b.com"]},
        "personas": [{"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": ""}]}}))
    o: peeker.Order = full.data
    assert o["status"] == "paused_for_review"  # unknown enum values are kept
    assert o["costs"] is not None and o["costs"]["line_items"][0]["amount_cents"] == 2400
    assert o["domains"] == {"registered": ["a.com"], "imported": ["b.com"]}
    assert o["personas"] is not None and o["personas"][0]["profile_picture_url"] == ""

    fw = client.parse("get_forwarding_job", 200, {}, json.dumps({"data": {
        "id": "fwj_1", "status": "partial_success", "forwarding_url": "https://acme.com", "completed": ["a.com"],
        "failed": [{"domain": "b.com", "reason": "dns_lookup_failed"}], "completed_count": 1, "failed_count": 1}}))
    assert fw.data["failed"][0]["reason"] == "dns_lookup_failed"

    bundle = client.parse("create_bundle", 201, {}, json.dumps({"data": {
        "id": "bun_1", "name": "25k", "monthly_sending_volume": 25000, "google_percent": None,
        "microsoft_percent": None, "status": "active", "effective": {"google_percent": 50, "microsoft_percent": 50},
        "required_domains": {"google": 15, "microsoft": 4, "total": 19}}}))
    assert bundle.status == 201 and bundle.data["required_domains"] == {"google": 15, "microsoft": 4, "total": 19}

    deleted = client.parse("delete_bundle", 200, {}, b'{"data":{"id":"bun_1","status":"deleted"}}')
    assert deleted.data == {"id": "bun_1", "status": "deleted"}

    cancel = client.parse("cancel_order", 200, {}, json.dumps({"data": {
        "id": "ord_1", "status": "cancel_scheduled", "cancellation_scheduled_at": "2026-05-08T12:00:00Z",
        "cancels_at": "2026-06-07T12:00:00Z", "domains": [{"id": "dom_1", "domain": "domain-01.com"}]}}))
    assert cancel.data["cancels_at"] == "2026-06-07T12:00:00Z"

    swaps = client.parse("swap_user_names", 201, {}, json.dumps({"data": {"swaps": [
        {"id": "swp_1", "type": "user_names", "domain_id": "dom_1", "status": "created"},
        {"id": "swp_2", "type": "user_names", "domain_id": "dom_1", "status": "created"}]}}))
    assert [s["id"] for s in swaps.data["swaps"]] == ["swp_1", "swp_2"]
    assert swaps.data["swaps"][0]["replacement_domain"] is None

    pending = client.parse("list_pending_actions", 200, {}, json.dumps({"data": [{
        "id": "act_1", "type": "google_profile_picture", "reason": "profile_picture_not_accessible", "status": "open",
        "domain_id": "dom_1", "domain": "acme-mail.com", "message": "The profile picture URL must be public."}],
        "links": {"next": None}}))
    assert isinstance(pending, peeker.Page) and pending.next_request is None and pending.is_last
    assert pending.items[0]["reason"] == "profile_picture_not_accessible"
    assert pending.items[0]["message"] == "The profile picture URL must be public."  # extra fields kept

    domains = client.parse("list_domains", 200, [("peeker-request-id", "req_2")], json.dumps({"data": [
        {"id": "dom_1", "domain": "a.com", "category": "inventory", "status": "available"}], "links": {}}))
    assert domains.request_id == "req_2" and domains.items[0]["usable_for"] == []


def test_parse_api_errors(client: peeker.Client) -> None:
    def err(status: int, body: Any, headers: Any = H) -> ApiError:
        with pytest.raises(ApiError) as ei:
            client.parse("create_order", status, headers, body)
        e = ei.value
        assert isinstance(e, ResponseError) and isinstance(e, PeekerError)
        assert e.code == "api_error" and e.number == 4750
        return e

    e = err(429, b'{"error":{"code":"rate_limited","message":"API rate limit exceeded","details":{"retry_after_seconds":12}}}')
    assert (e.status, e.api_code, e.retry, e.retry_after_seconds) == (429, "rate_limited", "after", 12)
    assert e.api_code is ApiErrorCode.RATE_LIMITED and e.details == {"retry_after_seconds": 12}
    assert e.request_id == "req_01HZX0E5K7N9P2Q4R6S8T0U1V3"
    # The core's one wording (also Node's ApiError message and C's peeker_response_error_summary).
    assert e.message == ("HTTP 429 rate_limited: API rate limit exceeded (request id req_01HZX0E5K7N9P2Q4R6S8T0U1V3);"
                         " retry after 12 s")
    assert str(e) == "api_error: " + e.message and e.api_message == "API rate limit exceeded"

    e = err(429, b"")
    assert (e.retry, e.retry_after_seconds, e.api_code) == ("after", 5, None)

    e = err(502, b"<html>Bad Gateway</html>", [(b"Peeker-Request-Id", b"req_proxy")])
    assert (e.status, e.api_code, e.retry, e.retry_after_seconds, e.request_id) == (502, None, "backoff", None, "req_proxy")
    assert "502" in e.message

    e = err(400, json.dumps({"error": {"code": "domain_count_mismatch", "message": "Submitted domain count does not match",
                                        "field": "domains", "details": {"required_count": 4, "submitted_count": 2}}}))
    assert (e.api_code, e.field, e.retry) == (ApiErrorCode.DOMAIN_COUNT_MISMATCH, "domains", "never")
    assert e.details["required_count"] == 4

    e = err(409, b'{"error":{"code":"brand_new_code","message":"m"}}')
    assert e.api_code == "brand_new_code" and not isinstance(e.api_code, ApiErrorCode)
    assert err(503, b'{"error":').retry == "backoff"
    assert err(401, b'{"error":{"code":"unauthorized","message":"m"}}').api_code == ApiErrorCode.UNAUTHORIZED
    back = pickle.loads(pickle.dumps(e))
    assert (back.status, back.api_code, back.api_message, back.message) == (409, "brand_new_code", "m", e.message)


def test_parse_refuses_bodies_that_are_not_the_documented_shape(client: peeker.Client) -> None:
    for body in (b"<html>", b"", b'{"data":{"id":"ord_1"}}', b'{"data":[]}'):
        with pytest.raises(ResponseError) as ei:
            client.parse("get_order", 200, {}, body)
        assert ei.value.code == "unexpected_response"
    with pytest.raises(peeker.ArgumentError) as e2:
        client.parse("nope", 200, {}, b"{}")
    assert e2.value.field == "operation"
    with pytest.raises(peeker.ArgumentError):
        client.parse("me", 70000, {}, b"{}")
    with pytest.raises(PeekerTypeError):
        client.parse("me", 200, None, b"{}")  # type: ignore[arg-type]


def test_paging_follows_links_next(client: peeker.Client) -> None:
    first = client.parse("list_orders", 200, {}, json.dumps({
        "data": [{"id": "ord_1", "status": "completed"}],
        "links": {"first": BASE + "/orders?per_page=1", "next": BASE + "/orders?per_page=1&page_token=eyJjIjoyfQ"},
        "meta": {"per_page": 1, "returned": 1}}))
    assert isinstance(first, peeker.Page) and not first.is_last
    assert [o["id"] for o in first.items] == ["ord_1"] and first.items is first.data
    # The page's meta and links.first, as sent.
    assert first.meta == {"per_page": 1, "returned": 1} and first.first == BASE + "/orders?per_page=1"
    nxt = first.next_request
    assert nxt is not None
    assert (nxt.method, nxt.url, nxt.operation, nxt.body) == ("GET", BASE + "/orders?per_page=1&page_token=eyJjIjoyfQ",
                                                              "list_orders", None)
    second = client.parse(nxt.operation, 200, {}, b'{"data":[{"id":"ord_2","status":"failed"}],"links":{"next":null}}')
    assert isinstance(second, peeker.Page) and second.next_request is None
    assert second.meta is None and second.first is None  # absent: None
    with_id = client.parse("list_orders", 200, {"peeker-request-id": "req_9"}, b'{"data":[],"links":{"next":null}}')
    assert with_id.request_id == "req_9"
    assert second.items[0]["costs"] is None  # typed rows on every page
    with pytest.raises(peeker.ResponseError):  # checked against the list's model on every page
        client.parse(nxt.operation, 200, {}, b'{"data":[{"id":"ord_2"}],"links":{"next":null}}')
    relative = client.parse("list_swaps", 200, {}, b'{"data":[],"links":{"next":"/partner/v1/swaps?page_token=x"}}')
    assert relative.next_request is not None and relative.next_request.url == BASE + "/swaps?page_token=x"
    with pytest.raises(ResponseError) as ei:
        client.parse("list_orders", 200, {}, b'{"data":[],"links":{"next":"https://evil.example/orders?page_token=x"}}')
    assert ei.value.code == "unexpected_response"
    raw = client.parse("next_page", 200, {}, b'{"data":[{"anything":1}],"links":{"next":null}}')
    assert raw.items == [{"anything": 1}]


def test_backoff_delay_is_the_cores() -> None:
    assert peeker.backoff_delay_ms(1, 0.0) == 250
    assert peeker.backoff_delay_ms(1, 1.0) == 500
    assert peeker.backoff_delay_ms(2, 1.0) == 1000
    assert peeker.backoff_delay_ms(50, 1.0) == 30000
    assert peeker.backoff_delay_ms(3, float("nan")) == 1000
    assert peeker.backoff_delay_ms(1, 7) == 500  # clamped
    with pytest.raises(PeekerTypeError):
        peeker.backoff_delay_ms(1, "0.5")  # type: ignore[arg-type]
    with pytest.raises(peeker.ArgumentError):
        peeker.backoff_delay_ms(-1, 0.5)


# -- the urllib transport -------------------------------------------------------------


def test_send_retries_as_the_core_advises(stub: Stub) -> None:
    c = peeker.Client(KEY, base_url=stub.base)
    replies = [json_reply(429, {"error": {"code": "rate_limited", "message": "m", "details": {"retry_after_seconds": 2}}}),
               (503, {}, b""), (502, {"Content-Type": "text/html"}, b"<html>"),
               json_reply(200, {"data": {"id": "ord_1", "status": "completed"}})]
    stub.route = lambda *a: replies.pop(0)
    sleeps: List[float] = []
    res = c.send(c.get_order("ord_1"), sleep=sleeps.append, jitter=lambda: 0.5)
    assert res.data["status"] == "completed" and res.request_id == "req_stub"
    # 2 s + jitter after the 429; then the core's backoff for attempts 2 and 3.
    assert sleeps == [2.5, peeker.backoff_delay_ms(2, 0.5) / 1000, peeker.backoff_delay_ms(3, 0.5) / 1000] == [2.5, 0.75, 1.5]
    assert [r["headers"]["Authorization"] for r in stub.requests] == [f"Bearer {KEY}"] * 4


def test_send_gives_up_and_never_retries_client_errors(stub: Stub) -> None:
    c = peeker.Client(KEY, base_url=stub.base)
    stub.route = lambda *a: json_reply(400, {"error": {"code": "invalid_request", "message": "m", "field": "domains"}})
    sleeps: List[float] = []
    with pytest.raises(ApiError) as ei:
        c.send(c.me(), sleep=sleeps.append)
    assert (ei.value.status, ei.value.field, sleeps, len(stub.requests)) == (400, "domains", [], 1)
    stub.route = lambda *a: (500, {}, b"oops")
    with pytest.raises(ApiError) as ei:
        c.send(c.me(), sleep=sleeps.append, max_attempts=3, jitter=lambda: 0.0)
    assert ei.value.retry == "backoff" and sleeps == [0.25, 0.5] and len(stub.requests) == 4


def test_send_does_not_follow_redirects(stub: Stub) -> None:
    c = peeker.Client(KEY, base_url=stub.base)
    stub.route = lambda *a: (302, {"Location": "http://127.0.0.2:1/steal"}, b"")
    with pytest.raises(ApiError) as ei:
        c.send(c.me(), sleep=lambda s: None)
    assert (ei.value.status, ei.value.retry) == (302, "never") and len(stub.requests) == 1


def test_send_retries_transport_failures_then_raises() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    c = peeker.Client(KEY, base_url=f"http://127.0.0.1:{port}/partner/v1")
    sleeps: List[float] = []
    with pytest.raises(OSError):
        c.send(c.me(), sleep=sleeps.append, jitter=lambda: 1.0, max_attempts=3, timeout=2)
    assert sleeps == [0.5, 1.0]


def test_pages_iterates_to_the_last_page(stub: Stub) -> None:
    c = peeker.Client(KEY, base_url=stub.base)

    def route(method: str, path: str, headers: Dict[str, str], body: bytes) -> Any:
        n = int(path.rsplit("page_token=", 1)[1]) if "page_token=" in path else 0
        nxt = f"{stub.base}/bundles?per_page=2&page_token={n + 1}" if n < 2 else None
        return json_reply(200, {"data": [{"id": f"bun_{n}a"}, {"id": f"bun_{n}b"}], "links": {"next": nxt}})

    stub.route = route
    pages = list(c.pages(c.list_bundles(per_page=2)))
    assert [b["id"] for p in pages for b in p.items] == ["bun_0a", "bun_0b", "bun_1a", "bun_1b", "bun_2a", "bun_2b"]
    assert [r["path"] for r in stub.requests] == ["/partner/v1/bundles?per_page=2",
                                                  "/partner/v1/bundles?per_page=2&page_token=1",
                                                  "/partner/v1/bundles?per_page=2&page_token=2"]
    with pytest.raises(peeker.ArgumentError):
        c.send(peeker.Request("GET", stub.base + "/me", {}, None))  # no operation to parse with


def test_send_does_not_retry_what_the_api_says_not_to(stub: Stub) -> None:
    c = peeker.Client(KEY, base_url=stub.base)
    capacity = json_reply(429, {"error": {"code": "rate_limited", "message": "busy",
                                          "details": {"retry_after_seconds": 1, "reason": "cloudflare_account_capacity"}}})
    stub.route = lambda *a: capacity
    sleeps: List[float] = []
    with pytest.raises(ApiError) as ei:
        c.send(c.import_domains(["acme.com"]), sleep=sleeps.append)
    assert ei.value.details["reason"] == "cloudflare_account_capacity" and sleeps == [] and len(stub.requests) == 1
    stub.route = lambda *a: json_reply(429, {"error": {"code": "rate_limited", "message": "m",
                                                       "details": {"retry_after_seconds": 120}}})
    with pytest.raises(ApiError) as ei:
        c.send(c.me(), sleep=sleeps.append, max_wait=60)
    assert ei.value.retry_after_seconds == 120 and sleeps == [] and len(stub.requests) == 2


def test_send_retries_a_timeout_only_for_a_retry_safe_request(stub: Stub) -> None:
    import time as _time

    c = peeker.Client(KEY, base_url=stub.base)

    def slow(*a: Any) -> Any:
        _time.sleep(0.6)
        return json_reply(200, {"data": {"id": "bun_1", "status": "deleted"}})

    stub.route = slow
    sleeps: List[float] = []
    with pytest.raises(OSError):
        c.send(c.create_bundle({"name": "n", "monthly_sending_volume": 1}), timeout=0.2, sleep=sleeps.append)
    assert sleeps == [] and len(stub.requests) == 1  # a bundle may have been made: not re-sent
    with pytest.raises(OSError):
        c.send(c.get_bundle("bun_1"), timeout=0.2, max_attempts=2, sleep=sleeps.append, jitter=lambda: 0.0)
    assert sleeps == [0.25]
    # An order is deduplicated by the API: a timeout is retried.
    order = c.create_order({"user": "a@acme.com", "bundle_id": "bun_1", "domains": ["acme.com"],
                            "forwarding_url": "https://acme.com",
                            "sequencer": {"provider": "smartlead", "client_id": 1, "login_email": "a@acme.com",
                                          "login_password": "p"},
                            "personas": [{"first_name": "A", "last_name": "B", "profile_picture_url": None}]})
    assert order.retry_safe
    with pytest.raises(OSError):
        c.send(order, timeout=0.2, max_attempts=2, sleep=sleeps.append, jitter=lambda: 0.0)
    assert sleeps == [0.25, 0.25]


def test_send_never_re_sends_a_swap_after_a_5xx(stub: Stub) -> None:
    c = peeker.Client(KEY, base_url=stub.base)
    stub.route = lambda *a: (503, {"Content-Type": "text/html"}, b"<html>busy</html>")
    swap = c.create_swap({"type": "premium", "domain_id": "dom_1", "replacement_domain": "new-acme.com"})
    assert swap.retry_safe is False
    sleeps: List[float] = []
    with pytest.raises(ApiError) as ei:
        c.send(swap, sleep=sleeps.append)
    assert (ei.value.status, sleeps, len(stub.requests)) == (503, [], 1)
    with pytest.raises(ApiError):
        c.send(c.get_order("ord_1"), sleep=sleeps.append, max_attempts=2, jitter=lambda: 0.0)
    assert sleeps == [0.25] and len(stub.requests) == 3


def test_retry_decision_is_the_cores() -> None:
    rl = json.dumps({"error": {"code": "rate_limited", "message": "m", "details": {"retry_after_seconds": 2}}})
    assert peeker.retry_decision(False, 1, status=429, body=rl, jitter=0.5) == 2500
    assert peeker.retry_decision(True, 4, status=429, body=rl, jitter=0.5) is None
    assert peeker.retry_decision(True, 1, status=429, body=rl, jitter=0.5, max_wait=1) is None
    assert peeker.retry_decision(True, 2, status=503, headers={"X": "y"}, body="<html>", jitter=1.0) == 1000
    assert peeker.retry_decision(False, 2, status=503, body="<html>", jitter=1.0) is None
    assert peeker.retry_decision(True, 1, status=404, jitter=0) is None
    assert peeker.retry_decision(False, 1, network_error="connect", jitter=0) == 250
    assert peeker.retry_decision(False, 1, network_error="timeout", jitter=0) is None
    assert peeker.retry_decision(True, 1, network_error="timeout", jitter=0) == 250
    assert peeker.operation_retry_safe("create_order") and not peeker.operation_retry_safe("cancel_order")
    with pytest.raises(peeker.ArgumentError) as e:
        peeker.retry_decision(True, 1, network_error="dns")
    assert (e.value.code, e.value.field) == ("invalid_argument", "network_error")
    assert e.value.message == 'network_error must be "connect" or "timeout" (got "dns").'  # the core's words
    with pytest.raises(peeker.PeekerError):
        peeker.operation_retry_safe("nope")
    with pytest.raises(peeker.PeekerError):
        peeker.retry_decision(True, 1)
