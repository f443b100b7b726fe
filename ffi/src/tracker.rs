//! The order tracker through the C ABI (`peeker_core::Tracker`), fed with
//! verified webhook events. Like the rest of the ABI this only translates.
use super::*;
use peeker_core::state::{self, State};
use peeker_core::Tracker;

// ---------------------------------------------------------------------------
// Order tracker
// ---------------------------------------------------------------------------

/// The order tracker (opaque): feed it verified webhook events in any order,
/// with repeats, and read each order's state. Create with `peeker_tracker_new`
/// or `peeker_tracker_from_json`, free with `peeker_tracker_free`.
///
/// NOT for sharing between threads without a lock: `peeker_tracker_apply`
/// changes it, and must not run at the same time as any other call on the same
/// tracker. Reads (`_order_json`, `_to_json`, ...) may run together when no
/// apply is running. Different trackers are independent.
pub struct PeekerTracker {
    tracker: Tracker,
}

/// A new, empty tracker in `*out` (free with `peeker_tracker_free`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_new(out: *mut *mut PeekerTracker) -> PeekerStatus {
    unsafe {
        produce(out, || {
            Ok(new_handle(PeekerTracker {
                tracker: Tracker::new(),
            }))
        })
    }
}

/// Restores a tracker stored with `peeker_tracker_to_json` (keep it in your
/// database between webhook requests). Text that is not a stored state is
/// `PEEKER_STATUS_INVALID_JSON`. On success `*out` receives a new tracker.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_from_json(
    json: *const u8,
    json_len: usize,
    out: *mut *mut PeekerTracker,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let text = text_arg(json, json_len, "json")?;
            let tracker = Tracker::from_json(text).map_err(|e| e.with_field("json"))?;
            Ok(new_handle(PeekerTracker { tracker }))
        })
    }
}

/// Feeds one verified event (from a verify function) to the tracker. Events may
/// come in any order and more than once: a repeat of an event id changes
/// nothing. `applied_out` (optional, may be NULL) receives true when the event
/// was new, false when it was a duplicate. The event stays yours to free.
/// Thread safety: exclusive: no other call on the same tracker at the same time.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_apply(
    tracker: *mut PeekerTracker,
    event: *const PeekerEvent,
    applied_out: *mut bool,
) -> PeekerStatus {
    boundary(|| {
        let t = unsafe { handle_mut_arg(tracker, "tracker")? };
        let e = unsafe { handle_arg(event, "event")? };
        let applied = t.tracker.apply(e);
        unsafe { write_opt_out(applied_out, applied) };
        Ok(())
    })
}

/// What the tracker knows of order `order_id`, as JSON: `{"id", "status"
/// (terminal states never regress), "domains_connected", "domains_total" (or
/// null), "actions": [{"event_type", "resource_id", "message"}]}` (the open
/// actions with what to show the customer). On `PEEKER_STATUS_OK`, `*out` is a
/// new string (free with `peeker_string_free`), or NULL when no event mentioned
/// the order.
/// Thread safety: concurrent reads of one tracker are fine, not during an apply.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_order_json(
    tracker: *const PeekerTracker,
    order_id: *const u8,
    order_id_len: usize,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let t = handle_arg(tracker, "tracker")?;
            let id = text_arg(order_id, order_id_len, "order_id")?;
            let json = t
                .tracker
                .order(id)
                .map(|v| serde_json::to_string(&v).expect("order views serialise"));
            Ok(owned_opt(json.as_deref()))
        })
    }
}

/// The current status of one resource: `kind` is `"order"`, `"import"`,
/// `"domain"` or `"swap"` (another is `PEEKER_STATUS_INVALID_ARGUMENT`, field
/// `"kind"`), `id` its id. The status of its latest event by `created_at`
/// (compared as instants), a terminal one never overtaken. On
/// `PEEKER_STATUS_OK`, `*out` is a new string (free with `peeker_string_free`),
/// or NULL when no event named the resource.
/// Thread safety: concurrent reads of one tracker are fine, not during an apply.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_status(
    tracker: *const PeekerTracker,
    kind: *const u8,
    kind_len: usize,
    id: *const u8,
    id_len: usize,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let t = handle_arg(tracker, "tracker")?;
            let kind = text_arg(kind, kind_len, "kind")?;
            let kind = peeker_core::state::Kind::from_arg(kind)?;
            let id = text_arg(id, id_len, "id")?;
            let status = t.tracker.status_of(kind.as_str(), id);
            Ok(owned_opt(status.as_deref()))
        })
    }
}

/// One of the tracker's lists as a new JSON string in `*out`.
unsafe fn tracker_list_json<T: serde::Serialize>(
    tracker: *const PeekerTracker,
    out: *mut *mut c_char,
    list: fn(&Tracker) -> Vec<T>,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let t = handle_arg(tracker, "tracker")?;
            let json = serde_json::to_string(&list(&t.tracker)).expect("lists serialise");
            Ok(owned_string(&json))
        })
    }
}

/// The ids of every order the tracker has seen, as a JSON array of strings
/// (sorted). `*out` is a new string (free with `peeker_string_free`).
/// Thread safety: concurrent reads of one tracker are fine, not during an apply.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_order_ids_json(
    tracker: *const PeekerTracker,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe { tracker_list_json(tracker, out, Tracker::order_ids) }
}

/// The open `domain_import.action_required` imports ("waiting on registrar":
/// the nameservers to show the customer), as a JSON array of `{"event_type",
/// "resource_id", "message"}`. `*out` is a new string (free with
/// `peeker_string_free`).
/// Thread safety: concurrent reads of one tracker are fine, not during an apply.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_import_actions_json(
    tracker: *const PeekerTracker,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe { tracker_list_json(tracker, out, Tracker::import_actions) }
}

/// The events of a followed kind (`order.*`, `domain.*`, `domain_import.*`,
/// `swap.*`) whose `data` named no resource the tracker could read (no string
/// `id`): counted, never dropped without a word. A JSON array of `{"event_id",
/// "event_type"}`, `[]` for every event in the documented shapes; log them and
/// ask the API for the resource. `*out` is a new string (free with
/// `peeker_string_free`).
/// Thread safety: concurrent reads of one tracker are fine, not during an apply.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_unreadable_json(
    tracker: *const PeekerTracker,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe { tracker_list_json(tracker, out, Tracker::unreadable) }
}

/// Number of distinct events applied (0 if `tracker` is NULL).
/// Thread safety: concurrent reads of one tracker are fine, not during an apply.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_events_seen(tracker: *const PeekerTracker) -> usize {
    unsafe { read(tracker, 0, |t| t.tracker.events_seen()) }
}

/// The tracker's whole state as JSON, to store between requests and restore with
/// `peeker_tracker_from_json`. `*out` is a new string (free with
/// `peeker_string_free`). Two trackers fed the same events in any order give the
/// same text.
/// Thread safety: concurrent reads of one tracker are fine, not during an apply.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_to_json(
    tracker: *const PeekerTracker,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let t = handle_arg(tracker, "tracker")?;
            Ok(owned_string(&t.tracker.to_json()))
        })
    }
}

/// Frees a `PeekerTracker`. NULL is allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same tracker.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_free(tracker: *mut PeekerTracker) {
    unsafe { free_handle(tracker) }
}

// ---------------------------------------------------------------------------
// Per-resource states (peeker_core::state): the bounded form for storage
// ---------------------------------------------------------------------------

/// A stored state's JSON, or None for `(NULL, 0)`.
unsafe fn state_arg(json: *const u8, len: usize, name: &str) -> Result<Option<State>, Error> {
    if json.is_null() && len == 0 {
        return Ok(None);
    }
    let text = unsafe { text_arg(json, len, name)? };
    State::from_json(text)
        .map(Some)
        .map_err(|e| e.with_field(name))
}

/// The storage key of the resource a verified event is about, `"KIND:ID"` (kinds
/// `order`, `domain`, `import`, `swap`; e.g. `"order:ord_1"`): the row to read,
/// reduce and write. On `PEEKER_STATUS_OK`, `*out` is a new string (free with
/// `peeker_string_free`), or NULL when the event is about no followed resource
/// (another event type, or no `data.id`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_state_key(
    event: *const PeekerEvent,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let e = handle_arg(event, "event")?;
            Ok(owned_opt(state::key_of(e).as_deref()))
        })
    }
}

/// Reduces one verified event into a stored resource state: `state_json` is the
/// resource's state as this function last returned it, or `(NULL, 0)` for none
/// yet. Any order, any repetition of the same events gives the same text; the
/// winner is the terminal event first, then the latest `created_at` (as an
/// instant), then the larger event id. On `PEEKER_STATUS_OK`, `*out` is a new
/// string (free with `peeker_string_free`): the new state, the state unchanged
/// when the event is about no followed resource, or NULL when there was no state
/// and the event is about no followed resource. A state that is not a stored
/// state is `PEEKER_STATUS_INVALID_JSON` (field `state_json`); an event about
/// another resource is `PEEKER_STATUS_INVALID_ARGUMENT` (field `event`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_state_reduce(
    state_json: *const u8,
    state_len: usize,
    event: *const PeekerEvent,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let st = state_arg(state_json, state_len, "state_json")?;
            let e = handle_arg(event, "event")?;
            let next = state::reduce(st, e)?;
            Ok(owned_opt(next.map(|s| s.to_json()).as_deref()))
        })
    }
}

/// Merges two stored states of the same resource (commutative, associative,
/// idempotent: the state of the union of their events). On `PEEKER_STATUS_OK`,
/// `*out` is a new string (free with `peeker_string_free`). States of different
/// resources are `PEEKER_STATUS_INVALID_ARGUMENT` (field `other`); text that is
/// not a stored state is `PEEKER_STATUS_INVALID_JSON` (field `a` or `b`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_state_merge(
    a: *const u8,
    a_len: usize,
    b: *const u8,
    b_len: usize,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let a = text_arg(a, a_len, "a")?;
            let b = text_arg(b, b_len, "b")?;
            let mut a = State::from_json(a).map_err(|e| e.with_field("a"))?;
            let b = State::from_json(b).map_err(|e| e.with_field("b"))?;
            a.merge(&b)?;
            Ok(owned_string(&a.to_json()))
        })
    }
}

/// The view of order `order_id` (the JSON of `peeker_tracker_order_json`) from
/// stored states: `order_json` is the order's state or `(NULL, 0)`, `domains_json`
/// a JSON array of stored states (domains of other orders and other kinds are
/// ignored). On `PEEKER_STATUS_OK`, `*out` is a new string (free with
/// `peeker_string_free`), or NULL when no state names the order.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_state_order_view_json(
    order_id: *const u8,
    order_id_len: usize,
    order_json: *const u8,
    order_len: usize,
    domains_json: *const u8,
    domains_len: usize,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let id = text_arg(order_id, order_id_len, "order_id")?;
            let order = state_arg(order_json, order_len, "order_json")?;
            let domains = text_arg(domains_json, domains_len, "domains_json")?;
            let domains: Vec<State> = serde_json::from_str(domains).map_err(|e| {
                Error::new(
                    Code::InvalidJson,
                    format!("domains_json is not a JSON array of stored states: {e}."),
                )
                .with_field("domains_json")
            })?;
            let view = state::order_view(id, order.as_ref(), &domains)?
                .map(|v| serde_json::to_string(&v).expect("order views serialise"));
            Ok(owned_opt(view.as_deref()))
        })
    }
}
