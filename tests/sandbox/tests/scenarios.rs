//! Every scenario of the sandbox ("Things to handle in production"), switched per
//! run and, where documented, per domain; plus the webhook delivery policy.
mod common;
use common::*;
use peeker_core::transport::Transport;
use peeker_core::{Client, Tracker};
use peeker_sandbox::Scenario;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn transport() -> Transport {
    Transport::with_agent(agent())
}

fn place_seed(api: &Api) -> String {
    let r = api.post(
        "/domains/import",
        &json!({"domains": ["acme-mail.com", "team-acme.com"]}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let bundle = api.bundle(2);
    let o = api.post("/orders", &seed_order(&bundle));
    assert_eq!(o.status, 200, "{}", o.text);
    o.data()["id"].as_str().unwrap().to_string()
}

#[test]
fn ns_pending_per_run_action_required_then_completed_after_the_flip() {
    let (sb, rx) = with_receiver(Scenario::NsPending, SPEED, 0);
    let api = Api::new(&sb, "pk_test_ns_run");
    let imp = api.post(
        "/domains/import",
        &json!({"domains": ["acme-mail.com", "team-acme.com"]}),
    );
    let id = imp.data()["id"].as_str().unwrap().to_string();
    assert_eq!(imp.data()["status"], "in_progress");
    assert_eq!(imp.data()["completed_count"], 0);
    // ~30 simulated minutes later: action_required, by webhook and by polling.
    let got = collect(&rx, |g| {
        g.iter()
            .any(|e| e.event_type == "domain_import.action_required")
    });
    assert!(!got
        .iter()
        .any(|e| e.event_type == "domain_import.completed"));
    assert_eq!(
        api.get(&format!("/domains/import/{id}")).data()["status"],
        "action_required"
    );
    let mut tracker = Tracker::new();
    got.iter().for_each(|e| {
        tracker.apply(e);
    });
    let actions = tracker.import_actions();
    assert_eq!(actions.len(), 1);
    assert!(
        actions[0].message.contains("helena.ns.cloudflare.com"),
        "{}",
        actions[0].message
    );
    // It stays there however long we wait...
    api.advance(7.0 * 86_400.0);
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(
        api.get(&format!("/domains/import/{id}")).data()["status"],
        "action_required"
    );
    // ...until the customer flips DNS.
    let f = api.post(
        &format!("/_sandbox/imports/{id}/flip_nameservers"),
        &json!({}),
    );
    assert_eq!(
        (f.status, f.data()["status"].as_str()),
        (200, Some("completed"))
    );
    let got = collect(&rx, |g| {
        g.iter().any(|e| e.event_type == "domain_import.completed")
    });
    let done = got
        .iter()
        .find(|e| e.event_type == "domain_import.completed")
        .unwrap();
    assert_eq!(done.data["completed_count"], 2);
    tracker.apply(done);
    assert!(tracker.import_actions().is_empty());
    assert_eq!(
        api.get(&format!("/domains/import/{id}")).data()["status"],
        "completed"
    );
    // Unknown import → 404.
    assert_eq!(
        api.post("/_sandbox/imports/imp_nope/flip_nameservers", &json!({}))
            .status,
        404
    );
}

#[test]
fn ns_pending_per_domain_blocks_the_order_until_the_flip() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_ns_domain");
    let imp = api.post(
        "/domains/import",
        &json!({"domains": ["acme-ns-pending.com", "team-acme.com"]}),
    );
    assert_eq!(
        imp.data()["status"],
        "in_progress",
        "a domain containing ns-pending needs the flip"
    );
    let normal = api.post("/domains/import", &json!({"domains": ["other-acme.com"]}));
    assert_eq!(normal.data()["status"], "completed");
    let bundle = api.bundle(2);
    let mut body = seed_order(&bundle);
    body["domains"] = json!(["acme-ns-pending.com", "team-acme.com"]);
    let o = api.post("/orders", &body);
    let oid = o.data()["id"].as_str().unwrap().to_string();
    // The unflipped domain raises domain.action_required and a pending row; the order waits.
    let ev = api.wait_event(
        "domain.action_required",
        api.get("/domains?category=connected")
            .data()
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["domain"] == "acme-ns-pending.com")
            .unwrap()["id"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(ev["data"]["reason"], "update_nameservers");
    let pending = api.get(&format!("/orders/pending?order_id={oid}"));
    assert_eq!(pending.data()[0]["reason"], "update_nameservers");
    api.advance(3600.0);
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(
        api.get(&format!("/orders/{oid}")).data()["status"],
        "in_progress"
    );
    let id = imp.data()["id"].as_str().unwrap();
    api.post(
        &format!("/_sandbox/imports/{id}/flip_nameservers"),
        &json!({}),
    );
    api.wait_event("order.completed", &oid);
    assert_eq!(
        api.get(&format!("/orders/pending?order_id={oid}")).data(),
        &json!([])
    );
    assert_eq!(
        api.get(&format!("/orders/pending?order_id={oid}&status=resolved"))
            .data()[0]["status"],
        "resolved"
    );
}

#[test]
fn private_picture_raises_order_action_required_and_a_pending_row() {
    let (sb, rx) = with_receiver(Scenario::Happy, SPEED, 0);
    let api = Api::new(&sb, "pk_test_picture");
    let bundle = api.bundle(2);
    api.post(
        "/domains/import",
        &json!({"domains": ["acme-mail.com", "team-acme.com"]}),
    );
    let mut body = seed_order(&bundle);
    body["personas"][1]["profile_picture_url"] = json!("http://192.168.1.20/sam.jpg");
    let oid = api.post("/orders", &body).data()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let got = collect(&rx, |g| {
        g.iter().any(|e| e.event_type == "order.action_required")
    });
    let mut tracker = Tracker::new();
    for e in &got {
        tracker.apply(e);
    }
    let view = tracker.order(&oid).unwrap();
    assert_eq!(view.status, "action_required");
    assert!(
        view.actions[0].message.contains("/orders/pending"),
        "{:?}",
        view.actions
    );
    let rows = api.get(&format!("/orders/pending?order_id={oid}"));
    assert_eq!(rows.status, 200);
    let row = &rows.data()[0];
    // The row shape of the API reference (§6).
    let doc_row = json!({"id":"act_01HZX0AC1A2B3C4D5E6F7G8H","type":"google_profile_picture","reason":"profile_picture_not_accessible",
        "status":"open","domain_id":"dom_…","domain":"acme-mail.com",
        "user":{"first_name":"Sam","last_name":"Lee","profile_picture_url":"https://cdn.acme.com/sam.jpg"},
        "message":"The profile picture URL must be a publicly accessible image URL.","created_at":"…"});
    assert_shape(row, &doc_row, "pending");
    assert_eq!(row["reason"], "profile_picture_not_accessible");
    assert_eq!(
        row["user"]["profile_picture_url"],
        "http://192.168.1.20/sam.jpg"
    );
    assert!(row["id"].as_str().unwrap().starts_with("act_"));
    assert_eq!(
        rows.data().as_array().unwrap().len(),
        1,
        "only the private picture is flagged"
    );
    // Filters: by user (email or id) and domain.
    assert_eq!(
        api.get("/orders/pending?user=alex@acme.com")
            .data()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        api.get("/orders/pending?user=nobody@acme.com")
            .data()
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(api.get("/orders/pending?status=bogus").status, 400);
    // The order never completes by itself.
    api.advance(86_400.0);
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(
        api.get(&format!("/orders/{oid}")).data()["status"],
        "action_required"
    );
    // A corrected order completes.
    let fixed = api.post("/orders", &seed_order(&bundle));
    let fid = fixed.data()["id"].as_str().unwrap().to_string();
    assert_ne!(fid, oid);
    api.wait_event("order.completed", &fid);
    // Local, private and null/"" pictures.
    for (url, ok) in [
        (json!("https://cdn.acme.com/a.jpg"), true),
        (json!(null), true),
        (json!(""), true),
        (json!("http://localhost/a.jpg"), false),
        (json!("https://photos.acme.internal/a.jpg"), false),
        (json!("https://cdn.acme.com/private/a.jpg"), false),
        (json!("http://10.0.0.5/a.jpg"), false),
        (json!("http://[::1]/a.jpg"), false),
    ] {
        assert_eq!(peeker_sandbox::world::picture_accessible(&url), ok, "{url}");
    }
}

#[test]
fn capacity_429_on_sync_import_and_the_job_fallback() {
    let sb = sandbox(Scenario::Capacity);
    let api = Api::new(&sb, "pk_test_capacity");
    let r = api.post("/domains/import", &json!({"domains": ["acme-mail.com"]}));
    assert_eq!((r.status, r.code()), (429, "rate_limited"));
    assert_eq!(
        r.json["error"]["details"]["reason"],
        "cloudflare_account_capacity"
    );
    assert!(r.json["error"]["details"]["retry_after_seconds"].is_u64());
    assert!(is_request_id(r.request_id()));
    // The core's transport does not wait on a capacity 429: the remedy is the job endpoint.
    let client = Client::new("pk_test_capacity")
        .unwrap()
        .with_base_url(&sb.base_url())
        .unwrap();
    let slept = Arc::new(Mutex::new(Vec::new()));
    let s2 = slept.clone();
    let t = transport().with_sleep(move |d| s2.lock().unwrap().push(d));
    let resp = t
        .send(&client.import_domains(&["acme-mail.com"]).unwrap())
        .unwrap();
    assert_eq!((resp.status, resp.attempts), (429, 1));
    assert!(slept.lock().unwrap().is_empty());
    let job = api.post(
        "/domains/import/jobs",
        &json!({"domains": ["acme-mail.com"]}),
    );
    assert_eq!(
        (job.status, job.data()["status"].as_str()),
        (202, Some("in_progress"))
    );
    let id = job.data()["id"].as_str().unwrap();
    api.wait_event("domain_import.completed", id);
    assert_eq!(
        api.get(&format!("/domains/import/jobs/{id}")).data()["status"],
        "completed"
    );
    // Per domain, in a happy run.
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_capacity");
    assert_eq!(
        api.post(
            "/domains/import",
            &json!({"domains": ["capacity-acme.com"]})
        )
        .status,
        429
    );
    assert_eq!(
        api.post("/domains/import", &json!({"domains": ["acme-mail.com"]}))
            .status,
        200
    );
}

#[test]
fn server_errors_first_call_of_each_endpoint_fails_and_the_transport_retries() {
    let sb = sandbox(Scenario::ServerErrors);
    let api = Api::new(&sb, "pk_test_5xx");
    let first = api.get("/me");
    assert_eq!((first.status, first.code()), (503, "service_unavailable"));
    assert!(is_request_id(first.request_id()));
    assert_eq!(api.get("/me").status, 200);
    let client = Client::new("pk_test_5xx")
        .unwrap()
        .with_base_url(&sb.base_url())
        .unwrap();
    let slept = Arc::new(Mutex::new(Vec::new()));
    let s2 = slept.clone();
    let notices = Arc::new(Mutex::new(Vec::new()));
    let n2 = notices.clone();
    let t = transport()
        .with_jitter(|| 1.0)
        .with_sleep(move |d| s2.lock().unwrap().push(d))
        .on_retry(move |n| n2.lock().unwrap().push(n.clone()));
    // A retry-safe write (a look-up) is retried after the 503 ...
    let r = t
        .send(&client.check_availability(&["acme-mail.com"]).unwrap())
        .unwrap();
    assert_eq!((r.status, r.attempts), (200, 2));
    assert_eq!(
        *slept.lock().unwrap(),
        [Duration::from_millis(500)],
        "first backoff: 0.5 s with full jitter"
    );
    assert_eq!(
        notices.lock().unwrap()[0]
            .classified
            .as_ref()
            .unwrap()
            .status,
        503
    );
    // ... a bundle is not: its 503 is handed back after one attempt.
    let r = t
        .send(
            &client
                .create_bundle(&json!({"name": "x", "monthly_sending_volume": 1760}))
                .unwrap(),
        )
        .unwrap();
    assert_eq!((r.status, r.attempts), (503, 1));
    assert_eq!(slept.lock().unwrap().len(), 1, "no second wait");
    // Injected faults at any time, bounded by the transport's attempts.
    let f = api.post("/_sandbox/faults", &json!({"count": 3, "status": 500}));
    assert_eq!(f.status, 200);
    let t2 = transport().with_max_attempts(2).with_sleep(|_| {});
    let r = t2.send(&client.me()).unwrap();
    assert_eq!(
        (r.status, r.attempts, r.classified.retry),
        (500, 2, peeker_core::Retry::Backoff)
    );
    let r = t2.send(&client.me()).unwrap();
    assert_eq!((r.status, r.attempts), (200, 2));
    // 4xx are never retried (the scenario's one 503 for this path is spent first).
    assert_eq!(api.get("/orders/ord_missing").status, 503);
    let r = t2.send(&client.get_order("ord_missing").unwrap()).unwrap();
    assert_eq!((r.status, r.attempts), (404, 1));
}

#[test]
fn duplicate_webhooks_are_delivered_twice_and_deduplicated_by_the_tracker() {
    let (sb, rx) = with_receiver(Scenario::DuplicateWebhooks, SPEED, 0);
    let api = Api::new(&sb, "pk_test_dup");
    let oid = place_seed(&api);
    let mut tracker = Tracker::new();
    let got = collect(&rx, |g| {
        g.iter()
            .filter(|e| e.event_type == "order.completed")
            .count()
            == 2
    });
    let mut fresh = 0;
    for e in &got {
        fresh += tracker.apply(e) as usize;
    }
    let ids: std::collections::BTreeSet<&str> = got.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(fresh, ids.len());
    assert!(
        got.len() >= 2 * ids.len() - 1,
        "every event twice: {} deliveries of {} events",
        got.len(),
        ids.len()
    );
    let v = tracker.order(&oid).unwrap();
    assert_eq!(
        (v.status.as_str(), v.domains_connected, v.domains_total),
        ("completed", 2, Some(2))
    );
}

#[test]
fn out_of_order_webhooks_arrive_newest_first_and_the_tracker_still_completes() {
    let (sb, rx) = with_receiver(Scenario::OutOfOrderWebhooks, SPEED, 0);
    let api = Api::new(&sb, "pk_test_ooo");
    let oid = place_seed(&api);
    let got = collect(&rx, |g| {
        g.iter().any(|e| e.event_type == "order.in_progress")
    });
    let order: Vec<&str> = got
        .iter()
        .filter(|e| e.data["id"] == oid.as_str() || e.data["order_id"] == oid.as_str())
        .map(|e| e.event_type.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "order.completed",
            "domain.connected",
            "domain.connected",
            "order.in_progress"
        ]
    );
    let mut tracker = Tracker::new();
    for e in &got {
        tracker.apply(e);
    }
    let v = tracker.order(&oid).unwrap();
    assert_eq!((v.status.as_str(), v.domains_connected), ("completed", 2));
}

fn deliveries(api: &Api) -> Vec<Value> {
    api.get("/_sandbox/deliveries")
        .data()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn webhooks_are_retried_with_exponential_backoff_up_to_five_attempts() {
    // The receiver answers 500 to the first two deliveries of each event.
    let (sb, rx) = with_receiver(Scenario::Happy, SPEED, 2);
    let api = Api::new(&sb, "pk_test_retry");
    let r = api.post("/domains/import", &json!({"domains": ["acme-mail.com"]}));
    let id = r.data()["id"].as_str().unwrap().to_string();
    let mut answers = Vec::new();
    while answers.len() < 3 {
        let d = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("a delivery");
        let ev = d.result.expect("verified");
        assert_eq!(ev.data["id"], id.as_str());
        assert_eq!(
            d.event_id.as_deref(),
            Some(ev.id.as_str()),
            "Peeker-Event-Id header"
        );
        answers.push(d.answered);
    }
    assert_eq!(answers, [500, 500, 200]);
    std::thread::sleep(Duration::from_millis(50));
    let log = deliveries(&api);
    assert_eq!(
        log.iter()
            .map(|d| d["attempt"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(
        log.iter()
            .map(|d| d["status"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [500, 500, 200]
    );

    // A receiver that always fails: exactly five attempts, backing off 9 min × 5^(n-1) (simulated).
    let (sb, rx) = with_receiver(Scenario::Happy, 300_000.0, 100);
    let api = Api::new(&sb, "pk_test_retry5");
    api.post("/domains/import", &json!({"domains": ["acme-mail.com"]}));
    let mut n = 0;
    while rx.recv_timeout(Duration::from_millis(800)).is_some() {
        n += 1;
    }
    assert_eq!(n, 5);
    let log = deliveries(&api);
    assert_eq!(log.len(), 5);
    assert_eq!(log[4]["attempt"], 5);
    assert!(log.iter().all(|d| d["status"] == 500));
    for w in [540.0, 2700.0, 13_500.0, 67_500.0].iter().enumerate() {
        assert_eq!(
            peeker_sandbox::world::webhook_backoff_secs(w.0 as u32 + 1),
            *w.1
        );
    }
}

#[test]
fn a_receiver_with_the_wrong_secret_rejects_every_delivery() {
    let rx = peeker_sandbox::Receiver::start("whsec_right").unwrap();
    let sb = peeker_sandbox::Sandbox::start(peeker_sandbox::Config {
        speed: 100_000.0,
        webhook_url: Some(rx.url().into()),
        webhook_secret: Some("whsec_wrong".into()),
        ..Default::default()
    })
    .unwrap();
    let api = Api::new(&sb, "pk_test_wrong");
    api.post("/domains/import", &json!({"domains": ["acme-mail.com"]}));
    let d = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(d.answered, 400);
    assert_eq!(
        d.result.unwrap_err().code,
        peeker_core::Code::SignatureMismatch
    );
    // Per key, a webhook target can be set at run time.
    let rx2 = peeker_sandbox::Receiver::start("whsec_mine").unwrap();
    let r = api.post(
        "/_sandbox/webhook",
        &json!({"url": rx2.url(), "secret": "whsec_mine"}),
    );
    assert_eq!(r.status, 200);
    api.post("/domains/import", &json!({"domains": ["team-acme.com"]}));
    let d = rx2.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(d.answered, 200);
    assert_eq!(d.result.unwrap().event_type, "domain_import.completed");
    assert_eq!(
        api.post("/_sandbox/webhook", &json!({"url": "ftp://x"}))
            .status,
        400
    );
    assert_eq!(
        api.post(
            "/_sandbox/webhook",
            &json!({"url": "https://hooks.example.com/x"})
        )
        .status,
        400,
        "loopback only"
    );
    assert_eq!(
        api.post("/_sandbox/webhook", &json!({"url": "http://localhost:9/x"}))
            .status,
        200
    );
}
