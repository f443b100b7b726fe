//! The order tracker (`peeker_core::Tracker`) as a wasm-bindgen class, wrapped by
//! the JavaScript `Tracker` of lib/client.mjs. Its state lives in the module's
//! memory: applying an event costs the event, not the whole state. Conversions of
//! JavaScript values (which may run user code) happen before the state is
//! borrowed, so re-entrant calls cannot collide.
use crate::convert::{
    arg_str, is_array, is_nullish, is_record, json_parse, must_be, option, required, string_of,
    stringify,
};
use crate::{throw, JsResult, ToJs};
use js_sys::{Array, JsString};
use peeker_core::state::{self, State};
use peeker_core::tracker::{OpenAction, OrderView};
use peeker_core::{Code, Error, Event, Tracker};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The raw tracker handle. Not part of the public API (see `Tracker` in JavaScript).
#[wasm_bindgen]
#[derive(Default)]
pub struct WasmTracker {
    inner: RefCell<Tracker>,
}

fn action_object(a: &OpenAction) -> JsValue {
    object!(
        "eventType": &a.event_type,
        "resourceId": &a.resource_id,
        "message": &a.message,
    )
}

fn view_object(v: &OrderView) -> JsValue {
    object!(
        "id": &v.id,
        "status": &v.status,
        "domainsConnected": v.domains_connected,
        "domainsTotal": v.domains_total,
        "actions": v.actions.iter().map(action_object).collect::<Array>(),
    )
}

/// An event object as `verifyWebhook` returns it: `{id, type, created_at, data}`.
fn event_arg(v: &JsValue) -> JsResult<Event> {
    required(v, "event")?;
    if !is_record(v) {
        return Err(must_be(v, "event", "the object verifyWebhook returns"));
    }
    let id = arg_str(&option(v, "id", "event")?, "event.id")?;
    let event_type = arg_str(&option(v, "type", "event")?, "event.type")?;
    let created = option(v, "created_at", "event")?;
    let created_at = if is_nullish(&created) {
        None
    } else {
        Some(arg_str(&created, "event.created_at")?)
    };
    let data = option(v, "data", "event")?;
    let data = if data.is_undefined() {
        serde_json::Value::Null
    } else {
        crate::json::to_json_under(&data, "event.data")?
    };
    Event::from_parts(id, event_type, created_at, data).map_err(throw)
}

#[wasm_bindgen]
impl WasmTracker {
    /// An empty tracker.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmTracker {
        WasmTracker::default()
    }

    /// Restores a state from `toJSON()`: its JSON text or the object.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(state: JsValue) -> JsResult<WasmTracker> {
        let what = "what tracker.toJSON() returned, or its JSON text";
        let text = state_text(&state, "state", true, what)?;
        let t = Tracker::from_json(&text).map_err(|e| throw(e.with_field("state")))?;
        Ok(WasmTracker {
            inner: RefCell::new(t),
        })
    }

    /// Feeds one verified event; `false` when its id was seen before.
    pub fn apply(&self, event: JsValue) -> JsResult<bool> {
        let e = event_arg(&event)?;
        Ok(self.inner.borrow_mut().apply(&e))
    }

    /// `{id, status, domainsConnected, domainsTotal, actions}` or `null`.
    pub fn order(&self, id: JsValue) -> JsResult {
        let id = arg_str(&id, "id")?;
        let view = self.inner.borrow().order(&id);
        Ok(view.as_ref().map(view_object).to_js())
    }

    /// Every order id seen.
    #[wasm_bindgen(js_name = orderIds)]
    pub fn order_ids(&self) -> Array {
        self.inner
            .borrow()
            .order_ids()
            .iter()
            .map(|s| JsValue::from_str(s))
            .collect()
    }

    /// Open `domain_import.action_required` imports.
    #[wasm_bindgen(js_name = importActions)]
    pub fn import_actions(&self) -> Array {
        self.inner
            .borrow()
            .import_actions()
            .iter()
            .map(action_object)
            .collect()
    }

    /// Events of a followed kind whose `data` named no resource: `{eventId, eventType}`.
    pub fn unreadable(&self) -> Array {
        let events = self.inner.borrow().unreadable();
        events
            .iter()
            .map(|u| object!("eventId": &u.event_id, "eventType": &u.event_type))
            .collect()
    }

    /// Latest status of an `order`, `domain`, `import` or `swap`, or `null`.
    #[wasm_bindgen(js_name = statusOf)]
    pub fn status_of(&self, kind: JsValue, id: JsValue) -> JsResult {
        let kind = arg_str(&kind, "kind")?;
        let kind = state::Kind::from_arg(&kind).map_err(throw)?;
        let id = arg_str(&id, "id")?;
        Ok(self
            .inner
            .borrow()
            .status_of(kind.as_str(), &id)
            .as_ref()
            .to_js())
    }

    /// Distinct events applied.
    #[wasm_bindgen(js_name = eventsSeen)]
    pub fn events_seen(&self) -> f64 {
        self.inner.borrow().events_seen() as f64
    }

    /// The state as a JSON-compatible object (store it; `fromJSON` restores it).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsResult {
        let text = self.inner.borrow().to_json();
        json_parse(&text).map_err(|_| {
            throw(Error::new(
                Code::Internal,
                "The tracker state does not parse back; please report it.",
            ))
        })
    }
}

/// Does nothing, but calling it performs a reset the panic hook scheduled. The
/// JavaScript `Tracker` calls it before using its handle: wasm-bindgen checks a
/// handle for staleness before it performs a scheduled reset, so without this
/// the first call after a panic would use an old handle on the fresh instance.
#[doc(hidden)]
#[wasm_bindgen(js_name = __sync)]
pub fn sync() {}

// Per-resource states (peeker_core::state): stored JSON text in, JSON text out.

/// A stored state: its JSON text or the parsed object.
fn required_state(v: &JsValue, name: &str) -> JsResult<State> {
    let text = state_text(
        v,
        name,
        false,
        "a stored state (its JSON text or object) or null",
    )?;
    State::from_json(&text).map_err(|e| throw(e.with_field(name)))
}

/// The JSON text of a required state argument: a string, or an object (an array
/// too when `arrays`) through `JSON.stringify`; else `{name} must be {what}`.
fn state_text(v: &JsValue, name: &str, arrays: bool, what: &str) -> JsResult<String> {
    required(v, name)?;
    if let Some(js) = v.dyn_ref::<JsString>() {
        string_of(js, name)
    } else if v.is_object() && (arrays || !is_array(v).unwrap_or(false)) {
        stringify(v, name)
    } else {
        Err(must_be(v, name, what))
    }
}

/// [`required_state`], or none for `null` and `undefined`.
fn state_arg(v: &JsValue, name: &str) -> JsResult<Option<State>> {
    if is_nullish(v) {
        return Ok(None);
    }
    required_state(v, name).map(Some)
}

/// `stateKey(event)`: `"KIND:ID"` of the resource the event is about, or `null`.
#[wasm_bindgen(js_name = stateKey)]
pub fn state_key(event: JsValue) -> JsResult {
    let e = event_arg(&event)?;
    Ok(state::key_of(&e).as_ref().to_js())
}

/// `stateReduce(state, event)`: the new stored state (JSON text), the state as it
/// was for an event about no followed resource, `null` when both are none.
#[wasm_bindgen(js_name = stateReduce)]
pub fn state_reduce(state: JsValue, event: JsValue) -> JsResult {
    let st = state_arg(&state, "state")?;
    let e = event_arg(&event)?;
    let next = state::reduce(st, &e).map_err(throw)?;
    Ok(next.map(|s| s.to_json()).as_ref().to_js())
}

/// `stateMerge(a, b)`: two stored states of one resource merged (JSON text).
#[wasm_bindgen(js_name = stateMerge)]
pub fn state_merge(a: JsValue, b: JsValue) -> JsResult {
    let mut a = required_state(&a, "a")?;
    let b = required_state(&b, "b")?;
    a.merge(&b).map_err(throw)?;
    Ok(JsValue::from_str(&a.to_json()))
}

/// `stateOrderView(orderId, orderState, domainStates)`: the order's view (as
/// `Tracker#order`) from stored states, or `null`.
#[wasm_bindgen(js_name = stateOrderView)]
pub fn state_order_view(order_id: JsValue, order: JsValue, domains: JsValue) -> JsResult {
    let id = arg_str(&order_id, "orderId")?;
    let order = state_arg(&order, "orderState")?;
    if !is_array(&domains).unwrap_or(false) {
        let what = "an array of stored states";
        return Err(must_be(&domains, "domainStates", what));
    }
    let list: &Array = domains.unchecked_ref();
    let mut states = Vec::with_capacity(list.length() as usize);
    for (i, d) in list.iter().enumerate() {
        states.push(required_state(&d, &format!("domainStates[{i}]"))?);
    }
    let view = state::order_view(&id, order.as_ref(), &states).map_err(throw)?;
    Ok(view.as_ref().map(view_object).to_js())
}
