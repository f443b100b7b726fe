//! Helpers shared by the sandbox's integration tests.
#![allow(dead_code)]
use peeker_sandbox::{Config, Receiver, Sandbox, Scenario};
use serde_json::Value;
use std::time::{Duration, Instant};

/// Fast enough that an order (≈873 simulated s) takes ≈40 ms.
pub const SPEED: f64 = 20_000.0;

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub json: Value,
    pub text: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn request_id(&self) -> &str {
        self.header("Peeker-Request-Id").unwrap_or("")
    }
    pub fn data(&self) -> &Value {
        &self.json["data"]
    }
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or("")
    }
    pub fn field(&self) -> &str {
        self.json["error"]["field"].as_str().unwrap_or("")
    }
}

/// A raw HTTP call: `headers` as (name, value); `body` sent as is.
pub fn raw(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Resp {
    let mut b = ureq::http::Request::builder().method(method).uri(url);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let r = match body {
        Some(s) => agent.run(b.body(s.as_bytes().to_vec()).unwrap()),
        None => agent.run(b.body(()).unwrap()),
    };
    let mut r = r.expect("the sandbox answers");
    let status = r.status().as_u16();
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let text = r.body_mut().read_to_string().unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Resp {
        status,
        headers,
        json,
        text,
    }
}

/// A test client: base URL and key.
pub struct Api {
    pub base: String,
    pub key: String,
    pub agent: ureq::Agent,
}

impl Api {
    pub fn new(sb: &Sandbox, key: &str) -> Api {
        Api {
            base: sb.base_url(),
            key: key.to_string(),
            agent: agent(),
        }
    }
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Resp {
        let auth = format!("Bearer {}", self.key);
        let text = body.map(|b| b.to_string());
        let mut h = vec![("Authorization", auth.as_str())];
        if text.is_some() {
            h.push(("Content-Type", "application/json"));
        }
        raw(
            &self.agent,
            method,
            &format!("{}{path}", self.base),
            &h,
            text.as_deref(),
        )
    }
    pub fn get(&self, path: &str) -> Resp {
        self.call("GET", path, None)
    }
    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.call("POST", path, Some(body))
    }
    /// Advances the simulated clock.
    pub fn advance(&self, seconds: f64) {
        let r = self.post(
            "/_sandbox/clock/advance",
            &serde_json::json!({ "seconds": seconds }),
        );
        assert_eq!(r.status, 200, "{}", r.text);
    }
    /// A bundle that needs `n` Google domains (2 inboxes each).
    pub fn bundle(&self, n: u64) -> String {
        let r = self.post(
            "/bundles",
            &serde_json::json!({"name": "t", "monthly_sending_volume": 880 * n, "google_percent": 100, "microsoft_percent": 0}),
        );
        assert_eq!(r.status, 201, "{}", r.text);
        assert_eq!(r.data()["required_domains"]["total"], n);
        r.data()["id"].as_str().unwrap().to_string()
    }
    /// Emitted events (`GET /_sandbox/events`).
    pub fn events(&self) -> Vec<Value> {
        self.get("/_sandbox/events")
            .data()
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
    /// Waits until an event of `event_type` about `id` was emitted.
    pub fn wait_event(&self, event_type: &str, id: &str) -> Value {
        let t = Instant::now();
        loop {
            if let Some(e) = self
                .events()
                .into_iter()
                .find(|e| e["type"] == event_type && e["data"]["id"] == id)
            {
                return e;
            }
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "no {event_type} for {id}; events: {:?}",
                self.events()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A sandbox with a receiver wired to it.
pub fn with_receiver(scenario: Scenario, speed: f64, fail_first: u32) -> (Sandbox, Receiver) {
    let secret = "whsec_test_secret";
    let rx = Receiver::start_with(secret, fail_first).unwrap();
    let sb = Sandbox::start(Config {
        speed,
        scenario,
        webhook_url: Some(rx.url().to_string()),
        webhook_secret: Some(secret.into()),
        ..Config::default()
    })
    .unwrap();
    (sb, rx)
}

pub fn sandbox(scenario: Scenario) -> Sandbox {
    Sandbox::start(Config {
        speed: SPEED,
        scenario,
        ..Config::default()
    })
    .unwrap()
}

/// Collects verified deliveries until `done` says so (or panics after 10 s).
pub fn collect(
    rx: &Receiver,
    mut done: impl FnMut(&[peeker_core::Event]) -> bool,
) -> Vec<peeker_core::Event> {
    let mut got = Vec::new();
    let t = Instant::now();
    while !done(&got) {
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "timed out; got {:?}",
            got.iter()
                .map(|e: &peeker_core::Event| &e.event_type)
                .collect::<Vec<_>>()
        );
        if let Some(r) = rx.recv_timeout(Duration::from_millis(50)) {
            if r.answered == 200 {
                got.push(r.result.expect("every delivery verifies"));
            } else {
                r.result.expect("every delivery verifies");
            }
        }
    }
    got
}

/// The seed order body (the guide's) with a bundle id.
pub fn seed_order(bundle: &str) -> Value {
    serde_json::json!({
        "user": "alex@acme.com",
        "bundle_id": bundle,
        "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com", "login_password": "their-smartlead-password"},
        "forwarding_url": "https://acme.com",
        "domains": ["acme-mail.com", "team-acme.com"],
        "personas": [
            {"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": "https://cdn.acme.com/alex.jpg"},
            {"first_name": "Sam", "last_name": "Lee", "profile_picture_url": "https://cdn.acme.com/sam.jpg"}
        ]
    })
}

/// `req_` + 26 Crockford base-32 characters.
pub fn is_request_id(s: &str) -> bool {
    s.len() == 30
        && s.starts_with("req_")
        && s[4..]
            .bytes()
            .all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b))
}

/// `2026-05-08T12:00:00Z`.
pub fn is_rfc3339(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let b = s.as_bytes();
    s.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every field of `example` is in `actual` with the same JSON type, recursively
/// (array elements against the example's first element). Returns the paths checked.
pub fn assert_shape(actual: &Value, example: &Value, path: &str) -> usize {
    assert_eq!(
        kind(actual),
        kind(example),
        "{path}: {actual} is not of the type of the example's {example}"
    );
    match (actual, example) {
        (Value::Object(a), Value::Object(e)) => {
            let mut n = 0;
            for (k, ev) in e {
                let p = format!("{path}.{k}");
                let av = a
                    .get(k)
                    .unwrap_or_else(|| panic!("{p} is missing from {actual}"));
                n += 1 + assert_shape(av, ev, &p);
            }
            n
        }
        (Value::Array(a), Value::Array(e)) => match e.first() {
            Some(e0) => {
                assert!(!a.is_empty(), "{path} is empty but the example has rows");
                a.iter()
                    .enumerate()
                    .map(|(i, x)| assert_shape(x, e0, &format!("{path}[{i}]")))
                    .sum()
            }
            None => 0,
        },
        _ => 0,
    }
}
