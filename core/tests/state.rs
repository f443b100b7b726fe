//! Property tests of the per-resource states (`peeker_core::state`): the merge is
//! a join-semilattice and the reducer gives the same state for the same set of
//! events in any order, grouping and repetition, with the documented winner.
use peeker_core::state::{self, State};
use peeker_core::{Code, Event};
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;

/// `created_at` forms with their instant rank (None: absent or unreadable, which
/// sorts before every instant). Several spell the same instant.
const TIMES: &[(Option<&str>, Option<u32>)] = &[
    (Some("2026-05-08T12:00:00Z"), Some(20)),
    (Some("2026-05-08T14:00:00+02:00"), Some(20)),
    (Some("2026-05-08T12:00:00.000Z"), Some(20)),
    (Some("2026-05-08T11:59:59.999999999Z"), Some(19)),
    (Some("2026-05-08T12:00:00.5Z"), Some(21)),
    (Some("2026-05-08T11:30:00-01:00"), Some(30)),
    (Some("2026-05-08T12:30:00z"), Some(30)),
    (Some("2026-05-07T23:00:00Z"), Some(10)),
    (Some("not a time"), None),
    (None, None),
];

const RESOURCES: &[(&str, &str)] = &[
    ("order", "ord_1"),
    ("order", "ord_2"),
    ("domain", "dom_a"),
    ("domain", "dom_b"),
    ("domain_import", "imp_1"),
    ("swap", "swp_1"),
];

const SUFFIXES: &[&str] = &[
    "in_progress",
    "action_required",
    "completed",
    "failed",
    "cancelled",
    "connected",
    "created",
    "forwarding_updated",
];

const TERMINAL: &[&str] = &[
    "order.completed",
    "order.failed",
    "order.cancelled",
    "domain_import.completed",
    "domain_import.failed",
    "swap.completed",
    "swap.failed",
];

/// One event (identified by its index, `evt_NNN`) with its instant rank.
#[derive(Clone, Debug)]
struct Gen {
    event: Event,
    rank: Option<u32>,
}

fn event(i: usize) -> impl Strategy<Value = Gen> {
    (
        0..RESOURCES.len(),
        0..SUFFIXES.len(),
        0..TIMES.len(),
        any::<bool>(),
        prop::option::of(0u64..4),
        prop::option::of(prop::sample::select(vec!["ord_1", "ord_2"])),
        prop::option::of(prop::sample::select(vec!["a.com", "b.com"])),
        prop::option::of(prop::sample::select(vec!["r1", "r2"])),
    )
        .prop_map(
            move |(r, sfx, t, with_status, count, order, name, reason)| {
                let (prefix, id) = RESOURCES[r];
                let mut data = json!({ "id": id });
                if with_status {
                    data["status"] = json!(SUFFIXES[(sfx + 1) % SUFFIXES.len()]);
                }
                if let Some(n) = count {
                    data["domain_count"] = json!(n);
                }
                if let Some(o) = order {
                    data["order_id"] = json!(o);
                }
                if let Some(n) = name {
                    data["domain"] = json!(n);
                }
                if let Some(why) = reason {
                    data["reason"] = json!(why);
                }
                Gen {
                    event: Event {
                        // Ids of different lengths and digits, so that the tie-break
                        // is the ids' order as text.
                        id: format!("evt_{}", (i * 7919) % 1000),
                        event_type: format!("{prefix}.{}", SUFFIXES[sfx]),
                        created_at: TIMES[t].0.map(String::from),
                        data,
                        secret_index: None,
                    },
                    rank: TIMES[t].1,
                }
            },
        )
}

fn events() -> impl Strategy<Value = Vec<Gen>> {
    (1usize..24).prop_flat_map(|n| (0..n).map(event).collect::<Vec<_>>())
}

/// Deliveries: each event at least once, up to five times, shuffled.
fn deliveries() -> impl Strategy<Value = (Vec<Gen>, Vec<usize>, Vec<usize>)> {
    events().prop_flat_map(|evs| {
        let n = evs.len();
        (
            Just(evs),
            prop::collection::vec(0..5usize, n),
            prop::collection::vec(0..n, 0..8),
        )
            .prop_flat_map(|(evs, repeats, cuts)| {
                let mut order: Vec<usize> = (0..evs.len())
                    .flat_map(|i| std::iter::repeat_n(i, 1 + repeats[i]))
                    .collect();
                order.sort_unstable();
                (Just(evs), Just(order).prop_shuffle(), Just(cuts))
            })
    })
}

/// Folds deliveries into one state per resource key.
fn fold<'a>(evs: impl IntoIterator<Item = &'a Event>) -> BTreeMap<String, State> {
    let mut states: BTreeMap<String, State> = BTreeMap::new();
    for e in evs {
        let Some(key) = state::key_of(e) else {
            continue;
        };
        let before = states.remove(&key);
        let after = state::reduce(before, e).unwrap().unwrap();
        assert_eq!(after.key(), key);
        states.insert(key, after);
    }
    states
}

fn merge_all(parts: Vec<BTreeMap<String, State>>) -> BTreeMap<String, State> {
    let mut out: BTreeMap<String, State> = BTreeMap::new();
    for part in parts {
        for (k, st) in part {
            match out.get_mut(&k) {
                Some(o) => {
                    o.merge(&st).unwrap();
                }
                None => {
                    out.insert(k, st);
                }
            }
        }
    }
    out
}

fn same_resource_states() -> impl Strategy<Value = (State, State, State)> {
    // Three states of one resource, each from a few events.
    (events(), 0..RESOURCES.len()).prop_map(|(evs, r)| {
        let (prefix, id) = RESOURCES[r];
        let mut parts: Vec<State> = Vec::new();
        for (i, mut g) in evs.into_iter().enumerate() {
            g.event.event_type = format!(
                "{prefix}{}",
                &g.event.event_type[g.event.event_type.find('.').unwrap()..]
            );
            g.event.data["id"] = json!(id);
            let one = State::from_event(&g.event).unwrap();
            if parts.len() < 3 {
                parts.push(one);
            } else {
                parts[i % 3].merge(&one).unwrap();
            }
        }
        while parts.len() < 3 {
            parts.push(parts[0].clone());
        }
        (parts[0].clone(), parts[1].clone(), parts[2].clone())
    })
}

fn merged(a: &State, b: &State) -> State {
    let mut x = a.clone();
    x.merge(b).unwrap();
    x
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, .. ProptestConfig::default() })]

    #[test]
    fn merge_is_commutative_associative_and_idempotent((a, b, c) in same_resource_states()) {
        prop_assert_eq!(merged(&a, &b), merged(&b, &a));
        prop_assert_eq!(merged(&merged(&a, &b), &c), merged(&a, &merged(&b, &c)));
        prop_assert_eq!(merged(&a, &a), a.clone());
        let ab = merged(&a, &b);
        prop_assert_eq!(merged(&ab, &b), ab.clone());
        prop_assert!(!ab.clone().merge(&a).unwrap(), "merging a part again changes nothing");
        // The JSON form round-trips and is the same text for equal states.
        prop_assert_eq!(State::from_json(&ab.to_json()).unwrap(), ab.clone());
        prop_assert_eq!(merged(&b, &a).to_json(), ab.to_json());
    }

    #[test]
    fn any_order_grouping_and_repetition_gives_the_same_states((evs, order, cuts) in deliveries()) {
        let reference = fold(evs.iter().map(|g| &g.event));
        let delivered: Vec<&Event> = order.iter().map(|&i| &evs[i].event).collect();
        prop_assert_eq!(&fold(delivered.iter().copied()), &reference);
        // Split the deliveries among writers, reduce each part alone, merge the parts
        // in reverse.
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (delivered.len() + 1)).collect();
        bounds.push(0);
        bounds.push(delivered.len());
        bounds.sort_unstable();
        let mut parts: Vec<BTreeMap<String, State>> = bounds
            .windows(2)
            .map(|w| fold(delivered[w[0]..w[1]].iter().copied()))
            .collect();
        parts.reverse();
        prop_assert_eq!(&merge_all(parts), &reference);

        for (key, st) in &reference {
            let mine: Vec<&Gen> = evs.iter().filter(|g| state::key_of(&g.event).as_deref() == Some(key)).collect();
            // The winner: terminal first, then the instant, then the larger event id.
            let best = mine
                .iter()
                .max_by(|x, y| {
                    let kx = (TERMINAL.contains(&x.event.event_type.as_str()), x.rank, &x.event.id);
                    let ky = (TERMINAL.contains(&y.event.event_type.as_str()), y.rank, &y.event.id);
                    kx.cmp(&ky)
                })
                .unwrap();
            prop_assert_eq!(&st.latest.event_id, &best.event.id);
            if mine.iter().any(|g| TERMINAL.contains(&g.event.event_type.as_str())) {
                prop_assert!(st.latest.terminal, "a terminal status is never overtaken");
            }
            prop_assert_eq!(st.connected, mine.iter().any(|g| g.event.event_type == "domain.connected"));
            // Bounded: no bigger than the largest one-event state plus the joined fields.
            let largest = mine.iter().map(|g| State::from_event(&g.event).unwrap().to_json().len()).max().unwrap();
            prop_assert!(st.to_json().len() <= largest + 64, "{} > {} + 64", st.to_json().len(), largest);
        }
    }
}

#[test]
fn a_state_refuses_another_resources_event_and_state() {
    let ev = |id: &str, t: &str, rid: &str| Event {
        id: id.into(),
        event_type: t.into(),
        created_at: Some("2026-05-08T12:00:00Z".into()),
        data: json!({ "id": rid }),
        secret_index: None,
    };
    let mut a = State::from_event(&ev("evt_1", "order.in_progress", "ord_1")).unwrap();
    let before = a.clone();
    let e = a
        .apply(&ev("evt_2", "order.completed", "ord_2"))
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (Code::InvalidArgument, Some("event"))
    );
    let e = a.apply(&ev("evt_3", "brand.new", "ord_1")).unwrap_err();
    assert_eq!(e.code, Code::InvalidArgument);
    let b = State::from_event(&ev("evt_4", "swap.completed", "ord_1")).unwrap();
    assert_eq!(a.merge(&b).unwrap_err().code, Code::InvalidArgument);
    assert_eq!(a, before);
    // An event about no followed resource leaves a stored state as it is.
    assert_eq!(
        state::reduce(Some(a.clone()), &ev("evt_5", "brand.new", "x")).unwrap(),
        Some(a.clone())
    );
    assert_eq!(
        state::reduce(None, &ev("evt_5", "brand.new", "x")).unwrap(),
        None
    );
    assert_eq!(State::from_json("{}").unwrap_err().code, Code::InvalidJson);
}

#[test]
fn a_domain_scoped_cancel_ends_no_order() {
    let ev = |id: &str, t: &str, at: &str, data: serde_json::Value| Event {
        id: id.into(),
        event_type: t.into(),
        created_at: Some(at.into()),
        data,
        secret_index: None,
    };
    let started = ev(
        "evt_1",
        "order.in_progress",
        "2026-05-08T12:00:00Z",
        json!({"id": "ord_1", "status": "in_progress"}),
    );
    let part = ev(
        "evt_2",
        "order.cancelled",
        "2026-05-09T12:00:00Z",
        json!({"id": "ord_1", "status": "cancelled", "scope": "domains", "domains": [{"id": "dom_a"}]}),
    );
    let whole = ev(
        "evt_3",
        "order.cancelled",
        "2026-05-10T12:00:00Z",
        json!({"id": "ord_1", "status": "cancelled"}),
    );
    assert_eq!(state::key_of(&part), None);
    let s = state::reduce(State::from_event(&started), &part)
        .unwrap()
        .unwrap();
    assert_eq!(s.status(), Some("in_progress"));
    assert!(!s.latest.terminal);
    let s = state::reduce(Some(s), &whole).unwrap().unwrap();
    assert_eq!((s.status(), s.latest.terminal), (Some("cancelled"), true));
    let mut t = peeker_core::Tracker::new();
    t.apply(&started);
    t.apply(&part);
    assert_eq!(t.order("ord_1").unwrap().status, "in_progress");
}

#[test]
fn the_order_view_comes_from_the_order_and_its_domains() {
    let ev = |id: &str, t: &str, at: &str, data: serde_json::Value| Event {
        id: id.into(),
        event_type: t.into(),
        created_at: Some(at.into()),
        data,
        secret_index: None,
    };
    let order = State::from_event(&ev(
        "evt_1",
        "order.action_required",
        "2026-05-08T12:00:00Z",
        json!({"id": "ord_1", "status": "action_required", "domain_count": 2}),
    ))
    .unwrap();
    let a = State::from_event(&ev(
        "evt_2",
        "domain.connected",
        "2026-05-08T12:01:00Z",
        json!({"id": "dom_a", "domain": "a.com", "order_id": "ord_1", "status": "active"}),
    ))
    .unwrap();
    let b = State::from_event(&ev(
        "evt_3",
        "domain.action_required",
        "2026-05-08T12:01:00Z",
        json!({"id": "dom_b", "domain": "b.com", "order_id": "ord_1"}),
    ))
    .unwrap();
    let other = State::from_event(&ev(
        "evt_4",
        "domain.connected",
        "2026-05-08T12:01:00Z",
        json!({"id": "dom_c", "order_id": "ord_2"}),
    ))
    .unwrap();
    let v = state::order_view("ord_1", Some(&order), [&a, &b, &other, &a])
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            v.status.as_str(),
            v.domains_connected,
            v.domains_total,
            v.actions.len()
        ),
        ("action_required", 1, Some(2), 2)
    );
    assert_eq!(v.actions[1].resource_id, "dom_b");
    let v = state::order_view("ord_2", None, [&a, &other])
        .unwrap()
        .unwrap();
    assert_eq!((v.status.as_str(), v.domains_connected), ("in_progress", 1));
    assert_eq!(state::order_view("ord_3", None, [&a]).unwrap(), None);
    assert_eq!(
        state::order_view("ord_2", Some(&order), [])
            .unwrap_err()
            .code,
        Code::InvalidArgument
    );
}
