//! Sans-IO request building for every documented endpoint (NEW generation, base
//! `https://api.peeker.ai/partner/v1`). Each builder validates what the docs state,
//! before anything is sent, and returns a plain [`Request`] value: method, full URL,
//! headers and body bytes. Sending it is the caller's job (any HTTP client).
//!
//! By concern: the request types here; the client's configuration and the
//! request assembly every builder shares in `client`; one builder per endpoint
//! in `operations`; the body and argument checks in `validate`.
use crate::error::{Code, Error};
use serde_json::Value;
use std::fmt;
use url::Url;

pub mod bodies;
mod client;
mod operations;
mod validate;

pub use bodies::{
    BundleBody, BundleFilters, BundleSettings, BundleUpdate, DomainFilters, DomainForwarding,
    Filters, ForwardingBody, OrderBody, OrderDomain, OrderFilters, OrderPlan, PendingActionFilters,
    Sequencer, SwapBody, SwapFilters, SwapType, UserNameSwapBody,
};
pub use validate::check_http_url;

/// The documented base URL of the current (NEW) API generation.
pub const DEFAULT_BASE_URL: &str = "https://api.peeker.ai/partner/v1";
/// Personas per order (and per user-name swap).
pub const MAX_PERSONAS: usize = 10;
/// `per_page` range of list endpoints.
pub const PER_PAGE_RANGE: std::ops::RangeInclusive<u32> = 1..=100;

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// `GET`, `POST`, `PATCH`, `DELETE`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Which environment an API key belongs to (the key decides; the base URL is shared).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    /// `pk_live_…`
    Live,
    /// `pk_test_…` (sandbox)
    Test,
}

impl Environment {
    /// `live` or `test`, as `GET /me` reports it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Environment::Live => "live",
            Environment::Test => "test",
        }
    }
}

/// An API key; its value never appears in Debug output or messages.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// The error of no key at all (empty, or a binding's `null`): `invalid_api_key`.
    pub fn missing() -> Error {
        Error::new(
            Code::InvalidApiKey,
            "An API key is required: your pk_live_… or pk_test_… key (Partner portal → Settings → API).",
        )
    }

    /// Checks the `pk_live_…` / `pk_test_…` form.
    pub fn new(key: &str) -> Result<ApiKey, Error> {
        let k = key.trim();
        if k.is_empty() {
            return Err(ApiKey::missing());
        }
        let env_ok = k
            .strip_prefix("pk_live_")
            .or_else(|| k.strip_prefix("pk_test_"));
        match env_ok {
            Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_graphic()) => Ok(ApiKey(k.to_string())),
            _ => Err(Error::new(
                Code::InvalidApiKey,
                "The API key must look like pk_live_… or pk_test_… (Partner portal → Settings → API).",
            )),
        }
    }
    /// The environment the key belongs to.
    pub fn environment(&self) -> Environment {
        if self.0.starts_with("pk_live_") {
            Environment::Live
        } else {
            Environment::Test
        }
    }
    /// The key itself, for the Authorization header or the dedupe key.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ApiKey({}_<redacted>)",
            if self.0.starts_with("pk_live_") {
                "pk_live"
            } else {
                "pk_test"
            }
        )
    }
}

/// A request ready to send.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// Full URL with its encoded query.
    pub url: String,
    /// Headers: Authorization, Accept, User-Agent, and Content-Type when there is a body.
    pub headers: Vec<(String, String)>,
    /// JSON body bytes, if any.
    pub body: Option<Vec<u8>>,
    /// Whether the SDK may send this request again on its own after a timeout or
    /// a 5xx answer ([`crate::Operation::retry_safe`] of the operation that built
    /// it; the retry decision is [`crate::retry::decide`]).
    pub retry_safe: bool,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = crate::response::redacted_header_value(k).unwrap_or(v);
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())),
            )
            .finish()
    }
}

impl Request {
    /// The body parsed back as JSON (for inspection and tests).
    pub fn body_json(&self) -> Option<Value> {
        self.body
            .as_ref()
            .and_then(|b| serde_json::from_slice(b).ok())
    }
    /// The order dedupe key of this request's body (`POST /orders`), keyed with `key`.
    pub fn dedupe_key(&self, key: &ApiKey) -> Option<Result<String, Error>> {
        self.body
            .as_ref()
            .map(|b| crate::keys::order_dedupe_key(key.expose(), b))
    }
}

/// Optional paging of list endpoints. The `page_token` is never built by hand: use
/// [`Client::next_page`] with `links.next`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Paging {
    /// 1–100; the server's default is 25.
    pub per_page: Option<u32>,
}

/// Configuration plus the request builders.
#[derive(Clone, Debug)]
pub struct Client {
    base: Url,
    key: ApiKey,
    user_agent: String,
}

impl Client {
    /// The client's API key (for the Authorization header, the dedupe key, and
    /// redaction: see [`crate::redact`]).
    pub fn api_key(&self) -> &ApiKey {
        &self.key
    }
}

#[cfg(test)]
mod tests;
