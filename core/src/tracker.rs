//! A sans-IO order tracker fed with webhook events. Deliveries arrive duplicated
//! and out of order; the tracker deduplicates on the event id and derives every
//! answer from an order-independent merge (the latest event per resource by
//! `created_at`, terminal states winning), so any permutation of the same events
//! gives the same state. It serialises to JSON so a handler can store it between
//! requests.
use crate::webhook::Event;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The latest event seen for one resource.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Latest {
    created_at: String,
    terminal: bool,
    event_id: String,
    event_type: String,
    status: Option<String>,
    order_id: Option<String>,
    label: Option<String>,
    detail: Option<String>,
}

impl Latest {
    /// Terminal first (never overtaken by a non-terminal event), then the
    /// instant of `created_at` (an absent or unreadable one sorts first), then
    /// the larger event id.
    fn sort_key(&self) -> (bool, Option<(i64, u32)>, &str) {
        (self.terminal, instant(&self.created_at), &self.event_id)
    }
}

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
}

/// An RFC 3339 date-time (any fraction, `Z` or `±HH:MM`) as (Unix seconds,
/// nanoseconds), so that instants compare as instants, not as strings.
fn instant(t: &str) -> Option<(i64, u32)> {
    let b = t.trim().as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    let (h, mi, sec) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        for (i, c) in frac[..n].iter().enumerate().take(9) {
            nanos += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
            let (oh, om) = (digits(&[*oh1, *oh2])?, digits(&[*om1, *om2])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    // Days from the civil date (proleptic Gregorian), H. Hinnant's algorithm.
    let yy = if mo <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + h * 3600 + mi * 60 + sec - offset, nanos))
}

/// The tracker's whole state.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tracker {
    seen: BTreeSet<String>,
    /// `order:ID`, `domain:ID`, `import:ID`, `swap:ID` → latest event.
    latest: BTreeMap<String, Latest>,
    /// order id → connected domain names.
    connected: BTreeMap<String, BTreeSet<String>>,
    /// order id → largest `domain_count` seen.
    totals: BTreeMap<String, u64>,
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

/// What the tracker knows of one order.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrderView {
    /// `ord_…`
    pub id: String,
    /// Status (terminal states never regress).
    pub status: String,
    /// Domains connected so far.
    pub domains_connected: usize,
    /// Domains in the order, when an event carried `domain_count`.
    pub domains_total: Option<u64>,
    /// Open actions on the order or its domains.
    pub actions: Vec<OpenAction>,
}

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(String::from)
}

impl Tracker {
    /// An empty tracker.
    pub fn new() -> Tracker {
        Tracker::default()
    }

    /// Feeds one (verified) event; returns `false` when its id was seen before.
    pub fn apply(&mut self, event: &Event) -> bool {
        if !self.seen.insert(event.id.clone()) {
            return false;
        }
        let d = &event.data;
        let t = event.event_type.as_str();
        let (prefix, _) = t.split_once('.').unwrap_or((t, ""));
        let Some(id) = s(d, "id") else { return true };
        let status = s(d, "status").or_else(|| t.split_once('.').map(|(_, st)| st.to_string()));
        let terminal = matches!(
            t,
            "order.completed"
                | "order.failed"
                | "order.cancelled"
                | "domain_import.completed"
                | "domain_import.failed"
                | "swap.completed"
                | "swap.failed"
        );
        let (key, order_id) = match prefix {
            "order" => (format!("order:{id}"), Some(id.clone())),
            "domain" => (format!("domain:{id}"), s(d, "order_id")),
            "domain_import" => (format!("import:{id}"), None),
            "swap" => (format!("swap:{id}"), None),
            _ => return true,
        };
        if t == "domain.connected" {
            if let Some(o) = &order_id {
                let name = s(d, "domain").unwrap_or_else(|| id.clone());
                self.connected.entry(o.clone()).or_default().insert(name);
            }
        }
        if prefix == "order" {
            if let Some(n) = d.get("domain_count").and_then(Value::as_u64) {
                let e = self.totals.entry(id.clone()).or_insert(0);
                *e = (*e).max(n);
            }
        }
        let label = s(d, "domain");
        let detail = match prefix {
            "domain_import" => d
                .get("nameserver_groups")
                .and_then(Value::as_array)
                .map(|gs| {
                    gs.iter()
                        .map(|g| {
                            format!(
                                "{} / {} for {}",
                                s(g, "nameserver_one").unwrap_or_default(),
                                s(g, "nameserver_two").unwrap_or_default(),
                                g.get("domains")
                                    .and_then(Value::as_array)
                                    .map(|a| a
                                        .iter()
                                        .filter_map(Value::as_str)
                                        .collect::<Vec<_>>()
                                        .join(", "))
                                    .unwrap_or_default()
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                }),
            _ => s(d, "reason").or_else(|| d.get("details").and_then(|x| s(x, "reason"))),
        };
        let new = Latest {
            created_at: event.created_at.clone().unwrap_or_default(),
            terminal,
            event_id: event.id.clone(),
            event_type: t.to_string(),
            status,
            order_id,
            label,
            detail,
        };
        match self.latest.get(&key) {
            Some(old) if old.sort_key() >= new.sort_key() => {}
            _ => {
                self.latest.insert(key, new);
            }
        }
        true
    }

    /// Number of distinct events applied.
    pub fn events_seen(&self) -> usize {
        self.seen.len()
    }

    /// The ids of every order seen.
    pub fn order_ids(&self) -> Vec<String> {
        let mut ids: BTreeSet<String> = self
            .latest
            .keys()
            .filter_map(|k| k.strip_prefix("order:"))
            .map(String::from)
            .collect();
        ids.extend(self.connected.keys().cloned());
        ids.extend(
            self.latest
                .iter()
                .filter(|(k, _)| k.starts_with("domain:"))
                .filter_map(|(_, l)| l.order_id.clone()),
        );
        ids.into_iter().collect()
    }

    /// The state of one order, if any event mentioned it.
    pub fn order(&self, id: &str) -> Option<OrderView> {
        let latest = self.latest.get(&format!("order:{id}"));
        let connected = self.connected.get(id).map_or(0, BTreeSet::len);
        let named_by_a_domain = || {
            self.latest
                .iter()
                .any(|(k, l)| k.starts_with("domain:") && l.order_id.as_deref() == Some(id))
        };
        if latest.is_none() && connected == 0 && !named_by_a_domain() {
            return None;
        }
        let status = latest
            .and_then(|l| l.status.clone())
            .unwrap_or_else(|| "in_progress".into());
        let mut actions = Vec::new();
        if let Some(l) = latest.filter(|l| l.status.as_deref() == Some("action_required")) {
            let why = match l.detail.as_deref() {
                Some("profile_picture_not_accessible") => "a profile picture URL is not publicly accessible; ask the customer for a public URL and place a corrected order".to_string(),
                Some(r) => format!("reason: {r}"),
                None => "see GET /orders/pending for the open rows (for example profile_picture_not_accessible)".to_string(),
            };
            actions.push(OpenAction {
                event_type: l.event_type.clone(),
                resource_id: id.to_string(),
                message: format!(
                    "Order {id} needs attention: {why}. Fetch GET /orders/pending?order_id={id}."
                ),
            });
        }
        for (k, l) in &self.latest {
            if k.starts_with("domain:")
                && l.order_id.as_deref() == Some(id)
                && l.status.as_deref() == Some("action_required")
            {
                let rid = k.trim_start_matches("domain:").to_string();
                let name = l.label.clone().unwrap_or_else(|| rid.clone());
                let why = l.detail.clone().map_or_else(
                    || "for example nameservers not flipped yet".to_string(),
                    |r| format!("reason: {r}"),
                );
                actions.push(OpenAction {
                    event_type: l.event_type.clone(),
                    resource_id: rid,
                    message: format!("{name} needs attention ({why})."),
                });
            }
        }
        let total = self.totals.get(id).copied();
        Some(OrderView {
            id: id.to_string(),
            status,
            domains_connected: connected,
            domains_total: total,
            actions,
        })
    }

    /// Open `domain_import.action_required` imports: ("imp_…", what to show).
    pub fn import_actions(&self) -> Vec<OpenAction> {
        self.latest
            .iter()
            .filter(|(k, l)| k.starts_with("import:") && l.event_type == "domain_import.action_required")
            .map(|(k, l)| {
                let id = k.trim_start_matches("import:").to_string();
                let ns = l.detail.clone().unwrap_or_default();
                OpenAction {
                    event_type: l.event_type.clone(),
                    resource_id: id.clone(),
                    message: format!("Waiting on registrar: the customer has not set the nameservers yet ({ns}). Re-show them; Peeker keeps re-checking."),
                }
            })
            .collect()
    }

    /// The status of an import, swap or domain by resource id, from its latest event.
    pub fn status_of(&self, kind: &str, id: &str) -> Option<String> {
        self.latest
            .get(&format!("{kind}:{id}"))
            .and_then(|l| l.status.clone())
    }

    /// The state as JSON, to store between requests.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("tracker state serialises")
    }

    /// Restores a stored state.
    pub fn from_json(s: &str) -> Result<Tracker, crate::Error> {
        serde_json::from_str(s).map_err(|e| {
            crate::Error::new(
                crate::Code::InvalidJson,
                format!("Not a stored tracker state: {e}."),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ev(id: &str, t: &str, at: &str, data: Value) -> Event {
        Event {
            id: id.into(),
            event_type: t.into(),
            created_at: Some(at.into()),
            data,
        }
    }

    fn stream() -> Vec<Event> {
        use serde_json::json;
        vec![
            ev(
                "evt_1",
                "order.in_progress",
                "2026-05-08T12:00:00Z",
                json!({"id": "ord_1", "status": "in_progress", "domain_count": 2}),
            ),
            ev(
                "evt_2",
                "domain.action_required",
                "2026-05-08T12:01:00Z",
                json!({"id": "dom_a", "domain": "acme-mail.com", "order_id": "ord_1"}),
            ),
            ev(
                "evt_3",
                "order.action_required",
                "2026-05-08T12:02:00Z",
                json!({"id": "ord_1", "status": "action_required", "reason": "profile_picture_not_accessible"}),
            ),
            ev(
                "evt_4",
                "domain.connected",
                "2026-05-08T12:08:00Z",
                json!({"id": "dom_a", "domain": "acme-mail.com", "order_id": "ord_1", "status": "active"}),
            ),
            ev(
                "evt_5",
                "domain.connected",
                "2026-05-08T12:09:00Z",
                json!({"id": "dom_b", "domain": "team-acme.com", "order_id": "ord_1", "status": "active"}),
            ),
            ev(
                "evt_6",
                "order.completed",
                "2026-05-08T12:14:33Z",
                json!({"id": "ord_1", "status": "completed", "domain_count": 2}),
            ),
            ev(
                "evt_7",
                "domain_import.action_required",
                "2026-05-08T11:30:00Z",
                json!({"id": "imp_1", "status": "action_required", "nameserver_groups": [{"nameserver_one": "helena.ns.cloudflare.com", "nameserver_two": "idris.ns.cloudflare.com", "domains": ["acme-mail.com"]}]}),
            ),
            ev(
                "evt_8",
                "brand.new_event",
                "2026-05-08T12:00:00Z",
                json!({"id": "x_1"}),
            ),
        ]
    }

    #[test]
    fn follows_the_seed_progression() {
        let mut t = Tracker::new();
        let evs = stream();
        for e in &evs[..3] {
            assert!(t.apply(e));
        }
        let o = t.order("ord_1").unwrap();
        assert_eq!(o.status, "action_required");
        assert_eq!(o.actions.len(), 2, "{o:?}");
        assert!(o.actions[0].message.contains("profile picture"));
        for e in &evs {
            t.apply(e);
        }
        assert!(!t.apply(&evs[0]), "duplicates are ignored");
        let o = t.order("ord_1").unwrap();
        assert_eq!(
            (o.status.as_str(), o.domains_connected, o.domains_total),
            ("completed", 2, Some(2))
        );
        assert!(o.actions.is_empty());
        assert_eq!(t.import_actions().len(), 1);
        assert!(t.import_actions()[0]
            .message
            .contains("helena.ns.cloudflare.com"));
        let back = Tracker::from_json(&t.to_json()).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn terminal_never_regresses() {
        let mut t = Tracker::new();
        let evs = stream();
        t.apply(&evs[5]);
        t.apply(&evs[0]);
        t.apply(&evs[2]);
        assert_eq!(t.order("ord_1").unwrap().status, "completed");
    }

    #[test]
    fn instants_compare_as_instants() {
        assert_eq!(instant("2026-05-08T12:00:00Z"), Some((1_778_241_600, 0)));
        assert_eq!(
            instant("2026-05-08T14:00:00+02:00"),
            instant("2026-05-08T12:00:00Z")
        );
        assert_eq!(
            instant("2026-05-08T12:00:00.5Z"),
            Some((1_778_241_600, 500_000_000))
        );
        assert_eq!(instant("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert!(instant("2026-05-08T12:00:00.250Z") < instant("2026-05-08T12:00:00.3Z"));
        assert_eq!(instant("2026-05-08"), None);
        assert_eq!(instant("2026-13-08T12:00:00Z"), None);
        // As strings, "…T12:00:00Z" sorts after "…T11:30:00-01:00" (12:30 UTC).
        let mut t = Tracker::new();
        t.apply(&ev(
            "evt_b",
            "order.in_progress",
            "2026-05-08T11:30:00-01:00",
            serde_json::json!({"id": "ord_1", "status": "in_progress"}),
        ));
        t.apply(&ev(
            "evt_a",
            "order.action_required",
            "2026-05-08T12:00:00Z",
            serde_json::json!({"id": "ord_1", "status": "action_required"}),
        ));
        assert_eq!(
            t.status_of("order", "ord_1").as_deref(),
            Some("in_progress")
        );
        // Same instant: the larger event id is the later.
        let mut t = Tracker::new();
        t.apply(&ev(
            "evt_2",
            "order.in_progress",
            "2026-05-08T12:00:00Z",
            serde_json::json!({"id": "ord_1", "status": "in_progress"}),
        ));
        t.apply(&ev(
            "evt_1",
            "order.action_required",
            "2026-05-08T14:00:00+02:00",
            serde_json::json!({"id": "ord_1", "status": "action_required"}),
        ));
        assert_eq!(
            t.status_of("order", "ord_1").as_deref(),
            Some("in_progress")
        );
    }

    proptest! {
        #[test]
        fn any_permutation_with_duplicates_gives_the_same_state(seed in any::<u64>(), dups in proptest::collection::vec(0usize..8, 0..8)) {
            let evs = stream();
            let mut reference = Tracker::new();
            for e in &evs { reference.apply(e); }
            let mut order: Vec<usize> = (0..evs.len()).chain(dups.into_iter()).collect();
            // Deterministic shuffle from the seed (Fisher-Yates with an LCG).
            let mut x = seed | 1;
            for i in (1..order.len()).rev() {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (x >> 33) as usize % (i + 1));
            }
            let mut t = Tracker::new();
            for i in order { t.apply(&evs[i]); }
            prop_assert_eq!(t.order("ord_1"), reference.order("ord_1"));
            prop_assert_eq!(t, reference);
        }
    }
}
