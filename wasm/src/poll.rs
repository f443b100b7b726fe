//! Pollers (`peeker_core::Poller`) as a wasm-bindgen class, driven by the
//! JavaScript `waitFor` loop of lib/client.mjs (its clock, its sleep): the core
//! decides when to poll again and when to stop.
use crate::convert::{arg_number, arg_str, is_nullish, option, string_of};
use crate::http::MAX_SAFE;
use crate::{throw, JsResult};
use peeker_core::{PollDecision, PollKind, Poller};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// The raw poller handle. Not part of the public API (see `client.waitFor`).
#[wasm_bindgen]
pub struct WasmPoller {
    inner: RefCell<Poller>,
}

fn ms_option(options: &JsValue, key: &str) -> JsResult<Option<u64>> {
    let v = option(options, key, "options")?;
    if is_nullish(&v) {
        return Ok(None);
    }
    let name = format!("options.{key}");
    Ok(Some(
        arg_number(&v, &name, 0.0, MAX_SAFE, false)?.ceil() as u64
    ))
}

#[wasm_bindgen]
impl WasmPoller {
    /// `new WasmPoller(kind, {intervalMs, pollTimeoutMs, maxPolls})`: `kind` is
    /// `"import"`, `"import_job"` or `"order"`; `intervalMs` defaults to the
    /// documented 60 s.
    #[wasm_bindgen(constructor)]
    pub fn new(kind: JsValue, options: JsValue) -> JsResult<WasmPoller> {
        let kind = PollKind::parse(&arg_str(&kind, "kind")?).map_err(throw)?;
        let mut p = Poller::new(kind);
        if let Some(ms) = ms_option(&options, "intervalMs")? {
            p = p
                .with_interval_ms(ms)
                .map_err(|e| throw(e.with_field("options.intervalMs")))?;
        }
        if let Some(ms) = ms_option(&options, "pollTimeoutMs")? {
            p = p.with_timeout_ms(ms);
        }
        if let Some(n) = ms_option(&options, "maxPolls")? {
            p = p.with_max_polls(u32::try_from(n).unwrap_or(u32::MAX));
        }
        Ok(WasmPoller {
            inner: RefCell::new(p),
        })
    }

    /// The operation polled: `get_import`, `get_import_job` or `get_order`.
    #[wasm_bindgen(getter)]
    pub fn operation(&self) -> String {
        self.inner.borrow().kind().operation().as_str().to_string()
    }

    /// `next(nowMs, status, id)`: `{decision: "wait" | "done" | "timed_out",
    /// waitMs, status, message}` (`waitMs` null unless waiting; `message` the
    /// core's words when it gives up, else null).
    pub fn next(&self, now_ms: JsValue, status: JsValue, id: JsValue) -> JsResult {
        let now = arg_number(&now_ms, "now", 0.0, MAX_SAFE, false)? as u64;
        // Not a string: the data had no string status, the core's error.
        let status = match status.dyn_ref::<js_sys::JsString>() {
            Some(s) => Some(string_of(s, "status")?),
            None => None,
        };
        let id = arg_str(&id, "id")?;
        let mut p = self.inner.borrow_mut();
        let d = p.next_status(now, status.as_deref()).map_err(throw)?;
        let message = matches!(d, PollDecision::TimedOut { .. }).then(|| p.gave_up_message(&id));
        Ok(object!(
            "decision": d.as_str(),
            "waitMs": d.wait_ms(),
            "status": p.status(),
            "message": message.as_ref(),
        ))
    }
}
