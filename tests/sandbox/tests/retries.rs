//! The retry decision through the Rust `ureq` transport against injected 5xx
//! answers (`POST /_sandbox/faults`): a request that is not retry-safe (a swap)
//! is sent once, a retry-safe one (an order, which the API deduplicates) is sent
//! again and still yields one order.
mod common;
use common::*;
use peeker_core::transport::Transport;
use peeker_core::Client;
use peeker_sandbox::Scenario;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn client(api: &Api) -> Client {
    Client::new(&api.key)
        .unwrap()
        .with_base_url(&api.base)
        .unwrap()
}

/// A transport that records its waits instead of sleeping.
fn transport() -> (Transport, Arc<Mutex<Vec<Duration>>>) {
    let slept = Arc::new(Mutex::new(Vec::new()));
    let s2 = slept.clone();
    let t = Transport::with_agent(agent())
        .with_jitter(|| 0.5)
        .with_sleep(move |d| s2.lock().unwrap().push(d));
    (t, slept)
}

fn faults(api: &Api, count: u32, status: u16) {
    let r = api.post(
        "/_sandbox/faults",
        &json!({"count": count, "status": status}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
}

#[test]
fn a_swap_is_sent_once_after_a_503() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_retry_swap");
    let c = client(&api);
    let swap = c
        .create_swap(
            &json!({"type": "premium", "domain_id": "dom_1", "replacement_domain": "new-acme.com"}),
        )
        .unwrap();
    assert!(!swap.retry_safe);
    // Two faults: the swap takes one; the next request proves only one was taken.
    faults(&api, 2, 503);
    let (t, slept) = transport();
    let r = t.send(&swap).unwrap();
    assert_eq!((r.status, r.attempts), (503, 1), "sent once");
    assert!(slept.lock().unwrap().is_empty(), "no wait: no retry");
    assert_eq!(
        api.get("/me").status,
        503,
        "the second fault is still there"
    );
    assert_eq!(api.get("/me").status, 200);
    // The same for another write that is not retry-safe, with a 502.
    let before = api.get("/bundles").data().as_array().unwrap().len();
    faults(&api, 1, 502);
    let bundle = c
        .create_bundle(&json!({"name": "b", "monthly_sending_volume": 1760}))
        .unwrap();
    let r = t.send(&bundle).unwrap();
    assert_eq!((r.status, r.attempts), (502, 1));
    assert_eq!(
        api.get("/bundles").data().as_array().unwrap().len(),
        before,
        "the bundle was not made"
    );
}

#[test]
fn an_order_is_retried_after_a_503_and_yields_one_order() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_retry_order");
    let c = client(&api);
    let bundle = api.bundle(2);
    let order = c.create_order(&seed_order(&bundle)).unwrap();
    assert!(order.retry_safe);
    faults(&api, 2, 503);
    let (t, slept) = transport();
    let r = t.send(&order).unwrap();
    assert_eq!(
        (r.status, r.attempts),
        (200, 3),
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    // Two backoffs with jitter 0.5: attempt 1 (250..500 ms) and attempt 2 (500..1000 ms).
    assert_eq!(
        *slept.lock().unwrap(),
        vec![Duration::from_millis(375), Duration::from_millis(750)]
    );
    let first: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    let id = first["data"]["id"].as_str().unwrap().to_string();
    let orders = api.get("/orders");
    let rows = orders.data().as_array().unwrap();
    assert_eq!(rows.len(), 1, "one order");
    assert_eq!(rows[0]["id"], id.as_str());
    // Sent again (as a retry after a lost answer would): the API's dedupe gives the same order.
    let again = t.send(&order).unwrap();
    let again: serde_json::Value = serde_json::from_slice(&again.body).unwrap();
    assert_eq!(again["data"]["id"], id.as_str());
    assert_eq!(api.get("/orders").data().as_array().unwrap().len(), 1);
}

#[test]
fn the_per_attempt_timeout_is_the_transports() {
    // An attempt that gets no answer within with_timeout ends as a timeout: a GET is
    // retried, a swap is not.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let held = Arc::new(Mutex::new(Vec::new()));
    let h2 = held.clone();
    std::thread::spawn(move || {
        for s in silent.incoming().flatten() {
            h2.lock().unwrap().push(s);
        }
    });
    let c = Client::new("pk_test_timeout")
        .unwrap()
        .with_base_url(&format!("http://127.0.0.1:{port}/partner/v1"))
        .unwrap();
    let t = Transport::new()
        .with_timeout(Duration::from_millis(200))
        .with_max_attempts(2)
        .with_sleep(|_| {});
    let started = std::time::Instant::now();
    assert_eq!(t.send(&c.me()).unwrap_err().attempts, 2);
    assert!(started.elapsed() < Duration::from_secs(5));
    let swap = c
        .create_swap(
            &json!({"type": "premium", "domain_id": "dom_1", "replacement_domain": "new-acme.com"}),
        )
        .unwrap();
    assert_eq!(t.send(&swap).unwrap_err().attempts, 1);
}
