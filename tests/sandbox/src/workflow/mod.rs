//! The end-to-end workflow of the seed guide ("save this as a sandbox script to
//! verify the chain end-to-end before you ship"), run with the core's request
//! builders, typed models, tracker and webhook verifier over the `ureq` transport:
//!
//! `GET /me` → `POST /bundles` → `POST /domains/import` (show the nameservers) →
//! poll (and webhooks) until the import is completed → `POST /orders` (and the
//! same body again: 24-hour dedupe) → verified webhooks into the tracker until
//! `order.completed` → `GET /orders/{id}` with the inboxes live.
//!
//! Against the offline sandbox (default) it starts the sandbox and a webhook
//! receiver in-process; with a base URL and a `pk_test_` key it runs the same flow
//! against a real environment and polls instead of receiving webhooks.
use crate::receiver::Receiver;
use crate::scenario::Scenario;
use crate::server::{Config, Sandbox};
use crate::util::rand_hex;
use peeker_core::models::{Bundle, ImportJob, ImportStatus, Me, Order, OrderStatus, PendingAction};
use peeker_core::transport::{Response, RetryNotice, Transport};
use peeker_core::{Client, Environment, Method, Paging, Request, Tracker};
use serde_json::{json, Value};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The seed guide's domains.
pub const SEED_DOMAINS: [&str; 2] = ["acme-mail.com", "team-acme.com"];
/// A private picture URL (the private-picture scenario).
pub const PRIVATE_PICTURE: &str = "https://intranet.acme.local/photos/sam.jpg";

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The production case to show.
    pub scenario: Scenario,
    /// Timeline as JSON lines.
    pub json: bool,
    /// Clock speed of the in-process sandbox.
    pub speed: f64,
    /// Give up after this long.
    pub timeout: Duration,
    /// A real environment's base URL (then `api_key` is required).
    pub base_url: Option<String>,
    /// The API key for `base_url` (from `PEEKER_API_KEY`).
    pub api_key: Option<String>,
    /// The customer's domains.
    pub domains: Vec<String>,
    /// Polling interval against a real environment (documented: 60 s).
    pub poll_interval: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            scenario: Scenario::Happy,
            json: false,
            speed: crate::server::DEFAULT_SPEED,
            timeout: Duration::from_secs(60),
            base_url: None,
            api_key: None,
            domains: SEED_DOMAINS.iter().map(|s| s.to_string()).collect(),
            poll_interval: Duration::from_secs(60),
        }
    }
}

/// How it went.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The chain worked: the order completed and every webhook verified.
    pub ok: bool,
    /// The completed (or last) order.
    pub order_id: Option<String>,
    /// (step, request id) of every request.
    pub request_ids: Vec<(String, String)>,
    /// Wall time.
    pub elapsed: Duration,
    /// Webhook deliveries verified.
    pub webhooks_verified: usize,
    /// Of them, duplicates the tracker ignored.
    pub duplicates: usize,
    /// Deliveries that arrived after a newer event.
    pub out_of_order: usize,
    /// Deliveries whose verification failed.
    pub rejected: usize,
    /// Retries the transport made.
    pub retries: usize,
    /// What the partner's UI should display, in order.
    pub ui: Vec<String>,
    /// Why it failed.
    pub error: Option<String>,
}

struct Run<'a> {
    out: &'a mut dyn Write,
    json: bool,
    start: Instant,
    client: Client,
    transport: Transport,
    retries: Arc<Mutex<Vec<(Instant, RetryNotice)>>>,
    receiver: Option<Receiver>,
    tracker: Tracker,
    latest_seen: String,
    o: Outcome,
    deadline: Instant,
    sandbox: bool,
    poll: Duration,
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn money(cents: i64, currency: &str) -> String {
    format!(
        "{}{}.{:02}",
        if currency.eq_ignore_ascii_case("usd") {
            "$"
        } else {
            ""
        },
        cents / 100,
        cents % 100
    )
}

impl Run<'_> {
    fn t(&self) -> f64 {
        secs(self.start.elapsed())
    }

    fn emit(&mut self, kind: &str, human: String, fields: Value) {
        let t = self.t();
        self.emit_at(t, kind, human, fields);
    }

    fn emit_at(&mut self, t: f64, kind: &str, human: String, mut fields: Value) {
        if self.json {
            fields["t"] = json!((t * 1000.0).round() / 1000.0);
            fields["kind"] = json!(kind);
            let _ = writeln!(self.out, "{fields}");
        } else {
            let _ = writeln!(self.out, "[{t:>7.3}s] {human}");
        }
        let _ = self.out.flush();
    }

    fn ui(&mut self, message: String) {
        self.o.ui.push(message.clone());
        if self.json {
            self.emit("ui", String::new(), json!({"message": message}));
        } else {
            let _ = writeln!(self.out, "           UI ▸ {message}");
        }
    }

    fn note(&mut self, message: String) {
        if self.json {
            self.emit("note", String::new(), json!({"message": message}));
        } else {
            let _ = writeln!(self.out, "           {message}");
        }
    }

    fn path_of(&self, r: &Request) -> String {
        r.url
            .strip_prefix(self.client.base_url())
            .unwrap_or(&r.url)
            .to_string()
    }

    /// Sends a request; prints the transport's retries; records the request id.
    fn send(&mut self, step: &str, req: &Request) -> Result<Response, String> {
        let result = self.transport.send(req);
        let notices: Vec<(Instant, RetryNotice)> =
            std::mem::take(&mut *self.retries.lock().unwrap_or_else(|p| p.into_inner()));
        let max = self.transport.max_attempts();
        for (at, n) in notices {
            self.o.retries += 1;
            let what = match (&n.classified, &n.network_error) {
                (Some(c), _) => format!("{} {}", c.status, c.error_code.as_deref().unwrap_or("")),
                (None, Some(e)) => e.clone(),
                _ => String::new(),
            };
            let rid = n
                .classified
                .as_ref()
                .and_then(|c| c.request_id.clone())
                .unwrap_or_default();
            let t = secs(at.duration_since(self.start));
            self.emit_at(
                t,
                "retry",
                format!("  ↻ {} {} → {what} {rid}: retry {}/{max} in {:.2} s", req.method.as_str(), self.path_of(req), n.attempt + 1, secs(n.delay)),
                json!({"step": step, "status": n.classified.as_ref().map(|c| c.status), "error_code": n.classified.as_ref().and_then(|c| c.error_code.clone()),
                       "request_id": rid, "attempt": n.attempt, "delay_ms": n.delay.as_millis() as u64}),
            );
        }
        let resp =
            result.map_err(|e| format!("{} {}: {e}", req.method.as_str(), self.path_of(req)))?;
        if let Some(id) = resp.request_id() {
            self.o.request_ids.push((step.to_string(), id.to_string()));
        }
        Ok(resp)
    }

    fn line(&mut self, step: &str, req: &Request, resp: &Response, summary: String) {
        let path = self.path_of(req);
        let rid = resp.request_id().unwrap_or("-").to_string();
        self.emit(
            "request",
            format!("{:<6} {:<5}{:<34} {} {rid}  {summary}", step, req.method.as_str(), path, resp.status),
            json!({"step": step, "method": req.method.as_str(), "path": path, "status": resp.status, "request_id": rid, "attempts": resp.attempts, "summary": summary}),
        );
    }

    /// Sends, prints, and insists on 2xx.
    fn call<T: for<'de> serde::Deserialize<'de>>(
        &mut self,
        step: &str,
        req: &Request,
        summary: impl Fn(&T) -> String,
    ) -> Result<(T, Response), String> {
        let resp = self.send(step, req)?;
        self.answer(step, req, resp, summary)
    }

    /// [`Run::call`] for a response already had: the data, or the API's error.
    fn answer<T: for<'de> serde::Deserialize<'de>>(
        &mut self,
        step: &str,
        req: &Request,
        resp: Response,
        summary: impl Fn(&T) -> String,
    ) -> Result<(T, Response), String> {
        if !resp.ok() {
            let c = &resp.classified;
            let s = format!(
                "{} {}{}",
                c.error_code.as_deref().unwrap_or("error"),
                c.message.as_deref().unwrap_or(""),
                c.field
                    .as_deref()
                    .map(|f| format!(" (field {f})"))
                    .unwrap_or_default()
            );
            self.line(step, req, &resp, format!("✘ {s}"));
            return Err(format!(
                "{step}: HTTP {} {s} (request id {})",
                resp.status,
                resp.request_id().unwrap_or("none")
            ));
        }
        let v: T = resp.data().map_err(|e| format!("{step}: {e}"))?;
        let s = summary(&v);
        self.line(step, req, &resp, s);
        Ok((v, resp))
    }

    /// Applies webhooks as they arrive, for up to `wait`.
    fn pump(&mut self, wait: Duration) -> usize {
        let Some(rx) = self.receiver.as_ref() else {
            std::thread::sleep(wait);
            return 0;
        };
        let mut got = Vec::new();
        if let Some(r) = rx.recv_timeout(wait) {
            got.push(r);
            // Drain what is already there without waiting.
            while let Some(r) = rx.recv_timeout(Duration::ZERO) {
                got.push(r);
            }
        }
        let n = got.len();
        for r in got {
            match r.result {
                Err(e) => {
                    self.o.rejected += 1;
                    self.emit("webhook", format!("⇠ webhook REJECTED ({}): {}", e.code.as_str(), e.message), json!({"verified": false, "error_code": e.code.as_str(), "message": e.message}));
                }
                Ok(ev) => {
                    self.o.webhooks_verified += 1;
                    let at = ev.created_at.clone().unwrap_or_default();
                    let late = at < self.latest_seen;
                    if at > self.latest_seen {
                        self.latest_seen = at.clone();
                    }
                    let fresh = self.tracker.apply(&ev);
                    let d = &ev.data;
                    let what = d
                        .get("domain")
                        .and_then(Value::as_str)
                        .map(String::from)
                        .unwrap_or_else(|| {
                            d.get("id")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_string()
                        });
                    let mut tags = Vec::new();
                    if !fresh {
                        self.o.duplicates += 1;
                        tags.push("duplicate: already applied, ignored");
                    } else if late {
                        self.o.out_of_order += 1;
                        tags.push("arrived out of order");
                    }
                    let tag = if tags.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", tags.join(", "))
                    };
                    self.emit(
                        "webhook",
                        format!("⇠ webhook {:<30} {what:<28} {} verified{tag}", ev.event_type, ev.id),
                        json!({"verified": true, "type": ev.event_type, "event_id": ev.id, "created_at": ev.created_at, "resource": what, "duplicate": !fresh, "out_of_order": late && fresh}),
                    );
                }
            }
        }
        n
    }

    fn check_deadline(&self, what: &str) -> Result<(), String> {
        if Instant::now() > self.deadline {
            Err(format!("timed out waiting for {what}"))
        } else {
            Ok(())
        }
    }

    /// A sandbox control call (not part of the API).
    fn control(&mut self, step: &str, path: &str) -> Result<Response, String> {
        let mut r = self.client.me();
        r.method = Method::Post;
        r.url = format!("{}/_sandbox/{path}", self.client.base_url());
        let resp = self.send(step, &r)?;
        self.line(
            step,
            &r,
            &resp,
            "(sandbox control) the customer updated the nameservers at the registrar".into(),
        );
        if resp.ok() {
            Ok(resp)
        } else {
            Err(format!("{step}: HTTP {}", resp.status))
        }
    }
}

mod flow;
mod recover;

/// Runs the workflow, printing its timeline to `out`.
pub fn run(opts: &Options, out: &mut dyn Write) -> Outcome {
    let start = Instant::now();
    let mut o = Outcome::default();
    let fail = |mut o: Outcome, out: &mut dyn Write, json: bool, msg: String| {
        if json {
            let _ = writeln!(
                out,
                "{}",
                json!({"kind": "summary", "ok": false, "error": msg})
            );
        } else {
            let _ = writeln!(out, "✘ {msg}");
        }
        o.error = Some(msg);
        o.elapsed = start.elapsed();
        o
    };
    // Where to run.
    let secret = format!("whsec_workflow_{}", rand_hex(16));
    let (sandbox, receiver, base, key) = match &opts.base_url {
        None => {
            let receiver = match Receiver::start(&secret) {
                Ok(r) => r,
                Err(e) => {
                    return fail(
                        o,
                        out,
                        opts.json,
                        format!("cannot start the webhook receiver: {e}"),
                    )
                }
            };
            let cfg = Config {
                speed: opts.speed,
                scenario: opts.scenario,
                webhook_url: Some(receiver.url().to_string()),
                webhook_secret: Some(secret.clone()),
                ..Config::default()
            };
            let sb = match Sandbox::start(cfg) {
                Ok(s) => s,
                Err(e) => return fail(o, out, opts.json, format!("cannot start the sandbox: {e}")),
            };
            let base = sb.base_url();
            (
                Some(sb),
                Some(receiver),
                base,
                format!("pk_test_workflow_{}", rand_hex(12)),
            )
        }
        Some(base) => {
            if !matches!(opts.scenario, Scenario::Happy | Scenario::PrivatePicture) {
                return fail(
                    o,
                    out,
                    opts.json,
                    format!(
                        "scenario {} needs the offline sandbox (drop --base-url)",
                        opts.scenario.name()
                    ),
                );
            }
            let Some(key) = opts.api_key.clone().filter(|k| !k.trim().is_empty()) else {
                return fail(
                    o,
                    out,
                    opts.json,
                    "--base-url needs an API key in PEEKER_API_KEY".into(),
                );
            };
            (None, None, base.clone(), key)
        }
    };
    let client = match Client::new(&key).and_then(|c| c.with_base_url(&base)) {
        Ok(c) => c.with_user_agent_suffix("peeker-sandbox-workflow"),
        Err(e) => return fail(o, out, opts.json, e.to_string()),
    };
    if client.environment() == Environment::Live {
        return fail(o, out, opts.json, "PEEKER_API_KEY is a pk_live_ key: this workflow places an order, which with a live key is real and charged. Use a pk_test_ key.".into());
    }
    let retries: Arc<Mutex<Vec<(Instant, RetryNotice)>>> = Arc::default();
    let r2 = retries.clone();
    let agent = if sandbox.is_some() {
        // Loopback: never through a proxy from the environment.
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(10)))
            .max_redirects(0)
            .build()
            .into()
    } else {
        peeker_core::transport::default_agent(peeker_core::transport::DEFAULT_TIMEOUT)
    };
    let transport = Transport::with_agent(agent)
        .with_max_attempts(5)
        .with_max_wait(Duration::from_secs(30))
        .on_retry(move |n| {
            r2.lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((Instant::now(), n.clone()));
        });
    let json_mode = opts.json;
    let mut run = Run {
        out,
        json: json_mode,
        start,
        client,
        transport,
        retries,
        receiver,
        tracker: Tracker::new(),
        latest_seen: String::new(),
        o: Outcome::default(),
        deadline: start + opts.timeout,
        sandbox: sandbox.is_some(),
        poll: opts.poll_interval,
    };
    let target = match &sandbox {
        Some(s) => format!("offline sandbox {} (clock ×{})", s.base_url(), opts.speed),
        None => format!(
            "{base} (polling every {} s; webhooks go to your portal URL)",
            opts.poll_interval.as_secs()
        ),
    };
    let recv = run.receiver.as_ref().map(|r| r.url().to_string());
    if json_mode {
        run.emit("start", String::new(), json!({"scenario": opts.scenario.name(), "base_url": base, "sandbox": sandbox.is_some(), "webhook_url": recv, "domains": opts.domains}));
    } else {
        let _ = writeln!(
            run.out,
            "Peeker end-to-end workflow · scenario {} — {}",
            opts.scenario.name(),
            opts.scenario.describe()
        );
        let _ = writeln!(run.out, "API: {target}");
        if let Some(u) = &recv {
            let _ = writeln!(run.out, "Webhooks: {u} (each delivery verified with peeker_core::Verifier, fed to peeker_core::Tracker)");
        }
        let _ = writeln!(run.out);
    }
    let result = run.flow(opts);
    o = std::mem::take(&mut run.o);
    o.elapsed = start.elapsed();
    if result.is_ok() && o.rejected > 0 {
        o.error = Some(format!(
            "{} webhook deliveries failed verification",
            o.rejected
        ));
    } else if let Err(e) = result {
        o.error = Some(e);
    }
    o.ok = o.error.is_none();
    let elapsed = secs(o.elapsed);
    if json_mode {
        let ids: Vec<Value> = o
            .request_ids
            .iter()
            .map(|(s, r)| json!({"step": s, "request_id": r}))
            .collect();
        run.emit(
            "summary",
            String::new(),
            json!({"ok": o.ok, "order_id": o.order_id, "elapsed_s": (elapsed * 1000.0).round() / 1000.0, "requests": o.request_ids.len(),
                   "retries": o.retries, "webhooks_verified": o.webhooks_verified, "duplicates": o.duplicates, "out_of_order": o.out_of_order,
                   "rejected": o.rejected, "ui": o.ui, "request_ids": ids, "error": o.error}),
        );
    } else {
        let w = &mut run.out;
        let _ = writeln!(w);
        if o.ok {
            let _ = writeln!(
                w,
                "✔ order.completed: {} with the inboxes live — the chain works end to end",
                o.order_id.as_deref().unwrap_or("?")
            );
        } else {
            let _ = writeln!(
                w,
                "✘ the chain broke: {}",
                o.error.as_deref().unwrap_or("?")
            );
        }
        let _ = writeln!(
            w,
            "  elapsed {elapsed:.2} s · {} requests ({} retried) · {} webhooks verified ({} duplicates ignored, {} out of order, {} rejected)",
            o.request_ids.len(),
            o.retries,
            o.webhooks_verified,
            o.duplicates,
            o.out_of_order,
            o.rejected
        );
        let ids: Vec<String> = o
            .request_ids
            .iter()
            .map(|(s, r)| format!("{s} {r}"))
            .collect();
        let _ = writeln!(
            w,
            "  request ids (quote them to support): {}",
            ids.join(", ")
        );
    }
    let _ = run.out.flush();
    drop(run);
    drop(sandbox);
    o
}
