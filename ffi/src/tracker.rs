//! The order tracker through the C ABI (`peeker_core::Tracker`), fed with
//! verified webhook events. Like the rest of the ABI this only translates.
use super::*;
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

unsafe fn tracker_arg<'a>(tracker: *const PeekerTracker) -> Result<&'a PeekerTracker, Error> {
    unsafe { handle(tracker) }.ok_or_else(|| null_argument("tracker"))
}

/// A new, empty tracker in `*out` (free with `peeker_tracker_free`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_new(out: *mut *mut PeekerTracker) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        unsafe {
            write_out(
                out,
                Box::into_raw(Box::new(PeekerTracker {
                    tracker: Tracker::new(),
                })),
            )
        };
        Ok(())
    })
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
    boundary(|| {
        out_arg(out, "out")?;
        let text = unsafe { text_arg(json, json_len, "json")? };
        let tracker = Tracker::from_json(text).map_err(|e| e.with_field("json"))?;
        unsafe { write_out(out, Box::into_raw(Box::new(PeekerTracker { tracker }))) };
        Ok(())
    })
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
        // SAFETY: the caller promises a live tracker used by no other thread now.
        let t = unsafe { tracker.as_mut() }.ok_or_else(|| null_argument("tracker"))?;
        let e = unsafe { handle(event) }.ok_or_else(|| null_argument("event"))?;
        let applied = t.tracker.apply(&e.event);
        if !applied_out.is_null() {
            unsafe { write_out(applied_out, applied) };
        }
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
    boundary(|| {
        out_arg(out, "out")?;
        let t = unsafe { tracker_arg(tracker)? };
        let id = unsafe { text_arg(order_id, order_id_len, "order_id")? };
        let json = t
            .tracker
            .order(id)
            .map(|v| serde_json::to_string(&v).expect("order views serialise"));
        unsafe {
            write_out(
                out,
                json.as_deref().map_or(std::ptr::null_mut(), owned_string),
            )
        };
        Ok(())
    })
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
    boundary(|| {
        out_arg(out, "out")?;
        let t = unsafe { tracker_arg(tracker)? };
        let kind = unsafe { text_arg(kind, kind_len, "kind")? };
        if !matches!(kind, "order" | "import" | "domain" | "swap") {
            return Err(Error::new(
                Code::InvalidArgument,
                "kind must be \"order\", \"import\", \"domain\" or \"swap\".",
            )
            .with_field("kind"));
        }
        let id = unsafe { text_arg(id, id_len, "id")? };
        let status = t.tracker.status_of(kind, id);
        unsafe {
            write_out(
                out,
                status.as_deref().map_or(std::ptr::null_mut(), owned_string),
            )
        };
        Ok(())
    })
}

/// The ids of every order the tracker has seen, as a JSON array of strings
/// (sorted). `*out` is a new string (free with `peeker_string_free`).
/// Thread safety: concurrent reads of one tracker are fine, not during an apply.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_order_ids_json(
    tracker: *const PeekerTracker,
    out: *mut *mut c_char,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let t = unsafe { tracker_arg(tracker)? };
        let json = serde_json::to_string(&t.tracker.order_ids()).expect("strings serialise");
        unsafe { write_out(out, owned_string(&json)) };
        Ok(())
    })
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
    boundary(|| {
        out_arg(out, "out")?;
        let t = unsafe { tracker_arg(tracker)? };
        let json = serde_json::to_string(&t.tracker.import_actions()).expect("actions serialise");
        unsafe { write_out(out, owned_string(&json)) };
        Ok(())
    })
}

/// Number of distinct events applied (0 if `tracker` is NULL).
/// Thread safety: concurrent reads of one tracker are fine, not during an apply.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_events_seen(tracker: *const PeekerTracker) -> usize {
    guard(0, || {
        unsafe { handle(tracker) }.map_or(0, |t| t.tracker.events_seen())
    })
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
    boundary(|| {
        out_arg(out, "out")?;
        let t = unsafe { tracker_arg(tracker)? };
        unsafe { write_out(out, owned_string(&t.tracker.to_json())) };
        Ok(())
    })
}

/// Frees a `PeekerTracker`. NULL is allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same tracker.
#[no_mangle]
pub unsafe extern "C" fn peeker_tracker_free(tracker: *mut PeekerTracker) {
    if tracker.is_null() {
        return;
    }
    // SAFETY: the caller promises `tracker` came from `peeker_tracker_new` / `_from_json`.
    guard((), || drop(unsafe { Box::from_raw(tracker) }))
}
