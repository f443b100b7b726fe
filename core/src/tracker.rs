//! A sans-IO order tracker fed with webhook events: a convenience over the
//! per-resource states of [`crate::state`], all in one value. Deliveries arrive
//! duplicated and out of order; the tracker keeps one [`State`] per resource
//! (joined with [`State::merge`], so any permutation of the same events gives the
//! same state) and, to answer whether an event is new, every event id it has seen.
//! That set grows with every event and the whole value is shared under one lock:
//! at scale, store the per-resource states instead (one row each, see the README).
//! It serialises to JSON so a handler can store it between requests.
use crate::state::{self, State};
use crate::webhook::Event;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub use crate::state::{OpenAction, OrderView};

/// The tracker's whole state.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tracker {
    seen: BTreeSet<String>,
    /// `order:ID`, `domain:ID`, `import:ID`, `swap:ID` → its state.
    states: BTreeMap<String, State>,
    /// Event id → type, for events of a followed kind whose resource has no
    /// readable id (see [`Tracker::unreadable`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    unreadable: BTreeMap<String, String>,
}

/// An event the tracker counted but could not place: its type follows a resource
/// (`order.*`, `domain.*`, `domain_import.*`, `swap.*`) but its `data` names none
/// (no string `id`, in the current or the older shape). The resource it was about
/// may never reach its final status in the tracker: look the event up, or ask the
/// API (`get_order`, `get_import_job`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Unreadable {
    /// The event id (`evt_…`).
    pub event_id: String,
    /// Its type as sent.
    pub event_type: String,
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
        if let Some(one) = State::from_event(event) {
            match self.states.entry(one.key()) {
                std::collections::btree_map::Entry::Occupied(mut e) => {
                    e.get_mut().merge(&one).expect("same key, same resource");
                }
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(one);
                }
            }
        } else if state::followed_kind(event).is_some() {
            self.unreadable
                .insert(event.id.clone(), event.event_type.clone());
        }
        true
    }

    /// The events of a followed kind that named no resource the tracker could
    /// read, by event id: counted in [`events_seen`](Tracker::events_seen), never
    /// silently dropped. Empty for every event in the documented shapes.
    pub fn unreadable(&self) -> Vec<Unreadable> {
        self.unreadable
            .iter()
            .map(|(id, t)| Unreadable {
                event_id: id.clone(),
                event_type: t.clone(),
            })
            .collect()
    }

    /// Number of distinct events applied.
    pub fn events_seen(&self) -> usize {
        self.seen.len()
    }

    /// The state of one resource (`kind` `"order"`, `"domain"`, `"import"` or
    /// `"swap"`), if an event named it.
    pub fn state(&self, kind: &str, id: &str) -> Option<&State> {
        self.states.get(&format!("{kind}:{id}"))
    }

    /// Every resource state, by key.
    pub fn states(&self) -> impl Iterator<Item = &State> {
        self.states.values()
    }

    /// The ids of every order seen (by its events or by its domains').
    pub fn order_ids(&self) -> Vec<String> {
        let ids: BTreeSet<String> = self
            .states
            .values()
            .filter_map(|st| match st.kind {
                state::Kind::Order => Some(st.id.clone()),
                state::Kind::Domain => st.order_id.clone(),
                _ => None,
            })
            .collect();
        ids.into_iter().collect()
    }

    /// The state of one order, if any event mentioned it.
    pub fn order(&self, id: &str) -> Option<OrderView> {
        state::order_view(id, self.state("order", id), self.states.values())
            .expect("the order state is keyed by its id")
    }

    /// Open `domain_import.action_required` imports: ("imp_…", what to show).
    pub fn import_actions(&self) -> Vec<OpenAction> {
        self.states
            .values()
            .filter_map(state::import_action)
            .collect()
    }

    /// The status of an import, swap or domain by resource id, from its latest event.
    pub fn status_of(&self, kind: &str, id: &str) -> Option<String> {
        self.state(kind, id)
            .and_then(|s| s.status().map(String::from))
    }

    /// The state as JSON, to store between requests.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("tracker state serialises")
    }

    /// Restores a stored state.
    pub fn from_json(s: &str) -> Result<Tracker, crate::Error> {
        let t: Tracker = serde_json::from_str(s).map_err(|e| {
            crate::Error::new(
                crate::Code::InvalidJson,
                format!("Not a stored tracker state: {e}."),
            )
        })?;
        if let Some((k, _)) = t.states.iter().find(|(k, st)| **k != st.key()) {
            return Err(crate::Error::new(
                crate::Code::InvalidJson,
                format!("Not a stored tracker state: the state under {k} is another resource's."),
            ));
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn ev(id: &str, t: &str, at: &str, data: Value) -> Event {
        Event {
            id: id.into(),
            event_type: t.into(),
            created_at: Some(at.into()),
            data,
            secret_index: None,
        }
    }

    #[test]
    fn kind_arguments_are_checked_once_for_every_binding() {
        use crate::state::Kind;
        for k in ["order", "domain", "import", "swap"] {
            assert_eq!(Kind::from_arg(k).unwrap().as_str(), k);
        }
        let e = Kind::from_arg("domain_import").unwrap_err();
        assert_eq!(e.code, crate::Code::InvalidArgument);
        assert_eq!(e.field.as_deref(), Some("kind"));
        assert_eq!(
            e.message,
            "kind must be \"order\", \"domain\", \"import\" or \"swap\" (got \"domain_import\")."
        );
        let long = "x".repeat(100);
        assert!(Kind::from_arg(&long)
            .unwrap_err()
            .message
            .contains(&format!("{}...", "x".repeat(57))));
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
    fn events_without_a_readable_resource_are_listed_not_dropped() {
        use serde_json::json;
        let mut t = Tracker::new();
        let at = "2026-05-08T12:00:00Z";
        assert!(t.apply(&ev(
            "evt_n",
            "order.completed",
            at,
            json!({"status": "completed"})
        )));
        assert!(t.apply(&ev(
            "evt_o",
            "domain_import.failed",
            at,
            json!({"import": {"id": 7}})
        )));
        // Not a followed resource, a partial cancel, and a readable event: nothing listed.
        t.apply(&ev("evt_x", "invoice.paid", at, json!({})));
        t.apply(&ev(
            "evt_p",
            "order.cancelled",
            at,
            json!({"scope": "domains"}),
        ));
        t.apply(&ev(
            "evt_r",
            "swap.completed",
            at,
            json!({"swap": {"id": "swp_1"}}),
        ));
        assert!(!t.apply(&ev("evt_n", "order.completed", at, json!({}))));
        let listed: Vec<(String, String)> = t
            .unreadable()
            .into_iter()
            .map(|u| (u.event_id, u.event_type))
            .collect();
        assert_eq!(
            listed,
            [
                ("evt_n".into(), "order.completed".into()),
                ("evt_o".into(), "domain_import.failed".into())
            ]
        );
        assert_eq!(t.events_seen(), 5);
        assert_eq!(t.status_of("swap", "swp_1").as_deref(), Some("completed"));
        let back = Tracker::from_json(&t.to_json()).unwrap();
        assert_eq!(back, t);
        // A state stored before the list existed still loads, with an empty list.
        let old = Tracker::from_json(r#"{"seen":["evt_1"],"states":{}}"#).unwrap();
        assert!(old.unreadable().is_empty());
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
    fn ties_and_offsets_compare_as_instants() {
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
