//! The Partner API model through the C ABI: a client (configuration), requests
//! built by operation name from JSON parameters, responses parsed into typed JSON
//! plus typed error, retry and paging accessors, and the backoff delay (the order
//! tracker is in tracker.rs).
//!
//! Like the rest of the ABI this only translates: `peeker_core::Client::build_operation`
//! and `peeker_core::parse_response` hold every path, rule and model.
use super::*;
use peeker_core::{ApiKey, Client, Environment, Request, OPERATIONS};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/// Room for the longest operation name plus its NUL.
const OPERATION_WIDTH: usize = 32;

/// NUL-terminated copies of `peeker_core::OPERATIONS`, built at compile time.
static OPERATION_NAMES: [[u8; OPERATION_WIDTH]; OPERATIONS.len()] = {
    let mut t = [[0u8; OPERATION_WIDTH]; OPERATIONS.len()];
    let mut i = 0;
    while i < OPERATIONS.len() {
        t[i] = cbuf(OPERATIONS[i]);
        i += 1;
    }
    t
};

/// Number of operations `peeker_client_build` and `peeker_client_parse` know
/// (every documented endpoint, plus `"next_page"`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_operation_count() -> usize {
    OPERATIONS.len()
}

/// The name of operation `i` (0-based, in the order of the API reference), e.g.
/// `"create_order"`; NULL when `i` is out of range. Static; never free it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_operation_name(i: usize) -> *const c_char {
    guard(std::ptr::null(), || {
        OPERATION_NAMES
            .get(i)
            .map_or(std::ptr::null(), |n| n.as_ptr() as *const c_char)
    })
}

// ---------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------

/// Which environment an API key belongs to (the key decides; see
/// `peeker_client_environment`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeekerEnvironment {
    /// No client (a NULL handle).
    Unknown = 0,
    /// A `pk_live_...` key.
    Live = 1,
    /// A `pk_test_...` key (the sandbox).
    Test = 2,
}

static ENVIRONMENT_NAMES: [[u8; 8]; 2] = [
    cbuf(Environment::Live.as_str()),
    cbuf(Environment::Test.as_str()),
];

/// A configured API client (opaque): API key, base URL, User-Agent. Create with
/// `peeker_client_new`, free with `peeker_client_free`. Immutable: one client may
/// be used by any number of threads at once. The API key is never printed and
/// never appears in a message.
pub struct PeekerClient {
    client: Client,
    key: ApiKey,
    base_url: Text,
    user_agent: Text,
}

/// Creates a client.
///
/// - `api_key`: `pk_live_...` or `pk_test_...` (else `PEEKER_STATUS_INVALID_API_KEY`;
///   the key never appears in a message or the last error).
/// - `base_url`: `NULL, 0` (or empty) for the documented
///   `https://api.peeker.ai/partner/v1`; otherwise an http(s) URL without a query
///   (the offline sandbox, a proxy, tests), else `PEEKER_STATUS_INVALID_BASE_URL`.
/// - `user_agent_suffix`: `NULL, 0` for none, or a product token such as
///   `"acme-portal/2.1"` or a binding's own name (`"python/3.11"`). The User-Agent
///   is the SDK's, then the suffix, or `c` when there is none:
///   `"peeker-sdk/0.1.0 acme-portal/2.1"`, `"peeker-sdk/0.1.0 c"`.
///
/// On success `*out` receives a new `PeekerClient*` (free with `peeker_client_free`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_client_new(
    api_key: *const u8,
    api_key_len: usize,
    base_url: *const u8,
    base_url_len: usize,
    user_agent_suffix: *const u8,
    user_agent_suffix_len: usize,
    out: *mut *mut PeekerClient,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let key = unsafe { text_arg(api_key, api_key_len, "api_key")? };
        let base = unsafe { text_arg(base_url, base_url_len, "base_url")? };
        let suffix = unsafe {
            text_arg(
                user_agent_suffix,
                user_agent_suffix_len,
                "user_agent_suffix",
            )?
        };
        let mut client = Client::new(key)?;
        if !base.is_empty() {
            client = client.with_base_url(base)?;
        }
        // The calling binding names itself in the suffix (Python passes "python/3.11");
        // plain C callers get "c".
        let client = client.with_user_agent_suffix(if suffix.trim().is_empty() {
            "c"
        } else {
            suffix
        });
        let h = PeekerClient {
            key: ApiKey::new(key)?,
            base_url: Text::new(client.base_url()),
            user_agent: Text::new(client.user_agent()),
            client,
        };
        unsafe { write_out(out, Box::into_raw(Box::new(h))) };
        Ok(())
    })
}

/// The environment of the client's API key: `PEEKER_ENVIRONMENT_LIVE` or
/// `PEEKER_ENVIRONMENT_TEST` (`PEEKER_ENVIRONMENT_UNKNOWN` if `client` is NULL).
/// Thread safety: any thread; concurrent use of one client is fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_client_environment(
    client: *const PeekerClient,
) -> PeekerEnvironment {
    guard(PeekerEnvironment::Unknown, || {
        match unsafe { handle(client) }.map(|c| c.client.environment()) {
            Some(Environment::Live) => PeekerEnvironment::Live,
            Some(Environment::Test) => PeekerEnvironment::Test,
            None => PeekerEnvironment::Unknown,
        }
    })
}

/// The environment as its string, `"live"` or `"test"` (as `GET /me` reports it).
/// Static; NULL if `client` is NULL.
/// Thread safety: any thread; concurrent use of one client is fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_client_environment_name(
    client: *const PeekerClient,
) -> *const c_char {
    guard(std::ptr::null(), || {
        match unsafe { handle(client) }.map(|c| c.client.environment()) {
            Some(Environment::Live) => ENVIRONMENT_NAMES[0].as_ptr() as *const c_char,
            Some(Environment::Test) => ENVIRONMENT_NAMES[1].as_ptr() as *const c_char,
            None => std::ptr::null(),
        }
    })
}

/// The base URL in use, without a trailing slash. Borrowed, NUL-terminated,
/// valid until `peeker_client_free(client)`; `len_out` (may be NULL) receives
/// the length. NULL if `client` is NULL.
/// Thread safety: any thread; concurrent use of one client is fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_client_base_url(
    client: *const PeekerClient,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(client).map(|c| &c.base_url), len_out)
    })
}

/// The User-Agent the client's requests carry. Borrowed like
/// `peeker_client_base_url`.
/// Thread safety: any thread; concurrent use of one client is fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_client_user_agent(
    client: *const PeekerClient,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(client).map(|c| &c.user_agent), len_out)
    })
}

/// Frees a `PeekerClient` (and forgets its API key). NULL is allowed and does
/// nothing. Requests and results made with it stay valid.
/// Thread safety: not concurrently with any other use of the same client.
#[no_mangle]
pub unsafe extern "C" fn peeker_client_free(client: *mut PeekerClient) {
    if client.is_null() {
        return;
    }
    // SAFETY: the caller promises `client` came from `peeker_client_new`.
    guard((), || drop(unsafe { Box::from_raw(client) }))
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/// A request ready to send (opaque): method, full URL, headers, body. Made by
/// `peeker_client_build` (free with `peeker_request_free`) or borrowed from a
/// result (`peeker_result_next`). Immutable.
pub struct PeekerRequest {
    request: Request,
    method: Text,
    url: Text,
    headers: Vec<(Text, Text)>,
    body: Option<Text>,
    json: Text,
}

impl From<Request> for PeekerRequest {
    fn from(r: Request) -> Self {
        PeekerRequest {
            method: Text::new(r.method.as_str()),
            url: Text::new(&r.url),
            headers: r
                .headers
                .iter()
                .map(|(n, v)| (Text::new(n), Text::new(v)))
                .collect(),
            body: r.body.as_deref().map(Text::from_bytes),
            json: Text::new(&r.to_json()),
            request: r,
        }
    }
}

unsafe fn client_arg<'a>(client: *const PeekerClient) -> Result<&'a PeekerClient, Error> {
    unsafe { handle(client) }.ok_or_else(|| null_argument("client"))
}

unsafe fn operation_arg<'a>(operation: *const u8, len: usize) -> Result<&'a str, Error> {
    unsafe { text_arg(operation, len, "operation") }
}

/// Adds the argument name to the core's "unknown operation" error.
fn unknown_operation(op: &str, e: Error) -> Error {
    if e.field.is_none() && !OPERATIONS.contains(&op) {
        e.with_field("operation")
    } else {
        e
    }
}

/// Builds the request of one operation, validating its parameters first.
///
/// - `client`: from `peeker_client_new`.
/// - `operation`: one of the names of `peeker_operation_name` (e.g.
///   `"create_order"`, `"list_orders"`, `"next_page"`); another name is
///   `PEEKER_STATUS_INVALID_ARGUMENT`, field `"operation"`.
/// - `params_json`: a JSON object (`NULL, 0` or empty text = `{}`) with the
///   operation's parameters: `"id"` (get/update/delete/cancel), `"domains"` (an
///   array of strings), `"body"` (the request body object, as in the API
///   reference), `"filters"` (an object of list filters), `"per_page"` (1-100),
///   `"next"` (a list's `links.next`, for `"next_page"`). Not JSON is
///   `PEEKER_STATUS_INVALID_JSON`.
///
/// Every documented rule is checked before anything is built; a violation is a
/// typed status (`PEEKER_STATUS_INVALID_REQUEST`, `_TOO_MANY_DOMAINS`, a domain
/// code such as `_SUBDOMAIN`, `_UNSUPPORTED_NUMBER`...) whose
/// `peeker_last_error_field()` is the API-style path of the culprit
/// (`"domains[1]"`, `"sequencer.login_password"`,
/// `"personas[0].profile_picture_url"`). Messages never contain the API key or a
/// password. On success `*out` receives a new `PeekerRequest*` (free with
/// `peeker_request_free`).
/// Thread safety: any thread, concurrently (also on one client).
#[no_mangle]
pub unsafe extern "C" fn peeker_client_build(
    client: *const PeekerClient,
    operation: *const u8,
    operation_len: usize,
    params_json: *const u8,
    params_json_len: usize,
    out: *mut *mut PeekerRequest,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let c = unsafe { client_arg(client)? };
        let op = unsafe { operation_arg(operation, operation_len)? };
        let text = unsafe { text_arg(params_json, params_json_len, "params_json")? };
        let params: Value = if text.trim().is_empty() {
            Value::Object(Default::default())
        } else {
            serde_json::from_str(text).map_err(|e| {
                Error::new(
                    Code::InvalidJson,
                    format!("params_json is not valid JSON: {e}."),
                )
                .with_field("params_json")
            })?
        };
        let r = c
            .client
            .build_operation(op, &params)
            .map_err(|e| unknown_operation(op, e))?;
        unsafe { write_out(out, Box::into_raw(Box::new(PeekerRequest::from(r)))) };
        Ok(())
    })
}

/// The HTTP method: `"GET"`, `"POST"`, `"PATCH"` or `"DELETE"`. Borrowed,
/// NUL-terminated, valid while `request` is; `len_out` (may be NULL) receives the
/// length. NULL if `request` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_method(
    request: *const PeekerRequest,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(request).map(|r| &r.method), len_out)
    })
}

/// The full URL, query encoded. Borrowed like `peeker_request_method`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_url(
    request: *const PeekerRequest,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(request).map(|r| &r.url), len_out)
    })
}

/// Number of headers to send (0 if `request` is NULL): `Authorization`,
/// `Accept`, `User-Agent`, and `Content-Type` when there is a body.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_header_count(request: *const PeekerRequest) -> usize {
    guard(0, || {
        unsafe { handle(request) }.map_or(0, |r| r.headers.len())
    })
}

/// The name of header `i` (0-based). Borrowed like `peeker_request_method`; NULL
/// if `request` is NULL or `i` is out of range.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_header_name(
    request: *const PeekerRequest,
    i: usize,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(
            handle(request).and_then(|r| r.headers.get(i)).map(|h| &h.0),
            len_out,
        )
    })
}

/// The value of header `i`. The `Authorization` value holds the API key: send
/// it, never log it. Borrowed like `peeker_request_header_name`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_header_value(
    request: *const PeekerRequest,
    i: usize,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(
            handle(request).and_then(|r| r.headers.get(i)).map(|h| &h.1),
            len_out,
        )
    })
}

/// The body to send (JSON text, UTF-8; NUL-terminated and `*len_out` bytes long),
/// or NULL when the request has no body (GET, DELETE, a whole-order cancel).
/// Send exactly these bytes: the order dedupe key is computed over them.
/// Borrowed like `peeker_request_method`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_body(
    request: *const PeekerRequest,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(request).and_then(|r| r.body.as_ref()), len_out)
    })
}

/// The whole request as compact JSON: `{"method", "url", "headers": [[name,
/// value]...], "body": string|null}`. It includes the Authorization header (the
/// API key): it is what you send, not something to log. Borrowed like
/// `peeker_request_method`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_json(
    request: *const PeekerRequest,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(request).map(|r| &r.json), len_out)
    })
}

/// The order dedupe key of the request's body, keyed with `client`'s API key (the
/// same as `peeker_order_dedupe_key(api_key, body)`): store it with the order to
/// recognise a retry of the same `create_order`. On `PEEKER_STATUS_OK`, `*out` is
/// a new 64-character string (free with `peeker_string_free`), or NULL when the
/// request has no body.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_dedupe_key(
    client: *const PeekerClient,
    request: *const PeekerRequest,
    out: *mut *mut c_char,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let c = unsafe { client_arg(client)? };
        let r = unsafe { handle(request) }.ok_or_else(|| null_argument("request"))?;
        let key = match r.request.dedupe_key(&c.key) {
            None => std::ptr::null_mut(),
            Some(k) => owned_string(&k?),
        };
        unsafe { write_out(out, key) };
        Ok(())
    })
}

/// Frees a `PeekerRequest` made by `peeker_client_build`. NULL is allowed and
/// does nothing. Never pass it the borrowed request of `peeker_result_next`.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_free(request: *mut PeekerRequest) {
    if request.is_null() {
        return;
    }
    // SAFETY: the caller promises `request` came from `peeker_client_build`.
    guard((), || drop(unsafe { Box::from_raw(request) }))
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

/// The parsed response of one operation (opaque): success with typed data (and
/// the next page's request for lists), or the API's error with retry advice.
/// Create with `peeker_client_parse`, free with `peeker_result_free`. Immutable.
pub struct PeekerResult {
    ok: bool,
    status: u16,
    request_id: Option<Text>,
    data_json: Option<Text>,
    next: Option<Box<PeekerRequest>>,
    error_code: Option<Text>,
    message: Option<Text>,
    field: Option<Text>,
    details_json: Option<Text>,
    retry: PeekerRetry,
    retry_after: Option<u64>,
    json: Text,
    /// The classification, for the core's retry decision.
    classified: peeker_core::Classified,
}

fn str_of(v: &Value, k: &str) -> Option<Text> {
    v.get(k).and_then(Value::as_str).map(Text::new)
}

impl PeekerResult {
    /// From the core's parsed JSON; `next` rebuilt as a request by the client.
    fn from_parsed(client: &Client, mut v: Value) -> Result<PeekerResult, Error> {
        let next = match v
            .get("next")
            .and_then(|n| n.get("url"))
            .and_then(Value::as_str)
        {
            Some(url) => client
                .next_page(Some(url))?
                .map(|r| Box::new(PeekerRequest::from(r))),
            None => None,
        };
        // The JSON form is for logs and generic consumers: the next page's
        // Authorization header is redacted there (send `peeker_result_next`).
        if let Some(Value::Array(hs)) = v.get_mut("next").and_then(|n| n.get_mut("headers")) {
            for h in hs.iter_mut() {
                if let Some([name, value]) = h.as_array_mut().map(|a| a.as_mut_slice()) {
                    if name
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case("authorization"))
                    {
                        *value = Value::String("Bearer <redacted>".into());
                    }
                }
            }
        }
        let retry = match v.get("retry").and_then(Value::as_str) {
            Some("after") => PeekerRetry::After,
            Some("backoff") => PeekerRetry::Backoff,
            _ => PeekerRetry::Never,
        };
        let ok = v.get("ok").and_then(Value::as_bool).unwrap_or(false);
        let status = v
            .get("status")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .unwrap_or(0);
        let core_retry = match (retry, v.get("retry_after_seconds").and_then(Value::as_u64)) {
            (PeekerRetry::After, Some(seconds)) => peeker_core::Retry::After { seconds },
            (PeekerRetry::Backoff, _) => peeker_core::Retry::Backoff,
            _ => peeker_core::Retry::Never,
        };
        let classified = peeker_core::Classified {
            status,
            ok,
            error_code: v
                .get("error_code")
                .and_then(Value::as_str)
                .map(String::from),
            message: None,
            field: None,
            details: v.get("details").filter(|d| !d.is_null()).cloned(),
            retry: core_retry,
            request_id: None,
        };
        Ok(PeekerResult {
            classified,
            ok,
            status: v
                .get("status")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(0),
            request_id: str_of(&v, "request_id"),
            data_json: if ok {
                v.get("data").map(|d| Text::new(&d.to_string()))
            } else {
                None
            },
            next,
            error_code: str_of(&v, "error_code"),
            message: str_of(&v, "message"),
            field: str_of(&v, "field"),
            details_json: v
                .get("details")
                .filter(|d| !d.is_null())
                .map(|d| Text::new(&d.to_string())),
            retry,
            retry_after: v.get("retry_after_seconds").and_then(Value::as_u64),
            json: Text::new(&v.to_string()),
        })
    }
}

/// Parses the raw HTTP response of `operation` (the request built with
/// `peeker_client_build`; for the request of `peeker_result_next`, pass the
/// operation of the list, or `"next_page"`, which keeps the rows as sent).
///
/// `status`: the HTTP status; `headers`/`header_count`: the response headers
/// (`NULL, 0` for none; not-UTF-8 bytes decoded lossily); `body`/`body_len`: the
/// raw body (any bytes).
///
/// An API error (4xx/5xx, including HTML from a proxy or an empty body) is not a
/// failure of this call: it returns `PEEKER_STATUS_OK` with a result whose
/// `peeker_result_ok()` is false, carrying the API's code, message, field,
/// request id and retry advice. This call fails with
/// `PEEKER_STATUS_UNEXPECTED_RESPONSE` when a 2xx body is not the documented
/// shape of the operation, and `PEEKER_STATUS_INVALID_ARGUMENT` (field
/// `"operation"`) for an unknown operation. On success `*out` receives a new
/// `PeekerResult*` (free with `peeker_result_free`).
/// Thread safety: any thread, concurrently (also on one client).
#[no_mangle]
pub unsafe extern "C" fn peeker_client_parse(
    client: *const PeekerClient,
    operation: *const u8,
    operation_len: usize,
    status: u16,
    headers: *const PeekerHeader,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut PeekerResult,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let c = unsafe { client_arg(client)? };
        let op = unsafe { operation_arg(operation, operation_len)? };
        let pairs = unsafe { headers_arg(headers, header_count)? };
        let body = unsafe { bytes_arg(body, body_len, "body")? };
        let v = peeker_core::parse_response(
            &c.client,
            op,
            status,
            pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            body,
        )
        .map_err(|e| unknown_operation(op, e))?;
        let r = PeekerResult::from_parsed(&c.client, v)?;
        unsafe { write_out(out, Box::into_raw(Box::new(r))) };
        Ok(())
    })
}

/// Whether the API answered with success (2xx). false if `result` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_ok(result: *const PeekerResult) -> bool {
    guard(false, || unsafe { handle(result) }.is_some_and(|r| r.ok))
}

/// The HTTP status (0 if `result` is NULL).
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_status(result: *const PeekerResult) -> u16 {
    guard(0, || unsafe { handle(result) }.map_or(0, |r| r.status))
}

/// The `Peeker-Request-Id` (log it; support finds calls by it), or NULL.
/// Borrowed, NUL-terminated, valid until `peeker_result_free(result)`; `len_out`
/// (may be NULL) receives the length.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_request_id(
    result: *const PeekerResult,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(result).and_then(|r| r.request_id.as_ref()), len_out)
    })
}

/// On success, the operation's data as compact JSON, checked against the
/// operation's typed model by the core: every documented field (null or its
/// default where the API sent none), plus the fields and enum values this
/// version does not know, as sent: an object for single resources, an array of
/// rows for lists.
/// NULL for an error result. Borrowed like `peeker_result_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_data_json(
    result: *const PeekerResult,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(result).and_then(|r| r.data_json.as_ref()), len_out)
    })
}

/// The request for the next page of a list (built from `links.next`; never by
/// hand), or NULL on the last page, for operations that are not lists, for
/// errors, and if `result` is NULL.
///
/// BORROWED: owned by `result`, valid until `peeker_result_free(result)`; do not
/// free it. Read it with the `peeker_request_*` accessors, send it, then parse
/// its response with `peeker_client_parse` (same list operation) before freeing
/// `result`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_next(result: *const PeekerResult) -> *const PeekerRequest {
    guard(std::ptr::null(), || {
        unsafe { handle(result) }
            .and_then(|r| r.next.as_deref())
            .map_or(std::ptr::null(), |n| n as *const PeekerRequest)
    })
}

/// The API's error code (e.g. `"rate_limited"`, `"invalid_request"`; codes this
/// version does not know are kept as sent), or NULL for a success or an error
/// body that is not the API's envelope (HTML from a proxy, empty, truncated).
/// Borrowed like `peeker_result_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_error_code(
    result: *const PeekerResult,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(result).and_then(|r| r.error_code.as_ref()), len_out)
    })
}

/// The API's error message (for people; never branch on it), or NULL.
/// Borrowed like `peeker_result_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_error_message(
    result: *const PeekerResult,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(result).and_then(|r| r.message.as_ref()), len_out)
    })
}

/// The request field the API's error is about (e.g. `"domains[1]"`), or NULL.
/// Borrowed like `peeker_result_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_error_field(
    result: *const PeekerResult,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(result).and_then(|r| r.field.as_ref()), len_out)
    })
}

/// The API error's `details` object as compact JSON, or NULL. Borrowed like
/// `peeker_result_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_error_details_json(
    result: *const PeekerResult,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(
            handle(result).and_then(|r| r.details_json.as_ref()),
            len_out,
        )
    })
}

/// The retry advice: `PEEKER_RETRY_NEVER` (success, or 4xx: fix the request),
/// `PEEKER_RETRY_AFTER` (429: wait `peeker_result_retry_after_seconds`) or
/// `PEEKER_RETRY_BACKOFF` (5xx: wait `peeker_backoff_delay_ms(attempt, jitter)`).
/// `PEEKER_RETRY_NEVER` if `result` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_retry(result: *const PeekerResult) -> PeekerRetry {
    guard(PeekerRetry::Never, || {
        unsafe { handle(result) }.map_or(PeekerRetry::Never, |r| r.retry)
    })
}

/// The retry advice as its stable string: `"never"`, `"after"` or `"backoff"`.
/// Static; NULL if `result` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_retry_name(result: *const PeekerResult) -> *const c_char {
    guard(std::ptr::null(), || {
        unsafe { handle(result) }.map_or(std::ptr::null(), |r| {
            RETRY_NAMES[r.retry as usize].as_ptr() as *const c_char
        })
    })
}

/// When the advice is `PEEKER_RETRY_AFTER`: writes the seconds to wait (the
/// API's `details.retry_after_seconds`, or the documented default) to
/// `*seconds_out` and returns true. Otherwise (or if an argument is NULL)
/// returns false and leaves `*seconds_out` untouched.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_retry_after_seconds(
    result: *const PeekerResult,
    seconds_out: *mut u64,
) -> bool {
    guard(false, || {
        match (
            unsafe { handle(result) }.and_then(|r| r.retry_after),
            seconds_out.is_null(),
        ) {
            (Some(s), false) => {
                unsafe { write_out(seconds_out, s) };
                true
            }
            _ => false,
        }
    })
}

/// The whole result as compact JSON: `{"ok": true, "status", "request_id",
/// "data", "next"}` (`next` only for lists: the next page's request, with its
/// Authorization value redacted, or null) or `{"ok": false, "status",
/// "error_code", "message", "field", "details", "retry", "retry_after_seconds",
/// "request_id"}`. Safe to log. Borrowed like `peeker_result_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_json(
    result: *const PeekerResult,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(result).map(|r| &r.json), len_out)
    })
}

/// Frees a `PeekerResult` and its borrowed next-page request. NULL is allowed
/// and does nothing.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_free(result: *mut PeekerResult) {
    if result.is_null() {
        return;
    }
    // SAFETY: the caller promises `result` came from `peeker_client_parse`.
    guard((), || drop(unsafe { Box::from_raw(result) }))
}

/// The suggested wait, in milliseconds, before retry number `attempt` (1-based)
/// of a request whose advice is `PEEKER_RETRY_BACKOFF`: exponential from 0.5 s,
/// capped at 30 s, with "equal jitter". `jitter` in [0, 1] is yours (e.g.
/// `rand() / (double)RAND_MAX`): the library has no randomness. Values outside
/// [0, 1] are clamped; NaN counts as 0.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_backoff_delay_ms(attempt: u32, jitter: f64) -> u64 {
    guard(0, || {
        peeker_core::response::backoff_delay_ms(attempt, jitter)
    })
}

/// The retry decision for a parsed response, the same rule every binding's
/// transport uses (the core's `retry_delay_ms`): returns true and writes the wait
/// in milliseconds to `*delay_ms_out` when the request should be retried, false
/// otherwise (success, a 4xx, a 429 for `cloudflare_account_capacity`, a wait
/// longer than `max_wait_ms`, or `attempt >= max_attempts`). `attempt` is the
/// 1-based attempt that produced `result`; `jitter` in [0, 1] is yours.
/// `result` NULL gives false. `delay_ms_out` may be NULL.
/// Thread safety: any thread; `result` is only read.
#[no_mangle]
pub unsafe extern "C" fn peeker_result_retry_delay_ms(
    result: *const PeekerResult,
    attempt: u32,
    max_attempts: u32,
    jitter: f64,
    max_wait_ms: u64,
    delay_ms_out: *mut u64,
) -> bool {
    guard(false, || {
        // SAFETY: the caller promises `result` is NULL or from `peeker_client_parse`.
        let Some(r) = (unsafe { result.as_ref() }) else {
            return false;
        };
        match peeker_core::response::retry_delay_ms(
            &r.classified,
            attempt,
            max_attempts,
            jitter,
            max_wait_ms,
        ) {
            Some(ms) => {
                if !delay_ms_out.is_null() {
                    // SAFETY: non-NULL out pointers must be writable.
                    unsafe { *delay_ms_out = ms };
                }
                true
            }
            None => false,
        }
    })
}

/// The retry decision when no response came back (the core's
/// `network_retry_delay_ms`): a request that surely was not sent (connection
/// refused, name not resolved) is retried like a 5xx; one that may have reached
/// the server (timeout, broken connection) only when `idempotent` (GET). Returns
/// true and writes the wait to `*delay_ms_out` (may be NULL) to retry.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_network_retry_delay_ms(
    attempt: u32,
    max_attempts: u32,
    surely_not_sent: bool,
    idempotent: bool,
    jitter: f64,
    max_wait_ms: u64,
    delay_ms_out: *mut u64,
) -> bool {
    guard(false, || {
        match peeker_core::response::network_retry_delay_ms(
            attempt,
            max_attempts,
            surely_not_sent,
            idempotent,
            jitter,
            max_wait_ms,
        ) {
            Some(ms) => {
                if !delay_ms_out.is_null() {
                    // SAFETY: non-NULL out pointers must be writable.
                    unsafe { *delay_ms_out = ms };
                }
                true
            }
            None => false,
        }
    })
}
