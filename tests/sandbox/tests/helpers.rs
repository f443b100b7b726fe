//! The core's helpers through the Rust `ureq` transport against the sandbox:
//! `Transport::pages` (typed pages to the last one, each with `links.first`,
//! `meta` and its request id) and `Transport::wait_for` with a `Poller` (the
//! core decides when to poll again and when to stop), its sleeper advancing
//! the sandbox's simulated clock (`POST /_sandbox/clock/advance`).
mod common;
use common::*;
use peeker_core::models::{Bundle, ImportJob, Order};
use peeker_core::transport::{CallError, Transport};
use peeker_core::{Client, Paging, PollKind, Poller};
use peeker_sandbox::{Config, Sandbox, Scenario};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn client(api: &Api) -> Client {
    Client::new(&api.key)
        .unwrap()
        .with_base_url(&api.base)
        .unwrap()
}

/// A sandbox whose clock moves (almost) only when a test advances it.
fn still_sandbox(scenario: Scenario) -> Sandbox {
    Sandbox::start(Config {
        speed: 1.0,
        scenario,
        ..Config::default()
    })
    .unwrap()
}

/// A transport whose sleeper records each wait and advances the sandbox clock by it.
fn clock_transport(api: &Api) -> (Transport, Arc<Mutex<Vec<Duration>>>) {
    let slept = Arc::new(Mutex::new(Vec::new()));
    let s2 = slept.clone();
    let (base, key) = (api.base.clone(), api.key.clone());
    let t = Transport::with_agent(agent()).with_sleep(move |d| {
        s2.lock().unwrap().push(d);
        let a = Api {
            base: base.clone(),
            key: key.clone(),
            agent: agent(),
        };
        a.advance(d.as_secs_f64());
    });
    (t, slept)
}

#[test]
fn pages_follow_links_next_with_meta_first_and_request_ids() {
    let sb = sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_pager");
    for i in 0..7 {
        let r = api.post(
            "/bundles",
            &json!({"name": format!("b{i}"), "monthly_sending_volume": 1000}),
        );
        assert_eq!(r.status, 201);
    }
    let c = client(&api);
    let t = Transport::with_agent(agent());
    let req = c.list_bundles(&[], Paging { per_page: Some(3) }).unwrap();
    let pages: Vec<_> = t
        .pages::<Bundle>(&c, req)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        pages.iter().map(|p| p.page.data.len()).collect::<Vec<_>>(),
        [3, 3, 1]
    );
    let mut names: Vec<_> = pages
        .iter()
        .flat_map(|p| p.page.data.iter().map(|b| b.name.clone()))
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 7, "every bundle exactly once");
    for p in &pages {
        assert!(is_request_id(p.request_id.as_deref().unwrap()));
        assert_eq!((p.page.meta.per_page, p.attempts), (Some(3), 1));
        assert_eq!(
            p.page.links.first.as_deref(),
            Some(format!("{}/bundles?per_page=3", api.base).as_str())
        );
    }
    assert_eq!(pages[2].page.meta.returned, Some(1));
    assert!(pages[2].page.links.next.is_none());
    // An error ends the iteration after yielding it.
    let bad = Client::new("pk_test_revoked_x")
        .unwrap()
        .with_base_url(&api.base)
        .unwrap();
    let mut it = t.pages::<Bundle>(&bad, bad.list_bundles(&[], Paging::default()).unwrap());
    match it.next() {
        Some(Err(CallError::Api(e))) => assert_eq!(e.code, peeker_core::Code::ApiError),
        other => panic!("{other:?}"),
    }
    assert!(it.next().is_none());
}

#[test]
fn wait_for_an_order_polls_every_60_s_until_completed() {
    let sb = still_sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_waitorder");
    let bundle = api.bundle(2);
    let placed = api.post("/orders", &seed_order(&bundle));
    assert_eq!(placed.status, 200, "{}", placed.text);
    let id = placed.data()["id"].as_str().unwrap().to_string();
    let (t, slept) = clock_transport(&api);
    let c = client(&api);
    let resp = t.wait_for(&c, Poller::new(PollKind::Order), &id).unwrap();
    let order: Order = resp.data().unwrap();
    assert_eq!(order.status.as_str(), "completed");
    // The sandbox completes an order at +14 min 33 s: 15 waits of the documented 60 s.
    let waits = slept.lock().unwrap().clone();
    assert!(
        waits.iter().all(|d| *d == Duration::from_secs(60)),
        "{waits:?}"
    );
    assert!((14..=16).contains(&waits.len()), "{}", waits.len());
}

#[test]
fn wait_for_an_import_job_and_an_import_that_needs_action() {
    let sb = still_sandbox(Scenario::Happy);
    let api = Api::new(&sb, "pk_test_waitimport");
    let job = api.post(
        "/domains/import/jobs",
        &json!({"domains": ["acme-mail.com", "team-acme.com"]}),
    );
    assert_eq!(job.status, 202, "{}", job.text);
    let id = job.data()["id"].as_str().unwrap().to_string();
    let (t, slept) = clock_transport(&api);
    let c = client(&api);
    // The caller's interval: every 30 s; the job completes after 4 simulated minutes.
    let p = Poller::new(PollKind::ImportJob)
        .with_interval_ms(30_000)
        .unwrap();
    let imp: ImportJob = t.wait_for(&c, p, &id).unwrap().data().unwrap();
    assert_eq!(imp.status.as_str(), "completed");
    let n = slept.lock().unwrap().len();
    assert!((7..=9).contains(&n), "{n} waits of 30 s for 4 minutes");

    // ns-pending: the import stays in_progress, action_required after 30 minutes.
    let r = api.post(
        "/domains/import",
        &json!({"domains": ["ns-pending-acme.com"]}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.data()["id"].as_str().unwrap().to_string();
    slept.lock().unwrap().clear();
    let resp = t.wait_for(&c, Poller::new(PollKind::Import), &id).unwrap();
    assert_eq!(
        resp.data::<ImportJob>().unwrap().status.as_str(),
        "action_required"
    );
    let n = slept.lock().unwrap().len();
    assert!((29..=31).contains(&n), "{n}");
    // The most polls run out first: TimedOut with the last status.
    let limited = Poller::new(PollKind::Import).with_max_polls(2);
    let r = api.post(
        "/domains/import",
        &json!({"domains": ["ns-pending-team.com"]}),
    );
    let id2 = r.data()["id"].as_str().unwrap().to_string();
    match t.wait_for(&c, limited, &id2) {
        Err(CallError::TimedOut {
            status,
            polls,
            message,
        }) => {
            assert_eq!((status.as_str(), polls), ("in_progress", 2));
            assert!(
                message.starts_with(&format!("import {id2} is still in_progress after 2 polls"))
            );
        }
        other => panic!("{other:?}"),
    }
    // An unknown id: the API's 404 surfaces.
    match t.wait_for(&c, Poller::new(PollKind::Order), "ord_nope") {
        Err(CallError::Api(e)) => assert!(e.message.contains("404"), "{}", e.message),
        other => panic!("{other:?}"),
    }
}
