//! The sandbox as faithful as the spec allows (issue 16): the documented
//! numbers, refusals, failure paths, webhook delivery, domain-scoped cancels.
//! Everything through HTTP.
mod common;
use common::*;
use peeker_sandbox::{
    Config, Received, Receiver, RetryTimestamp, Sandbox, Scenario, SignatureScheme,
};
use serde_json::{json, Value};

fn required(api: &Api, body: Value) -> (u64, u64, u64) {
    let r = api.post("/bundles", &body);
    assert_eq!(r.status, 201, "{}", r.text);
    let d = &r.data()["required_domains"];
    let n = |k: &str| d[k].as_u64().unwrap();
    (n("google"), n("microsoft"), n("total"))
}

#[test]
fn required_domains_reproduce_the_documented_examples() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_numbers");
    // Spec 3.11: 25k/month with the recommended split → 15/4/19.
    let r = api.post(
        "/bundles",
        &json!({"name": "Starter — 25k emails/month", "monthly_sending_volume": 25000}),
    );
    assert_eq!(
        r.data()["effective"],
        json!({"google_percent": 50, "microsoft_percent": 50})
    );
    assert_eq!(
        r.data()["required_domains"],
        json!({"google": 15, "microsoft": 4, "total": 19})
    );
    // The live docs' listing example: 100k at 70/30 → 80/10/90.
    assert_eq!(
        required(
            &api,
            json!({"name": "Pro", "monthly_sending_volume": 100000, "google_percent": 70, "microsoft_percent": 30})
        ),
        (80, 10, 90)
    );
    // Documented rates: 3 inboxes per domain = 60 Google sends/domain/day (25k,
    // 50 %: 568/day → 10 domains); weekends spread the volume over 30 days.
    assert_eq!(
        required(
            &api,
            json!({"name": "d3", "monthly_sending_volume": 25000, "google_inboxes_per_domain": 3})
        ),
        (10, 4, 14)
    );
    assert_eq!(
        required(
            &api,
            json!({"name": "w", "monthly_sending_volume": 25000, "send_on_weekends": true})
        ),
        (11, 3, 14)
    );
    // PATCH recomputes, and both percents null return to the recommended split.
    let id = r.data()["id"].as_str().unwrap();
    let p = api.call(
        "PATCH",
        &format!("/bundles/{id}"),
        Some(&json!({"google_percent": 70, "microsoft_percent": 30, "monthly_sending_volume": 100000})),
    );
    assert_eq!(
        p.data()["required_domains"],
        json!({"google": 80, "microsoft": 10, "total": 90})
    );
    let p = api.call(
        "PATCH",
        &format!("/bundles/{id}"),
        Some(&json!({"google_percent": null, "microsoft_percent": null, "monthly_sending_volume": 25000})),
    );
    assert_eq!(p.data()["required_domains"]["total"], 19);
}

#[test]
fn availability_answers_errored_and_stale_for_marked_names() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_avail");
    let av = api.post(
        "/domains/availability",
        &json!({"domains": ["fresh-acme.com", "errored-acme.com", "stale-acme.com", "taken-acme.com", "premium-acme.com", "mail.acme.com"]}),
    );
    assert_eq!(av.status, 200);
    let rows = av.data()["domains"].as_array().unwrap();
    let got: Vec<(&str, bool, Option<&str>)> = rows
        .iter()
        .map(|r| {
            (
                r["domain"].as_str().unwrap(),
                r["available"].as_bool().unwrap(),
                r["reason"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("fresh-acme.com", true, None),
            ("errored-acme.com", false, Some("errored")),
            ("stale-acme.com", false, Some("stale")),
            ("taken-acme.com", false, Some("taken")),
            ("premium-acme.com", false, Some("premium")),
            ("mail.acme.com", false, Some("invalid")),
        ]
    );
    for r in &rows[1..] {
        assert!(
            r.get("usable_for").is_none(),
            "usable_for is absent when unavailable: {r}"
        );
    }
}

#[test]
fn orders_refuse_premium_domains_and_domains_on_another_customers_live_order() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_refusals");
    let bundle = api.bundle(2);
    let mut body = seed_order(&bundle);
    body["domains"] = json!(["acme-mail.com", "premium-acme.com"]);
    let r = api.post("/orders", &body);
    assert_eq!(
        (r.status, r.code(), r.field()),
        (400, "domain_unavailable", "domains[1]"),
        "{}",
        r.text
    );
    assert_eq!(
        r.json["error"]["details"],
        json!({"reason": "premium", "domain": "premium-acme.com"})
    );
    assert!(r.json["error"]["message"].as_str().unwrap().len() > 10);
    assert!(
        api.get("/orders").data().as_array().unwrap().is_empty(),
        "nothing was ordered"
    );

    // Alex's live order holds the seed domains …
    let first = api.post("/orders", &seed_order(&bundle));
    assert_eq!(first.status, 200, "{}", first.text);
    let first_id = first.data()["id"].as_str().unwrap().to_string();
    // … so Blair (another customer) can't order them.
    let mut other = seed_order(&bundle);
    other["user"] = json!("blair@other.example");
    let r = api.post("/orders", &other);
    assert_eq!(
        (r.status, r.code(), r.field()),
        (409, "domain_in_use", "domains[0]"),
        "{}",
        r.text
    );
    assert_eq!(r.json["error"]["details"]["order_id"], first_id.as_str());
    // The same customer may (a corrected order, as after a private picture).
    let mut corrected = seed_order(&bundle);
    corrected["forwarding_url"] = json!("https://acme.com/corrected");
    assert_eq!(api.post("/orders", &corrected).status, 200);

    // Cancel both of Alex's orders; at cancels_at (+30 days) order.cancelled frees the domains.
    for o in api.get("/orders").data().as_array().unwrap() {
        let id = o["id"].as_str().unwrap();
        let c = api.call("POST", &format!("/orders/{id}/cancel"), None);
        assert_eq!(c.data()["status"], "cancel_scheduled");
    }
    assert_eq!(api.post("/orders", &other).status, 409, "still scheduled");
    api.advance(31.0 * 86_400.0);
    api.wait_event("order.cancelled", &first_id);
    let r = api.post("/orders", &other);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.data()["email"], "blair@other.example");
}

fn order_with(api: &Api, domains: &[&str]) -> String {
    let bundle = api.bundle(domains.len() as u64);
    let mut body = seed_order(&bundle);
    body["domains"] = json!(domains);
    let r = api.post("/orders", &body);
    assert_eq!(r.status, 200, "{}", r.text);
    r.data()["id"].as_str().unwrap().to_string()
}

fn domain_id(api: &Api, name: &str) -> String {
    let all = api.get("/domains?per_page=100");
    all.data()
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == name)
        .unwrap_or_else(|| panic!("no {name}: {}", all.text))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn fail_order_marker_ends_in_order_failed_and_releases_the_domains() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_fail_order");
    let id = order_with(&api, &["acme-mail.com", "fail-order-acme.com"]);
    let ev = api.wait_event("order.failed", &id);
    assert_eq!(ev["data"]["status"], "failed");
    let o = api.get(&format!("/orders/{id}"));
    assert_eq!(o.data()["status"], "failed", "{}", o.text);
    assert_eq!(o.data()["failure"]["reason"], "provisioning_failed");
    assert_eq!(o.data()["failure"]["domain"], "fail-order-acme.com");
    assert!(api.events().iter().all(|e| e["type"] != "order.completed"));
    let d = api.get(&format!("/domains/{}", domain_id(&api, "acme-mail.com")));
    assert_eq!(d.data()["category"], "inventory", "released: {}", d.text);
}

#[test]
fn fail_import_marker_ends_sync_imports_and_jobs_in_domain_import_failed() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_fail_import");
    // Synchronous: the answer is already failed.
    let r = api.post(
        "/domains/import",
        &json!({"domains": ["fail-import-acme.com", "team-acme.com"]}),
    );
    assert_eq!(
        (r.status, r.data()["status"].as_str()),
        (200, Some("failed")),
        "{}",
        r.text
    );
    assert_eq!(r.data()["failed_count"], 2);
    assert_eq!(r.data()["completed_count"], 0);
    let id = r.data()["id"].as_str().unwrap().to_string();
    let ev = api.wait_event("domain_import.failed", &id);
    assert_eq!(ev["data"]["failed"][0]["domain"], "fail-import-acme.com");
    assert_eq!(
        api.get(&format!("/domains/import/{id}")).data()["status"],
        "failed"
    );
    // A job: 202 in_progress, then failed.
    let j = api.post(
        "/domains/import/jobs",
        &json!({"domains": ["fail-import-bulk.com"]}),
    );
    assert_eq!(
        (j.status, j.data()["status"].as_str()),
        (202, Some("in_progress"))
    );
    let jid = j.data()["id"].as_str().unwrap().to_string();
    api.wait_event("domain_import.failed", &jid);
    assert_eq!(
        api.get(&format!("/domains/import/jobs/{jid}")).data()["status"],
        "failed"
    );
    // Nothing reached the inventory.
    assert!(api.get("/domains").data().as_array().unwrap().is_empty());
}

#[test]
fn fail_swap_marker_ends_in_swap_failed() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_fail_swap");
    let id = order_with(&api, &["acme-mail.com", "team-acme.com"]);
    api.wait_event("order.completed", &id);
    let dom = domain_id(&api, "acme-mail.com");
    let s = api.post(
        "/swaps",
        &json!({"type": "standard", "domain_id": dom, "replacement_domain": "fail-swap-acme.com"}),
    );
    assert_eq!(s.status, 201, "{}", s.text);
    let sid = s.data()["id"].as_str().unwrap().to_string();
    api.wait_event("swap.failed", &sid);
    assert_eq!(api.get(&format!("/swaps/{sid}")).data()["status"], "failed");
    assert_eq!(
        api.get(&format!("/domains/{dom}")).data()["status"],
        "active",
        "the old domain stays live"
    );
}

#[test]
fn replace_domain_marker_raises_a_replace_domain_action_resolved_by_a_swap() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_replace");
    let id = order_with(&api, &["acme-mail.com", "replace-domain-acme.com"]);
    api.wait_event("order.action_required", &id);
    let dom = domain_id(&api, "replace-domain-acme.com");
    let ev = api.wait_event("domain.action_required", &dom);
    assert_eq!(ev["data"]["reason"], "replace_domain");
    let p = api.get(&format!("/orders/pending?order_id={id}"));
    let rows = p.data().as_array().unwrap();
    assert_eq!(rows.len(), 1, "{}", p.text);
    assert_eq!(
        (
            rows[0]["type"].as_str(),
            rows[0]["reason"].as_str(),
            rows[0]["domain_id"].as_str()
        ),
        (
            Some("replace_domain"),
            Some("replace_domain"),
            Some(dom.as_str())
        )
    );
    assert_eq!(
        api.get(&format!("/orders/{id}")).data()["status"],
        "action_required"
    );
    let s = api.post(
        "/swaps",
        &json!({"type": "standard", "domain_id": dom, "replacement_domain": "acme-outreach.com"}),
    );
    assert_eq!(s.status, 201, "{}", s.text);
    let done = api.wait_event("order.completed", &id);
    let d = &done["data"]["domains"];
    let mut names: Vec<&str> = d["registered"]
        .as_array()
        .unwrap()
        .iter()
        .chain(d["imported"].as_array().unwrap())
        .filter_map(Value::as_str)
        .collect();
    names.sort();
    assert_eq!(names, ["acme-mail.com", "acme-outreach.com"], "{done}");
    let connected: Vec<Value> = api
        .events()
        .into_iter()
        .filter(|e| e["type"] == "domain.connected")
        .map(|e| e["data"]["domain"].clone())
        .collect();
    assert!(
        connected.contains(&json!("acme-outreach.com")),
        "{connected:?}"
    );
    assert!(
        api.get(&format!("/orders/pending?order_id={id}"))
            .data()
            .as_array()
            .unwrap()
            .is_empty(),
        "the row is resolved"
    );
    assert_eq!(
        api.get(&format!("/orders/pending?order_id={id}&status=resolved"))
            .data()[0]["type"],
        "replace_domain"
    );
}

/// Unix seconds of `YYYY-MM-DDTHH:MM:SSZ`.
fn unix(s: &str) -> i64 {
    let n = |a: usize, b: usize| s[a..b].parse::<i64>().unwrap();
    let (y, m, d) = (n(0, 4), n(5, 7), n(8, 10));
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + n(11, 13) * 3600 + n(14, 16) * 60 + n(17, 19)
}

fn hmac_hex(secret: &str, parts: &[&[u8]]) -> String {
    use hmac::{Hmac, Mac};
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    for p in parts {
        m.update(p);
    }
    let tag = m.finalize().into_bytes();
    format!(
        "v1={}",
        tag.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

fn delivery_sandbox(
    speed: f64,
    fail_first: u32,
    scheme: SignatureScheme,
    retry: RetryTimestamp,
) -> (Sandbox, Receiver) {
    let secret = "whsec_delivery_test";
    let rx = Receiver::start_with(secret, fail_first).unwrap();
    let sb = Sandbox::start(Config {
        speed,
        webhook_url: Some(rx.url().to_string()),
        webhook_secret: Some(secret.into()),
        signature_scheme: scheme,
        retry_timestamp: retry,
        ..Config::default()
    })
    .unwrap();
    (sb, rx)
}

/// One event (`domain_import.completed`), then every delivery of it.
fn deliveries_of_one_event(sb: &Sandbox, rx: &Receiver, n: usize) -> (Api, Vec<Received>) {
    let api = Api::new(sb, "pk_test_delivery");
    let r = api.post("/domains/import", &json!({"domains": ["acme-mail.com"]}));
    assert_eq!(r.status, 200);
    let mut got = Vec::new();
    while got.len() < n {
        got.push(
            rx.recv_timeout(std::time::Duration::from_secs(10))
                .expect("a delivery"),
        );
    }
    (api, got)
}

#[test]
fn a_failing_endpoint_gets_five_attempts_over_about_24_hours_keeping_the_first_timestamp() {
    // 20,000× : the 23.4 simulated hours take about 4 real seconds.
    let (sb, rx) = delivery_sandbox(
        20_000.0,
        100,
        SignatureScheme::TimestampBody,
        RetryTimestamp::First,
    );
    let (api, got) = deliveries_of_one_event(&sb, &rx, 5);
    assert!(
        rx.recv_timeout(std::time::Duration::from_secs(3)).is_none(),
        "no sixth attempt"
    );
    assert!(got.iter().all(|d| d.answered == 500 && d.result.is_ok()));
    assert!(
        got.iter().all(|d| d.timestamp == got[0].timestamp && d.signature == got[0].signature),
        "--retry-timestamp first: every attempt carries the first attempt's timestamp and signature"
    );
    std::thread::sleep(std::time::Duration::from_millis(100));
    let log = api.get("/_sandbox/deliveries");
    let rows = log.data().as_array().unwrap();
    assert_eq!(rows.len(), 5, "{}", log.text);
    let at: Vec<i64> = rows
        .iter()
        .map(|r| unix(r["at"].as_str().unwrap()))
        .collect();
    let expected = [540, 2700, 13_500, 67_500];
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r["attempt"], i as u64 + 1);
        assert_eq!(r["status"], 500);
        assert_eq!(r["signature_scheme"], "timestamp.body");
        if i < 4 {
            let next = unix(r["next_attempt_at"].as_str().unwrap());
            assert!((next - at[i] - expected[i]).abs() <= 1, "{r}");
            // The next attempt happens when scheduled (the accelerated clock runs on
            // while the machine is busy: some slack).
            assert!(
                at[i + 1] >= next - 1 && at[i + 1] - next < 4 * 3600,
                "{rows:?}"
            );
        } else {
            assert!(r["next_attempt_at"].is_null());
        }
    }
    // Exponential: each wait is 5× the previous; all five within about 24 hours.
    let span = at[4] - at[0];
    assert!(
        (84_240 - 2..84_240 + 4 * 3600).contains(&span),
        "span {span} s"
    );
}

#[test]
fn retry_timestamp_fresh_signs_each_attempt_anew() {
    let (sb, rx) = delivery_sandbox(
        40_000.0,
        100,
        SignatureScheme::TimestampBody,
        RetryTimestamp::Fresh,
    );
    let (_api, got) = deliveries_of_one_event(&sb, &rx, 5);
    let ts: Vec<i64> = got
        .iter()
        .map(|d| d.timestamp.as_deref().unwrap().parse().unwrap())
        .collect();
    assert!(ts.windows(2).all(|w| w[0] <= w[1]), "{ts:?}");
    assert!(ts[4] > ts[0], "the attempts span 2 real seconds: {ts:?}");
    assert!(
        got.iter().all(|d| d.result.is_ok()),
        "each fresh signature verifies with the core"
    );
}

#[test]
fn signature_schemes_sign_the_documented_candidates() {
    for scheme in SignatureScheme::ALL {
        let (sb, rx) = delivery_sandbox(SPEED, 0, scheme, RetryTimestamp::First);
        let (api, got) = deliveries_of_one_event(&sb, &rx, 1);
        let d = &got[0];
        let ts = d.timestamp.clone().unwrap();
        let id = d.event_id.clone().unwrap();
        let secret = "whsec_delivery_test";
        let want = match scheme {
            SignatureScheme::TimestampBody => hmac_hex(secret, &[ts.as_bytes(), b".", &d.body]),
            SignatureScheme::Body => hmac_hex(secret, &[&d.body]),
            SignatureScheme::IdTimestampBody => {
                hmac_hex(secret, &[id.as_bytes(), b".", ts.as_bytes(), b".", &d.body])
            }
        };
        assert_eq!(
            d.signature.as_deref(),
            Some(want.as_str()),
            "{}",
            scheme.name()
        );
        // Only the default is the core's scheme.
        assert_eq!(
            d.result.is_ok(),
            scheme == SignatureScheme::TimestampBody,
            "{}",
            scheme.name()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert_eq!(
            api.get("/_sandbox/deliveries").data()[0]["signature_scheme"],
            scheme.name()
        );
    }
}

#[test]
fn a_domain_scoped_cancel_ends_at_cancels_at_with_order_cancelled_and_lower_costs() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_cancel_part");
    // Custom order: 2 Google domains × 2 inboxes + 1 Microsoft domain.
    let mut body = seed_order("unused");
    body.as_object_mut().unwrap().remove("bundle_id");
    body["google_licenses"] = json!(4);
    body["google_inboxes_per_domain"] = json!(2);
    body["microsoft_licenses"] = json!(1);
    body["domains"] = json!(["acme-mail.com", "team-acme.com", "ms-acme.com"]);
    let r = api.post("/orders", &body);
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.data()["id"].as_str().unwrap().to_string();
    api.wait_event("order.completed", &id);
    let before = api.get(&format!("/orders/{id}")).data().clone();
    let total = before["costs"]["total_cents"].as_i64().unwrap();
    let google = before["costs"]["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["type"] == "google_license")
        .unwrap()
        .clone();
    assert_eq!(google["quantity"], 4);
    let c = api.post(
        &format!("/orders/{id}/cancel"),
        &json!({"domains": ["team-acme.com"]}),
    );
    assert_eq!(c.status, 200, "{}", c.text);
    let cancels_at = unix(c.data()["cancels_at"].as_str().unwrap());
    // Nothing changes before cancels_at.
    api.advance(86_400.0);
    assert_eq!(
        api.get(&format!("/orders/{id}")).data()["costs"]["total_cents"],
        total
    );
    api.advance(30.0 * 86_400.0);
    let ev = api.wait_event("order.cancelled", &id);
    assert_eq!(ev["data"]["scope"], "domains");
    assert_eq!(ev["data"]["domains"][0]["domain"], "team-acme.com");
    assert_eq!(unix(ev["data"]["cancels_at"].as_str().unwrap()), cancels_at);
    assert!(unix(ev["created_at"].as_str().unwrap()) >= cancels_at);
    let after = api.get(&format!("/orders/{id}")).data().clone();
    // One Google domain's 2 licences fewer.
    let unit = google["amount_cents"].as_i64().unwrap() / 4;
    assert_eq!(after["costs"]["total_cents"], total - 2 * unit);
    assert_eq!(ev["data"]["costs"]["total_cents"], total - 2 * unit);
    assert_eq!(after["domain_count"], 2);
    assert_eq!(
        after["status"], "completed",
        "the rest of the order stays live"
    );
    let names: Vec<&str> = after["domains"]["registered"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(names, ["acme-mail.com", "ms-acme.com"]);
    let d = api.get(&format!("/domains/{}", domain_id(&api, "team-acme.com")));
    assert_eq!(d.data()["category"], "inventory");
}
