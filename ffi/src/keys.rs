//! The order dedupe key (the core's `keys`).
use super::*;

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

/// The order dedupe key: lower-case hex HMAC-SHA256, keyed with the API key, of
/// the RFC 8785 canonical form of the order body. Two bodies that are the same
/// order (key order, white space) give the same key.
///
/// `api_key` (UTF-8; empty is `PEEKER_STATUS_INVALID_API_KEY`; never appears in
/// messages), `body_json`: the order body as JSON text (`PEEKER_STATUS_INVALID_JSON`,
/// or `PEEKER_STATUS_UNSUPPORTED_NUMBER` for floats / integers beyond 2^53). On
/// success `*out` receives the 64-character key (free with `peeker_string_free`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_order_dedupe_key(
    api_key: *const u8,
    api_key_len: usize,
    body_json: *const u8,
    body_json_len: usize,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let key = text_arg(api_key, api_key_len, "api_key")?;
            let body = bytes_arg(body_json, body_json_len, "body_json")?;
            let k = peeker_core::order_dedupe_key(key, body)?;
            Ok(owned_string(&k))
        })
    }
}
