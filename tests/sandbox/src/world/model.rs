//! The resources of an account (bundles, imports, domains, orders, actions,
//! forwarding jobs, swaps), their JSON shapes, and the per-key state.
use super::*;

#[derive(Clone, Debug)]
pub(crate) struct User {
    pub(crate) id: String,
    pub(crate) email: String,
}

#[derive(Clone, Debug)]
pub(crate) struct Bundle {
    pub(crate) id: String,
    pub(crate) status: String,
    pub(crate) body: Map<String, Value>,
    pub(crate) created_at: f64,
    pub(crate) used: bool,
}

/// Google sends per inbox per day (documented).
pub const GOOGLE_SENDS_PER_INBOX_DAY: u64 = 20;
/// Sends per Microsoft domain per day the sandbox sizes for. The documented
/// 250 is a licence's ceiling, and sizing at 250 gives 3 Microsoft domains for
/// the spec's 25k/month example, which says 4. 150 (the sandbox's choice, 60 %
/// of the ceiling) reproduces it, and the live docs' listing example too
/// (100k/month at 70/30 → 80 Google, 10 Microsoft).
pub const MICROSOFT_SENDS_PER_DOMAIN_DAY: u64 = 150;
/// Peeker's recommended split (the docs' `effective` example: 50/50).
pub const RECOMMENDED_GOOGLE_PERCENT: u64 = 50;

/// Domains a bundle needs: (google, microsoft, effective google percent,
/// Google inboxes per domain). Daily volume = monthly / 22 sending days
/// (30 with `send_on_weekends`); Google domains = ⌈daily Google volume /
/// (20 × inboxes per domain)⌉; Microsoft domains = ⌈daily Microsoft volume / 150⌉.
/// Computed in whole sends per month to avoid rounding: ⌈v / (rate × days)⌉.
pub(crate) fn required_domains(b: &Map<String, Value>) -> (u64, u64, u64, u64) {
    let vol = b
        .get("monthly_sending_volume")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let gp = b
        .get("google_percent")
        .and_then(Value::as_u64)
        .unwrap_or(RECOMMENDED_GOOGLE_PERCENT);
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
    let g_domains = gvol.div_ceil(GOOGLE_SENDS_PER_INBOX_DAY * ipd * days);
    let m_domains = mvol.div_ceil(MICROSOFT_SENDS_PER_DOMAIN_DAY * days);
    (g_domains, m_domains, gp, ipd)
}

impl Bundle {
    pub(crate) fn json(&self) -> Value {
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
pub(crate) struct Import {
    pub(crate) id: String,
    pub(crate) status: String,
    pub(crate) domains: Vec<String>,
    pub(crate) failed: Vec<(String, String)>,
    pub(crate) ns: (String, String),
    pub(crate) created_at: f64,
    pub(crate) completed_at: Option<f64>,
    pub(crate) needs_flip: bool,
    /// Ends in `domain_import.failed` (marker `fail-import`).
    pub(crate) fails: bool,
}

impl Import {
    pub(crate) fn json(&self) -> Value {
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
pub(crate) struct DomainRec {
    pub(crate) id: String,
    pub(crate) domain: String,
    pub(crate) category: String,
    pub(crate) status: String,
    pub(crate) provider: Option<String>,
    pub(crate) user_id: Option<String>,
    pub(crate) order_id: Option<String>,
    pub(crate) forwarding_url: Option<String>,
    pub(crate) created_at: f64,
}

impl DomainRec {
    pub(crate) fn json(&self) -> Value {
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
pub(crate) struct OrderDomain {
    pub(crate) name: String,
    pub(crate) dom_id: String,
    pub(crate) provider: &'static str,
    pub(crate) imported: bool,
    pub(crate) connected: bool,
    pub(crate) waiting_ns: bool,
    /// Cancelled (domain-scoped) and released.
    pub(crate) released: bool,
    /// Provisioning fails here: `order.failed` (marker `fail-order`).
    pub(crate) fails: bool,
    /// Can't be provisioned until swapped: a `replace_domain` action (marker `replace-domain`).
    pub(crate) needs_replacement: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Order {
    pub(crate) id: String,
    pub(crate) user_id: String,
    pub(crate) email: String,
    pub(crate) bundle_id: Option<String>,
    pub(crate) status: String,
    pub(crate) domains: Vec<OrderDomain>,
    pub(crate) personas: Value,
    pub(crate) line_items: Vec<Value>,
    pub(crate) total_cents: i64,
    pub(crate) created_at: f64,
    pub(crate) blocked: bool,
    pub(crate) cancel: Option<(f64, f64, Vec<String>)>,
    /// Why it failed (`order.failed`): `{reason, domain, message}`, the sandbox's shape.
    pub(crate) failure: Option<Value>,
    /// Google inboxes per domain (licences a Google domain carries).
    pub(crate) inboxes_per_domain: u64,
}

impl Order {
    pub(crate) fn lean(&self) -> Value {
        let mut v = json!({
            "id": self.id, "user_id": self.user_id, "email": self.email, "bundle_id": self.bundle_id,
            "status": self.status, "domain_count": self.domains.iter().filter(|d| !d.released).count(),
            "costs": {"total_cents": self.total_cents, "currency": "usd"},
            "renews_at": rfc3339(self.created_at + 30.0 * 86_400.0),
            "created_at": rfc3339(self.created_at),
        });
        if let Some(f) = &self.failure {
            v["failure"] = f.clone();
        }
        v
    }
    pub(crate) fn full(&self) -> Value {
        let mut v = self.lean();
        v["costs"]["line_items"] = Value::Array(self.line_items.clone());
        v["domains"] = json!({
            "registered": self.domains.iter().filter(|d| !d.imported && !d.released).map(|d| &d.name).collect::<Vec<_>>(),
            "imported": self.domains.iter().filter(|d| d.imported && !d.released).map(|d| &d.name).collect::<Vec<_>>(),
        });
        v["personas"] = self.personas.clone();
        v
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Action {
    pub(crate) order_id: String,
    pub(crate) domain_id: Option<String>,
    pub(crate) status: String,
    pub(crate) row: Value,
}

#[derive(Clone, Debug)]
pub(crate) struct FwdJob {
    pub(crate) id: String,
    pub(crate) status: String,
    pub(crate) url: String,
    pub(crate) pending: Vec<(String, Option<String>)>,
    pub(crate) completed: Vec<String>,
    pub(crate) failed: Vec<(String, String)>,
    pub(crate) created_at: f64,
    pub(crate) completed_at: Option<f64>,
}

impl FwdJob {
    pub(crate) fn json(&self) -> Value {
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
pub(crate) struct Swap {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) domain_id: String,
    pub(crate) order_id: Option<String>,
    pub(crate) user_id: Option<String>,
    pub(crate) replacement: Option<String>,
    pub(crate) status: String,
    pub(crate) reason: Option<String>,
    pub(crate) created_at: f64,
    /// Ends in `swap.failed` (marker `fail-swap`).
    pub(crate) fails: bool,
}

impl Swap {
    pub(crate) fn json(&self) -> Value {
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
    /// The first attempt's `Peeker-Timestamp` (kept with `--retry-timestamp first`).
    pub first_timestamp: Option<i64>,
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
    /// `Peeker-Timestamp` sent.
    pub timestamp: Option<i64>,
    /// The signature scheme used.
    pub scheme: &'static str,
    /// Simulated time of the next attempt, if one is scheduled.
    pub next_attempt_at: Option<f64>,
}

/// Per-key state.
pub struct Account {
    pub(crate) key: String,
    pub(crate) preset: &'static str,
    pub(crate) partner_id: String,
    pub(crate) users: Vec<User>,
    pub(crate) bundles: Vec<Bundle>,
    pub(crate) imports: Vec<Import>,
    pub(crate) import_sets: HashMap<String, String>,
    pub(crate) orders: Vec<Order>,
    pub(crate) dedupe: HashMap<String, (String, f64)>,
    pub(crate) domains: Vec<DomainRec>,
    pub(crate) actions: Vec<Action>,
    pub(crate) fwd: Vec<FwdJob>,
    pub(crate) swaps: Vec<Swap>,
    pub(crate) ns_next: usize,
    /// Request times of the last minute (real clock), for the rate limit.
    pub rate: VecDeque<Instant>,
    /// Injected faults: (remaining, status).
    pub faults: (u32, u16),
    /// Run-wide failure scenarios already played for this key (each once).
    pub once: HashSet<&'static str>,
    /// Paths already failed once in the `server-errors` scenario.
    pub faulted: HashSet<String>,
    /// Webhook target for this key: (url, secret).
    pub webhook: Option<(String, String)>,
    pub(crate) held: Vec<Delivery>,
    /// Events emitted (for `GET /_sandbox/events`).
    pub events: Vec<Value>,
    /// Delivery attempts.
    pub deliveries: Vec<DeliveryLog>,
}

impl Account {
    pub(crate) fn new(key: &str, now: f64) -> Account {
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
            once: HashSet::new(),
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
