//! The HTTP server (tiny_http on loopback), authentication, the rate limit, fault
//! injection, the `/_sandbox` control endpoints, the accelerated clock, and
//! webhook delivery.
use crate::delivery::{webhook_backoff_secs, RetryTimestamp, SignatureScheme, WEBHOOK_ATTEMPTS};
use crate::scenario::Scenario;
use crate::util::{new_id, rand_hex, rfc3339, unix_now};
use crate::world::{error, Ctx, Delivery, DeliveryLog, Query, Reply, Task, World};
use peeker_core::{ApiKey, Environment};
use serde_json::{json, Value};
use std::io::Read;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Default speed: a whole order (about 14.5 simulated minutes) completes in about 3 s.
pub const DEFAULT_SPEED: f64 = 300.0;
/// Documented rate limit.
pub const RATE_LIMIT_PER_MINUTE: usize = 600;
/// Largest request body accepted.
pub const MAX_BODY_BYTES: u64 = 1 << 20;
/// The API's base path.
pub const BASE_PATH: &str = "/partner/v1";

/// How to run a sandbox.
#[derive(Clone, Debug)]
pub struct Config {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Simulated seconds per real second.
    pub speed: f64,
    /// The run's scenario.
    pub scenario: Scenario,
    /// Where to POST webhooks (each key may set its own with `POST /_sandbox/webhook`).
    pub webhook_url: Option<String>,
    /// Secret to sign them with; generated when `None`.
    pub webhook_secret: Option<String>,
    /// Requests per minute per key.
    pub rate_limit_per_minute: usize,
    /// Log one line per request to stderr.
    pub log: bool,
    /// What webhook signatures cover (`--signature-scheme`).
    pub signature_scheme: SignatureScheme,
    /// Whether retries keep the first attempt's timestamp (`--retry-timestamp`).
    pub retry_timestamp: RetryTimestamp,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 0,
            speed: DEFAULT_SPEED,
            scenario: Scenario::Happy,
            webhook_url: None,
            webhook_secret: None,
            rate_limit_per_minute: RATE_LIMIT_PER_MINUTE,
            log: false,
            signature_scheme: SignatureScheme::default(),
            retry_timestamp: RetryTimestamp::default(),
        }
    }
}

/// The accelerated clock: simulated Unix seconds.
pub struct Clock {
    start: Instant,
    base: f64,
    speed: f64,
    offset_ms: AtomicI64,
}

impl Clock {
    fn new(speed: f64) -> Clock {
        Clock {
            start: Instant::now(),
            base: unix_now(),
            speed,
            offset_ms: AtomicI64::new(0),
        }
    }
    /// Simulated now.
    pub fn now(&self) -> f64 {
        self.base
            + self.start.elapsed().as_secs_f64() * self.speed
            + self.offset_ms.load(Ordering::Relaxed) as f64 / 1000.0
    }
    fn advance(&self, secs: f64) {
        self.offset_ms
            .fetch_add((secs * 1000.0) as i64, Ordering::Relaxed);
    }
}

type Outgoing = (Delivery, Option<(String, String)>);

struct Shared {
    cfg: Config,
    secret: String,
    clock: Clock,
    world: Mutex<World>,
    wake: Condvar,
    stop: AtomicBool,
    server: tiny_http::Server,
    addr: SocketAddr,
    out: Mutex<Option<mpsc::Sender<Outgoing>>>,
}

impl Shared {
    fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A running sandbox. Dropping it stops it.
pub struct Sandbox {
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
}

impl Sandbox {
    /// Starts a sandbox on 127.0.0.1.
    pub fn start(mut cfg: Config) -> std::io::Result<Sandbox> {
        if !(cfg.speed.is_finite() && cfg.speed > 0.0) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "--speed must be a positive number",
            ));
        }
        let server =
            tiny_http::Server::http(("127.0.0.1", cfg.port)).map_err(std::io::Error::other)?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("not an IP listener"))?;
        let secret = cfg
            .webhook_secret
            .take()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("whsec_sandbox_{}", rand_hex(16)));
        let (tx, rx) = mpsc::channel::<Outgoing>();
        let shared = Arc::new(Shared {
            clock: Clock::new(cfg.speed),
            cfg,
            secret,
            world: Mutex::new(World::default()),
            wake: Condvar::new(),
            stop: AtomicBool::new(false),
            server,
            addr,
            out: Mutex::new(Some(tx)),
        });
        let mut threads = Vec::new();
        for _ in 0..4 {
            let sh = shared.clone();
            threads.push(std::thread::spawn(move || {
                while !sh.stop.load(Ordering::Relaxed) {
                    if let Ok(Some(rq)) = sh.server.recv_timeout(Duration::from_millis(100)) {
                        serve_one(&sh, rq);
                    }
                }
            }));
        }
        let sh = shared.clone();
        threads.push(std::thread::spawn(move || scheduler(&sh)));
        let sh = shared.clone();
        threads.push(std::thread::spawn(move || deliverer(&sh, rx)));
        Ok(Sandbox { shared, threads })
    }

    /// `http://127.0.0.1:PORT/partner/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.shared.addr, BASE_PATH)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.shared.addr.port()
    }

    /// The default webhook secret.
    pub fn webhook_secret(&self) -> &str {
        &self.shared.secret
    }

    /// Simulated now.
    pub fn now(&self) -> f64 {
        self.shared.clock.now()
    }

    /// The events emitted for a key (envelopes as sent).
    pub fn events(&self, key: &str) -> Vec<Value> {
        self.shared.world().events(key)
    }

    /// Stops the server and its threads.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        self.shared.wake.notify_all();
        self.shared
            .out
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop();
    }
}

fn header<'a>(rq: &'a tiny_http::Request, name: &str) -> Option<&'a str> {
    rq.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn serve_one(sh: &Shared, mut rq: tiny_http::Request) {
    let rid = new_id("req", unix_now());
    let method = rq.method().as_str().to_ascii_uppercase();
    let url = rq.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let path = path.to_string();
    let query: Query = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let host = header(&rq, "host")
        .filter(|h| {
            !h.is_empty()
                && h.len() < 256
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map_or_else(|| sh.addr.to_string(), String::from);
    let origin = format!("http://{host}");
    let auth = header(&rq, "authorization").map(String::from);
    let mut body = Vec::new();
    let too_big = rq
        .as_reader()
        .take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut body)
        .is_err()
        || body.len() as u64 > MAX_BODY_BYTES;
    let reply = if too_big {
        error(
            413,
            "payload_too_large",
            "The request body is larger than 1 MiB.",
        )
    } else {
        route(sh, &method, &path, &query, &body, auth.as_deref(), &origin)
    };
    if sh.cfg.log {
        eprintln!("{method} {path} → {} {rid}", reply.status);
    }
    let text = reply.body.to_string();
    let resp = tiny_http::Response::from_string(text)
        .with_status_code(reply.status)
        .with_header(
            tiny_http::Header::from_bytes("Content-Type", "application/json")
                .expect("valid header"),
        )
        .with_header(
            tiny_http::Header::from_bytes("Peeker-Request-Id", rid.as_bytes())
                .expect("valid header"),
        );
    let _ = rq.respond(resp);
}

fn authenticate(auth: Option<&str>) -> Result<String, Reply> {
    let Some(h) = auth.map(str::trim).filter(|h| !h.is_empty()) else {
        return Err(error(
            401,
            "unauthorized",
            "The Authorization header is missing: send Authorization: Bearer pk_test_<your-key>.",
        ));
    };
    let Some(k) = h.strip_prefix("Bearer ") else {
        return Err(error(
            401,
            "unauthorized",
            "Use exactly Authorization: Bearer <key>; no other scheme is accepted.",
        ));
    };
    let key = ApiKey::new(k).map_err(|_| {
        error(
            401,
            "unauthorized",
            "The API key is malformed: keys look like pk_test_… (sandbox) or pk_live_… (live).",
        )
    })?;
    if key.environment() == Environment::Live {
        return Err(error(
            403,
            "forbidden",
            "This is the Peeker offline sandbox: it accepts pk_test_ keys only. A pk_live_ key belongs to production; never send it here.",
        ));
    }
    if key.expose().starts_with("pk_test_revoked") {
        return Err(error(401, "unauthorized", "This API key has been revoked."));
    }
    Ok(key.expose().to_string())
}

fn route(
    sh: &Shared,
    method: &str,
    path: &str,
    query: &Query,
    body: &[u8],
    auth: Option<&str>,
    origin: &str,
) -> Reply {
    let Some(rest) = path
        .strip_prefix(BASE_PATH)
        .filter(|r| r.is_empty() || r.starts_with('/'))
    else {
        return error(
            404,
            "not_found",
            format!("No endpoint {path}: the API lives under {BASE_PATH} (NEW generation)."),
        );
    };
    let key = match authenticate(auth) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let now = sh.clock.now();
    let ctx = Ctx {
        now,
        origin,
        scenario: sh.cfg.scenario,
    };
    let mut w = sh.world();
    if let Some(ctl) = rest.strip_prefix("/_sandbox/") {
        let r = control(sh, &mut w, &ctx, &key, method, ctl, body);
        sh.wake.notify_all();
        return r;
    }
    let acc = w.account(&key, now);
    // 600 requests per minute per key (real time).
    let t = Instant::now();
    while acc
        .rate
        .front()
        .is_some_and(|f| t.duration_since(*f) >= Duration::from_secs(60))
    {
        acc.rate.pop_front();
    }
    if acc.rate.len() >= sh.cfg.rate_limit_per_minute {
        let wait = 60.0
            - t.duration_since(*acc.rate.front().expect("non-empty"))
                .as_secs_f64();
        let mut r = error(429, "rate_limited", "API rate limit exceeded");
        r.body["error"]["details"] = json!({"retry_after_seconds": wait.ceil().max(1.0) as u64});
        return r;
    }
    acc.rate.push_back(t);
    // Injected 5xx.
    if acc.faults.0 > 0 {
        acc.faults.0 -= 1;
        return error(
            acc.faults.1,
            "internal_error",
            "Injected by the sandbox (POST /_sandbox/faults): retry with backoff.",
        );
    }
    if sh.cfg.scenario == Scenario::ServerErrors && acc.faulted.insert(format!("{method} {path}")) {
        return error(503, "service_unavailable", "Injected by the sandbox (scenario server-errors): the first call of each endpoint fails; retry with backoff.");
    }
    let r = w.handle(
        &ctx,
        &key,
        method,
        if rest.is_empty() { "/" } else { rest },
        query,
        body,
    );
    sh.wake.notify_all();
    r
}

fn control(
    sh: &Shared,
    w: &mut World,
    ctx: &Ctx,
    key: &str,
    method: &str,
    path: &str,
    body: &[u8],
) -> Reply {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => {
                return error(
                    400,
                    "invalid_request",
                    format!("The request body is not valid JSON: {e}."),
                )
            }
        }
    };
    let data = |v: Value| Reply {
        status: 200,
        body: json!({ "data": v }),
    };
    match (method, segs.as_slice()) {
        ("POST", ["imports", id, "flip_nameservers"]) => w.flip_nameservers(ctx, key, id),
        ("POST", ["clock", "advance"]) => {
            let Some(s) = body["seconds"]
                .as_f64()
                .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 400.0 * 86_400.0)
            else {
                let mut r = error(
                    400,
                    "invalid_request",
                    "seconds must be a number of simulated seconds (0 to 400 days)",
                );
                r.body["error"]["field"] = json!("seconds");
                return r;
            };
            sh.clock.advance(s);
            data(json!({"now": rfc3339(sh.clock.now()), "speed": sh.cfg.speed}))
        }
        ("GET", ["clock"]) => data(
            json!({"now": rfc3339(sh.clock.now()), "speed": sh.cfg.speed, "scenario": sh.cfg.scenario.name()}),
        ),
        ("POST", ["faults"]) => {
            let count = body["count"].as_u64().unwrap_or(1).min(1000) as u32;
            let status = body["status"]
                .as_u64()
                .filter(|s| (500..=599).contains(s))
                .unwrap_or(503) as u16;
            w.account(key, ctx.now).faults = (count, status);
            data(json!({"count": count, "status": status}))
        }
        ("POST", ["webhook"]) => {
            let acc = w.account(key, ctx.now);
            match body["url"].as_str() {
                // Any local process can call this: deliveries go to loopback only.
                Some(u)
                    if url::Url::parse(u).is_ok_and(|p| {
                        (p.scheme() == "http" || p.scheme() == "https") && is_loopback(&p)
                    }) =>
                {
                    let secret = body["secret"]
                        .as_str()
                        .filter(|s| !s.is_empty())
                        .map_or_else(|| sh.secret.clone(), String::from);
                    acc.webhook = Some((u.to_string(), secret));
                    data(json!({"url": u}))
                }
                None if body["url"].is_null() => {
                    acc.webhook = None;
                    data(json!({"url": sh.cfg.webhook_url}))
                }
                _ => {
                    let mut r = error(400, "invalid_request", "url must be an http(s) URL on this machine (127.0.0.1, [::1] or localhost)");
                    r.body["error"]["field"] = json!("url");
                    r
                }
            }
        }
        ("GET", ["events"]) => data(Value::Array(w.events(key))),
        ("GET", ["deliveries"]) => {
            let rows = w.accounts.get(key).map(|a| {
                a.deliveries
                    .iter()
                    .map(|d| json!({"event_id": d.event_id, "type": d.event_type, "attempt": d.attempt, "status": d.status, "error": d.error,
                                "at": rfc3339(d.at), "timestamp": d.timestamp, "signature_scheme": d.scheme,
                                "next_attempt_at": d.next_attempt_at.map(rfc3339)}))
                    .collect::<Vec<_>>()
            });
            data(json!(rows.unwrap_or_default()))
        }
        _ => error(
            404,
            "not_found",
            format!("No sandbox control endpoint {method} /_sandbox/{path}."),
        ),
    }
}

fn is_loopback(u: &url::Url) -> bool {
    match u.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn scheduler(sh: &Shared) {
    let origin = format!("http://{}", sh.addr);
    let mut w = sh.world();
    while !sh.stop.load(Ordering::Relaxed) {
        let now = sh.clock.now();
        while let Some(t) = w.sched.pop_due(now) {
            let ctx = Ctx {
                now: t.due_ms as f64 / 1000.0,
                origin: &origin,
                scenario: sh.cfg.scenario,
            };
            match t.task {
                Task::Deliver(d) => {
                    let target = w
                        .accounts
                        .get(&t.key)
                        .and_then(|a| a.webhook.clone())
                        .or_else(|| sh.cfg.webhook_url.clone().map(|u| (u, sh.secret.clone())));
                    if let Some(tx) = sh.out.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
                        let _ = tx.send((d, target));
                    }
                }
                task => w.run_task(&ctx, &t.key, task),
            }
        }
        let wait = w.sched.next_due().map_or(0.25, |d| {
            ((d - sh.clock.now()) / sh.cfg.speed).clamp(0.0, 0.25)
        });
        w = sh
            .wake
            .wait_timeout(w, Duration::from_secs_f64(wait.max(0.001)))
            .unwrap_or_else(|p| p.into_inner())
            .0;
    }
}

fn deliverer(sh: &Shared, rx: mpsc::Receiver<Outgoing>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(15)))
        .max_redirects(0)
        .build()
        .into();
    for (d, target) in rx {
        let ts = match (sh.cfg.retry_timestamp, d.first_timestamp) {
            (RetryTimestamp::First, Some(first)) => first,
            _ => unix_now() as i64,
        };
        let sent_ts = target.as_ref().map(|_| ts);
        let sent_at = sh.clock.now();
        let (status, err) = match &target {
            None => (None, Some("no webhook URL configured".to_string())),
            Some((url, secret)) => {
                let sig = sh
                    .cfg
                    .signature_scheme
                    .sign(secret, &d.event_id, ts, d.body.as_bytes());
                let r = agent
                    .post(url.as_str())
                    .header("Content-Type", "application/json")
                    .header(
                        "User-Agent",
                        concat!("peeker-sandbox-webhooks/", env!("CARGO_PKG_VERSION")),
                    )
                    .header("Peeker-Event-Id", d.event_id.as_str())
                    .header("Peeker-Timestamp", ts.to_string())
                    .header("Peeker-Signature", sig)
                    .send(d.body.as_bytes());
                match r {
                    Ok(resp) => (Some(resp.status().as_u16()), None),
                    Err(e) => (None, Some(e.to_string())),
                }
            }
        };
        let mut w = sh.world();
        let failed = target.is_some() && !status.is_some_and(|s| (200..300).contains(&s));
        let retry = failed && d.attempt < WEBHOOK_ATTEMPTS && !sh.stop.load(Ordering::Relaxed);
        // Backoff counted from the attempt's start (as logged).
        let next_at = retry.then(|| sent_at + webhook_backoff_secs(d.attempt));
        if let Some(a) = w.accounts.get_mut(&d.key) {
            a.deliveries.push(DeliveryLog {
                event_id: d.event_id.clone(),
                event_type: d.event_type.clone(),
                attempt: d.attempt,
                status,
                error: err,
                at: sent_at,
                timestamp: sent_ts,
                scheme: sh.cfg.signature_scheme.name(),
                next_attempt_at: next_at,
            });
            if a.deliveries.len() > 5000 {
                a.deliveries.drain(..2500);
            }
        }
        if let Some(at) = next_at {
            let key = d.key.clone();
            w.sched.at(
                at,
                &key,
                Task::Deliver(Delivery {
                    attempt: d.attempt + 1,
                    first_timestamp: Some(d.first_timestamp.unwrap_or(ts)),
                    ..d
                }),
            );
            sh.wake.notify_all();
        }
    }
}
