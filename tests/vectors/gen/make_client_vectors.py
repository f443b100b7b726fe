#!/usr/bin/env python3
"""Generates tests/vectors/request.json and tests/vectors/api_response.json.

Every expected value is written here by hand from core/docs/peeker-api.md (paths,
methods, bodies, query parameters, limits, envelopes) and tests/vectors/FORMAT.md
(kinds `request` and `api_response`, the root-domain normalisation), never taken
from the SDK's output. Where the documents fix no error code for a refused
request, the case says `"error": "*"` and names only the `field`. Re-run after
editing:
    python3 tests/vectors/gen/make_client_vectors.py
"""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent
BASE = "https://api.peeker.ai/partner/v1"
KEY = "pk_test_vectorsKey0123456789"
AUTH = {"Authorization": "Bearer " + KEY}
JSON_BODY = {**AUTH, "Content-Type": "application/json"}
ORD = "ord_01HZX0OR1A2B3C4D5E6F7G8H"
IMP = "imp_01HZX0IM1A2B3C4D5E6F7G8H"
DOM = "dom_01HZX0DM1A2B3C4D5E6F7G8H"
BUN = "bun_01HZX0BN1A2B3C4D5E6F7G8H"
FWJ = "fwj_01HZX0FW1A2B3C4D5E6F7G8H"
SWP = "swp_01HZX0SW1A2B3C4D5E6F7G8H"
USR = "usr_01HZX0US1A2B3C4D5E6F7G8H"


# FORMAT.md, kind `request`: `retry_safe` is true for every GET, for
# check_availability (a look-up) and for the writes the API deduplicates
# (create_order, import_domains, create_import_job, update_forwarding); false for
# every other write (swaps, bundles, cancel_order).
RETRY_SAFE_WRITES = {"check_availability", "create_order", "import_domains", "create_import_job",
                     "update_forwarding"}


def req(name, op, params, **expect):
    c = {"name": name, "api_key": KEY, "operation": op, "params": params}
    if "base_url" in expect:
        c["base_url"] = expect.pop("base_url")
    c.update(expect)
    if "error" not in c and "method" in c:
        c["retry_safe"] = c["method"] == "GET" or op in RETRY_SAFE_WRITES
    return c


def get(name, op, params, path, **kw):
    return req(name, op, params, method="GET", url=BASE + path, body=None, headers=AUTH, **kw)


def post(name, op, params, path, body, method="POST"):
    return req(name, op, params, method=method, url=BASE + path, body=body,
               headers=JSON_BODY if body is not None else AUTH)


def refused(name, op, params, field=None, error="*"):
    c = req(name, op, params, error=error)
    if field is not None:
        c["field"] = field
    return c


def persona(first="Jane", last="Doe", pic=None):
    return {"first_name": first, "last_name": last, "profile_picture_url": pic}


SEQ = {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com", "login_password": "s3cret-pw"}


def order(**over):
    """The bundle order of the create-order guide (core/docs/peeker-api.md 3.13)."""
    b = {"user": "alex@acme.com", "bundle_id": BUN, "sequencer": dict(SEQ),
         "domains": ["acme-mail.com", "team-acme.com"], "personas": [persona()],
         "forwarding_url": "https://acme.com"}
    for k, v in over.items():
        if v is DROP:
            b.pop(k, None)
        else:
            b[k] = v
    return b


DROP = object()


def names(n, fmt="d{:03d}-acme.com"):
    return [fmt.format(i) for i in range(n)]


def request_cases():
    cs = []
    # --- every operation: method, URL, body, headers (section 3) ---
    cs.append(get("me: GET /me", "me", {}, "/me"))
    cs.append(req("me: another base URL (the offline sandbox), port kept", "me", {},
                  base_url="http://127.0.0.1:8080/partner/v1", method="GET",
                  url="http://127.0.0.1:8080/partner/v1/me", body=None, headers=AUTH))
    cs.append(req("me: a trailing slash on the base URL adds no empty segment", "me", {},
                  base_url="https://api.peeker.ai/partner/v1/", method="GET",
                  url=BASE + "/me", body=None, headers=AUTH))
    cs.append(req("me: a live key is sent as it is", "me", {}, method="GET", url=BASE + "/me",
                  headers={"Authorization": "Bearer pk_live_vectorsKey0123456789"}))
    cs[-1]["api_key"] = "pk_live_vectorsKey0123456789"
    cs.append(post("check_availability: POST /domains/availability", "check_availability",
                   {"domains": ["acme.com", "team-acme.io"]}, "/domains/availability",
                   {"domains": ["acme.com", "team-acme.io"]}))
    cs.append(post("check_availability: names are sent normalised (case, trailing dot, IDN)",
                   "check_availability", {"domains": ["ACME.com.", "Bücher.de"]},
                   "/domains/availability", {"domains": ["acme.com", "Bücher.de".lower().encode("idna").decode("ascii")]}))
    cs.append(post("check_availability: 50 domains is the documented maximum", "check_availability",
                   {"domains": names(50)}, "/domains/availability", {"domains": names(50)}))
    cs.append(post("import_domains: POST /domains/import", "import_domains",
                   {"domains": ["acme-mail.com", "team-acme.com"]}, "/domains/import",
                   {"domains": ["acme-mail.com", "team-acme.com"]}))
    cs.append(post("import_domains: one import set, normalised, deduplicated and sorted (FORMAT domain_set)",
                   "import_domains", {"domains": ["Team-Acme.com", "acme-mail.com", "acme-mail.com.", " TEAM-acme.com "]},
                   "/domains/import", {"domains": ["acme-mail.com", "team-acme.com"]}))
    cs.append(post("import_domains: 25 domains is the documented maximum", "import_domains",
                   {"domains": names(25)}, "/domains/import", {"domains": names(25)}))
    cs.append(get("get_import: GET /domains/import/{id}", "get_import", {"id": IMP}, "/domains/import/" + IMP))
    cs.append(get("find_imports: GET /domains/import?domains=a,b", "find_imports",
                  {"domains": ["acme-mail.com", "team-acme.com"]},
                  "/domains/import?domains=acme-mail.com%2Cteam-acme.com"))
    cs.append(get("find_imports: one domain, normalised", "find_imports", {"domains": ["ACME-Mail.com"]},
                  "/domains/import?domains=acme-mail.com"))
    cs.append(post("create_import_job: POST /domains/import/jobs", "create_import_job",
                   {"domains": ["acme-mail.com", "team-acme.com"]}, "/domains/import/jobs",
                   {"domains": ["acme-mail.com", "team-acme.com"]}))
    cs.append(post("create_import_job: 500 domains is the documented maximum", "create_import_job",
                   {"domains": names(500)}, "/domains/import/jobs", {"domains": names(500)}))
    cs.append(post("create_import_job: the set is sorted and deduplicated", "create_import_job",
                   {"domains": ["b-acme.com", "a-acme.com", "B-ACME.com"]}, "/domains/import/jobs",
                   {"domains": ["a-acme.com", "b-acme.com"]}))
    cs.append(get("get_import_job: GET /domains/import/jobs/{id}", "get_import_job", {"id": IMP},
                  "/domains/import/jobs/" + IMP))
    cs.append(get("list_domains: GET /domains", "list_domains", {}, "/domains"))
    for f, v in [("category", "inventory"), ("category", "connected"), ("user_id", USR),
                 ("user_email", "alex@acme.com"), ("usable_for", "google"), ("usable_for", "microsoft"),
                 ("status", "active")]:
        cs.append(get(f"list_domains: filter {f}={v}", "list_domains", {"filters": {f: v}},
                      f"/domains?{f}={v}"))
    cs.append(get("list_domains: filters and per_page together", "list_domains",
                  {"filters": {"category": "inventory", "usable_for": "google"}, "per_page": 50},
                  "/domains?usable_for=google&category=inventory&per_page=50"))
    cs.append(get("list_domains: a + in a filter value is sent percent-encoded", "list_domains",
                  {"filters": {"user_email": "alex+ops@acme.com"}}, "/domains?user_email=alex%2Bops%40acme.com"))
    cs.append(post("update_forwarding: POST /domains/forwarding", "update_forwarding",
                   {"body": {"domains": [DOM, "acme-mail.com"], "forwarding_url": "https://acme.com/inbox-redirect"}},
                   "/domains/forwarding",
                   {"domains": [DOM, "acme-mail.com"], "forwarding_url": "https://acme.com/inbox-redirect"}))
    cs.append(post("update_forwarding: domain names are sent normalised, ids as given", "update_forwarding",
                   {"body": {"domains": ["Acme-Mail.COM", DOM], "forwarding_url": "https://acme.com"}},
                   "/domains/forwarding", {"domains": ["acme-mail.com", DOM], "forwarding_url": "https://acme.com"}))
    cs.append(post("update_forwarding: 25 domains is the documented maximum", "update_forwarding",
                   {"body": {"domains": names(25), "forwarding_url": "https://acme.com"}},
                   "/domains/forwarding", {"domains": names(25), "forwarding_url": "https://acme.com"}))
    cs.append(get("get_forwarding_job: GET /domains/forwarding/{id}", "get_forwarding_job", {"id": FWJ},
                  "/domains/forwarding/" + FWJ))
    bundle = {"name": "Growth 25k", "monthly_sending_volume": 25000}
    cs.append(post("create_bundle: POST /bundles, Peeker's recommended split", "create_bundle", {"body": bundle},
                   "/bundles", bundle))
    full = {"name": "Growth 25k", "monthly_sending_volume": 25000, "google_percent": 60,
            "microsoft_percent": 40, "send_on_weekends": True, "google_inboxes_per_domain": 3}
    cs.append(post("create_bundle: every documented field", "create_bundle", {"body": full}, "/bundles", full))
    nulls = {"name": "Growth", "monthly_sending_volume": 1000, "google_percent": None, "microsoft_percent": None}
    cs.append(post("create_bundle: both percents null = recommended split", "create_bundle", {"body": nulls},
                   "/bundles", nulls))
    cs.append(post("create_bundle: google_inboxes_per_domain 2", "create_bundle",
                   {"body": {**bundle, "google_inboxes_per_domain": 2}}, "/bundles",
                   {**bundle, "google_inboxes_per_domain": 2}))
    cs.append(get("list_bundles: GET /bundles", "list_bundles", {}, "/bundles"))
    cs.append(get("list_bundles: status=archived", "list_bundles", {"filters": {"status": "archived"}},
                  "/bundles?status=archived"))
    cs.append(get("list_bundles: per_page=1 (the minimum)", "list_bundles", {"per_page": 1}, "/bundles?per_page=1"))
    cs.append(get("get_bundle: GET /bundles/{id}", "get_bundle", {"id": BUN}, "/bundles/" + BUN))
    cs.append(post("update_bundle: PATCH /bundles/{id}", "update_bundle", {"id": BUN, "body": {"name": "Renamed"}},
                   "/bundles/" + BUN, {"name": "Renamed"}, method="PATCH"))
    cs.append(post("update_bundle: both percents null to return to the recommended split", "update_bundle",
                   {"id": BUN, "body": {"google_percent": None, "microsoft_percent": None}},
                   "/bundles/" + BUN, {"google_percent": None, "microsoft_percent": None}, method="PATCH"))
    cs.append(post("update_bundle: percents set together", "update_bundle",
                   {"id": BUN, "body": {"google_percent": 50, "microsoft_percent": 50, "monthly_sending_volume": 30000}},
                   "/bundles/" + BUN, {"google_percent": 50, "microsoft_percent": 50, "monthly_sending_volume": 30000},
                   method="PATCH"))
    cs.append(req("delete_bundle: DELETE /bundles/{id}, no body", "delete_bundle", {"id": BUN}, method="DELETE",
                  url=BASE + "/bundles/" + BUN, body=None, headers=AUTH))
    cs.append(post("create_order: POST /orders, bundle order", "create_order", {"body": order()}, "/orders", order()))
    custom = order(bundle_id=DROP, google_licenses=4, microsoft_licenses=2, google_inboxes_per_domain=2)
    cs.append(post("create_order: custom order (licence counts)", "create_order", {"body": custom}, "/orders", custom))
    cs.append(post("create_order: user as a usr_ id", "create_order", {"body": order(user=USR)}, "/orders",
                   order(user=USR)))
    cs.append(post("create_order: domain names normalised, everything else as given", "create_order",
                   {"body": order(domains=["Acme-Mail.com", "TEAM-ACME.com."])}, "/orders", order()))
    cs.append(post("create_order: an IDN domain is sent as its A-label", "create_order",
                   {"body": order(domains=["bücher-mail.de"])}, "/orders", order(domains=["bücher-mail.de".encode("idna").decode("ascii")])))
    per_domain = order(domains=["acme-mail.com", {"domain": "Team-Acme.com", "forwarding_url": "https://team.acme.com"}])
    cs.append(post("create_order: a {domain, forwarding_url} entry", "create_order", {"body": per_domain}, "/orders",
                   order(domains=["acme-mail.com", {"domain": "team-acme.com", "forwarding_url": "https://team.acme.com"}])))
    pics = order(personas=[persona("Jane", "Doe", "https://cdn.acme.com/jane.png"), persona("John", "Roe", ""),
                           persona("Ann", "Lee", None)])
    cs.append(post("create_order: profile_picture_url may be a URL, \"\" or null", "create_order", {"body": pics},
                   "/orders", pics))
    ten = order(personas=[persona(f"P{i}", "Doe") for i in range(10)])
    cs.append(post("create_order: 10 personas is the documented maximum", "create_order", {"body": ten}, "/orders", ten))
    nofwd = order(forwarding_url=DROP)
    cs.append(post("create_order: forwarding_url is optional", "create_order", {"body": nofwd}, "/orders", nofwd))
    extra = order(notes="a field this SDK does not know")
    cs.append(post("create_order: a field the SDK does not know is sent unchanged", "create_order", {"body": extra},
                   "/orders", extra))
    cs.append(get("get_order: GET /orders/{id}", "get_order", {"id": ORD}, "/orders/" + ORD))
    cs.append(get("list_orders: GET /orders", "list_orders", {}, "/orders"))
    for f, v in [("user_id", USR), ("user_email", "alex@acme.com"), ("bundle_id", BUN), ("status", "completed"),
                 ("status", "action_required"), ("status", "cancel_scheduled")]:
        cs.append(get(f"list_orders: filter {f}={v}", "list_orders", {"filters": {f: v}}, f"/orders?{f}={v}"))
    cs.append(get("list_orders: per_page=100 (the maximum)", "list_orders", {"per_page": 100}, "/orders?per_page=100"))
    cs.append(get("list_orders: two filters and per_page", "list_orders",
                  {"filters": {"status": "in_progress", "user_id": USR}, "per_page": 25},
                  f"/orders?user_id={USR}&status=in_progress&per_page=25"))
    cs.append(get("list_pending_actions: GET /orders/pending", "list_pending_actions", {}, "/orders/pending"))
    for f, v in [("order_id", ORD), ("user", "alex@acme.com"), ("user", USR), ("domain_id", DOM),
                 ("status", "open"), ("status", "resolved")]:
        cs.append(get(f"list_pending_actions: filter {f}={v}", "list_pending_actions", {"filters": {f: v}},
                      f"/orders/pending?{f}={v.replace('@', '%40')}"))
    cs.append(req("cancel_order: the whole order, no body", "cancel_order", {"id": ORD}, method="POST",
                  url=f"{BASE}/orders/{ORD}/cancel", body=None, headers=AUTH))
    cs.append(post("cancel_order: some domains", "cancel_order", {"id": ORD, "domains": [DOM, "acme-mail.com"]},
                   f"/orders/{ORD}/cancel", {"domains": [DOM, "acme-mail.com"]}))
    cs.append(post("cancel_order: a domain name is sent normalised", "cancel_order", {"id": ORD, "domains": ["ACME-mail.com"]},
                   f"/orders/{ORD}/cancel", {"domains": ["acme-mail.com"]}))
    for t in ("standard", "premium"):
        b = {"type": t, "domain_id": DOM, "replacement_domain": "acme-mail2.com"}
        cs.append(post(f"create_swap: POST /swaps, {t}", "create_swap", {"body": b}, "/swaps", b))
    cs.append(post("create_swap: replacement_domain sent normalised", "create_swap",
                   {"body": {"type": "standard", "domain_id": DOM, "replacement_domain": "Acme-Mail2.COM"}},
                   "/swaps", {"type": "standard", "domain_id": DOM, "replacement_domain": "acme-mail2.com"}))
    cs.append(get("list_swaps: GET /swaps", "list_swaps", {}, "/swaps"))
    for f, v in [("user_id", USR), ("order_id", ORD), ("domain_id", DOM), ("status", "in_progress")]:
        cs.append(get(f"list_swaps: filter {f}={v}", "list_swaps", {"filters": {f: v}}, f"/swaps?{f}={v}"))
    cs.append(get("get_swap: GET /swaps/{id}", "get_swap", {"id": SWP}, "/swaps/" + SWP))
    un = {"domain_id": DOM, "personas": [persona("Jane", "Smith", "")]}
    cs.append(post("swap_user_names: POST /swaps/user_names", "swap_user_names", {"body": un}, "/swaps/user_names", un))
    un2 = {"domain_id": DOM, "personas": [persona("Jane", "Smith", "https://cdn.acme.com/j.png"), persona("Bo", "Li", None)]}
    cs.append(post("swap_user_names: several personas", "swap_user_names", {"body": un2}, "/swaps/user_names", un2))
    nxt = BASE + "/orders?per_page=25&page_token=eyJjdXJzb3IiOiJ4eXoifQ"
    cs.append(get("next_page: GET links.next as given", "next_page", {"next": nxt},
                  "/orders?per_page=25&page_token=eyJjdXJzb3IiOiJ4eXoifQ"))
    cs.append(get("next_page: a list with filters keeps them", "next_page",
                  {"next": BASE + "/domains?category=inventory&page_token=abc"}, "/domains?category=inventory&page_token=abc"))
    cs.append(req("next_page: on the sandbox origin", "next_page",
                  {"next": "http://127.0.0.1:8080/partner/v1/swaps?page_token=p2"},
                  base_url="http://127.0.0.1:8080/partner/v1", method="GET",
                  url="http://127.0.0.1:8080/partner/v1/swaps?page_token=p2", body=None, headers=AUTH))

    # --- client-side validation (documented limits and rules), with field paths ---
    cs.append(refused("check_availability: 51 domains is over the limit of 50", "check_availability",
                      {"domains": names(51)}, "domains", "too_many_domains"))
    cs.append(refused("import_domains: 26 domains is over the limit of 25", "import_domains",
                      {"domains": names(26)}, "domains", "too_many_domains"))
    cs.append(refused("create_import_job: 501 domains is over the limit of 500", "create_import_job",
                      {"domains": names(501)}, "domains", "too_many_domains"))
    cs.append(refused("update_forwarding: 26 domains is over the limit of 25", "update_forwarding",
                      {"body": {"domains": names(26), "forwarding_url": "https://acme.com"}}, "domains", "too_many_domains"))
    for op in ("check_availability", "import_domains", "create_import_job", "find_imports"):
        cs.append(refused(f"{op}: a subdomain entry is named by its index", op,
                          {"domains": ["acme.com", "mail.acme.com"]}, "domains[1]"))
        cs.append(refused(f"{op}: a URL entry is named by its index", op,
                          {"domains": ["https://acme.com/x", "acme.com"]}, "domains[0]"))
        cs.append(refused(f"{op}: a public suffix entry", op, {"domains": ["acme.com", "b.com", "co.uk"]}, "domains[2]"))
        cs.append(refused(f"{op}: an IP address entry", op, {"domains": ["192.168.0.1"]}, "domains[0]"))
        cs.append(refused(f"{op}: an entry that is not a string", op, {"domains": ["acme.com", 7]}, "domains[1]"))
        cs.append(refused(f"{op}: no domains at all", op, {"domains": []}, "domains"))
        cs.append(refused(f"{op}: domains missing", op, {}, "domains"))
    for op, extra in [("get_import", {}), ("get_import_job", {}), ("get_forwarding_job", {}), ("get_bundle", {}),
                      ("delete_bundle", {}), ("get_order", {}), ("get_swap", {}), ("cancel_order", {}),
                      ("update_bundle", {"body": {"name": "x"}})]:
        cs.append(refused(f"{op}: id missing", op, dict(extra), "id"))
        cs.append(refused(f"{op}: an id with a path separator", op, {"id": "ord_1/../../me", **extra}, "id"))
    for bad in ("", "   ", "ord 1", "ord_1?x=1", "ord_1#x", "%2e%2e"):
        cs.append(refused(f"get_order: id {bad!r} is not a Peeker id", "get_order", {"id": bad}, "id"))
    for n in (0, 101, -1, 1000):
        cs.append(refused(f"list_orders: per_page {n} is outside 1-100", "list_orders", {"per_page": n}, "per_page",
                          "invalid_request"))
    cs.append(refused("list_domains: per_page 0", "list_domains", {"per_page": 0}, "per_page", "invalid_request"))
    cs.append(refused("list_swaps: per_page 101", "list_swaps", {"per_page": 101}, "per_page", "invalid_request"))
    cs.append(refused("list_bundles: per_page 2.5 is not an integer", "list_bundles", {"per_page": 2.5}, "per_page"))
    cs.append(refused("list_pending_actions: per_page as text", "list_pending_actions", {"per_page": "10"}, "per_page"))
    # update_forwarding body
    fw = {"domains": ["acme-mail.com"], "forwarding_url": "https://acme.com"}
    cs.append(refused("update_forwarding: forwarding_url missing", "update_forwarding",
                      {"body": {"domains": ["acme-mail.com"]}}, "forwarding_url", "invalid_request"))
    for bad in ("acme.com", "ftp://acme.com/x", "javascript:alert(1)", "https://"):
        cs.append(refused(f"update_forwarding: forwarding_url {bad!r} is not an http(s) URL", "update_forwarding",
                          {"body": {**fw, "forwarding_url": bad}}, "forwarding_url", "invalid_request"))
    cs.append(refused("update_forwarding: domains missing", "update_forwarding",
                      {"body": {"forwarding_url": "https://acme.com"}}, "domains"))
    cs.append(refused("update_forwarding: domains empty", "update_forwarding",
                      {"body": {**fw, "domains": []}}, "domains"))
    cs.append(refused("update_forwarding: a subdomain entry", "update_forwarding",
                      {"body": {**fw, "domains": [DOM, "www.acme.com"]}}, "domains[1]"))
    cs.append(refused("update_forwarding: body missing", "update_forwarding", {}, "body"))
    # bundles
    cs.append(refused("create_bundle: name missing", "create_bundle", {"body": {"monthly_sending_volume": 1000}},
                      "name", "invalid_request"))
    cs.append(refused("create_bundle: monthly_sending_volume missing", "create_bundle", {"body": {"name": "x"}},
                      "monthly_sending_volume", "invalid_request"))
    cs.append(refused("create_bundle: monthly_sending_volume not an integer", "create_bundle",
                      {"body": {"name": "x", "monthly_sending_volume": "lots"}}, "monthly_sending_volume", "invalid_request"))
    cs.append(refused("create_bundle: percents that do not add up to 100", "create_bundle",
                      {"body": {**bundle, "google_percent": 60, "microsoft_percent": 50}}, error="invalid_request"))
    cs.append(refused("create_bundle: google_percent without microsoft_percent", "create_bundle",
                      {"body": {**bundle, "google_percent": 60}}, error="invalid_request"))
    cs.append(refused("create_bundle: microsoft_percent without google_percent", "create_bundle",
                      {"body": {**bundle, "microsoft_percent": 40}}, error="invalid_request"))
    for n in (1, 4):
        cs.append(refused(f"create_bundle: google_inboxes_per_domain {n} (2 or 3)", "create_bundle",
                          {"body": {**bundle, "google_inboxes_per_domain": n}}, "google_inboxes_per_domain",
                          "invalid_request"))
    cs.append(refused("create_bundle: send_on_weekends not a boolean", "create_bundle",
                      {"body": {**bundle, "send_on_weekends": "yes"}}, "send_on_weekends", "invalid_request"))
    cs.append(refused("update_bundle: percents that do not add up to 100", "update_bundle",
                      {"id": BUN, "body": {"google_percent": 10, "microsoft_percent": 10}}, error="invalid_request"))
    cs.append(refused("update_bundle: google_inboxes_per_domain 5", "update_bundle",
                      {"id": BUN, "body": {"google_inboxes_per_domain": 5}}, "google_inboxes_per_domain",
                      "invalid_request"))
    # orders (section 3.13)
    ob = "create_order: "
    cs.append(refused(ob + "user missing", "create_order", {"body": order(user=DROP)}, "user", "invalid_request"))
    cs.append(refused(ob + "user neither an e-mail address nor a usr_ id", "create_order",
                      {"body": order(user="alex")}, "user", "invalid_request"))
    cs.append(refused(ob + "bundle_id and custom licence counts together", "create_order",
                      {"body": order(google_licenses=2)}, error="invalid_request"))
    cs.append(refused(ob + "bundle_id and google_inboxes_per_domain together", "create_order",
                      {"body": order(google_inboxes_per_domain=2)}, error="invalid_request"))
    cs.append(refused(ob + "neither bundle_id nor licence counts", "create_order",
                      {"body": order(bundle_id=DROP)}, error="invalid_request"))
    cs.append(refused(ob + "custom order with google_inboxes_per_domain 4", "create_order",
                      {"body": order(bundle_id=DROP, google_licenses=2, google_inboxes_per_domain=4)},
                      "google_inboxes_per_domain", "invalid_request"))
    cs.append(refused(ob + "sequencer missing", "create_order", {"body": order(sequencer=DROP)}, "sequencer",
                      "invalid_request"))
    for f in ("login_email", "login_password"):
        s = dict(SEQ)
        del s[f]
        cs.append(refused(ob + f"sequencer.{f} missing (Smartlead needs both logins)", "create_order",
                          {"body": order(sequencer=s)}, "sequencer." + f, "invalid_request"))
    cs.append(refused(ob + "sequencer.login_email not an e-mail address", "create_order",
                      {"body": order(sequencer={**SEQ, "login_email": "ops"})}, "sequencer.login_email",
                      "invalid_request"))
    cs.append(refused(ob + "sequencer.client_id not an integer", "create_order",
                      {"body": order(sequencer={**SEQ, "client_id": "366903"})}, "sequencer.client_id",
                      "invalid_request"))
    cs.append(refused(ob + "domains missing", "create_order", {"body": order(domains=DROP)}, "domains",
                      "invalid_request"))
    cs.append(refused(ob + "domains empty", "create_order", {"body": order(domains=[])}, "domains", "invalid_request"))
    cs.append(refused(ob + "domains[1] a subdomain", "create_order",
                      {"body": order(domains=["acme-mail.com", "mail.team-acme.com"])}, "domains[1]", "subdomain"))
    cs.append(refused(ob + "domains[0] a URL", "create_order",
                      {"body": order(domains=["https://acme-mail.com/"])}, "domains[0]", "not_a_domain"))
    cs.append(refused(ob + "domains[1] a public suffix", "create_order",
                      {"body": order(domains=["acme-mail.com", "co.uk"])}, "domains[1]", "public_suffix"))
    cs.append(refused(ob + "domains[0] a number", "create_order", {"body": order(domains=[5])}, "domains[0]"))
    cs.append(refused(ob + "domains[1].domain missing", "create_order",
                      {"body": order(domains=["acme-mail.com", {"forwarding_url": "https://acme.com"}])},
                      "domains[1].domain"))
    cs.append(refused(ob + "domains[0].forwarding_url not an http(s) URL", "create_order",
                      {"body": order(domains=[{"domain": "acme-mail.com", "forwarding_url": "mailto:a@acme.com"}])},
                      "domains[0].forwarding_url", "invalid_request"))
    cs.append(refused(ob + "forwarding_url not an http(s) URL", "create_order",
                      {"body": order(forwarding_url="acme.com/inbox")}, "forwarding_url", "invalid_request"))
    cs.append(refused(ob + "personas missing", "create_order", {"body": order(personas=DROP)}, "personas",
                      "invalid_request"))
    cs.append(refused(ob + "personas empty", "create_order", {"body": order(personas=[])}, "personas",
                      "invalid_request"))
    cs.append(refused(ob + "11 personas (at most 10)", "create_order",
                      {"body": order(personas=[persona(f"P{i}", "Doe") for i in range(11)])}, "personas",
                      "invalid_request"))
    nopic = {"first_name": "Jane", "last_name": "Doe"}
    cs.append(refused(ob + "personas[0] without the profile_picture_url key", "create_order",
                      {"body": order(personas=[nopic])}, "personas[0].profile_picture_url", "invalid_request"))
    cs.append(refused(ob + "personas[2] without the profile_picture_url key", "create_order",
                      {"body": order(personas=[persona(), persona("A", "B", ""), nopic])},
                      "personas[2].profile_picture_url", "invalid_request"))
    for bad in ("ftp://cdn.acme.com/p.png", "not a url", "/relative/p.png"):
        cs.append(refused(ob + f"profile_picture_url {bad!r} is not a public http(s) URL", "create_order",
                          {"body": order(personas=[persona(pic=bad)])}, "personas[0].profile_picture_url",
                          "invalid_request"))
    cs.append(refused(ob + "profile_picture_url a number", "create_order",
                      {"body": order(personas=[persona(pic=5)])}, "personas[0].profile_picture_url", "invalid_request"))
    cs.append(refused(ob + "personas[1].first_name missing", "create_order",
                      {"body": order(personas=[persona(), {"last_name": "Doe", "profile_picture_url": None}])},
                      "personas[1].first_name", "invalid_request"))
    cs.append(refused(ob + "personas[0].last_name missing", "create_order",
                      {"body": order(personas=[{"first_name": "Jane", "profile_picture_url": None}])},
                      "personas[0].last_name", "invalid_request"))
    cs.append(refused(ob + "personas[0] not an object", "create_order", {"body": order(personas=["Jane Doe"])},
                      "personas[0]", "invalid_request"))
    cs.append(refused(ob + "body missing", "create_order", {}, "body"))
    # swaps
    sw = {"type": "standard", "domain_id": DOM, "replacement_domain": "acme-mail2.com"}
    cs.append(refused("create_swap: type not standard or premium", "create_swap", {"body": {**sw, "type": "deluxe"}},
                      "type", "invalid_request"))
    for f in ("type", "domain_id", "replacement_domain"):
        b = dict(sw)
        del b[f]
        cs.append(refused(f"create_swap: {f} missing", "create_swap", {"body": b}, f, "invalid_request"))
    cs.append(refused("create_swap: replacement_domain a subdomain", "create_swap",
                      {"body": {**sw, "replacement_domain": "mail.acme-mail2.com"}}, "replacement_domain", "subdomain"))
    cs.append(refused("create_swap: domain_id not a dom_ id", "create_swap", {"body": {**sw, "domain_id": "acme.com"}},
                      "domain_id", "invalid_request"))
    cs.append(refused("swap_user_names: personas[0] without the profile_picture_url key", "swap_user_names",
                      {"body": {"domain_id": DOM, "personas": [nopic]}}, "personas[0].profile_picture_url",
                      "invalid_request"))
    cs.append(refused("swap_user_names: personas empty", "swap_user_names",
                      {"body": {"domain_id": DOM, "personas": []}}, "personas", "invalid_request"))
    cs.append(refused("swap_user_names: 11 personas", "swap_user_names",
                      {"body": {"domain_id": DOM, "personas": [persona(f"P{i}", "Doe") for i in range(11)]}},
                      "personas", "invalid_request"))
    cs.append(refused("swap_user_names: domain_id missing", "swap_user_names",
                      {"body": {"personas": [persona()]}}, "domain_id", "invalid_request"))
    # cancel
    cs.append(refused("cancel_order: domains empty (min 1; omit it for the whole order)", "cancel_order",
                      {"id": ORD, "domains": []}, "domains", "invalid_request"))
    cs.append(refused("cancel_order: domains[1] a subdomain", "cancel_order",
                      {"id": ORD, "domains": ["acme-mail.com", "mail.acme-mail.com"]}, "domains[1]"))
    # next_page and operations
    cs.append(refused("next_page: links.next on another host (the key would leak)", "next_page",
                      {"next": "https://evil.example/partner/v1/orders?page_token=x"}))
    cs.append(refused("next_page: next missing", "next_page", {}, "next"))
    cs.append(refused("an operation the core does not know", "get_everything", {}))
    # --- unknown_tld is left to the server (FORMAT.md, kind `request`): a name whose
    # only fault is a top-level domain the pinned list does not name is sent in its
    # normalised form; every other fault is still refused with its field ---
    NEW = "notarealtld"
    cs.append(post("unknown_tld: check_availability sends the name normalised", "check_availability",
                   {"domains": [f"Acme.{NEW.upper()}.", "acme.com"]}, "/domains/availability",
                   {"domains": ["acme.com", f"acme.{NEW}"]}))
    cs.append(post("unknown_tld: import_domains keeps it in the sorted import set", "import_domains",
                   {"domains": [f"NEW-Brand.{NEW}", "acme-mail.com", f"new-brand.{NEW}."]}, "/domains/import",
                   {"domains": ["acme-mail.com", f"new-brand.{NEW}"]}))
    cs.append(post("unknown_tld: create_import_job the same", "create_import_job",
                   {"domains": [f"brand.{NEW}"]}, "/domains/import/jobs", {"domains": [f"brand.{NEW}"]}))
    cs.append(get("unknown_tld: find_imports looks it up", "find_imports", {"domains": [f"Brand.{NEW}"]},
                  f"/domains/import?domains=brand.{NEW}"))
    cs.append(post("unknown_tld: an IDN under it is sent as its A-label", "import_domains",
                   {"domains": [f"Bücher.{NEW}"]}, "/domains/import",
                   {"domains": ["xn--bcher-kva." + NEW]}))
    cs.append(post("unknown_tld: create_order sends its domains normalised", "create_order",
                   {"body": order(domains=["acme-mail.com", f"Team.{NEW}"])}, "/orders",
                   order(domains=["acme-mail.com", f"team.{NEW}"])))
    cs.append(post("unknown_tld: create_swap sends the replacement normalised", "create_swap",
                   {"body": {"type": "standard", "domain_id": DOM, "replacement_domain": f"Acme2.{NEW}"}},
                   "/swaps", {"type": "standard", "domain_id": DOM, "replacement_domain": f"acme2.{NEW}"}))
    cs.append(post("unknown_tld: update_forwarding sends it normalised", "update_forwarding",
                   {"body": {"domains": [f"ACME.{NEW}"], "forwarding_url": "https://acme.com"}},
                   "/domains/forwarding", {"domains": [f"acme.{NEW}"], "forwarding_url": "https://acme.com"}))
    cs.append(post("unknown_tld: cancel_order sends it normalised", "cancel_order",
                   {"id": ORD, "domains": [f"acme.{NEW}"]}, f"/orders/{ORD}/cancel", {"domains": [f"acme.{NEW}"]}))
    cs.append(refused("unknown_tld: a single label is still refused (it would be a top-level domain)",
                      "import_domains", {"domains": ["acme.com", NEW]}, "domains[1]"))
    cs.append(refused("unknown_tld: another fault under it is still refused", "import_domains",
                      {"domains": [f"ac_me.{NEW}"]}, "domains[0]"))
    cs.append(refused("unknown_tld: a URL under it is still refused", "check_availability",
                      {"domains": [f"https://acme.{NEW}/x"]}, "domains[0]"))
    cs.append(refused("unknown_tld: the batch limit still counts it", "import_domains",
                      {"domains": names(26, "d{:03d}." + NEW)}, "domains", "too_many_domains"))
    return cs


def resp(name, op, status, body, rid="req_01HZX0E5K7N9P2Q4R6S8T0U1V3", headers=None, **expect):
    h = dict(headers or {})
    if rid is not None:
        h.setdefault("Peeker-Request-Id", rid)
    c = {"name": name, "operation": op, "status": status, "headers": h,
         "body": body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)}
    c.update(expect)
    return c


def ok(name, op, data, status=200, extra_body=None, rid="req_01HZX0E5K7N9P2Q4R6S8T0U1V3", **expect):
    body = {"data": data, **(extra_body or {})}
    return resp(name, op, status, body, rid, ok=True, request_id=rid, data=data, **expect)


def page_body(rows, nxt, path="/orders"):
    return {"links": {"first": BASE + path + "?per_page=25", "next": nxt},
            "meta": {"path": BASE + path, "per_page": 25, "returned": len(rows)}}


LEAN = {"id": ORD, "user_id": USR, "email": "client@example.com", "bundle_id": BUN, "status": "in_progress",
        "domain_count": 2, "costs": {"total_cents": 6800, "currency": "usd"}, "renews_at": "2026-06-08T12:00:00Z",
        "created_at": "2026-05-08T12:00:00Z"}
NEXT = BASE + "/orders?per_page=25&page_token=eyJjdXJzb3IiOiJ4eXoifQ"


def api_response_cases():
    cs = []
    me = {"api_key": {"environment": "test", "permission_preset": "full"},
          "partner": {"id": "org_01HZX0OG1A2B3C4D5E6F7G8H", "name": "Acme Resellers"}}
    cs.append(ok("me: the documented body, with its request id", "me", me))
    cs.append(ok("me: an unknown preset and a new field reach the caller", "me",
                 {"api_key": {"environment": "test", "permission_preset": "billing_only", "label": "ci"},
                  "partner": {"id": "org_1", "name": "Acme", "tier": "vip"}, "limits": {"per_minute": 600}}))
    avail = {"domains": [
        {"domain": "acme-mail.com", "available": True, "usable_for": ["google", "microsoft"], "premium": False,
         "price_cents": 1300, "renewal_price_cents": 1500, "currency": "usd"},
        {"domain": "acme.com", "available": False, "premium": False, "reason": "taken"},
        {"domain": "acme.ai", "available": False, "premium": True, "reason": "premium"}]}
    cs.append(ok("check_availability: documented rows", "check_availability", avail))
    cs.append(ok("check_availability: an unknown reason, provider and row field are kept", "check_availability",
                 {"domains": [{"domain": "acme.xyz", "available": False, "premium": False, "reason": "reserved",
                               "registry_note": "held"},
                              {"domain": "acme.io", "available": True, "usable_for": ["google", "zoho"],
                               "premium": False, "price_cents": 4000}]}))
    imp = {"id": IMP, "status": "completed", "submitted_count": 2, "completed_count": 2, "failed_count": 0,
           "nameserver_groups": [{"nameserver_one": "helena.ns.cloudflare.com", "nameserver_two": "idris.ns.cloudflare.com",
                                  "domains": ["acme-mail.com", "team-acme.com"]}],
           "failed": [], "created_at": "2026-05-08T12:00:00Z", "completed_at": "2026-05-08T12:00:04Z"}
    for op in ("import_domains", "get_import", "get_import_job"):
        cs.append(ok(f"{op}: an import job", op, imp))
    cs.append(ok("create_import_job: 202 with an in_progress job", "create_import_job",
                 {"id": IMP, "status": "in_progress", "submitted_count": 500}, status=202))
    cs.append(ok("get_import: an unknown status and new fields are kept", "get_import",
                 {**imp, "status": "waiting_on_registrar", "cloudflare_account": "cf_7",
                  "failed": [{"domain": "bad.com", "reason": "not_root", "hint": "use the root"}]}))
    cs.append(ok("find_imports: a list of imports", "find_imports", [imp], extra_body=page_body([imp], None, "/domains/import"),
                 next=None))
    dom = {"id": DOM, "domain": "acme-mail.com", "category": "connected", "status": "active", "provider": "google",
           "user_id": USR, "order_id": ORD, "usable_for": ["google"], "forwarding_url": "https://acme.com",
           "created_at": "2026-05-08T12:00:00Z"}
    inv = {"id": "dom_2", "domain": "team-acme.com", "category": "inventory", "status": "available",
           "usable_for": ["google", "microsoft"], "created_at": "2026-05-08T12:00:00Z"}
    cs.append(ok("list_domains: a page with links.next", "list_domains", [dom, inv],
                 extra_body=page_body([dom, inv], BASE + "/domains?page_token=t2", "/domains"),
                 next=BASE + "/domains?page_token=t2"))
    cs.append(ok("list_domains: the last page (links.next null)", "list_domains", [inv],
                 extra_body=page_body([inv], None, "/domains"), next=None))
    cs.append(ok("list_domains: an empty page", "list_domains", [], extra_body=page_body([], None, "/domains"), next=None))
    cs.append(ok("list_domains: an unknown provider, category and field are kept", "list_domains",
                 [{**dom, "provider": "zoho", "category": "parked", "warmup": {"score": 97}}],
                 extra_body=page_body([dom], None, "/domains"), next=None))
    fwj = {"id": FWJ, "status": "in_progress", "completed_count": 0, "failed_count": 0,
           "forwarding_url": "https://acme.com/inbox-redirect", "completed": [], "failed": [],
           "created_at": "2026-05-08T12:00:00Z"}
    cs.append(ok("update_forwarding: 202 forwarding job", "update_forwarding", fwj, status=202))
    cs.append(ok("get_forwarding_job: partial_success with failure reasons", "get_forwarding_job",
                 {**fwj, "status": "partial_success", "completed_count": 1, "failed_count": 1, "completed": ["acme-mail.com"],
                  "failed": [{"domain": "team-acme.com", "reason": "dns_lookup_failed"}],
                  "completed_at": "2026-05-08T12:01:00Z"}))
    cs.append(ok("get_forwarding_job: an unknown status and reason are kept", "get_forwarding_job",
                 {**fwj, "status": "throttled", "failed": [{"domain": "x.com", "reason": "tls_error", "retry": True}]}))
    bun = {"id": BUN, "name": "Growth 25k", "monthly_sending_volume": 25000, "google_percent": None,
           "microsoft_percent": None, "send_on_weekends": False, "google_inboxes_per_domain": 2, "status": "active",
           "effective": {"google_percent": 50, "microsoft_percent": 50},
           "required_domains": {"google": 15, "microsoft": 4, "total": 19}, "created_at": "2026-05-08T12:00:00Z"}
    cs.append(ok("create_bundle: 201 bundle", "create_bundle", bun, status=201))
    for op in ("get_bundle", "update_bundle"):
        cs.append(ok(f"{op}: a bundle", op, bun))
    cs.append(ok("list_bundles: a page", "list_bundles", [bun], extra_body=page_body([bun], None, "/bundles"), next=None))
    cs.append(ok("delete_bundle: deleted", "delete_bundle", {"id": BUN, "status": "deleted"}))
    cs.append(ok("delete_bundle: archived instead", "delete_bundle", {"id": BUN, "status": "archived"}))
    cs.append(ok("create_order: the lean receipt", "create_order", LEAN))
    cs.append(ok("get_order: the full order", "get_order",
                 {**LEAN, "status": "completed", "costs": {"total_cents": 6800, "currency": "usd", "line_items": [
                     {"type": "google_license", "quantity": 4, "amount_cents": 4800},
                     {"type": "domain_registration", "quantity": 2, "amount_cents": 2000}]},
                  "domains": {"registered": ["team-acme.com"], "imported": ["acme-mail.com"]},
                  "personas": [{"first_name": "Jane", "last_name": "Doe", "profile_picture_url": None}]}))
    cs.append(ok("get_order: an unknown status, line item type and fields are kept", "get_order",
                 {**LEAN, "status": "paused_for_review", "review": {"reason": "kyc"},
                  "costs": {"total_cents": 100, "currency": "eur", "tax_cents": 19,
                            "line_items": [{"type": "priority_support", "quantity": 1, "amount_cents": 100}]}}))
    cs.append(ok("list_orders: a page with links.next", "list_orders", [LEAN, {**LEAN, "id": "ord_2", "bundle_id": None}],
                 extra_body=page_body([LEAN, LEAN], NEXT), next=NEXT))
    cs.append(ok("list_orders: the last page", "list_orders", [LEAN], extra_body=page_body([LEAN], None), next=None))
    cs.append(ok("list_orders: links without next", "list_orders", [LEAN],
                 extra_body={"links": {"first": BASE + "/orders"}}, next=None))
    pend = {"id": "act_01HZX0AC1A2B3C4D5E6F7G8H", "order_id": ORD, "domain_id": DOM, "domain": "acme-mail.com",
            "reason": "profile_picture_not_accessible", "status": "open"}
    cs.append(ok("list_pending_actions: documented rows", "list_pending_actions",
                 [pend, {**pend, "id": "act_2", "reason": "update_nameservers"}],
                 extra_body=page_body([pend], None, "/orders/pending"), next=None))
    cs.append(ok("list_pending_actions: an unknown reason and fields are kept", "list_pending_actions",
                 [{**pend, "reason": "verify_identity", "due_at": "2026-05-09T00:00:00Z"}],
                 extra_body=page_body([pend], BASE + "/orders/pending?page_token=n", "/orders/pending"),
                 next=BASE + "/orders/pending?page_token=n"))
    cs.append(ok("cancel_order: a cancellation schedule", "cancel_order",
                 {"id": ORD, "status": "cancel_scheduled", "cancellation_scheduled_at": "2026-05-08T12:00:00Z",
                  "cancels_at": "2026-06-07T12:00:00Z", "domains": [{"id": DOM, "domain": "domain-01.com"}]}))
    swp = {"id": SWP, "type": "standard", "domain_id": DOM, "replacement_domain": "acme-mail2.com",
           "status": "created", "created_at": "2026-05-08T12:00:00Z"}
    cs.append(ok("create_swap: 201 swap", "create_swap", swp, status=201))
    cs.append(ok("get_swap: an unknown type and status are kept", "get_swap",
                 {**swp, "type": "dns_only", "status": "waiting", "eta_hours": 4}))
    cs.append(ok("list_swaps: a page with a user_names row", "list_swaps",
                 [swp, {"id": "swp_2", "type": "user_names", "domain_id": DOM, "replacement_domain": None,
                        "status": "in_progress", "created_at": "2026-05-08T12:00:00Z"}],
                 extra_body=page_body([swp], BASE + "/swaps?page_token=s2", "/swaps"), next=BASE + "/swaps?page_token=s2"))
    cs.append(ok("swap_user_names: one row per inbox", "swap_user_names",
                 {"swaps": [{"id": "swp_3", "type": "user_names", "domain_id": DOM, "status": "created"},
                            {"id": "swp_4", "type": "user_names", "domain_id": DOM, "status": "created", "inbox": "j@x.com"}]},
                 status=201))
    cs.append(ok("next_page: rows as sent", "next_page", [{"id": "ord_3", "anything": [1, 2]}],
                 extra_body=page_body([1], NEXT), next=NEXT))
    cs.append(ok("a success without a request id", "get_order", LEAN, rid=None))
    cs[-1]["request_id"] = None
    cs.append(resp("the request id header matches case-insensitively", "get_order", 200, {"data": LEAN}, rid=None,
                   headers={"peeker-request-id": "req_lower"}, ok=True, request_id="req_lower"))

    # --- errors (section 2.2 - 2.5), with request ids ---
    def err(code, message, field=None, details=None):
        e = {"code": code, "message": message}
        if field is not None:
            e["field"] = field
        if details is not None:
            e["details"] = details
        return {"error": e}

    cs.append(resp("rate_limited: wait details.retry_after_seconds", "list_orders", 429,
                   err("rate_limited", "API rate limit exceeded", details={"retry_after_seconds": 12}), rid="req_429",
                   ok=False, error_code="rate_limited", retry="after", retry_after_seconds=12, request_id="req_429"))
    cs.append(resp("rate_limited without retry_after_seconds: the documented default 5", "get_order", 429,
                   err("rate_limited", "API rate limit exceeded"), ok=False, error_code="rate_limited", retry="after",
                   retry_after_seconds=5))
    cs.append(resp("validation error: field and code, never retried", "create_order", 400,
                   err("invalid_request", "personas[0].profile_picture_url is required", "personas[0].profile_picture_url"),
                   rid="req_400", ok=False, error_code="invalid_request", field="personas[0].profile_picture_url",
                   retry="never", request_id="req_400"))
    cs.append(resp("domain_count_mismatch with details", "create_order", 422,
                   err("domain_count_mismatch", "Submitted domain count does not match the order plan", "domains",
                       {"required_count": 4, "submitted_count": 2, "missing_count": 2}),
                   ok=False, error_code="domain_count_mismatch", field="domains", retry="never"))
    for st, code in ((401, "unauthorized"), (403, "forbidden"), (404, "not_found")):
        cs.append(resp(f"{st} {code}", "get_order", st, err(code, "m"), rid=f"req_{st}", ok=False, error_code=code,
                       field=None, retry="never", request_id=f"req_{st}"))
    cs.append(resp("an error code the SDK does not know is reported as sent", "create_swap", 409,
                   err("swap_cooldown_active", "30-day cooldown", "domain_id"), ok=False,
                   error_code="swap_cooldown_active", field="domain_id", retry="never"))
    cs.append(resp("500 with the error envelope: back off", "get_order", 500, err("internal_error", "boom"),
                   rid="req_500", ok=False, error_code="internal_error", retry="backoff", request_id="req_500"))
    cs.append(resp("502 HTML from a proxy: no code, back off, request id kept", "list_orders", 502,
                   "<html><body><h1>502 Bad Gateway</h1></body></html>", rid="req_proxy",
                   headers={"Content-Type": "text/html"}, ok=False, error_code=None, retry="backoff",
                   request_id="req_proxy"))
    cs.append(resp("503 empty body", "me", 503, "", rid=None, ok=False, error_code=None, retry="backoff",
                   request_id=None))
    cs.append(resp("400 truncated JSON", "create_order", 400, '{"error":{"code":"inv', ok=False, error_code=None,
                   retry="never"))
    cs.append(resp("2xx HTML (a captive portal) is unexpected_response", "get_order", 200,
                   "<html>Sign in to the Wi-Fi</html>", ok=False, error_code="unexpected_response"))
    cs.append(resp("2xx JSON without the data envelope is unexpected_response", "get_order", 200, LEAN, ok=False,
                   error_code="unexpected_response"))
    cs.append(resp("2xx empty body is unexpected_response", "me", 200, "", ok=False, error_code="unexpected_response"))
    cs.append(resp("2xx data of the wrong shape (id a number) is unexpected_response", "get_order", 200,
                   {"data": {**LEAN, "id": 7}}, ok=False, error_code="unexpected_response"))
    cs.append(resp("2xx order without a status is unexpected_response", "get_order", 200,
                   {"data": {k: v for k, v in LEAN.items() if k != "status"}}, ok=False, error_code="unexpected_response"))
    cs.append(resp("2xx list whose data is an object is unexpected_response", "list_orders", 200,
                   {"data": LEAN, "links": {"next": None}}, ok=False, error_code="unexpected_response"))
    cs.append(resp("2xx availability without domains is unexpected_response", "check_availability", 200,
                   {"data": [{"domain": "a.com"}]}, ok=False, error_code="unexpected_response"))
    return cs


def write(name, kind, cases):
    doc = {"kind": kind, "cases": cases}
    (OUT / name).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{name}: {len(cases)} cases")


if __name__ == "__main__":
    write("request.json", "request", request_cases())
    write("api_response.json", "api_response", api_response_cases())
