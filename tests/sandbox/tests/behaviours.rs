//! Authentication, request ids, the rate limit, paging, dedupe, validation through
//! the core, and the other endpoints' documented shapes.
mod common;
use common::*;
use peeker_core::{Client, Paging};
use peeker_sandbox::{Config, Sandbox, Scenario};
use serde_json::{json, Value};

#[test]
fn auth_test_keys_only_with_the_error_envelope_and_a_request_id() {
    let sb = sandbox(Scenario::Happy);
    let a = agent();
    let me = format!("{}/me", sb.base_url());
    type Case<'a> = (&'a [(&'a str, &'a str)], u16, &'a str);
    let cases: [Case; 7] = [
        (&[], 401, "unauthorized"),
        (&[("Authorization", "")], 401, "unauthorized"),
        (
            &[("Authorization", "Basic cGtfdGVzdF94Og==")],
            401,
            "unauthorized",
        ),
        (
            &[("Authorization", "Bearer sk_test_abc")],
            401,
            "unauthorized",
        ),
        (
            &[("Authorization", "Bearer pk_test_revoked_abc")],
            401,
            "unauthorized",
        ),
        (
            &[("Authorization", "Bearer pk_live_abc123")],
            403,
            "forbidden",
        ),
        (&[("Authorization", "Bearer pk_test_abc123")], 200, ""),
    ];
    for (h, status, code) in cases {
        let r = raw(&a, "GET", &me, h, None);
        assert_eq!((r.status, r.code()), (status, code), "{h:?}: {}", r.text);
        assert!(is_request_id(r.request_id()), "{h:?}");
        if status != 200 {
            assert!(r.json["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()));
        }
    }
    let live = raw(
        &a,
        "GET",
        &me,
        &[("Authorization", "Bearer pk_live_abc123")],
        None,
    );
    let msg = live.json["error"]["message"].as_str().unwrap();
    assert!(msg.contains("sandbox") && !msg.contains("abc123"), "{msg}");
    // Request ids are unique, also on 404s and outside the API path.
    let other = raw(
        &a,
        "GET",
        &format!("http://127.0.0.1:{}/api/partner/v1/me", sb.port()),
        &[("Authorization", "Bearer pk_test_x")],
        None,
    );
    assert_eq!((other.status, other.code()), (404, "not_found"));
    assert!(is_request_id(other.request_id()));
    let api = Api::new(&sb, "pk_test_abc123");
    let ids: std::collections::HashSet<String> = (0..20)
        .map(|_| api.get("/me").request_id().to_string())
        .collect();
    assert_eq!(ids.len(), 20);
    assert_eq!(api.get("/nope").status, 404);
    let m = api.call("DELETE", "/orders", None);
    assert_eq!(m.status, 405);
    assert!(is_request_id(m.request_id()));
}

#[test]
fn presets_read_and_limited_keys_cannot_write() {
    let sb = sandbox(Scenario::Happy);
    let read = Api::new(&sb, "pk_test_read_abc");
    assert_eq!(
        read.get("/me").data()["api_key"]["permission_preset"],
        "read"
    );
    assert_eq!(read.get("/orders").status, 200);
    let r = read.post(
        "/bundles",
        &json!({"name": "x", "monthly_sending_volume": 1}),
    );
    assert_eq!((r.status, r.code()), (403, "forbidden"));
    let limited = Api::new(&sb, "pk_test_limited_abc");
    assert_eq!(
        limited
            .post("/domains/availability", &json!({"domains": ["acme.com"]}))
            .status,
        200
    );
    assert_eq!(
        limited
            .post("/domains/import", &json!({"domains": ["acme.com"]}))
            .code(),
        "forbidden"
    );
}

#[test]
fn rate_limit_600_per_minute_per_key_with_the_documented_body() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_busy");
    for i in 0..600 {
        let r = api.get("/me");
        assert_eq!(r.status, 200, "request {i}");
    }
    let r = api.get("/me");
    assert_eq!(r.status, 429);
    assert!(is_request_id(r.request_id()));
    let wait = r.json["error"]["details"]["retry_after_seconds"]
        .as_u64()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(
        r.json,
        json!({"error": {"code": "rate_limited", "message": "API rate limit exceeded", "details": {"retry_after_seconds": wait}}})
    );
    let c = peeker_core::classify(
        r.status,
        r.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        r.text.as_bytes(),
    );
    assert_eq!(c.retry, peeker_core::Retry::After { seconds: wait });
    // Separate buckets per key.
    assert_eq!(Api::new(&sb, "pk_test_quiet").get("/me").status, 200);
    // A configurable limit, and the transport's wait with the caller's jitter.
    let sb = Sandbox::start(Config {
        rate_limit_per_minute: 3,
        ..Config::default()
    })
    .unwrap();
    let client = Client::new("pk_test_t")
        .unwrap()
        .with_base_url(&sb.base_url())
        .unwrap();
    let slept = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let s2 = slept.clone();
    let t = peeker_core::transport::Transport::with_agent(agent())
        .with_jitter(|| 0.5)
        .with_max_attempts(2)
        .with_sleep(move |d| s2.lock().unwrap().push(d));
    for _ in 0..3 {
        assert_eq!(t.send(&client.me()).unwrap().status, 200);
    }
    let r = t.send(&client.me()).unwrap();
    assert_eq!((r.status, r.attempts), (429, 2));
    let d = slept.lock().unwrap()[0];
    assert!(
        d.as_secs_f64() >= 1.5 && d.as_secs_f64() <= 60.5 && d.subsec_millis() == 500,
        "{d:?}"
    );
    // A wait longer than the cap is not slept.
    let t = peeker_core::transport::Transport::with_agent(agent())
        .with_max_wait(std::time::Duration::from_millis(10))
        .with_sleep(|_| panic!("must not sleep"));
    assert_eq!(t.send(&client.me()).unwrap().attempts, 1);
}

#[test]
fn paging_per_page_page_token_and_links_next() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_pages");
    for i in 0..30 {
        let r = api.post(
            "/bundles",
            &json!({"name": format!("b{i}"), "monthly_sending_volume": 1000}),
        );
        assert_eq!(r.status, 201);
    }
    let p1 = api.get("/bundles?status=active");
    assert_eq!(p1.data().as_array().unwrap().len(), 25);
    assert_eq!(
        p1.json["meta"],
        json!({"path": format!("{}/bundles", sb.base_url()), "per_page": 25, "returned": 25})
    );
    assert_eq!(
        p1.json["links"]["first"],
        format!("{}/bundles?status=active&per_page=25", sb.base_url())
    );
    assert_eq!(p1.data()[0]["name"], "b29", "newest first");
    let next = p1.json["links"]["next"].as_str().unwrap();
    assert!(
        next.contains("page_token=") && next.contains("status=active"),
        "{next}"
    );
    // Follow it with the core's next_page (it refuses other hosts).
    let client = Client::new("pk_test_pages")
        .unwrap()
        .with_base_url(&sb.base_url())
        .unwrap();
    let req = client.next_page(Some(next)).unwrap().unwrap();
    let t = peeker_core::transport::Transport::with_agent(agent());
    let p2 = t
        .send(&req)
        .unwrap()
        .page::<peeker_core::models::Bundle>()
        .unwrap();
    assert_eq!(p2.data.len(), 5);
    assert!(p2.links.next.is_none());
    assert_eq!(p2.meta.returned, Some(5));
    // Smaller pages cover everything exactly once.
    let mut seen = Vec::new();
    let mut req = Some(
        client
            .list_bundles(&[], Paging { per_page: Some(7) })
            .unwrap(),
    );
    while let Some(r) = req {
        let page = t
            .send(&r)
            .unwrap()
            .page::<peeker_core::models::Bundle>()
            .unwrap();
        assert!(page.data.len() <= 7);
        seen.extend(page.data.into_iter().map(|b| b.id));
        req = client.next_page(page.links.next.as_deref()).unwrap();
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 30);
    for bad in [
        "per_page=0",
        "per_page=101",
        "per_page=x",
        "page_token=nope",
        "page_token=eyJjdXJzb3IiOiJ4eXoifQ",
    ] {
        let r = api.get(&format!("/orders?{bad}"));
        assert_eq!((r.status, r.code()), (400, "invalid_request"), "{bad}");
        assert_eq!(r.field(), bad.split('=').next().unwrap());
    }
    for list in [
        "/orders",
        "/orders/pending",
        "/domains",
        "/swaps",
        "/bundles",
    ] {
        let r = api.get(list);
        assert_eq!(r.status, 200, "{list}");
        assert!(
            r.json["links"]["first"].is_string()
                && r.json["links"].get("next").is_some()
                && r.json["meta"]["per_page"] == 25,
            "{list}: {}",
            r.text
        );
    }
}

#[test]
fn orders_dedupe_identical_bodies_for_24_hours() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_dedupe");
    let bundle = api.bundle(2);
    let body = seed_order(&bundle);
    let a = api.post("/orders", &body);
    assert_eq!(a.status, 200, "{}", a.text);
    let id = a.data()["id"].as_str().unwrap().to_string();
    // The same body, even spaced and ordered differently, is the same order.
    let spaced = format!(" {} ", serde_json::to_string_pretty(&body).unwrap());
    let r = raw(
        &api.agent,
        "POST",
        &format!("{}/orders", api.base),
        &[
            ("Authorization", "Bearer pk_test_dedupe"),
            ("Content-Type", "application/json"),
        ],
        Some(&spaced),
    );
    assert_eq!(r.data()["id"], id.as_str());
    assert_eq!(api.get("/orders").data().as_array().unwrap().len(), 1);
    // A different body is a different order; so is another key.
    let mut other = body.clone();
    other["personas"][0]["first_name"] = json!("Alexa");
    assert_ne!(api.post("/orders", &other).data()["id"], id.as_str());
    let api2 = Api::new(&sb, "pk_test_dedupe2");
    let b2 = api2.bundle(2);
    assert_eq!(api2.post("/orders", &seed_order(&b2)).status, 200);
    assert_eq!(
        api2.get(&format!("/orders/{id}")).status,
        404,
        "404 is account-scoped"
    );
    // After 24 hours the same body is a new order.
    api.advance(86_401.0);
    let later = api.post("/orders", &body);
    assert_ne!(later.data()["id"], id.as_str());
    // Filters.
    assert_eq!(
        api.get("/orders?user_email=alex@acme.com")
            .data()
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        api.get(&format!("/orders?bundle_id={bundle}"))
            .data()
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        api.get("/orders?status=cancelled")
            .data()
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn imports_same_normalised_set_returns_the_existing_job_and_lookup_by_domains() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_imports");
    let a = api.post(
        "/domains/import/jobs",
        &json!({"domains": ["Team-Acme.com", "acme-mail.com", "acme-mail.com."]}),
    );
    assert_eq!(
        (a.status, a.data()["status"].as_str()),
        (202, Some("in_progress"))
    );
    assert_eq!(
        a.data()["nameserver_groups"][0]["domains"],
        json!(["acme-mail.com", "team-acme.com"])
    );
    let b = api.post(
        "/domains/import/jobs",
        &json!({"domains": ["acme-mail.com", "team-acme.com"]}),
    );
    assert_eq!(b.data()["id"], a.data()["id"]);
    let c = api.post(
        "/domains/import/jobs",
        &json!({"domains": ["acme-mail.com"]}),
    );
    assert_ne!(c.data()["id"], a.data()["id"]);
    let found = api.get("/domains/import?domains=team-acme.com");
    assert_eq!(found.status, 200);
    assert_eq!(found.data().as_array().unwrap().len(), 1);
    assert_eq!(found.data()[0]["id"], a.data()["id"]);
    assert_eq!(
        api.get("/domains/import?domains=acme-mail.com")
            .data()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let missing = api.get("/domains/import");
    assert_eq!((missing.status, missing.field()), (400, "domains"));
    assert_eq!(
        api.get("/domains/import?domains=mail.acme.com").field(),
        "domains[0]"
    );
    // Jobs up to 500; the synchronous import up to 25.
    let many: Vec<String> = (0..26).map(|i| format!("acme-{i}.com")).collect();
    let r = api.post("/domains/import", &json!({ "domains": many }));
    assert_eq!((r.status, r.field()), (400, "domains"));
    assert!(r.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("/domains/import/jobs"));
    assert_eq!(
        api.post("/domains/import/jobs", &json!({ "domains": many }))
            .status,
        202
    );
    let too_many: Vec<String> = (0..501).map(|i| format!("acme-{i}.com")).collect();
    assert_eq!(
        api.post("/domains/import/jobs", &json!({ "domains": too_many }))
            .status,
        400
    );
    // Non-root entries come back as failed rows of a completed job.
    let mixed = api.post(
        "/domains/import",
        &json!({"domains": ["good-acme.com", "mail.acme.com"]}),
    );
    assert_eq!(mixed.status, 200);
    let d = mixed.data();
    assert_eq!(
        (
            d["status"].as_str(),
            d["submitted_count"].as_u64(),
            d["completed_count"].as_u64(),
            d["failed_count"].as_u64()
        ),
        (Some("completed"), Some(2), Some(1), Some(1))
    );
    assert_eq!(
        d["failed"],
        json!([{"domain": "mail.acme.com", "reason": "subdomain"}])
    );
    for bad in [
        json!({}),
        json!({"domains": "acme.com"}),
        json!({"domains": [1]}),
        json!({"domains": []}),
        json!([]),
    ] {
        let r = api.post("/domains/import", &bad);
        assert_eq!((r.status, r.code()), (400, "invalid_request"), "{bad}");
    }
    // Inventory after import.
    // Newest first, and async jobs above may have added more than one page: ask for 100.
    let inv = api.get("/domains?category=inventory&per_page=100");
    let names: Vec<&str> = inv
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["domain"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"good-acme.com"));
    assert!(
        inv.data()[0].get("order_id").is_none(),
        "inventory rows have no order fields"
    );
}

#[test]
fn order_validation_uses_the_core_and_the_documented_codes() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_valid");
    let bundle = api.bundle(2);
    let check = |f: &dyn Fn(&mut Value), status: u16, code: &str, field: &str| {
        let mut b = seed_order(&bundle);
        f(&mut b);
        let r = api.post("/orders", &b);
        assert_eq!(
            (r.status, r.code(), r.field()),
            (status, code, field),
            "{}",
            r.text
        );
        assert!(!r.text.contains("their-smartlead-password"));
        r
    };
    let r = check(
        &|b| b["domains"][1] = json!("mail.acme.com"),
        400,
        "invalid_request",
        "domains[1]",
    );
    assert_eq!(
        r.json["error"]["details"],
        json!({"reason": "subdomain", "suggestion": "acme.com"})
    );
    check(
        &|b| b["google_licenses"] = json!(4),
        400,
        "order_shape_conflict",
        "google_licenses",
    );
    check(
        &|b| {
            b["sequencer"]
                .as_object_mut()
                .unwrap()
                .remove("login_password")
                .map(|_| ())
                .unwrap()
        },
        400,
        "invalid_request",
        "sequencer.login_password",
    );
    check(
        &|b| {
            b["personas"][0]
                .as_object_mut()
                .unwrap()
                .remove("profile_picture_url")
                .map(|_| ())
                .unwrap()
        },
        400,
        "invalid_request",
        "personas[0].profile_picture_url",
    );
    check(
        &|b| b["sequencer"]["client_id"] = json!(1.5),
        400,
        "invalid_request",
        "sequencer.client_id",
    );
    check(
        &|b| b["bundle_id"] = json!("bun_nope"),
        404,
        "not_found",
        "bundle_id",
    );
    let r = check(
        &|b| b["domains"] = json!(["a-acme.com", "b-acme.com", "c-acme.com"]),
        400,
        "domain_count_mismatch",
        "domains",
    );
    assert_eq!(
        r.json["error"]["details"],
        json!({"required_count": 2, "submitted_count": 3, "missing_count": 0})
    );
    let r = check(
        &|b| b["domains"] = json!(["a-acme.com"]),
        400,
        "domain_count_mismatch",
        "domains",
    );
    assert_eq!(r.json["error"]["details"]["missing_count"], 1);
    let r = raw(
        &api.agent,
        "POST",
        &format!("{}/orders", api.base),
        &[("Authorization", "Bearer pk_test_valid")],
        Some("{not json"),
    );
    assert_eq!((r.status, r.code()), (400, "invalid_request"));
    // A custom order: licences instead of a bundle; unknown domains are registered.
    let mut custom = seed_order(&bundle);
    custom.as_object_mut().unwrap().remove("bundle_id");
    custom["google_licenses"] = json!(4);
    custom["google_inboxes_per_domain"] = json!(2);
    custom["domains"] = json!(["fresh-acme.com", {"domain": "Other-Acme.com", "forwarding_url": "https://acme.com/b"}]);
    let r = api.post("/orders", &custom);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.data()["bundle_id"], Value::Null);
    assert_eq!(r.data()["costs"]["total_cents"], 6800 + 2 * 1300);
    let full = api.get(&format!("/orders/{}", r.data()["id"].as_str().unwrap()));
    assert_eq!(
        full.data()["domains"]["registered"],
        json!(["fresh-acme.com", "other-acme.com"])
    );
    // A body over 1 MiB.
    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(1 << 20));
    let r = raw(
        &api.agent,
        "POST",
        &format!("{}/orders", api.base),
        &[("Authorization", "Bearer pk_test_valid")],
        Some(&big),
    );
    assert_eq!(r.status, 413);
}

#[test]
fn bundles_create_get_update_delete() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_bundles");
    let r = api.post(
        "/bundles",
        &json!({"name": "25k", "monthly_sending_volume": 25000}),
    );
    assert_eq!(r.status, 201);
    let b = r.data().clone();
    let doc = json!({"id": "bun_x", "name": "n", "monthly_sending_volume": 1, "google_percent": null, "microsoft_percent": null, "send_on_weekends": false,
                     "google_inboxes_per_domain": 2, "status": "active", "effective": {"google_percent": 50, "microsoft_percent": 50},
                     "required_domains": {"google": 15, "microsoft": 4, "total": 19}, "created_at": "…"});
    assert_shape(&b, &doc, "bundle");
    assert_eq!(
        b["effective"],
        json!({"google_percent": 50, "microsoft_percent": 50}),
        "null split = recommended"
    );
    assert_eq!(
        b["required_domains"]["google"], 15,
        "25k/month, 50% Google, 2 inboxes per domain"
    );
    let id = b["id"].as_str().unwrap();
    assert_eq!(api.get(&format!("/bundles/{id}")).data(), &b);
    let p = api.call(
        "PATCH",
        &format!("/bundles/{id}"),
        Some(&json!({"google_percent": 60, "microsoft_percent": 40, "name": "25k v2"})),
    );
    assert_eq!(
        (
            p.status,
            p.data()["name"].as_str(),
            p.data()["effective"]["google_percent"].as_u64()
        ),
        (200, Some("25k v2"), Some(60))
    );
    assert_eq!(
        api.call(
            "PATCH",
            &format!("/bundles/{id}"),
            Some(&json!({"google_percent": 60}))
        )
        .field(),
        "microsoft_percent"
    );
    assert_eq!(
        api.post(
            "/bundles",
            &json!({"name": "x", "monthly_sending_volume": 1, "google_inboxes_per_domain": 4})
        )
        .field(),
        "google_inboxes_per_domain"
    );
    let d = api.call("DELETE", &format!("/bundles/{id}"), None);
    assert_eq!(d.data(), &json!({"id": id, "status": "deleted"}));
    assert_eq!(api.get(&format!("/bundles/{id}")).status, 404);
    // Used by an order → archived instead.
    let used = api.bundle(2);
    api.post("/orders", &seed_order(&used));
    assert_eq!(
        api.call("DELETE", &format!("/bundles/{used}"), None).data()["status"],
        "archived"
    );
    assert_eq!(
        api.get("/bundles?status=archived").data()[0]["id"],
        used.as_str()
    );
}

#[test]
fn cancel_forwarding_swaps_availability_and_me() {
    let (sb, rx) = with_receiver(Scenario::Happy, SPEED, 0);
    let api = Api::new(&sb, "pk_test_rest");
    let bundle = api.bundle(2);
    api.post(
        "/domains/import",
        &json!({"domains": ["acme-mail.com", "team-acme.com"]}),
    );
    let oid = api.post("/orders", &seed_order(&bundle)).data()["id"]
        .as_str()
        .unwrap()
        .to_string();
    api.wait_event("order.completed", &oid);
    let doms = api.get("/domains?category=connected&user_email=alex@acme.com");
    let rows = doms.data().as_array().unwrap().clone();
    assert_eq!(rows.len(), 2);
    let dom_id = rows
        .iter()
        .find(|d| d["domain"] == "acme-mail.com")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        api.get(&format!("/domains/{dom_id}")).data()["order_id"],
        oid.as_str()
    );
    // Forwarding: a known domain and an unknown one.
    let f = api.post("/domains/forwarding", &json!({"domains": [dom_id, "unknown-acme.com"], "forwarding_url": "https://acme.com/inbox-redirect"}));
    assert_eq!(f.status, 202, "{}", f.text);
    assert_shape(
        f.data(),
        &json!({"id":"fwj_x","status":"in_progress","completed_count":0,"failed_count":0,"forwarding_url":"u","completed":[],"failed":[],"created_at":"…"}),
        "fwd",
    );
    let fid = f.data()["id"].as_str().unwrap().to_string();
    let ev = api.wait_event("domain.forwarding_updated", &fid);
    assert_eq!(ev["data"]["status"], "partial_success");
    assert_eq!(ev["data"]["completed"], json!(["acme-mail.com"]));
    assert_eq!(
        ev["data"]["failed"],
        json!([{"domain": "unknown-acme.com", "reason": "dns_lookup_failed"}])
    );
    assert_eq!(
        api.get(&format!("/domains/forwarding/{fid}")).data(),
        &ev["data"]
    );
    assert_eq!(
        api.get(&format!("/domains/{dom_id}")).data()["forwarding_url"],
        "https://acme.com/inbox-redirect"
    );
    let too_many: Vec<String> = (0..26).map(|i| format!("a{i}.com")).collect();
    assert_eq!(
        api.post(
            "/domains/forwarding",
            &json!({"domains": too_many, "forwarding_url": "https://acme.com"})
        )
        .status,
        400
    );
    // Swaps.
    let premium = api.post(
        "/swaps",
        &json!({"type": "premium", "domain_id": dom_id, "replacement_domain": "new-acme.com"}),
    );
    assert_eq!(
        (premium.status, premium.field()),
        (400, "type"),
        "premium swaps are Microsoft-only"
    );
    let s = api.post(
        "/swaps",
        &json!({"type": "standard", "domain_id": dom_id, "replacement_domain": "New-Acme.com"}),
    );
    assert_eq!(s.status, 201, "{}", s.text);
    assert_eq!(
        (
            s.data()["status"].as_str(),
            s.data()["replacement_domain"].as_str()
        ),
        (Some("created"), Some("new-acme.com"))
    );
    let sid = s.data()["id"].as_str().unwrap().to_string();
    api.wait_event("swap.completed", &sid);
    let types: Vec<String> = api
        .events()
        .iter()
        .filter(|e| e["data"]["id"] == sid.as_str())
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        types,
        ["swap.created", "swap.in_progress", "swap.completed"]
    );
    let team = rows
        .iter()
        .find(|d| d["domain"] == "team-acme.com")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let blocked = api.post(
        "/swaps",
        &json!({"type": "standard", "domain_id": team, "replacement_domain": "taken-acme.com"}),
    );
    let bid = blocked.data()["id"].as_str().unwrap().to_string();
    assert_eq!(
        api.wait_event("swap.action_required", &bid)["data"]["reason"],
        "replacement_not_imported"
    );
    // Importing the replacement resolves it.
    api.post("/domains/import", &json!({"domains": ["taken-acme.com"]}));
    api.wait_event("swap.completed", &bid);
    assert_eq!(
        api.get(&format!("/swaps?domain_id={team}"))
            .data()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(api.post("/swaps", &json!({"type": "standard", "domain_id": "dom_nope", "replacement_domain": "x-acme.com"})).status, 404);
    let un = api.post("/swaps/user_names", &json!({"domain_id": team, "personas": [{"first_name": "Al", "last_name": "Ri", "profile_picture_url": null}]}));
    assert_eq!(un.status, 201, "{}", un.text);
    let rows = un.data()["swaps"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "one row per inbox on the domain");
    assert!(rows
        .iter()
        .all(|r| r["type"] == "user_names" && r["status"] == "created"));
    // Cancel: part, then the whole order.
    let part = api.post(
        &format!("/orders/{oid}/cancel"),
        &json!({"domains": ["team-acme.com"]}),
    );
    assert_eq!(part.status, 200, "{}", part.text);
    assert_eq!(
        part.data()["domains"],
        json!([{"id": team, "domain": "team-acme.com"}])
    );
    assert_eq!(
        api.post(
            &format!("/orders/{oid}/cancel"),
            &json!({"domains": ["nope-acme.com"]})
        )
        .field(),
        "domains[0]"
    );
    assert_eq!(
        api.post(&format!("/orders/{oid}/cancel"), &json!({"domains": []}))
            .field(),
        "domains"
    );
    let whole = api.call("POST", &format!("/orders/{oid}/cancel"), None);
    assert_eq!(whole.status, 200);
    assert_shape(
        whole.data(),
        &json!({"id":"ord_…","status":"cancel_scheduled","cancellation_scheduled_at":"2026-05-08T12:00:00Z","cancels_at":"2026-06-07T12:00:00Z","domains":[{"id":"dom_…","domain":"domain-01.com"}]}),
        "cancel",
    );
    assert_eq!(whole.data()["status"], "cancel_scheduled");
    assert!(is_rfc3339(&whole.data()["cancels_at"]));
    api.wait_event("order.cancel_scheduled", &oid);
    api.advance(31.0 * 86_400.0);
    api.wait_event("order.cancelled", &oid);
    assert_eq!(
        api.get(&format!("/orders/{oid}")).data()["status"],
        "cancelled"
    );
    assert_eq!(
        api.get(&format!("/domains/{dom_id}")).data()["category"],
        "inventory",
        "released domains are free for a new order"
    );
    // Availability.
    let av = api.post("/domains/availability", &json!({"domains": ["fresh-acme.com", "taken-acme.com", "premium-acme.com", "mail.acme.com"]}));
    let rows = av.data()["domains"].as_array().unwrap();
    assert_shape(
        &rows[0],
        &json!({"domain":"a","available":true,"usable_for":["google"],"premium":false,"price_cents":1300,"renewal_price_cents":1500,"currency":"usd"}),
        "availability",
    );
    let reasons: Vec<&str> = rows.iter().filter_map(|r| r["reason"].as_str()).collect();
    assert_eq!(reasons, ["taken", "premium", "invalid"]);
    let many: Vec<String> = (0..51).map(|i| format!("a{i}.com")).collect();
    assert_eq!(
        api.post("/domains/availability", &json!({ "domains": many }))
            .status,
        400
    );
    // Every webhook so far verified.
    let mut n = 0;
    while let Some(d) = rx.recv_timeout(std::time::Duration::from_millis(100)) {
        d.result.expect("verified");
        n += 1;
    }
    assert!(n >= 10, "{n} deliveries");
}

#[test]
fn transport_retries_unsent_requests_and_never_re_sends_an_unsafe_write_that_may_have_landed() {
    use peeker_core::transport::Transport;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    let short: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_millis(300)))
        .build()
        .into();
    // A closed port: nothing was sent, so every method is retried up to the limit.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new("pk_test_net")
        .unwrap()
        .with_base_url(&format!("http://127.0.0.1:{port}/partner/v1"))
        .unwrap();
    for req in [
        client.me(),
        client
            .create_bundle(&json!({"name": "x", "monthly_sending_volume": 1}))
            .unwrap(),
    ] {
        let slept = Arc::new(Mutex::new(0));
        let s2 = slept.clone();
        let e = Transport::with_agent(short.clone())
            .with_max_attempts(3)
            .with_sleep(move |_| *s2.lock().unwrap() += 1)
            .send(&req)
            .unwrap_err();
        assert_eq!((e.attempts, *slept.lock().unwrap()), (3, 2), "{e}");
    }
    // A server that accepts and never answers: a retry-safe request (a GET, an order the
    // API deduplicates) is retried, a swap is not (it may have been carried out).
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let held = Arc::new(Mutex::new(Vec::new()));
    let h2 = held.clone();
    std::thread::spawn(move || {
        for s in silent.incoming().flatten() {
            h2.lock().unwrap().push(s);
        }
    });
    let client = Client::new("pk_test_net")
        .unwrap()
        .with_base_url(&format!("http://127.0.0.1:{port}/partner/v1"))
        .unwrap();
    let t = Transport::with_agent(short)
        .with_max_attempts(2)
        .with_sleep(|_| {});
    assert_eq!(t.send(&client.me()).unwrap_err().attempts, 2);
    let e = t
        .send(&client.create_order(&seed_order("bun_x")).unwrap())
        .unwrap_err();
    assert_eq!(e.attempts, 2, "{e}");
    assert!(e.to_string().contains("timed out"), "{e}");
    assert!(!format!("{e:?}").contains("their-smartlead-password"));
    let swap = client
        .create_swap(
            &json!({"type": "premium", "domain_id": "dom_1", "replacement_domain": "new-acme.com"}),
        )
        .unwrap();
    assert_eq!(t.send(&swap).unwrap_err().attempts, 1);
}
