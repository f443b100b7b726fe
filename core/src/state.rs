//! One bounded state per resource (order, domain, import, swap), fed with
//! verified webhook events that Peeker delivers at least once, out of order and
//! up to five times over a day.
//!
//! [`State::apply`] reduces one event into a state and [`State::merge`] joins two
//! states of the same resource. The merge is a join-semilattice: commutative,
//! associative and idempotent, and `apply(s, e)` is `merge(s, from_event(e))`, so
//! the same set of events gives the same state (and the same JSON text) in any
//! order, any grouping and with any repetition. That is what lets many writers
//! share one row per resource: each reads the row, applies its event and writes
//! back under a row lock, or two stored copies are merged.
//!
//! Every field is joined on its own:
//! - `latest`, the winning event: the largest by (terminal, instant of
//!   `created_at`, event id, then the rest of the event's fields). A terminal event
//!   (`order.completed`, `order.failed`, `order.cancelled`,
//!   `domain_import.completed`, `domain_import.failed`, `swap.completed`,
//!   `swap.failed`) is never overtaken by a non-terminal one, whatever its time;
//!   `created_at` compares as an instant (RFC 3339, any precision or offset), an
//!   absent or unreadable one before every readable one; two events with the same
//!   instant are ordered by event id (the larger is the later), so neither is
//!   lost and every writer picks the same one.
//! - `connected` (domains): true once any `domain.connected` event was applied.
//! - `order_id` and `name` (domains): the largest value any event carried.
//! - `domains_total` (orders): the largest `domain_count` any event carried.
//!
//! A state holds one event's fields, never a list of events: its size does not grow
//! with deliveries. Deduplicating side effects is the storage's job (a table of
//! processed event ids with a unique constraint; see the README's storage recipes).
//! The order view ([`order_view`]) is derived from the order's state and its
//! domains' states.
use crate::instant::instant;
use crate::webhook::Event;
use crate::{Code, Error};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cmp::Ordering;

/// The kind of resource a state follows.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `order.*` events (`ord_…`).
    Order,
    /// `domain.*` events (`dom_…`).
    Domain,
    /// `domain_import.*` events (`imp_…`).
    Import,
    /// `swap.*` events (`swp_…`).
    Swap,
}

impl Kind {
    /// Every kind.
    pub const ALL: &'static [Kind] = &[Kind::Order, Kind::Domain, Kind::Import, Kind::Swap];

    /// `"order"`, `"domain"`, `"import"` or `"swap"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Order => "order",
            Kind::Domain => "domain",
            Kind::Import => "import",
            Kind::Swap => "swap",
        }
    }

    /// A caller's `kind` argument: [`Kind::parse`], or an `invalid_argument`
    /// error with field `kind` that quotes it. Every binding checks it here.
    pub fn from_arg(s: &str) -> Result<Kind, crate::Error> {
        Kind::parse(s).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            crate::error::not_one_of("kind", &names, s)
        })
    }

    /// Parses [`Kind::as_str`]'s form.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "order" => Some(Kind::Order),
            "domain" => Some(Kind::Domain),
            "import" => Some(Kind::Import),
            "swap" => Some(Kind::Swap),
            _ => None,
        }
    }
}

/// The event that currently decides a resource's status.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Winner {
    /// `evt_…`
    pub event_id: String,
    /// As sent (RFC 3339), if sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// As sent, e.g. `order.completed`.
    pub event_type: String,
    /// A terminal event type: never overtaken by a non-terminal one.
    pub terminal: bool,
    /// `data.status`, else the part of the type after the first dot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// What to show for an open action: the reason, or an import's nameservers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Winner {
    #[allow(clippy::type_complexity)]
    fn key(
        &self,
    ) -> (
        bool,
        Option<(i64, u32)>,
        &str,
        &Option<String>,
        &str,
        &Option<String>,
        &Option<String>,
    ) {
        (
            self.terminal,
            self.created_at.as_deref().and_then(instant),
            &self.event_id,
            &self.created_at,
            &self.event_type,
            &self.status,
            &self.detail,
        )
    }
}

impl Ord for Winner {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Winner {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The state of one resource. Its JSON form ([`State::to_json`]) is what to store
/// (one row per resource, keyed by [`State::key`]).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct State {
    /// The resource kind.
    pub kind: Kind,
    /// The resource id (`data.id` of its events).
    pub id: String,
    /// The winning event.
    pub latest: Winner,
    /// Domains: the order the domain belongs to (`data.order_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// Domains: the domain name (`data.domain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Domains: a `domain.connected` event was applied.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub connected: bool,
    /// Orders: the largest `domain_count` seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domains_total: Option<u64>,
}

const TERMINAL: &[&str] = &[
    "order.completed",
    "order.failed",
    "order.cancelled",
    "domain_import.completed",
    "domain_import.failed",
    "swap.completed",
    "swap.failed",
];

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(String::from)
}

fn join_max<T: Ord + Clone>(a: &mut Option<T>, b: &Option<T>) {
    if let Some(b) = b {
        if a.as_ref().is_none_or(|a| a < b) {
            *a = Some(b.clone());
        }
    }
}

/// The resource an event is about: its kind and id, or `None` for an event type
/// outside `order.*`, `domain.*`, `domain_import.*`, `swap.*` or without a
/// string id in its [resource](Event::resource) (`data.id`, or `data.order.id` in
/// the older shape), and for an `order.cancelled` that cancelled only some of the
/// order's domains (`data.scope` `"domains"`, the shape the offline sandbox sends;
/// Peeker documents no payload): that event ends no order, so it must not make
/// the order terminal. It still reaches the caller as a verified event.
pub fn resource_of(event: &Event) -> Option<(Kind, String)> {
    Some((followed_kind(event)?, s(event.resource(), "id")?))
}

/// The kind of resource an event of this type follows, whether or not its
/// resource has a readable id: `None` exactly where [`resource_of`] is `None` for
/// the type alone (another type, or a partial `order.cancelled`). An event with a
/// kind here but no [`resource_of`] is one the states cannot place: the
/// [`Tracker`](crate::tracker::Tracker) lists it as
/// [unreadable](crate::tracker::Tracker::unreadable) rather than dropping it.
pub fn followed_kind(event: &Event) -> Option<Kind> {
    if event.event_type == "order.cancelled"
        && event.resource().get("scope").and_then(Value::as_str) == Some("domains")
    {
        return None;
    }
    match event.event_type.split_once('.')?.0 {
        "order" => Some(Kind::Order),
        "domain" => Some(Kind::Domain),
        "domain_import" => Some(Kind::Import),
        "swap" => Some(Kind::Swap),
        _ => None,
    }
}

/// The storage key of the resource an event is about (`"order:ord_1"`), or `None`
/// as for [`resource_of`].
pub fn key_of(event: &Event) -> Option<String> {
    resource_of(event).map(|(k, id)| format!("{}:{id}", k.as_str()))
}

fn import_detail(d: &Value) -> Option<String> {
    let groups = d.get("nameserver_groups")?.as_array()?;
    Some(
        groups
            .iter()
            .map(|g| {
                let domains = g
                    .get("domains")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                format!(
                    "{} / {} for {domains}",
                    s(g, "nameserver_one").unwrap_or_default(),
                    s(g, "nameserver_two").unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    )
}

impl State {
    /// The state one event alone gives, or `None` when the event is about no
    /// followed resource (see [`resource_of`]).
    pub fn from_event(event: &Event) -> Option<State> {
        let (kind, id) = resource_of(event)?;
        let d = event.resource();
        let t = event.event_type.as_str();
        let status = s(d, "status").or_else(|| t.split_once('.').map(|(_, st)| st.to_string()));
        let detail = match kind {
            Kind::Import => import_detail(d),
            _ => s(d, "reason").or_else(|| d.get("details").and_then(|x| s(x, "reason"))),
        };
        let domain = kind == Kind::Domain;
        Some(State {
            kind,
            id,
            latest: Winner {
                event_id: event.id.clone(),
                created_at: event.created_at.clone(),
                event_type: t.to_string(),
                terminal: TERMINAL.contains(&t),
                status,
                detail,
            },
            order_id: s(d, "order_id").filter(|_| domain),
            name: s(d, "domain").filter(|_| domain),
            connected: t == "domain.connected",
            domains_total: d
                .get("domain_count")
                .and_then(Value::as_u64)
                .filter(|_| kind == Kind::Order),
        })
    }

    /// `"KIND:ID"`, e.g. `"order:ord_1"`: the storage key.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.id)
    }

    /// The current status: that of the winning event.
    pub fn status(&self) -> Option<&str> {
        self.latest.status.as_deref()
    }

    /// Joins `other` (a state of the same resource) into this one; returns
    /// whether this state changed. Commutative, associative and idempotent. A
    /// state of another resource is an `invalid_argument` error (field `other`)
    /// and changes nothing.
    pub fn merge(&mut self, other: &State) -> Result<bool, Error> {
        if (self.kind, &self.id) != (other.kind, &other.id) {
            return Err(Error::new(
                Code::InvalidArgument,
                format!(
                    "Cannot merge the state of {} into the state of {}: they follow different resources.",
                    other.key(),
                    self.key()
                ),
            )
            .with_field("other"));
        }
        let before = self.clone();
        if other.latest > self.latest {
            self.latest = other.latest.clone();
        }
        join_max(&mut self.order_id, &other.order_id);
        join_max(&mut self.name, &other.name);
        self.connected |= other.connected;
        join_max(&mut self.domains_total, &other.domains_total);
        Ok(*self != before)
    }

    /// Applies one verified event of this resource; returns whether the state
    /// changed (a repeat never changes it, nor does an event that loses to the
    /// current winner and adds nothing). An event about another resource, or
    /// about none, is an `invalid_argument` error (field `event`).
    pub fn apply(&mut self, event: &Event) -> Result<bool, Error> {
        match State::from_event(event) {
            Some(one) if (one.kind, &one.id) == (self.kind, &self.id) => self.merge(&one),
            other => Err(Error::new(
                Code::InvalidArgument,
                format!(
                    "Event {} is about {}, not {}.",
                    event.id,
                    other.map_or_else(|| "no followed resource".to_string(), |o| o.key()),
                    self.key()
                ),
            )
            .with_field("event")),
        }
    }

    /// The state as JSON (fields in a fixed order: equal states give equal text).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("states serialise")
    }

    /// Restores a state from [`State::to_json`]'s text (`invalid_json` otherwise).
    pub fn from_json(text: &str) -> Result<State, Error> {
        let st: State = serde_json::from_str(text).map_err(|e| {
            Error::new(
                Code::InvalidJson,
                format!("Not a stored resource state: {e}."),
            )
        })?;
        if st.id.is_empty() || st.latest.event_id.is_empty() {
            return Err(Error::new(
                Code::InvalidJson,
                "Not a stored resource state: empty id or event_id.",
            ));
        }
        Ok(st)
    }
}

/// Reduces one event into an optional stored state: `None` with an event about a
/// followed resource gives that event's state; an event about no followed
/// resource leaves `state` as it is (`Ok(state)`, possibly `None`).
pub fn reduce(state: Option<State>, event: &Event) -> Result<Option<State>, Error> {
    match state {
        None => Ok(State::from_event(event)),
        Some(mut st) => {
            if resource_of(event).is_some() {
                st.apply(event)?;
            }
            Ok(Some(st))
        }
    }
}

/// An open action the partner should surface in their UI.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct OpenAction {
    /// The event type that opened it (`order.action_required`, …).
    pub event_type: String,
    /// The resource id (`ord_…`, `dom_…`, `imp_…`).
    pub resource_id: String,
    /// What to show the customer / operator.
    pub message: String,
}

/// What is known of one order.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrderView {
    /// `ord_…`
    pub id: String,
    /// Status (terminal states never regress); `in_progress` before any order event.
    pub status: String,
    /// Distinct domains (by name, else id) of the order with a `domain.connected` event.
    pub domains_connected: usize,
    /// Domains in the order, when an event carried `domain_count`.
    pub domains_total: Option<u64>,
    /// Open actions on the order or its domains.
    pub actions: Vec<OpenAction>,
}

fn order_action(id: &str, st: &State) -> Option<OpenAction> {
    if st.status() != Some("action_required") {
        return None;
    }
    let why = match st.latest.detail.as_deref() {
        Some("profile_picture_not_accessible") => "a profile picture URL is not publicly accessible; ask the customer for a public URL and place a corrected order".to_string(),
        Some(r) => format!("reason: {r}"),
        None => "see GET /orders/pending for the open rows (for example profile_picture_not_accessible)".to_string(),
    };
    Some(OpenAction {
        event_type: st.latest.event_type.clone(),
        resource_id: id.to_string(),
        message: format!(
            "Order {id} needs attention: {why}. Fetch GET /orders/pending?order_id={id}."
        ),
    })
}

fn domain_action(st: &State) -> Option<OpenAction> {
    if st.status() != Some("action_required") {
        return None;
    }
    let name = st.name.clone().unwrap_or_else(|| st.id.clone());
    let why = st.latest.detail.clone().map_or_else(
        || "for example nameservers not flipped yet".to_string(),
        |r| format!("reason: {r}"),
    );
    Some(OpenAction {
        event_type: st.latest.event_type.clone(),
        resource_id: st.id.clone(),
        message: format!("{name} needs attention ({why})."),
    })
}

/// The view of order `id` from its state (if any event of the order arrived) and
/// the states of domains; domains of other orders, and states that are not
/// domains, are ignored, so a caller may pass a superset. `None` when neither
/// the order's state nor any of its domains is known. An `order` state that is not
/// the order `id` is an `invalid_argument` error (field `order`).
pub fn order_view<'a>(
    id: &str,
    order: Option<&State>,
    states: impl IntoIterator<Item = &'a State>,
) -> Result<Option<OrderView>, Error> {
    if let Some(o) = order.filter(|o| o.kind != Kind::Order || o.id != id) {
        return Err(Error::new(
            Code::InvalidArgument,
            format!(
                "The order state is the state of {}, not of order:{id}.",
                o.key()
            ),
        )
        .with_field("order"));
    }
    let mut domains: Vec<&State> = states
        .into_iter()
        .filter(|d| d.kind == Kind::Domain && d.order_id.as_deref() == Some(id))
        .collect();
    domains.sort_by(|a, b| a.id.cmp(&b.id));
    domains.dedup_by(|a, b| a.id == b.id);
    if order.is_none() && domains.is_empty() {
        return Ok(None);
    }
    let mut connected: Vec<&str> = domains
        .iter()
        .filter(|d| d.connected)
        .map(|d| d.name.as_deref().unwrap_or(&d.id))
        .collect();
    connected.sort_unstable();
    connected.dedup();
    let mut actions: Vec<OpenAction> = order
        .and_then(|o| order_action(id, o))
        .into_iter()
        .collect();
    actions.extend(domains.iter().filter_map(|d| domain_action(d)));
    Ok(Some(OrderView {
        id: id.to_string(),
        status: order
            .and_then(State::status)
            .unwrap_or("in_progress")
            .to_string(),
        domains_connected: connected.len(),
        domains_total: order.and_then(|o| o.domains_total),
        actions,
    }))
}

/// The open action of an import state (`domain_import.action_required`,
/// "waiting on registrar", with the nameservers to re-show), if it has one.
pub fn import_action(st: &State) -> Option<OpenAction> {
    if st.kind != Kind::Import || st.latest.event_type != "domain_import.action_required" {
        return None;
    }
    let ns = st.latest.detail.clone().unwrap_or_default();
    Some(OpenAction {
        event_type: st.latest.event_type.clone(),
        resource_id: st.id.clone(),
        message: format!("Waiting on registrar: the customer has not set the nameservers yet ({ns}). Re-show them; Peeker keeps re-checking."),
    })
}
