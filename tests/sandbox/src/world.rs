//! The sandbox's in-memory state, one account per API key, and every endpoint.
//! Requests are validated with the core (`peeker_core`), the one source of truth;
//! answers use the documented shapes (`core/docs/peeker-api.md`,
//! `core/docs/importing-domains-and-ordering.md`).
use crate::scenario::Scenario;
use crate::util::{b64url, b64url_decode, new_id, rand_u64, rfc3339};
use peeker_core::{BatchLimit, Client, Code, DomainSet};
use serde_json::{json, Map, Value};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use std::time::Instant;

/// Simulated seconds from order creation to the first `domain.connected` (seed guide: 12:00:00 → 12:08:00).
pub const FIRST_CONNECT_SECS: f64 = 480.0;
/// Simulated seconds between two `domain.connected`.
pub const CONNECT_STEP_SECS: f64 = 60.0;
/// Simulated seconds from order creation to `order.completed` at the earliest (seed guide: 12:14:33).
pub const COMPLETE_SECS: f64 = 873.0;
/// Simulated seconds before `domain_import.action_required` (seed guide: "after ~30 minutes").
pub const NS_ACTION_SECS: f64 = 1800.0;
/// Simulated seconds an async import job takes.
pub const IMPORT_JOB_SECS: f64 = 240.0;
/// Simulated seconds before `order.action_required` for a private picture.
pub const PICTURE_CHECK_SECS: f64 = 120.0;
/// Simulated seconds a webhook is held at most in the out-of-order scenario
/// (longer than an order, so `order.completed` overtakes everything).
pub const HOLD_SECS: f64 = 1200.0;
/// Webhook attempts per event (documented: up to 5).
pub const WEBHOOK_ATTEMPTS: u32 = 5;
/// Simulated seconds before retry `n` (1-based) of a webhook: 60 s × 5^(n-1).
pub fn webhook_backoff_secs(failed_attempt: u32) -> f64 {
    60.0 * 5f64.powi(failed_attempt.saturating_sub(1) as i32)
}
/// Google licence price per month (4 licences = the seed's 6800).
pub const GOOGLE_LICENSE_CENTS: i64 = 1700;
/// Microsoft licence price per month.
pub const MICROSOFT_LICENSE_CENTS: i64 = 2000;
/// Domain registration price (availability's `price_cents`).
pub const REGISTRATION_CENTS: i64 = 1300;
/// Renewal price.
pub const RENEWAL_CENTS: i64 = 1500;

const NAMESERVERS: &[&str] = &[
    "helena", "idris", "amir", "bonnie", "kip", "lara", "nash", "odette", "rick", "sue", "tom",
    "vera",
];

/// An answer: status and JSON body.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Body.
    pub body: Value,
}

type R = Result<Reply, Reply>;

/// The documented error envelope.
pub fn error(status: u16, code: &str, message: impl Into<String>) -> Reply {
    Reply {
        status,
        body: json!({"error": {"code": code, "message": message.into()}}),
    }
}

fn with_field(mut r: Reply, field: impl Into<String>) -> Reply {
    r.body["error"]["field"] = Value::String(field.into());
    r
}

fn with_details(mut r: Reply, details: Value) -> Reply {
    r.body["error"]["details"] = details;
    r
}

fn invalid(field: &str, message: impl Into<String>) -> Reply {
    with_field(error(400, "invalid_request", message), field)
}

fn not_found(what: &str, id: &str) -> Reply {
    error(
        404,
        "not_found",
        format!("No {what} {id} in this account (404 is account-scoped)."),
    )
}

/// A core validation error as the API's 400 `invalid_request`.
pub fn from_core(e: peeker_core::Error) -> Reply {
    let mut r = error(400, "invalid_request", e.message.clone());
    if let Some(f) = &e.field {
        r = with_field(r, f.clone());
    }
    if e.code != Code::InvalidRequest {
        let mut d = json!({"reason": e.code.as_str()});
        if let Some(s) = &e.suggestion {
            d["suggestion"] = Value::String(s.clone());
        }
        r = with_details(r, d);
    }
    r
}

fn ok(status: u16, data: Value) -> R {
    Ok(Reply {
        status,
        body: json!({ "data": data }),
    })
}

/// What a handler knows of the request besides its body.
pub struct Ctx<'a> {
    /// Simulated now (Unix seconds).
    pub now: f64,
    /// `http://127.0.0.1:PORT`, for links.
    pub origin: &'a str,
    /// The run's scenario.
    pub scenario: Scenario,
}

// ---------------------------------------------------------------- resources

#[derive(Clone, Debug)]
struct User {
    id: String,
    email: String,
}

#[derive(Clone, Debug)]
struct Bundle {
    id: String,
    status: String,
    body: Map<String, Value>,
    created_at: f64,
    used: bool,
}

/// Domains a bundle needs: (google, microsoft).
fn required_domains(b: &Map<String, Value>) -> (u64, u64, u64, u64) {
    let vol = b
        .get("monthly_sending_volume")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let gp = b
        .get("google_percent")
        .and_then(Value::as_u64)
        .unwrap_or(50);
    let weekends = b
        .get("send_on_weekends")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let ipd = b
        .get("google_inboxes_per_domain")
        .and_then(Value::as_u64)
        .unwrap_or(2);
    let days = if weekends { 30 } else { 22 };
    let gvol = vol * gp / 100;
    let mvol = vol - gvol;
    let g_inboxes = gvol.div_ceil(20 * days);
    let g_domains = g_inboxes.div_ceil(ipd);
    let m_domains = mvol.div_ceil(250 * days);
    (g_domains, m_domains, gp, ipd)
}

impl Bundle {
    fn json(&self) -> Value {
        let b = &self.body;
        let (g, m, gp, ipd) = required_domains(b);
        json!({
            "id": self.id,
            "name": b.get("name"),
            "monthly_sending_volume": b.get("monthly_sending_volume"),
            "google_percent": b.get("google_percent").cloned().unwrap_or(Value::Null),
            "microsoft_percent": b.get("microsoft_percent").cloned().unwrap_or(Value::Null),
            "send_on_weekends": b.get("send_on_weekends").and_then(Value::as_bool).unwrap_or(false),
            "google_inboxes_per_domain": ipd,
            "status": self.status,
            "effective": {"google_percent": gp, "microsoft_percent": 100 - gp},
            "required_domains": {"google": g, "microsoft": m, "total": g + m},
            "created_at": rfc3339(self.created_at),
        })
    }
}

#[derive(Clone, Debug)]
struct Import {
    id: String,
    status: String,
    domains: Vec<String>,
    failed: Vec<(String, String)>,
    ns: (String, String),
    created_at: f64,
    completed_at: Option<f64>,
    needs_flip: bool,
}

impl Import {
    fn json(&self) -> Value {
        let done = self.status == "completed";
        let mut v = json!({
            "id": self.id,
            "status": self.status,
            "submitted_count": self.domains.len() + self.failed.len(),
            "completed_count": if done { self.domains.len() } else { 0 },
            "failed_count": self.failed.len(),
            "nameserver_groups": if self.domains.is_empty() { json!([]) } else { json!([{
                "nameserver_one": self.ns.0, "nameserver_two": self.ns.1, "domains": self.domains,
            }]) },
            "failed": self.failed.iter().map(|(d, r)| json!({"domain": d, "reason": r})).collect::<Vec<_>>(),
            "created_at": rfc3339(self.created_at),
        });
        if let Some(t) = self.completed_at {
            v["completed_at"] = Value::String(rfc3339(t));
        }
        v
    }
}

#[derive(Clone, Debug)]
struct DomainRec {
    id: String,
    domain: String,
    category: String,
    status: String,
    provider: Option<String>,
    user_id: Option<String>,
    order_id: Option<String>,
    forwarding_url: Option<String>,
    created_at: f64,
}

impl DomainRec {
    fn json(&self) -> Value {
        let mut v = json!({
            "id": self.id, "domain": self.domain, "category": self.category, "status": self.status,
            "usable_for": ["google", "microsoft"], "created_at": rfc3339(self.created_at),
        });
        if self.category == "connected" {
            v["provider"] = json!(self.provider);
            v["user_id"] = json!(self.user_id);
            v["order_id"] = json!(self.order_id);
            v["forwarding_url"] = json!(self.forwarding_url);
        }
        v
    }
}

#[derive(Clone, Debug)]
struct OrderDomain {
    name: String,
    dom_id: String,
    provider: &'static str,
    imported: bool,
    connected: bool,
    waiting_ns: bool,
}

#[derive(Clone, Debug)]
struct Order {
    id: String,
    user_id: String,
    email: String,
    bundle_id: Option<String>,
    status: String,
    domains: Vec<OrderDomain>,
    personas: Value,
    line_items: Vec<Value>,
    total_cents: i64,
    created_at: f64,
    blocked: bool,
    cancel: Option<(f64, f64, Vec<String>)>,
}

impl Order {
    fn lean(&self) -> Value {
        json!({
            "id": self.id, "user_id": self.user_id, "email": self.email, "bundle_id": self.bundle_id,
            "status": self.status, "domain_count": self.domains.len(),
            "costs": {"total_cents": self.total_cents, "currency": "usd"},
            "renews_at": rfc3339(self.created_at + 30.0 * 86_400.0),
            "created_at": rfc3339(self.created_at),
        })
    }
    fn full(&self) -> Value {
        let mut v = self.lean();
        v["costs"]["line_items"] = Value::Array(self.line_items.clone());
        v["domains"] = json!({
            "registered": self.domains.iter().filter(|d| !d.imported).map(|d| &d.name).collect::<Vec<_>>(),
            "imported": self.domains.iter().filter(|d| d.imported).map(|d| &d.name).collect::<Vec<_>>(),
        });
        v["personas"] = self.personas.clone();
        v
    }
}

#[derive(Clone, Debug)]
struct Action {
    order_id: String,
    domain_id: Option<String>,
    status: String,
    row: Value,
}

#[derive(Clone, Debug)]
struct FwdJob {
    id: String,
    status: String,
    url: String,
    pending: Vec<(String, Option<String>)>,
    completed: Vec<String>,
    failed: Vec<(String, String)>,
    created_at: f64,
    completed_at: Option<f64>,
}

impl FwdJob {
    fn json(&self) -> Value {
        let mut v = json!({
            "id": self.id, "status": self.status, "completed_count": self.completed.len(), "failed_count": self.failed.len(),
            "forwarding_url": self.url, "completed": self.completed,
            "failed": self.failed.iter().map(|(d, r)| json!({"domain": d, "reason": r})).collect::<Vec<_>>(),
            "created_at": rfc3339(self.created_at),
        });
        if let Some(t) = self.completed_at {
            v["completed_at"] = Value::String(rfc3339(t));
        }
        v
    }
}

#[derive(Clone, Debug)]
struct Swap {
    id: String,
    kind: String,
    domain_id: String,
    order_id: Option<String>,
    user_id: Option<String>,
    replacement: Option<String>,
    status: String,
    reason: Option<String>,
    created_at: f64,
}

impl Swap {
    fn json(&self) -> Value {
        let mut v = json!({
            "id": self.id, "type": self.kind, "domain_id": self.domain_id, "replacement_domain": self.replacement,
            "status": self.status, "created_at": rfc3339(self.created_at),
        });
        if let Some(r) = &self.reason {
            v["reason"] = json!(r);
        }
        v
    }
}

/// One webhook delivery (an event and its attempt number).
#[derive(Clone, Debug)]
pub struct Delivery {
    /// Account (API key) the event belongs to.
    pub key: String,
    /// `evt_…`
    pub event_id: String,
    /// Event type.
    pub event_type: String,
    /// The exact body to sign and send.
    pub body: String,
    /// 1-based attempt.
    pub attempt: u32,
}

/// One delivery attempt, as logged (`GET /_sandbox/deliveries`).
#[derive(Clone, Debug)]
pub struct DeliveryLog {
    /// Event id.
    pub event_id: String,
    /// Event type.
    pub event_type: String,
    /// Attempt number.
    pub attempt: u32,
    /// Status answered, if any.
    pub status: Option<u16>,
    /// Error, if no answer.
    pub error: Option<String>,
    /// Simulated time of the attempt.
    pub at: f64,
}

/// Per-key state.
pub struct Account {
    key: String,
    preset: &'static str,
    partner_id: String,
    users: Vec<User>,
    bundles: Vec<Bundle>,
    imports: Vec<Import>,
    import_sets: HashMap<String, String>,
    orders: Vec<Order>,
    dedupe: HashMap<String, (String, f64)>,
    domains: Vec<DomainRec>,
    actions: Vec<Action>,
    fwd: Vec<FwdJob>,
    swaps: Vec<Swap>,
    ns_next: usize,
    /// Request times of the last minute (real clock), for the rate limit.
    pub rate: VecDeque<Instant>,
    /// Injected faults: (remaining, status).
    pub faults: (u32, u16),
    /// Paths already failed once in the `server-errors` scenario.
    pub faulted: HashSet<String>,
    /// Webhook target for this key: (url, secret).
    pub webhook: Option<(String, String)>,
    held: Vec<Delivery>,
    /// Events emitted (for `GET /_sandbox/events`).
    pub events: Vec<Value>,
    /// Delivery attempts.
    pub deliveries: Vec<DeliveryLog>,
}

impl Account {
    fn new(key: &str, now: f64) -> Account {
        let preset = if key.starts_with("pk_test_read_") {
            "read"
        } else if key.starts_with("pk_test_limited_") {
            "limited"
        } else {
            "full"
        };
        Account {
            key: key.to_string(),
            preset,
            partner_id: new_id("org", now),
            users: vec![],
            bundles: vec![],
            imports: vec![],
            import_sets: HashMap::new(),
            orders: vec![],
            dedupe: HashMap::new(),
            domains: vec![],
            actions: vec![],
            fwd: vec![],
            swaps: vec![],
            ns_next: 0,
            rate: VecDeque::new(),
            faults: (0, 503),
            faulted: HashSet::new(),
            webhook: None,
            held: vec![],
            events: vec![],
            deliveries: vec![],
        }
    }

    /// `full`, `limited` or `read` (`pk_test_read_…` and `pk_test_limited_…` keys).
    pub fn preset(&self) -> &'static str {
        self.preset
    }
}

// ---------------------------------------------------------------- timers

/// Work the clock makes happen.
#[derive(Clone, Debug)]
pub enum Task {
    /// Async import done, or a pending import turning `action_required`.
    ImportCheck(String),
    /// Connect one domain of an order.
    DomainConnect(String, usize),
    /// Finish an order.
    OrderFinish(String),
    /// Flag a private profile picture.
    OrderBlock(String),
    /// Finish a forwarding job.
    ForwardingFinish(String),
    /// Advance a swap.
    SwapStep(String),
    /// End of a cancellation.
    CancelFinish(String),
    /// Send a webhook.
    Deliver(Delivery),
    /// Release held webhooks (out-of-order scenario).
    FlushHeld,
}

/// A due task.
#[derive(Debug)]
pub struct Timer {
    /// Simulated due time, milliseconds.
    pub due_ms: i64,
    seq: u64,
    /// Account.
    pub key: String,
    /// What to do.
    pub task: Task,
}

impl PartialEq for Timer {
    fn eq(&self, o: &Self) -> bool {
        (self.due_ms, self.seq) == (o.due_ms, o.seq)
    }
}
impl Eq for Timer {}
impl PartialOrd for Timer {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Timer {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.due_ms, self.seq).cmp(&(o.due_ms, o.seq))
    }
}

/// The timer queue.
#[derive(Default)]
pub struct Sched {
    heap: BinaryHeap<Reverse<Timer>>,
    seq: u64,
}

impl Sched {
    /// Schedules `task` at simulated time `at`.
    pub fn at(&mut self, at: f64, key: &str, task: Task) {
        self.seq += 1;
        self.heap.push(Reverse(Timer {
            due_ms: (at * 1000.0) as i64,
            seq: self.seq,
            key: key.to_string(),
            task,
        }));
    }
    /// The next due time (simulated seconds).
    pub fn next_due(&self) -> Option<f64> {
        self.heap.peek().map(|Reverse(t)| t.due_ms as f64 / 1000.0)
    }
    /// Pops a timer due at or before `now`.
    pub fn pop_due(&mut self, now: f64) -> Option<Timer> {
        if self
            .heap
            .peek()
            .is_some_and(|Reverse(t)| t.due_ms as f64 / 1000.0 <= now)
        {
            self.heap.pop().map(|Reverse(t)| t)
        } else {
            None
        }
    }
}

// ---------------------------------------------------------------- the world

/// Everything: accounts and timers.
#[derive(Default)]
pub struct World {
    /// Accounts by API key.
    pub accounts: HashMap<String, Account>,
    /// Timers.
    pub sched: Sched,
}

fn terminal(t: &str) -> bool {
    matches!(
        t,
        "order.completed"
            | "order.failed"
            | "order.cancelled"
            | "order.action_required"
            | "domain_import.completed"
            | "domain_import.failed"
            | "domain_import.action_required"
            | "swap.completed"
            | "swap.failed"
            | "swap.action_required"
    )
}

/// Emits a webhook event: logs it and schedules its delivery as the scenario says.
fn emit(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, event_type: &str, data: Value) {
    let id = new_id("evt", ctx.now);
    let envelope =
        json!({"id": id, "type": event_type, "created_at": rfc3339(ctx.now), "data": data});
    let body = envelope.to_string();
    acc.events.push(envelope);
    if acc.events.len() > 2000 {
        acc.events.drain(..1000);
    }
    let d = Delivery {
        key: acc.key.clone(),
        event_id: id,
        event_type: event_type.to_string(),
        body,
        attempt: 1,
    };
    match ctx.scenario {
        Scenario::OutOfOrderWebhooks => {
            acc.held.push(d);
            if terminal(event_type) {
                flush_held(acc, sched, ctx.now);
            } else {
                sched.at(ctx.now + HOLD_SECS, &acc.key, Task::FlushHeld);
            }
        }
        Scenario::DuplicateWebhooks => {
            sched.at(ctx.now, &acc.key, Task::Deliver(d.clone()));
            sched.at(ctx.now + 20.0, &acc.key, Task::Deliver(d));
        }
        _ => sched.at(ctx.now, &acc.key, Task::Deliver(d)),
    }
}

fn flush_held(acc: &mut Account, sched: &mut Sched, now: f64) {
    for (i, d) in acc.held.drain(..).rev().enumerate() {
        sched.at(now + i as f64, &acc.key, Task::Deliver(d));
    }
}

/// Is a profile picture URL publicly fetchable? Empty and null mean "no picture".
pub fn picture_accessible(v: &Value) -> bool {
    let Some(s) = v.as_str().filter(|s| !s.is_empty()) else {
        return true;
    };
    let Ok(u) = url::Url::parse(s) else {
        return false;
    };
    if s.to_ascii_lowercase().contains("private") {
        return false;
    }
    match u.host() {
        Some(url::Host::Ipv4(ip)) => {
            !(ip.is_private() || ip.is_loopback() || ip.is_link_local() || ip.is_unspecified())
        }
        Some(url::Host::Ipv6(ip)) => {
            !(ip.is_loopback() || ip.is_unspecified() || (ip.segments()[0] & 0xfe00) == 0xfc00)
        }
        Some(url::Host::Domain(h)) => {
            let h = h.to_ascii_lowercase();
            !(h == "localhost"
                || [
                    ".localhost",
                    ".local",
                    ".internal",
                    ".lan",
                    ".intranet",
                    ".corp",
                    ".home.arpa",
                ]
                .iter()
                .any(|t| h.ends_with(t))
                || !h.contains('.'))
        }
        None => false,
    }
}

/// The query of a request.
pub type Query = Vec<(String, String)>;

fn q<'a>(query: &'a Query, k: &str) -> Option<&'a str> {
    query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

fn body_json(body: &[u8]) -> Result<Value, Reply> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(error(
            400,
            "invalid_request",
            "The request body is empty; send a JSON object.",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        error(
            400,
            "invalid_request",
            format!("The request body is not valid JSON: {e}."),
        )
    })
}

/// Strings of a `domains` array (400 for anything else).
fn domain_strings(body: &Value) -> Result<Vec<String>, Reply> {
    let Some(o) = body.as_object() else {
        return Err(error(
            400,
            "invalid_request",
            "The body must be a JSON object.",
        ));
    };
    match o.get("domains") {
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, d)| {
                d.as_str().map(String::from).ok_or_else(|| {
                    invalid(
                        &format!("domains[{i}]"),
                        format!("domains[{i}] must be a string"),
                    )
                })
            })
            .collect(),
        None | Some(Value::Null) => Err(invalid("domains", "domains is required")),
        Some(_) => Err(invalid(
            "domains",
            "domains must be an array of domain names",
        )),
    }
}

/// One list page with `per_page` / `page_token` / `links` / `meta`.
fn page(rows: Vec<Value>, query: &Query, ctx: &Ctx, path: &str) -> R {
    let per_page = match q(query, "per_page") {
        None => 25,
        Some(s) => match s.parse::<u32>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(invalid(
                    "per_page",
                    "per_page must be an integer between 1 and 100",
                ))
            }
        },
    };
    let offset = match q(query, "page_token") {
        None | Some("") => 0,
        Some(t) => b64url_decode(t)
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .and_then(|v| {
                v.get("cursor")
                    .and_then(Value::as_str)
                    .and_then(|c| c.parse::<usize>().ok())
            })
            .ok_or_else(|| {
                invalid(
                    "page_token",
                    "page_token is not a token this API issued; take it from links.next as is",
                )
            })?,
    };
    let filters: Vec<&(String, String)> = query
        .iter()
        .filter(|(k, _)| k != "per_page" && k != "page_token")
        .collect();
    let link = |token: Option<String>| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &filters {
            s.append_pair(k, v);
        }
        s.append_pair("per_page", &per_page.to_string());
        if let Some(t) = token {
            s.append_pair("page_token", &t);
        }
        format!("{}/partner/v1{}?{}", ctx.origin, path, s.finish())
    };
    let total = rows.len();
    let data: Vec<Value> = rows
        .into_iter()
        .skip(offset)
        .take(per_page as usize)
        .collect();
    let end = offset + data.len();
    let next = (end < total).then(|| {
        link(Some(b64url(
            json!({"cursor": end.to_string()}).to_string().as_bytes(),
        )))
    });
    Ok(Reply {
        status: 200,
        body: json!({
            "data": data,
            "links": {"first": link(None), "next": next},
            "meta": {"path": format!("{}/partner/v1{}", ctx.origin, path), "per_page": per_page, "returned": end - offset.min(end)},
        }),
    })
}

impl World {
    /// The account of a key, created on first use.
    pub fn account(&mut self, key: &str, now: f64) -> &mut Account {
        self.accounts
            .entry(key.to_string())
            .or_insert_with(|| Account::new(key, now))
    }

    /// Handles one authenticated API request (path below `/partner/v1`).
    pub fn handle(
        &mut self,
        ctx: &Ctx,
        key: &str,
        method: &str,
        path: &str,
        query: &Query,
        body: &[u8],
    ) -> Reply {
        self.account(key, ctx.now);
        let World { accounts, sched } = self;
        let acc = accounts.get_mut(key).expect("account exists");
        let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
        let write = method != "GET";
        if write
            && acc.preset != "full"
            && !(acc.preset == "limited" && segs == ["domains", "availability"])
        {
            return error(
                403,
                "forbidden",
                format!(
                    "This key's permission preset ({}) does not allow this action; use a full key.",
                    acc.preset
                ),
            );
        }
        let r = match (method, segs.as_slice()) {
            ("GET", ["me"]) => ok(
                200,
                json!({
                    "api_key": {"environment": "test", "permission_preset": acc.preset},
                    "partner": {"id": acc.partner_id, "name": "Acme Resellers"},
                }),
            ),
            ("POST", ["domains", "availability"]) => availability(body),
            ("POST", ["domains", "import"]) => import(acc, sched, ctx, body, false),
            ("POST", ["domains", "import", "jobs"]) => import(acc, sched, ctx, body, true),
            ("GET", ["domains", "import"]) => find_imports(acc, ctx, query),
            ("GET", ["domains", "import", id]) | ("GET", ["domains", "import", "jobs", id]) => acc
                .imports
                .iter()
                .find(|i| i.id == *id)
                .map_or_else(|| Err(not_found("import", id)), |i| ok(200, i.json())),
            ("GET", ["domains"]) => list_domains(acc, ctx, query),
            ("POST", ["domains", "forwarding"]) => forwarding(acc, sched, ctx, body),
            ("GET", ["domains", "forwarding", id]) => {
                acc.fwd.iter().find(|j| j.id == *id).map_or_else(
                    || Err(not_found("forwarding job", id)),
                    |j| ok(200, j.json()),
                )
            }
            ("GET", ["domains", id]) => acc
                .domains
                .iter()
                .find(|d| d.id == *id)
                .map_or_else(|| Err(not_found("domain", id)), |d| ok(200, d.json())),
            ("POST", ["bundles"]) => create_bundle(acc, ctx, body),
            ("GET", ["bundles"]) => {
                let status = q(query, "status");
                let rows = acc
                    .bundles
                    .iter()
                    .rev()
                    .filter(|b| b.status != "deleted" && status.is_none_or(|s| s == b.status))
                    .map(Bundle::json)
                    .collect();
                page(rows, query, ctx, "/bundles")
            }
            ("GET", ["bundles", id]) => acc
                .bundles
                .iter()
                .find(|b| b.id == *id && b.status != "deleted")
                .map_or_else(|| Err(not_found("bundle", id)), |b| ok(200, b.json())),
            ("PATCH", ["bundles", id]) => update_bundle(acc, id, body),
            ("DELETE", ["bundles", id]) => delete_bundle(acc, id),
            ("POST", ["orders"]) => create_order(acc, sched, ctx, body),
            ("GET", ["orders"]) => list_orders(acc, ctx, query),
            ("GET", ["orders", "pending"]) => list_pending(acc, ctx, query),
            ("GET", ["orders", id]) => acc
                .orders
                .iter()
                .find(|o| o.id == *id)
                .map_or_else(|| Err(not_found("order", id)), |o| ok(200, o.full())),
            ("POST", ["orders", id, "cancel"]) => cancel_order(acc, sched, ctx, id, body),
            ("POST", ["swaps"]) => create_swap(acc, sched, ctx, body),
            ("POST", ["swaps", "user_names"]) => user_name_swaps(acc, sched, ctx, body),
            ("GET", ["swaps"]) => {
                let f = |k: &str| q(query, k).map(String::from);
                let (u, o, d, s) = (f("user_id"), f("order_id"), f("domain_id"), f("status"));
                let rows = acc
                    .swaps
                    .iter()
                    .rev()
                    .filter(|w| {
                        u.as_ref().is_none_or(|u| w.user_id.as_ref() == Some(u))
                            && o.as_ref().is_none_or(|o| w.order_id.as_ref() == Some(o))
                            && d.as_ref().is_none_or(|d| &w.domain_id == d)
                            && s.as_ref().is_none_or(|s| &w.status == s)
                    })
                    .map(Swap::json)
                    .collect();
                page(rows, query, ctx, "/swaps")
            }
            ("GET", ["swaps", id]) => acc
                .swaps
                .iter()
                .find(|s| s.id == *id)
                .map_or_else(|| Err(not_found("swap", id)), |s| ok(200, s.json())),
            (_, ["me"] | ["domains", ..] | ["bundles", ..] | ["orders", ..] | ["swaps", ..]) => {
                Err(error(
                    405,
                    "method_not_allowed",
                    format!("{method} is not allowed on /partner/v1{path}."),
                ))
            }
            _ => Err(error(
                404,
                "not_found",
                format!("No endpoint /partner/v1{path} in the NEW-generation API."),
            )),
        };
        r.unwrap_or_else(|e| e)
    }

    /// Runs one due task.
    pub fn run_task(&mut self, ctx: &Ctx, key: &str, task: Task) {
        let World { accounts, sched } = self;
        let Some(acc) = accounts.get_mut(key) else {
            return;
        };
        match task {
            Task::ImportCheck(id) => import_check(acc, sched, ctx, &id),
            Task::DomainConnect(id, i) => domain_connect(acc, sched, ctx, &id, i),
            Task::OrderFinish(id) => order_finish(acc, sched, ctx, &id),
            Task::OrderBlock(id) => {
                if let Some(o) = acc
                    .orders
                    .iter_mut()
                    .find(|o| o.id == id && o.status == "in_progress")
                {
                    o.status = "action_required".into();
                    let data = o.lean();
                    emit(acc, sched, ctx, "order.action_required", data);
                }
            }
            Task::ForwardingFinish(id) => forwarding_finish(acc, sched, ctx, &id),
            Task::SwapStep(id) => swap_step(acc, sched, ctx, &id),
            Task::CancelFinish(id) => {
                if let Some(o) = acc
                    .orders
                    .iter_mut()
                    .find(|o| o.id == id && o.status == "cancel_scheduled")
                {
                    o.status = "cancelled".into();
                    let data = o.lean();
                    let names: Vec<String> = o.domains.iter().map(|d| d.dom_id.clone()).collect();
                    for d in acc.domains.iter_mut().filter(|d| names.contains(&d.id)) {
                        d.category = "inventory".into();
                        d.status = "available".into();
                        d.order_id = None;
                        d.user_id = None;
                        d.provider = None;
                    }
                    emit(acc, sched, ctx, "order.cancelled", data);
                }
            }
            Task::FlushHeld => flush_held(acc, sched, ctx.now),
            Task::Deliver(_) => {}
        }
    }

    /// Flips an import's nameservers (the customer updated DNS): it completes.
    pub fn flip_nameservers(&mut self, ctx: &Ctx, key: &str, id: &str) -> Reply {
        self.account(key, ctx.now);
        let World { accounts, sched } = self;
        let acc = accounts.get_mut(key).expect("account exists");
        let Some(i) = acc.imports.iter_mut().find(|i| i.id == id) else {
            return not_found("import", id);
        };
        i.needs_flip = false;
        if i.status != "completed" {
            complete_import(acc, sched, ctx, id);
        }
        let imp = acc
            .imports
            .iter()
            .find(|i| i.id == id)
            .expect("import exists")
            .json();
        Reply {
            status: 200,
            body: json!({ "data": imp }),
        }
    }

    /// Emitted events of a key.
    pub fn events(&self, key: &str) -> Vec<Value> {
        self.accounts
            .get(key)
            .map(|a| a.events.clone())
            .unwrap_or_default()
    }
}

// ---------------------------------------------------------------- domains

fn availability(body: &[u8]) -> R {
    let body = body_json(body)?;
    let strs = domain_strings(&body)?;
    if strs.len() > BatchLimit::Availability.max() {
        return Err(with_field(
            error(
                400,
                "invalid_request",
                "POST /domains/availability takes at most 50 domains per request.",
            ),
            "domains",
        ));
    }
    let set = DomainSet::new(&strs).map_err(from_core)?;
    if set.domains.is_empty() && set.errors.is_empty() {
        return Err(invalid("domains", "domains needs at least one domain"));
    }
    // Rows in the order asked, each domain once.
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for raw in &strs {
        let row = match peeker_core::normalize_root_domain(raw) {
            Err(_) => {
                json!({"domain": raw, "available": false, "premium": false, "reason": "invalid"})
            }
            Ok(d) if !seen.insert(d.ascii.clone()) => continue,
            Ok(d) => {
                let n = &d.ascii;
                if n.contains("premium") {
                    json!({"domain": n, "available": false, "premium": true, "reason": "premium", "currency": "usd"})
                } else if n.contains("taken") {
                    json!({"domain": n, "available": false, "premium": false, "reason": "taken", "currency": "usd"})
                } else {
                    json!({"domain": n, "available": true, "usable_for": ["google", "microsoft"], "premium": false,
                           "price_cents": REGISTRATION_CENTS, "renewal_price_cents": RENEWAL_CENTS, "currency": "usd"})
                }
            }
        };
        rows.push(row);
    }
    ok(200, json!({ "domains": rows }))
}

fn import(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, body: &[u8], job: bool) -> R {
    let body = body_json(body)?;
    let strs = domain_strings(&body)?;
    let limit = if job {
        BatchLimit::ImportJob
    } else {
        BatchLimit::Import
    };
    let set = DomainSet::new(&strs).map_err(from_core)?;
    if set.domains.len() + set.errors.len() > limit.max() {
        return Err(with_field(
            error(
                400,
                "invalid_request",
                format!(
                    "{} domains given; {} takes at most {} per request.{}",
                    set.domains.len() + set.errors.len(),
                    limit.endpoint(),
                    limit.max(),
                    if job {
                        ""
                    } else {
                        " Use POST /domains/import/jobs for up to 500."
                    }
                ),
            ),
            "domains",
        ));
    }
    // The core's check; entries that are not root domains become failed rows of the job.
    match (DomainSet {
        domains: set.domains.clone(),
        errors: vec![],
    })
    .check(limit)
    {
        Err(e) if e.code == Code::NoDomains && !set.errors.is_empty() => {}
        Err(e) => return Err(from_core(e)),
        Ok(()) => {}
    }
    let valid = set.ascii();
    if !job && (ctx.scenario == Scenario::Capacity || valid.iter().any(|d| d.contains("capacity")))
    {
        return Err(with_details(
            error(429, "rate_limited", "Every eligible Cloudflare account is busy with synchronous imports; submit POST /domains/import/jobs instead."),
            json!({"retry_after_seconds": 30, "reason": "cloudflare_account_capacity"}),
        ));
    }
    let status = if job { 202 } else { 200 };
    // The same normalised set returns the existing import.
    let set_key = set.key();
    if let Some(id) = set_key.as_ref().and_then(|k| acc.import_sets.get(k)) {
        if let Some(i) = acc.imports.iter().find(|i| &i.id == id) {
            return ok(status, i.json());
        }
    }
    let needs_flip =
        ctx.scenario == Scenario::NsPending || valid.iter().any(|d| d.contains("ns-pending"));
    let n = acc.ns_next;
    acc.ns_next += 2;
    let ns = |k: usize| format!("{}.ns.cloudflare.com", NAMESERVERS[k % NAMESERVERS.len()]);
    let imp = Import {
        id: new_id("imp", ctx.now),
        status: "in_progress".into(),
        domains: valid,
        failed: set
            .errors
            .iter()
            .map(|e| (strs[e.index].clone(), e.error.code.as_str().to_string()))
            .collect(),
        ns: (ns(n), ns(n + 1)),
        created_at: ctx.now,
        completed_at: None,
        needs_flip,
    };
    let id = imp.id.clone();
    if let Some(k) = set_key {
        acc.import_sets.insert(k, id.clone());
    }
    acc.imports.push(imp);
    if needs_flip {
        sched.at(
            ctx.now + NS_ACTION_SECS,
            &acc.key,
            Task::ImportCheck(id.clone()),
        );
    } else if job {
        sched.at(
            ctx.now + IMPORT_JOB_SECS,
            &acc.key,
            Task::ImportCheck(id.clone()),
        );
    } else {
        // Synchronous: "Import finished" in the response.
        complete_import(acc, sched, ctx, &id);
    }
    let i = acc.imports.iter().find(|i| i.id == id).expect("just added");
    ok(status, i.json())
}

fn complete_import(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let Some(i) = acc.imports.iter_mut().find(|i| i.id == id) else {
        return;
    };
    i.status = "completed".into();
    i.completed_at = Some(ctx.now);
    let names = i.domains.clone();
    let data = i.json();
    for n in &names {
        if !acc.domains.iter().any(|d| &d.domain == n) {
            acc.domains.push(DomainRec {
                id: new_id("dom", ctx.now),
                domain: n.clone(),
                category: "inventory".into(),
                status: "available".into(),
                provider: None,
                user_id: None,
                order_id: None,
                forwarding_url: None,
                created_at: ctx.now,
            });
        }
    }
    // Open nameserver actions on these domains are resolved.
    for a in acc.actions.iter_mut().filter(|a| {
        a.status == "open"
            && a.row["reason"] == "update_nameservers"
            && names.iter().any(|n| a.row["domain"] == *n)
    }) {
        a.status = "resolved".into();
        a.row["status"] = json!("resolved");
    }
    emit(acc, sched, ctx, "domain_import.completed", data);
    // Swaps waiting on an imported replacement resume.
    let waiting: Vec<String> = acc
        .swaps
        .iter()
        .filter(|s| {
            s.status == "action_required"
                && s.replacement.as_ref().is_some_and(|r| names.contains(r))
        })
        .map(|s| s.id.clone())
        .collect();
    for s in waiting {
        sched.at(ctx.now + 1.0, &acc.key, Task::SwapStep(s));
    }
}

fn import_check(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let Some(i) = acc.imports.iter_mut().find(|i| i.id == id) else {
        return;
    };
    match (i.status.as_str(), i.needs_flip) {
        ("in_progress", true) => {
            i.status = "action_required".into();
            let data = i.json();
            emit(acc, sched, ctx, "domain_import.action_required", data);
        }
        ("in_progress", false) => complete_import(acc, sched, ctx, id),
        _ => {}
    }
}

fn import_done(acc: &Account, name: &str) -> Option<bool> {
    acc.imports
        .iter()
        .rev()
        .find(|i| i.domains.iter().any(|d| d == name))
        .map(|i| i.status == "completed")
}

fn find_imports(acc: &Account, ctx: &Ctx, query: &Query) -> R {
    let Some(list) = q(query, "domains").filter(|s| !s.trim().is_empty()) else {
        return Err(invalid("domains", "The domains query parameter is required: GET /domains/import?domains=a.com,b.com is a lookup, not a history list."));
    };
    let strs: Vec<&str> = list.split(',').collect();
    let set = DomainSet::new(&strs).map_err(from_core)?;
    set.check(BatchLimit::ImportJob).map_err(from_core)?;
    let want = set.ascii();
    let rows = acc
        .imports
        .iter()
        .rev()
        .filter(|i| i.domains.iter().any(|d| want.contains(d)))
        .map(Import::json)
        .collect();
    page(rows, query, ctx, "/domains/import")
}

fn list_domains(acc: &Account, ctx: &Ctx, query: &Query) -> R {
    let f = |k: &str| q(query, k);
    let email_user = f("user_email").map(|e| {
        acc.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(e))
            .map(|u| u.id.clone())
    });
    let rows = acc
        .domains
        .iter()
        .rev()
        .filter(|d| {
            f("category").is_none_or(|c| d.category == c)
                && f("status").is_none_or(|s| d.status == s)
                && f("user_id").is_none_or(|u| d.user_id.as_deref() == Some(u))
                && email_user
                    .as_ref()
                    .is_none_or(|u| u.is_some() && d.user_id == *u)
                && f("usable_for").is_none_or(|p| p == "google" || p == "microsoft")
        })
        .map(DomainRec::json)
        .collect();
    page(rows, query, ctx, "/domains")
}

fn validator(acc: &Account) -> Client {
    Client::new(&acc.key).expect("the key was checked")
}

fn forwarding(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, body: &[u8]) -> R {
    let body = body_json(body)?;
    let req = validator(acc).update_forwarding(&body).map_err(from_core)?;
    let b = req.body_json().expect("the core sends JSON");
    let url = b["forwarding_url"].as_str().unwrap_or_default().to_string();
    let mut job = FwdJob {
        id: new_id("fwj", ctx.now),
        status: "in_progress".into(),
        url: url.clone(),
        pending: vec![],
        completed: vec![],
        failed: vec![],
        created_at: ctx.now,
        completed_at: None,
    };
    for d in b["domains"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        match acc.domains.iter().find(|r| r.id == d || r.domain == d) {
            None => job.failed.push((d.to_string(), "dns_lookup_failed".into())),
            Some(r) if r.forwarding_url.as_deref() == Some(url.as_str()) => {
                job.completed.push(r.domain.clone())
            }
            Some(r) => job.pending.push((r.domain.clone(), Some(r.id.clone()))),
        }
    }
    let data = job.json();
    let id = job.id.clone();
    acc.fwd.push(job);
    sched.at(ctx.now + 120.0, &acc.key, Task::ForwardingFinish(id));
    ok(202, data)
}

fn forwarding_finish(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let Some(j) = acc
        .fwd
        .iter_mut()
        .find(|j| j.id == id && j.status == "in_progress")
    else {
        return;
    };
    let unreachable = j.url.contains("unreachable");
    for (name, dom) in j.pending.drain(..) {
        if unreachable {
            j.failed.push((name, "target_unreachable".into()));
        } else {
            if let Some(r) = acc.domains.iter_mut().find(|r| Some(&r.id) == dom.as_ref()) {
                r.forwarding_url = Some(j.url.clone());
            }
            j.completed.push(name);
        }
    }
    j.status = match (j.completed.is_empty(), j.failed.is_empty()) {
        (_, true) => "completed",
        (true, false) => "failed",
        (false, false) => "partial_success",
    }
    .into();
    j.completed_at = Some(ctx.now);
    let t = if j.status == "failed" {
        "domain.forwarding_failed"
    } else {
        "domain.forwarding_updated"
    };
    let data = j.json();
    emit(acc, sched, ctx, t, data);
}

// ---------------------------------------------------------------- bundles

fn create_bundle(acc: &mut Account, ctx: &Ctx, body: &[u8]) -> R {
    let body = body_json(body)?;
    validator(acc).create_bundle(&body).map_err(from_core)?;
    let b = Bundle {
        id: new_id("bun", ctx.now),
        status: "active".into(),
        body: body.as_object().cloned().unwrap_or_default(),
        created_at: ctx.now,
        used: false,
    };
    let v = b.json();
    acc.bundles.push(b);
    ok(201, v)
}

fn update_bundle(acc: &mut Account, id: &str, body: &[u8]) -> R {
    let body = body_json(body)?;
    validator(acc).update_bundle(id, &body).map_err(from_core)?;
    let b = acc
        .bundles
        .iter_mut()
        .find(|b| b.id == id && b.status != "deleted")
        .ok_or_else(|| not_found("bundle", id))?;
    for (k, v) in body.as_object().into_iter().flatten() {
        if [
            "name",
            "monthly_sending_volume",
            "google_percent",
            "microsoft_percent",
            "send_on_weekends",
            "google_inboxes_per_domain",
        ]
        .contains(&k.as_str())
        {
            b.body.insert(k.clone(), v.clone());
        }
    }
    ok(200, b.json())
}

fn delete_bundle(acc: &mut Account, id: &str) -> R {
    let b = acc
        .bundles
        .iter_mut()
        .find(|b| b.id == id && b.status != "deleted")
        .ok_or_else(|| not_found("bundle", id))?;
    // Never used → removed; used by an order → archived so old orders still link.
    b.status = if b.used { "archived" } else { "deleted" }.into();
    ok(200, json!({"id": b.id, "status": b.status}))
}

// ---------------------------------------------------------------- orders

fn create_order(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, raw: &[u8]) -> R {
    let body = body_json(raw)?;
    let normalised = Client::order_body(&body).map_err(|e| {
        let custom = [
            "google_licenses",
            "microsoft_licenses",
            "google_inboxes_per_domain",
        ];
        let both = body.get("bundle_id").is_some_and(|b| !b.is_null())
            && e.field.as_deref().is_some_and(|f| custom.contains(&f));
        if both {
            with_field(
                error(400, "order_shape_conflict", e.message),
                e.field.unwrap_or_default(),
            )
        } else {
            from_core(e)
        }
    })?;
    // 24-hour dedupe of the exact same body.
    let dkey = peeker_core::order_dedupe_key(&acc.key, raw).map_err(from_core)?;
    if let Some((oid, at)) = acc.dedupe.get(&dkey) {
        if ctx.now - at < 86_400.0 {
            if let Some(o) = acc.orders.iter().find(|o| &o.id == oid) {
                return ok(200, o.lean());
            }
        }
    }
    let o = normalised.as_object().expect("the core checked an object");
    // Shape: bundle or custom counts.
    let (google_domains, microsoft_domains, ipd, bundle_id) =
        match o.get("bundle_id").and_then(Value::as_str) {
            Some(bid) => {
                let b = acc
                    .bundles
                    .iter()
                    .find(|b| b.id == bid && b.status == "active")
                    .ok_or_else(|| with_field(not_found("bundle", bid), "bundle_id"))?;
                let (g, m, _, ipd) = required_domains(&b.body);
                (g, m, ipd, Some(bid.to_string()))
            }
            None => {
                let gl = o
                    .get("google_licenses")
                    .and_then(Value::as_u64)
                    .unwrap_or(0);
                let ml = o
                    .get("microsoft_licenses")
                    .and_then(Value::as_u64)
                    .unwrap_or(0);
                let ipd = o
                    .get("google_inboxes_per_domain")
                    .and_then(Value::as_u64)
                    .unwrap_or(2);
                (gl.div_ceil(ipd), ml, ipd, None)
            }
        };
    let domains = o["domains"].as_array().expect("checked");
    let required = google_domains + microsoft_domains;
    if domains.len() as u64 != required {
        return Err(with_details(
            with_field(
                error(
                    400,
                    "domain_count_mismatch",
                    "Submitted domain count does not match the order plan",
                ),
                "domains",
            ),
            json!({"required_count": required, "submitted_count": domains.len(), "missing_count": required.saturating_sub(domains.len() as u64)}),
        ));
    }
    let user = o["user"].as_str().expect("checked");
    let (user_id, email) = if user.starts_with("usr_") {
        let u = acc
            .users
            .iter()
            .find(|u| u.id == user)
            .ok_or_else(|| with_field(not_found("user", user), "user"))?;
        (u.id.clone(), u.email.clone())
    } else {
        match acc
            .users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(user))
        {
            Some(u) => (u.id.clone(), u.email.clone()),
            None => {
                let u = User {
                    id: new_id("usr", ctx.now),
                    email: user.to_string(),
                };
                acc.users.push(u.clone());
                (u.id, u.email)
            }
        }
    };
    let order_id = new_id("ord", ctx.now);
    let default_fwd = o
        .get("forwarding_url")
        .and_then(Value::as_str)
        .map(String::from);
    let mut ods = Vec::new();
    for (i, d) in domains.iter().enumerate() {
        let (name, fwd) = match d {
            Value::String(s) => (s.clone(), default_fwd.clone()),
            other => (
                other["domain"].as_str().unwrap_or_default().to_string(),
                other["forwarding_url"].as_str().map(String::from),
            ),
        };
        let imported = import_done(acc, &name).is_some();
        let provider = if (i as u64) < google_domains {
            "google"
        } else {
            "microsoft"
        };
        let dom_id = match acc.domains.iter_mut().find(|r| r.domain == name) {
            Some(r) => {
                r.category = "connected".into();
                r.status = "provisioning".into();
                r.provider = Some(provider.into());
                r.user_id = Some(user_id.clone());
                r.order_id = Some(order_id.clone());
                r.forwarding_url = fwd;
                r.id.clone()
            }
            None => {
                let r = DomainRec {
                    id: new_id("dom", ctx.now),
                    domain: name.clone(),
                    category: "connected".into(),
                    status: "provisioning".into(),
                    provider: Some(provider.into()),
                    user_id: Some(user_id.clone()),
                    order_id: Some(order_id.clone()),
                    forwarding_url: fwd,
                    created_at: ctx.now,
                };
                let id = r.id.clone();
                acc.domains.push(r);
                id
            }
        };
        ods.push(OrderDomain {
            name,
            dom_id,
            provider,
            imported,
            connected: false,
            waiting_ns: false,
        });
    }
    let mut line_items = Vec::new();
    let mut total = 0i64;
    let gl = google_domains * ipd;
    if gl > 0 {
        line_items.push(json!({"type": "google_license", "quantity": gl, "amount_cents": gl as i64 * GOOGLE_LICENSE_CENTS}));
        total += gl as i64 * GOOGLE_LICENSE_CENTS;
    }
    if microsoft_domains > 0 {
        line_items.push(json!({"type": "microsoft_license", "quantity": microsoft_domains, "amount_cents": microsoft_domains as i64 * MICROSOFT_LICENSE_CENTS}));
        total += microsoft_domains as i64 * MICROSOFT_LICENSE_CENTS;
    }
    let registered = ods.iter().filter(|d| !d.imported).count() as i64;
    if registered > 0 {
        line_items.push(json!({"type": "domain_registration", "quantity": registered, "amount_cents": registered * REGISTRATION_CENTS}));
        total += registered * REGISTRATION_CENTS;
    }
    let personas = o["personas"].clone();
    let private: Vec<Value> = personas
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| !picture_accessible(&p["profile_picture_url"]))
        .cloned()
        .collect();
    if let Some(bid) = &bundle_id {
        if let Some(b) = acc.bundles.iter_mut().find(|b| &b.id == bid) {
            b.used = true;
        }
    }
    let order = Order {
        id: order_id.clone(),
        user_id,
        email,
        bundle_id,
        status: "in_progress".into(),
        domains: ods,
        personas,
        line_items,
        total_cents: total,
        created_at: ctx.now,
        blocked: !private.is_empty(),
        cancel: None,
    };
    let receipt = order.lean();
    let n = order.domains.len();
    let first_google = order
        .domains
        .iter()
        .find(|d| d.provider == "google")
        .or(order.domains.first())
        .map(|d| (d.dom_id.clone(), d.name.clone()));
    acc.orders.push(order);
    acc.dedupe.insert(dkey, (order_id.clone(), ctx.now));
    emit(acc, sched, ctx, "order.in_progress", receipt.clone());
    for i in 0..n {
        sched.at(
            ctx.now + FIRST_CONNECT_SECS + CONNECT_STEP_SECS * i as f64,
            &acc.key,
            Task::DomainConnect(order_id.clone(), i),
        );
    }
    if !private.is_empty() {
        for p in &private {
            let (dom_id, dom) = first_google.clone().unwrap_or_default();
            let aid = new_id("act", ctx.now);
            acc.actions.push(Action {
                order_id: order_id.clone(),
                domain_id: Some(dom_id.clone()),
                status: "open".into(),
                row: json!({
                    "id": aid, "type": "google_profile_picture", "reason": "profile_picture_not_accessible", "status": "open",
                    "order_id": order_id, "domain_id": dom_id, "domain": dom,
                    "user": {"first_name": p["first_name"], "last_name": p["last_name"], "profile_picture_url": p["profile_picture_url"]},
                    "message": "The profile picture URL must be a publicly accessible image URL.",
                    "created_at": rfc3339(ctx.now + PICTURE_CHECK_SECS),
                }),
            });
        }
        sched.at(
            ctx.now + PICTURE_CHECK_SECS,
            &acc.key,
            Task::OrderBlock(order_id.clone()),
        );
    }
    ok(200, receipt)
}

fn domain_connect(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, order_id: &str, i: usize) {
    let Some(o) = acc.orders.iter().find(|o| o.id == order_id) else {
        return;
    };
    // A blocked order (action_required) waits for a corrected order instead.
    if o.status != "in_progress" {
        return;
    }
    let Some(d) = o.domains.get(i).cloned() else {
        return;
    };
    if d.connected {
        return;
    }
    let user_id = o.user_id.clone();
    if d.imported && import_done(acc, &d.name) == Some(false) {
        // Nameservers not flipped: ask once, re-check every 10 simulated minutes.
        if !d.waiting_ns {
            let o = acc
                .orders
                .iter_mut()
                .find(|o| o.id == order_id)
                .expect("found above");
            o.domains[i].waiting_ns = true;
            let aid = new_id("act", ctx.now);
            acc.actions.push(Action {
                order_id: order_id.to_string(),
                domain_id: Some(d.dom_id.clone()),
                status: "open".into(),
                row: json!({
                    "id": aid, "type": "update_nameservers", "reason": "update_nameservers", "status": "open",
                    "order_id": order_id, "domain_id": d.dom_id, "domain": d.name,
                    "message": "Point the domain's nameservers at the ones shown by its import.",
                    "created_at": rfc3339(ctx.now),
                }),
            });
            let rec = acc
                .domains
                .iter()
                .find(|r| r.id == d.dom_id)
                .map(DomainRec::json)
                .unwrap_or(Value::Null);
            let mut data = rec;
            data["reason"] = json!("update_nameservers");
            emit(acc, sched, ctx, "domain.action_required", data);
        }
        sched.at(
            ctx.now + 600.0,
            &acc.key,
            Task::DomainConnect(order_id.to_string(), i),
        );
        return;
    }
    let o = acc
        .orders
        .iter_mut()
        .find(|o| o.id == order_id)
        .expect("found above");
    o.domains[i].connected = true;
    let all = o.domains.iter().all(|d| d.connected);
    let blocked = o.blocked;
    if let Some(r) = acc.domains.iter_mut().find(|r| r.id == d.dom_id) {
        r.status = "active".into();
        r.user_id = Some(user_id);
    }
    let data = acc
        .domains
        .iter()
        .find(|r| r.id == d.dom_id)
        .map(DomainRec::json)
        .unwrap_or(Value::Null);
    emit(acc, sched, ctx, "domain.connected", data);
    if all && !blocked {
        let o = acc
            .orders
            .iter()
            .find(|o| o.id == order_id)
            .expect("found above");
        let at = (o.created_at + COMPLETE_SECS).max(ctx.now + 30.0);
        sched.at(at, &acc.key, Task::OrderFinish(order_id.to_string()));
    }
}

fn order_finish(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let Some(o) = acc
        .orders
        .iter_mut()
        .find(|o| o.id == id && o.status == "in_progress")
    else {
        return;
    };
    o.status = "completed".into();
    let data = o.full();
    emit(acc, sched, ctx, "order.completed", data);
}

fn list_orders(acc: &Account, ctx: &Ctx, query: &Query) -> R {
    let f = |k: &str| q(query, k);
    let rows = acc
        .orders
        .iter()
        .rev()
        .filter(|o| {
            f("user_id").is_none_or(|u| o.user_id == u)
                && f("user_email").is_none_or(|e| o.email.eq_ignore_ascii_case(e))
                && f("bundle_id").is_none_or(|b| o.bundle_id.as_deref() == Some(b))
                && f("status").is_none_or(|s| o.status == s)
        })
        .map(Order::lean)
        .collect();
    page(rows, query, ctx, "/orders")
}

fn list_pending(acc: &Account, ctx: &Ctx, query: &Query) -> R {
    let f = |k: &str| q(query, k);
    let status = f("status").unwrap_or("open");
    if status != "open" && status != "resolved" {
        return Err(invalid("status", "status must be open or resolved"));
    }
    let user_orders: Option<Vec<&str>> = f("user").map(|u| {
        acc.orders
            .iter()
            .filter(|o| o.user_id == u || o.email.eq_ignore_ascii_case(u))
            .map(|o| o.id.as_str())
            .collect()
    });
    let rows = acc
        .actions
        .iter()
        .rev()
        .filter(|a| {
            a.status == status
                && f("order_id").is_none_or(|o| a.order_id == o)
                && f("domain_id").is_none_or(|d| a.domain_id.as_deref() == Some(d))
                && user_orders
                    .as_ref()
                    .is_none_or(|os| os.contains(&a.order_id.as_str()))
        })
        .map(|a| a.row.clone())
        .collect();
    page(rows, query, ctx, "/orders/pending")
}

fn cancel_order(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str, body: &[u8]) -> R {
    let wanted: Option<Vec<String>> = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let v = body_json(body)?;
        match v.as_object() {
            Some(o) if o.get("domains").is_none() => None,
            Some(_) => Some(domain_strings(&v)?),
            None => {
                return Err(error(
                    400,
                    "invalid_request",
                    "The body must be a JSON object, or empty to cancel the whole order.",
                ))
            }
        }
    };
    let req = validator(acc)
        .cancel_order(id, wanted.as_deref())
        .map_err(from_core)?;
    let o = acc
        .orders
        .iter_mut()
        .find(|o| o.id == id)
        .ok_or_else(|| not_found("order", id))?;
    let (sched_at, cancels_at) = o
        .cancel
        .as_ref()
        .map_or((ctx.now, o.created_at + 30.0 * 86_400.0), |c| (c.0, c.1));
    let targets: Vec<String> = match req.body_json() {
        None => o.domains.iter().map(|d| d.dom_id.clone()).collect(),
        Some(b) => {
            let mut out = Vec::new();
            for (i, d) in b["domains"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .enumerate()
            {
                let m = o
                    .domains
                    .iter()
                    .find(|x| x.dom_id == d || x.name == d)
                    .ok_or_else(|| {
                        invalid(
                            &format!("domains[{i}]"),
                            format!("{d} is not a domain of order {id}"),
                        )
                    })?;
                out.push(m.dom_id.clone());
            }
            out
        }
    };
    let whole = targets.len() == o.domains.len();
    let mut all: Vec<String> = o.cancel.as_ref().map(|c| c.2.clone()).unwrap_or_default();
    for t in &targets {
        if !all.contains(t) {
            all.push(t.clone());
        }
    }
    o.cancel = Some((sched_at, cancels_at, all));
    let first = whole && o.status != "cancel_scheduled" && o.status != "cancelled";
    if whole && o.status != "cancelled" {
        o.status = "cancel_scheduled".into();
    }
    let names: Vec<Value> = o
        .domains
        .iter()
        .filter(|d| targets.contains(&d.dom_id))
        .map(|d| json!({"id": d.dom_id, "domain": d.name}))
        .collect();
    let data = json!({
        "id": o.id, "status": if whole { o.status.clone() } else { "cancel_scheduled".to_string() },
        "cancellation_scheduled_at": rfc3339(sched_at), "cancels_at": rfc3339(cancels_at), "domains": names,
    });
    if first {
        let lean = o.lean();
        emit(acc, sched, ctx, "order.cancel_scheduled", lean);
        sched.at(cancels_at, &acc.key, Task::CancelFinish(id.to_string()));
    }
    ok(200, data)
}

// ---------------------------------------------------------------- swaps

fn create_swap(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, body: &[u8]) -> R {
    let body = body_json(body)?;
    let req = validator(acc).create_swap(&body).map_err(from_core)?;
    let b = req.body_json().expect("JSON");
    let domain_id = b["domain_id"].as_str().unwrap_or_default();
    let kind = b["type"].as_str().unwrap_or_default();
    let dom = acc
        .domains
        .iter()
        .find(|d| d.id == domain_id && d.category == "connected")
        .ok_or_else(|| with_field(not_found("connected domain", domain_id), "domain_id"))?;
    if kind == "premium" && dom.provider.as_deref() != Some("microsoft") {
        return Err(invalid(
            "type",
            "Premium swaps are for Microsoft domains only; use a standard swap.",
        ));
    }
    let s = Swap {
        id: new_id("swp", ctx.now),
        kind: kind.into(),
        domain_id: domain_id.into(),
        order_id: dom.order_id.clone(),
        user_id: dom.user_id.clone(),
        replacement: b["replacement_domain"].as_str().map(String::from),
        status: "created".into(),
        reason: None,
        created_at: ctx.now,
    };
    let data = s.json();
    let id = s.id.clone();
    acc.swaps.push(s);
    emit(acc, sched, ctx, "swap.created", data.clone());
    sched.at(ctx.now + 60.0, &acc.key, Task::SwapStep(id));
    ok(201, data)
}

fn user_name_swaps(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, body: &[u8]) -> R {
    let body = body_json(body)?;
    validator(acc).swap_user_names(&body).map_err(from_core)?;
    let domain_id = body["domain_id"].as_str().unwrap_or_default();
    let dom = acc
        .domains
        .iter()
        .find(|d| d.id == domain_id && d.category == "connected")
        .ok_or_else(|| with_field(not_found("connected domain", domain_id), "domain_id"))?
        .clone();
    let inboxes = if dom.provider.as_deref() == Some("google") {
        acc.orders
            .iter()
            .find(|o| Some(&o.id) == dom.order_id.as_ref())
            .and_then(|o| o.bundle_id.clone())
            .and_then(|b| acc.bundles.iter().find(|x| x.id == b))
            .map_or(2, |b| required_domains(&b.body).3)
    } else {
        1
    };
    let private = body["personas"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|p| !picture_accessible(&p["profile_picture_url"]));
    let mut rows = Vec::new();
    for _ in 0..inboxes {
        let s = Swap {
            id: new_id("swp", ctx.now),
            kind: "user_names".into(),
            domain_id: domain_id.into(),
            order_id: dom.order_id.clone(),
            user_id: dom.user_id.clone(),
            replacement: None,
            status: "created".into(),
            reason: private.then(|| "profile_picture_not_accessible".to_string()),
            created_at: ctx.now,
        };
        rows.push(json!({"id": s.id, "type": "user_names", "domain_id": s.domain_id, "status": "created"}));
        let data = s.json();
        let id = s.id.clone();
        acc.swaps.push(s);
        emit(acc, sched, ctx, "swap.created", data);
        sched.at(ctx.now + 60.0, &acc.key, Task::SwapStep(id));
    }
    ok(201, json!({ "swaps": rows }))
}

fn swap_step(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let buyable_or_imported = |acc: &Account, r: &str| {
        import_done(acc, r) == Some(true) || !(r.contains("taken") || r.contains("premium"))
    };
    let Some(s) = acc.swaps.iter().find(|s| s.id == id).cloned() else {
        return;
    };
    let (status, event, reason) = match s.status.as_str() {
        "created" | "action_required" => {
            let blocked_picture = s.kind == "user_names" && s.reason.is_some();
            let blocked_domain = s
                .replacement
                .as_deref()
                .is_some_and(|r| !buyable_or_imported(acc, r));
            if blocked_picture {
                (
                    "action_required",
                    "swap.action_required",
                    Some("profile_picture_not_accessible"),
                )
            } else if blocked_domain {
                (
                    "action_required",
                    "swap.action_required",
                    Some("replacement_not_imported"),
                )
            } else {
                ("in_progress", "swap.in_progress", None)
            }
        }
        "in_progress" => ("completed", "swap.completed", None),
        _ => return,
    };
    if status == s.status {
        return;
    }
    let w = acc.swaps.iter_mut().find(|w| w.id == id).expect("found");
    w.status = status.into();
    w.reason = reason.map(String::from);
    let data = w.json();
    if status == "completed" {
        if let Some(r) = &s.replacement {
            let (order_id, user_id) = (s.order_id.clone(), s.user_id.clone());
            let old = acc.domains.iter().find(|d| d.id == s.domain_id).cloned();
            if let Some(old) = old {
                acc.domains.push(DomainRec {
                    id: new_id("dom", ctx.now),
                    domain: r.clone(),
                    created_at: ctx.now,
                    order_id,
                    user_id,
                    ..old
                });
            }
            if let Some(d) = acc.domains.iter_mut().find(|d| d.id == s.domain_id) {
                d.status = "swapped_out".into();
            }
        }
    }
    emit(acc, sched, ctx, event, data);
    if status == "in_progress" {
        sched.at(ctx.now + 600.0, &acc.key, Task::SwapStep(id.to_string()));
    }
}

/// A fresh key's random part, for examples.
pub fn example_key() -> String {
    format!("pk_test_sandbox_{:016x}", rand_u64())
}
