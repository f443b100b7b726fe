//! The Partner API model through the C ABI: the operations, a client
//! (configuration) and requests built by operation name from JSON parameters
//! (responses: `response.rs`; the order tracker: `tracker.rs`).
//!
//! Like the rest of the ABI this only translates: `peeker_core::Client::build_operation`
//! holds every path and rule.
use super::*;
use peeker_core::{ApiKey, Client, Environment, Operation, Request, OPERATIONS};
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
    pub(crate) client: Client,
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
    unsafe {
        produce(out, || {
            let key = text_arg(api_key, api_key_len, "api_key")?;
            let base = text_arg(base_url, base_url_len, "base_url")?;
            let suffix = text_arg(
                user_agent_suffix,
                user_agent_suffix_len,
                "user_agent_suffix",
            )?;
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
            Ok(new_handle(PeekerClient {
                key: ApiKey::new(key)?,
                base_url: Text::new(client.base_url()),
                user_agent: Text::new(client.user_agent()),
                client,
            }))
        })
    }
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
    unsafe { text_of(client, len_out, |c| Some(&c.base_url)) }
}

/// The User-Agent the client's requests carry. Borrowed like
/// `peeker_client_base_url`.
/// Thread safety: any thread; concurrent use of one client is fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_client_user_agent(
    client: *const PeekerClient,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(client, len_out, |c| Some(&c.user_agent)) }
}

/// Frees a `PeekerClient` (and forgets its API key). NULL is allowed and does
/// nothing. Requests and results made with it stay valid.
/// Thread safety: not concurrently with any other use of the same client.
#[no_mangle]
pub unsafe extern "C" fn peeker_client_free(client: *mut PeekerClient) {
    unsafe { free_handle(client) }
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/// A request ready to send (opaque): method, full URL, headers, body. Made by
/// `peeker_client_build` (free with `peeker_request_free`) or borrowed from a
/// result (`peeker_response_next`). Immutable.
pub struct PeekerRequest {
    pub(crate) request: Request,
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

/// The operation named by a text argument (an unknown name is the core's
/// `invalid_argument`, field `"operation"`).
pub(crate) unsafe fn operation_arg(operation: *const u8, len: usize) -> Result<Operation, Error> {
    Operation::parse(unsafe { text_arg(operation, len, "operation")? })
}

/// What a log shows instead of the value of the request header `name` (`len`
/// bytes): `"Bearer <redacted>"` for `Authorization` (it holds the API key), NULL
/// for a header shown as it is (or a name that is not UTF-8). Static; never free
/// it. Print a request through it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_redacted_header_value(
    name: *const u8,
    len: usize,
) -> *const c_char {
    guard(std::ptr::null(), || {
        let Ok(name) = (unsafe { text_arg(name, len, "name") }) else {
            return std::ptr::null();
        };
        // The core's one text, as a C string made once.
        static TEXT: std::sync::OnceLock<std::ffi::CString> = std::sync::OnceLock::new();
        match peeker_core::response::redacted_header_value(name) {
            Some(v) => TEXT
                .get_or_init(|| std::ffi::CString::new(v).unwrap_or_default())
                .as_ptr(),
            None => std::ptr::null(),
        }
    })
}

/// Whether an operation's requests are retry-safe (the value
/// `peeker_request_retry_safe` gives every request it builds), by name:
/// writes it to `*out` and returns `PEEKER_STATUS_OK`; an unknown name is
/// `PEEKER_STATUS_INVALID_ARGUMENT`, field `"operation"`.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_operation_retry_safe(
    operation: *const u8,
    operation_len: usize,
    out: *mut bool,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            Ok(operation_arg(operation, operation_len)?.retry_safe())
        })
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
    unsafe {
        produce(out, || {
            let c = handle_arg(client, "client")?;
            let op = operation_arg(operation, operation_len)?;
            let text = text_arg(params_json, params_json_len, "params_json")?;
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
            let r = c.client.build_operation(op, &params)?;
            Ok(new_handle(PeekerRequest::from(r)))
        })
    }
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
    unsafe { text_of(request, len_out, |r| Some(&r.method)) }
}

/// The full URL, query encoded. Borrowed like `peeker_request_method`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_url(
    request: *const PeekerRequest,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(request, len_out, |r| Some(&r.url)) }
}

/// Whether the library may send this request again on its own after a timeout
/// or a 5xx answer (the operation's `retry_safe`: every GET, `check_availability`,
/// `create_order`, `import_domains`, `create_import_job`, `update_forwarding`;
/// not swaps, bundles or `cancel_order`). Pass it to `peeker_retry_decide`.
/// false if `request` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_retry_safe(request: *const PeekerRequest) -> bool {
    unsafe { read(request, false, |r| r.request.retry_safe) }
}

/// Number of headers to send (0 if `request` is NULL): `Authorization`,
/// `Accept`, `User-Agent`, and `Content-Type` when there is a body.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_header_count(request: *const PeekerRequest) -> usize {
    unsafe { read(request, 0, |r| r.headers.len()) }
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
    unsafe { text_of(request, len_out, |r| r.headers.get(i).map(|h| &h.0)) }
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
    unsafe { text_of(request, len_out, |r| r.headers.get(i).map(|h| &h.1)) }
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
    unsafe { text_of(request, len_out, |r| r.body.as_ref()) }
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
    unsafe { text_of(request, len_out, |r| Some(&r.json)) }
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
    unsafe {
        produce(out, || {
            let c = handle_arg(client, "client")?;
            let r = handle_arg(request, "request")?;
            Ok(match r.request.dedupe_key(&c.key) {
                None => std::ptr::null_mut(),
                Some(k) => owned_string(&k?),
            })
        })
    }
}

/// Frees a `PeekerRequest` made by `peeker_client_build`. NULL is allowed and
/// does nothing. Never pass it the borrowed request of `peeker_response_next`.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_request_free(request: *mut PeekerRequest) {
    unsafe { free_handle(request) }
}
