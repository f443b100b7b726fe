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

    fn flow(&mut self, opts: &Options) -> Result<(), String> {
        let domains = &opts.domains;
        // 1. Health check.
        let me = self.client.me();
        let (me, _) = self.call::<Me>("me", &me, |m| {
            format!(
                "partner {} ({}), key environment {}, preset {}",
                m.partner.name.as_deref().unwrap_or("?"),
                m.partner.id,
                m.api_key.environment,
                m.api_key.permission_preset
            )
        })?;
        if me.api_key.environment != "test" {
            return Err(
                "GET /me says this is not a test key; the workflow only runs against sandbox data"
                    .into(),
            );
        }
        // 2. A bundle sized for the seed order: 2 Google domains × 2 inboxes.
        let bundle_body = json!({
            "name": "Acme seed (workflow)", "monthly_sending_volume": 440 * domains.len() * 2,
            "google_percent": 100, "microsoft_percent": 0, "send_on_weekends": false, "google_inboxes_per_domain": 2,
        });
        let req = self
            .client
            .create_bundle(&bundle_body)
            .map_err(|e| e.to_string())?;
        let (bundle, _) = self.call::<Bundle>("bundle", &req, |b| {
            let r = b.required_domains.as_ref();
            format!(
                "{} needs {} domains ({} Google, {} Microsoft)",
                b.id,
                r.map_or(0, |r| r.total),
                r.map_or(0, |r| r.google),
                r.map_or(0, |r| r.microsoft)
            )
        })?;
        let bundle_fits = bundle
            .required_domains
            .as_ref()
            .is_some_and(|r| r.total as usize == domains.len());
        // 3. Import the customer's domains.
        let req = self
            .client
            .import_domains(domains)
            .map_err(|e| e.to_string())?;
        let resp = self.send("import", &req)?;
        let (import, job) = if resp.status == 429
            && resp
                .classified
                .details
                .as_ref()
                .and_then(|d| d.get("reason"))
                .and_then(Value::as_str)
                == Some("cloudflare_account_capacity")
        {
            self.line(
                "import",
                &req,
                &resp,
                "✘ rate_limited: cloudflare_account_capacity".into(),
            );
            self.note("Every Cloudflare account is busy with synchronous imports: submitting an async import job instead (documented remedy).".into());
            let req = self
                .client
                .create_import_job(domains)
                .map_err(|e| e.to_string())?;
            let (j, _) = self.call::<ImportJob>("import", &req, |j| {
                format!(
                    "{} {} ({} domains queued)",
                    j.id,
                    j.status.as_str(),
                    j.submitted_count
                )
            })?;
            (j, true)
        } else if resp.ok() {
            let j: ImportJob = resp.data().map_err(|e| e.to_string())?;
            self.line(
                "import",
                &req,
                &resp,
                format!(
                    "{} {} ({} domains, {} failed)",
                    j.id,
                    j.status.as_str(),
                    j.submitted_count,
                    j.failed_count
                ),
            );
            (j, false)
        } else {
            let c = &resp.classified;
            let s = format!(
                "{} {}",
                c.error_code.as_deref().unwrap_or("error"),
                c.message.as_deref().unwrap_or("")
            );
            self.line("import", &req, &resp, format!("✘ {s}"));
            return Err(format!("import: HTTP {} {s}", resp.status));
        };
        let ns_text = |j: &ImportJob| match j.nameserver_groups.as_slice() {
            [g] => format!("{} and {}", g.nameserver_one, g.nameserver_two),
            gs => gs
                .iter()
                .map(|g| {
                    format!(
                        "{} and {} for {}",
                        g.nameserver_one,
                        g.nameserver_two,
                        g.domains.join(", ")
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        };
        self.ui(format!(
            "Open your registrar's DNS settings for {}. Replace the existing nameservers with {}. Most registrars apply the change within a few hours.",
            domains.join(" and "),
            ns_text(&import)
        ));
        // 4. Poll until the import completes (webhooks are applied meanwhile).
        let poll_every = if self.sandbox {
            Duration::from_secs_f64((60.0 / opts.speed).clamp(0.02, 1.0))
        } else {
            self.poll
        };
        let mut last_status = None;
        let mut flipped = false;
        let mut shown_waiting = false;
        loop {
            self.check_deadline("the import to complete")?;
            let req = if job {
                self.client.get_import_job(&import.id)
            } else {
                self.client.get_import(&import.id)
            }
            .map_err(|e| e.to_string())?;
            let resp = self.send("poll", &req)?;
            if !resp.ok() {
                self.line("poll", &req, &resp, "✘".into());
                return Err(format!("poll: HTTP {}", resp.status));
            }
            let j: ImportJob = resp.data().map_err(|e| e.to_string())?;
            if last_status.as_ref() != Some(&j.status) {
                self.line(
                    "poll",
                    &req,
                    &resp,
                    format!(
                        "{} ({} of {} domains completed)",
                        j.status.as_str(),
                        j.completed_count,
                        j.submitted_count
                    ),
                );
                last_status = Some(j.status.clone());
            }
            let waiting = j.status == ImportStatus::ActionRequired
                || !self.tracker.import_actions().is_empty();
            match j.status {
                ImportStatus::Completed => break,
                ImportStatus::Failed => return Err(format!("import {} failed", j.id)),
                _ if waiting && !shown_waiting => {
                    shown_waiting = true;
                    self.ui(format!("Acme – waiting on registrar. Re-show the nameservers: {} for {}. Peeker keeps re-checking.", ns_text(&j), domains.join(", ")));
                    if self.sandbox && !flipped {
                        flipped = true;
                        self.control("flip", &format!("imports/{}/flip_nameservers", j.id))?;
                    }
                }
                _ => {}
            }
            self.pump(poll_every);
        }
        // 5. The seed order.
        let mut personas = json!([
            {"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": "https://cdn.acme.com/alex.jpg"},
            {"first_name": "Sam", "last_name": "Lee", "profile_picture_url": "https://cdn.acme.com/sam.jpg"},
        ]);
        if opts.scenario == Scenario::PrivatePicture {
            personas[1]["profile_picture_url"] = json!(PRIVATE_PICTURE);
        }
        let mut body = json!({
            "user": "alex@acme.com",
            "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com", "login_password": "their-smartlead-password"},
            "forwarding_url": "https://acme.com",
            "domains": domains,
            "personas": personas,
        });
        if bundle_fits {
            body["bundle_id"] = json!(bundle.id);
        } else {
            self.note(format!("The bundle needs a different number of domains than {}; placing a custom order (2 Google inboxes per domain) instead.", domains.len()));
            body["google_licenses"] = json!(domains.len() * 2);
            body["google_inboxes_per_domain"] = json!(2);
        }
        let mut order = self.place(&body)?;
        // 6. Webhooks until the tracker says completed.
        let mut corrected = false;
        loop {
            let status = self.wait_order(&order.id)?;
            match status.as_str() {
                "completed" => break,
                "action_required" if !corrected => {
                    corrected = true;
                    let req = self
                        .client
                        .list_pending_actions(&[("order_id", &order.id)], Paging::default())
                        .map_err(|e| e.to_string())?;
                    let resp = self.send("pending", &req)?;
                    let page = resp
                        .page::<PendingAction>()
                        .map_err(|e| format!("pending: {e}"))?;
                    self.line(
                        "pending",
                        &req,
                        &resp,
                        format!("{} open action(s)", page.data.len()),
                    );
                    let mut fix = body.clone();
                    for a in &page.data {
                        let reason = a.reason.as_ref().map_or("?", |r| r.as_str()).to_string();
                        let user = a.extra.get("user").cloned().unwrap_or(Value::Null);
                        let who = format!(
                            "{} {}",
                            user["first_name"].as_str().unwrap_or(""),
                            user["last_name"].as_str().unwrap_or("")
                        )
                        .trim()
                        .to_string();
                        let url = user["profile_picture_url"]
                            .as_str()
                            .unwrap_or("")
                            .to_string();
                        if reason == "profile_picture_not_accessible" {
                            self.ui(format!("Acme – action needed on {}: {who}'s profile picture is not publicly accessible ({url}). Ask the customer for a public image URL; a corrected order follows.", order.id));
                            for p in fix["personas"].as_array_mut().into_iter().flatten() {
                                if p["profile_picture_url"] == json!(url) {
                                    p["profile_picture_url"] = json!(format!(
                                        "https://cdn.acme.com/{}.jpg",
                                        p["first_name"]
                                            .as_str()
                                            .unwrap_or("persona")
                                            .to_ascii_lowercase()
                                    ));
                                }
                            }
                        } else {
                            self.ui(format!(
                                "Acme – action needed on {}: {reason} ({})",
                                order.id,
                                a.domain.as_deref().unwrap_or("")
                            ));
                        }
                    }
                    if fix == body {
                        return Err(format!(
                            "order {} needs attention that this workflow cannot fix",
                            order.id
                        ));
                    }
                    body = fix;
                    order = self.place(&body)?;
                }
                other => return Err(format!("order {} ended {other}", order.id)),
            }
        }
        // 7. The full order.
        let req = self
            .client
            .get_order(&order.id)
            .map_err(|e| e.to_string())?;
        let (full, _) = self.call::<Order>("detail", &req, |o| {
            let d = o.domains.clone().unwrap_or_default();
            format!(
                "{}: imported {}, registered {}; personas {}",
                o.status.as_str(),
                if d.imported.is_empty() {
                    "-".into()
                } else {
                    d.imported.join(", ")
                },
                if d.registered.is_empty() {
                    "-".into()
                } else {
                    d.registered.join(", ")
                },
                o.personas
                    .iter()
                    .flatten()
                    .map(|p| format!("{} {}", p.first_name, p.last_name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
        if full.status != OrderStatus::Completed {
            return Err(format!(
                "GET /orders/{} says {}",
                full.id,
                full.status.as_str()
            ));
        }
        let inboxes: u64 = full.costs.as_ref().map_or(0, |c| {
            c.line_items
                .iter()
                .filter(|l| l.kind.ends_with("_license"))
                .filter_map(|l| l.quantity)
                .sum()
        });
        let view = self.tracker.order(&full.id);
        let connected = view.as_ref().map_or(0, |v| v.domains_connected);
        self.o.order_id = Some(full.id.clone());
        self.ui(format!(
            "Acme – live: order {} completed, {} inboxes on {} domains are in Smartlead and warming (no further API call needed).",
            full.id,
            inboxes,
            full.domain_count.unwrap_or(0)
        ));
        if self.receiver.is_some() && connected as u64 != full.domain_count.unwrap_or(0) {
            return Err(format!(
                "the tracker saw {connected} domain.connected of {}",
                full.domain_count.unwrap_or(0)
            ));
        }
        Ok(())
    }

    fn place(&mut self, body: &Value) -> Result<Order, String> {
        let req = self.client.create_order(body).map_err(|e| e.to_string())?;
        let (order, _) = self.call::<Order>("order", &req, |o| {
            let c = o.costs.as_ref();
            format!(
                "{} {}, {} domains, {} per month",
                o.id,
                o.status.as_str(),
                o.domain_count.unwrap_or(0),
                c.map_or("?".into(), |c| money(c.total_cents, &c.currency))
            )
        })?;
        // Retrying the exact same body is safe: orders dedupe for 24 hours.
        let (again, _) = self.call::<Order>("dedupe", &req, |o| {
            format!(
                "same body again → {} (24-hour dedupe: retries are safe)",
                o.id
            )
        })?;
        if again.id != order.id {
            return Err(format!(
                "re-sending the same order body created a second order {}",
                again.id
            ));
        }
        Ok(order)
    }

    /// Waits (webhooks, or polling without a receiver) until the order is completed,
    /// failed, cancelled or needs action. Returns that status.
    fn wait_order(&mut self, id: &str) -> Result<String, String> {
        let mut completed_at: Option<Instant> = None;
        let mut polled = Instant::now();
        loop {
            self.check_deadline(&format!("order {id}"))?;
            if self.receiver.is_some() {
                self.pump(Duration::from_millis(100));
                let view = self.tracker.order(id);
                let status = view.as_ref().map(|v| v.status.clone()).unwrap_or_default();
                match status.as_str() {
                    "completed" => {
                        // Give the last domain.connected deliveries (out of order) a moment.
                        let v = view.expect("seen");
                        let t = *completed_at.get_or_insert_with(Instant::now);
                        if v.domains_total
                            .is_some_and(|n| v.domains_connected as u64 >= n)
                            || t.elapsed() > Duration::from_secs(3)
                        {
                            // Late deliveries (out of order, duplicates) still get verified and shown.
                            let quiet = Instant::now() + Duration::from_secs(1);
                            while self.pump(Duration::from_millis(150)) > 0
                                && Instant::now() < quiet
                            {}
                            let v = self.tracker.order(id).expect("seen");
                            self.emit(
                                "tracker",
                                format!("tracker: order {id} completed, {}/{} domains connected", v.domains_connected, v.domains_total.unwrap_or(0)),
                                json!({"order_id": id, "status": "completed", "domains_connected": v.domains_connected, "domains_total": v.domains_total}),
                            );
                            return Ok(status);
                        }
                    }
                    "failed" | "cancelled" | "action_required" => {
                        self.emit(
                            "tracker",
                            format!("tracker: order {id} {status}"),
                            json!({"order_id": id, "status": status}),
                        );
                        return Ok(status);
                    }
                    _ => {}
                }
                // Without any webhook for a while, poll as a fallback.
                if polled.elapsed() < Duration::from_secs(10) {
                    continue;
                }
            } else {
                std::thread::sleep(
                    self.poll
                        .min(self.deadline.saturating_duration_since(Instant::now())),
                );
            }
            polled = Instant::now();
            let req = self.client.get_order(id).map_err(|e| e.to_string())?;
            let (o, _) = self.call::<Order>("poll", &req, |o| o.status.as_str().to_string())?;
            if self.receiver.is_none()
                && matches!(
                    o.status,
                    OrderStatus::Completed
                        | OrderStatus::Failed
                        | OrderStatus::Cancelled
                        | OrderStatus::ActionRequired
                )
            {
                return Ok(o.status.as_str().to_string());
            }
        }
    }
}

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
