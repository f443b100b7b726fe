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
pub use crate::delivery::{webhook_backoff_secs, WEBHOOK_ATTEMPTS};
/// Google licence price per month (4 licences = the seed's 6800).
pub const GOOGLE_LICENSE_CENTS: i64 = 1700;
/// Microsoft licence price per month.
pub const MICROSOFT_LICENSE_CENTS: i64 = 2000;
/// Domain registration price (availability's `price_cents`).
pub const REGISTRATION_CENTS: i64 = 1300;
/// Renewal price.
pub const RENEWAL_CENTS: i64 = 1500;

pub(crate) const NAMESERVERS: &[&str] = &[
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

pub(crate) type R = Result<Reply, Reply>;

/// The documented error envelope.
pub fn error(status: u16, code: &str, message: impl Into<String>) -> Reply {
    Reply {
        status,
        body: json!({"error": {"code": code, "message": message.into()}}),
    }
}

pub(crate) fn with_field(mut r: Reply, field: impl Into<String>) -> Reply {
    r.body["error"]["field"] = Value::String(field.into());
    r
}

pub(crate) fn with_details(mut r: Reply, details: Value) -> Reply {
    r.body["error"]["details"] = details;
    r
}

pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Reply {
    with_field(error(400, "invalid_request", message), field)
}

pub(crate) fn not_found(what: &str, id: &str) -> Reply {
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

pub(crate) fn ok(status: u16, data: Value) -> R {
    Ok(Reply {
        status,
        body: json!({ "data": data }),
    })
}

/// A failure marker applies: a name contains it, or the run's scenario is `scenario`
/// and this key has not played it yet (run-wide failure scenarios hit the first
/// import, order or swap of each key, so a retry succeeds).
pub(crate) fn marked<S: AsRef<str>>(
    acc: &mut Account,
    ctx: &Ctx,
    marker: &'static str,
    scenario: Scenario,
    names: &[S],
) -> bool {
    let by_name = names.iter().any(|n| n.as_ref().contains(marker));
    let by_run = ctx.scenario == scenario && acc.once.insert(marker);
    by_name || by_run
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

mod bundles;
mod domains;
mod failures;
mod fulfil;
mod input;
mod model;
mod orders;
mod sched;
mod swaps;

pub(crate) use bundles::*;
pub(crate) use domains::*;
pub(crate) use failures::*;
pub(crate) use fulfil::*;
pub use input::*;
pub use model::*;
pub(crate) use orders::*;
pub use sched::*;
pub(crate) use swaps::*;

// ---------------------------------------------------------------- the world

/// Everything: accounts and timers.
#[derive(Default)]
pub struct World {
    /// Accounts by API key.
    pub accounts: HashMap<String, Account>,
    /// Timers.
    pub sched: Sched,
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
                    release(acc, &names);
                    emit(acc, sched, ctx, "order.cancelled", data);
                }
            }
            Task::CancelPart(id, doms, at) => cancel_part(acc, sched, ctx, &id, &doms, at),
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

/// A fresh key's random part, for examples.
pub fn example_key() -> String {
    format!("pk_test_sandbox_{:016x}", rand_u64())
}
