//! Classifies raw HTTP responses of the Partner API: success or the error
//! envelope, the request id, and retry advice from the documented decision rule
//! (`core/docs/peeker-api.md` §2.4, §2.5).
use crate::request::Request;
use crate::retry::{Decision, Outcome, RetryPolicy};
use serde_json::Value;

/// Header carrying the request id on every response.
pub const REQUEST_ID_HEADER: &str = "Peeker-Request-Id";
/// Wait used for a 429 whose body gives no `retry_after_seconds` (the documented default).
pub const DEFAULT_RETRY_AFTER_SECS: u64 = 5;
/// First backoff delay for 5xx, in milliseconds.
pub const BACKOFF_BASE_MS: u64 = 500;
/// Largest backoff delay, in milliseconds.
pub const BACKOFF_CAP_MS: u64 = 30_000;

/// What to do about a failed request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Do not retry: fix the request, the key or its permissions.
    Never,
    /// Retry after this many seconds (429).
    After {
        /// Seconds to wait (add 0–1 s of jitter).
        seconds: u64,
    },
    /// Retry with exponential backoff (5xx); see [`backoff_delay_ms`].
    Backoff,
}

impl Retry {
    /// The names of [`Retry::as_str`], one per variant.
    pub const NAMES: &'static [&'static str] = &["never", "after", "backoff"];

    /// `never`, `after` or `backoff`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Retry::Never => "never",
            Retry::After { .. } => "after",
            Retry::Backoff => "backoff",
        }
    }
    /// The wait for [`Retry::After`].
    pub const fn after_seconds(self) -> Option<u64> {
        match self {
            Retry::After { seconds } => Some(seconds),
            _ => None,
        }
    }
}

/// Suggested delay before retry number `attempt` (1-based) of a 5xx, with the
/// caller's `jitter` in `[0, 1]` (the core has no randomness): "equal jitter" over
/// an exponential curve from 0.5 s, capped at 30 s.
pub fn backoff_delay_ms(attempt: u32, jitter: f64) -> u64 {
    let exp = BACKOFF_BASE_MS.saturating_mul(1u64 << attempt.saturating_sub(1).min(20));
    let full = exp.min(BACKOFF_CAP_MS);
    let j = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    full / 2 + ((full / 2) as f64 * j) as u64
}

/// The `details.reason` of a 429 that a retry does not cure: every Cloudflare
/// account is busy with synchronous imports; use `POST /domains/import/jobs`.
pub const CAPACITY_REASON: &str = "cloudflare_account_capacity";

/// One classified response.
#[derive(Clone, Debug, PartialEq)]
pub struct Classified {
    /// HTTP status.
    pub status: u16,
    /// 2xx.
    pub ok: bool,
    /// `error.code` of the envelope, `None` for success or a body that is not the envelope.
    pub error_code: Option<String>,
    /// `error.message` (never branch on it).
    pub message: Option<String>,
    /// `error.field`, the offending input.
    pub field: Option<String>,
    /// `error.details`.
    pub details: Option<Value>,
    /// Retry advice.
    pub retry: Retry,
    /// `Peeker-Request-Id`.
    pub request_id: Option<String>,
}

/// Classifies a response from its status, headers (names match case-insensitively)
/// and raw body. Never fails: a body that is not the envelope (HTML from a proxy,
/// empty, truncated) still yields the status, request id and retry advice.
pub fn classify<'a, I>(status: u16, headers: I, body: &[u8]) -> Classified
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let request_id = headers
        .into_iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(REQUEST_ID_HEADER))
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty());
    let ok = (200..300).contains(&status);
    let mut c = Classified {
        status,
        ok,
        error_code: None,
        message: None,
        field: None,
        details: None,
        retry: Retry::Never,
        request_id,
    };
    if ok {
        return c;
    }
    if let Ok(Value::Object(mut top)) = serde_json::from_slice::<Value>(body) {
        if let Some(Value::Object(mut err)) = top.remove("error") {
            let s = |v: Option<Value>| match v {
                Some(Value::String(s)) => Some(s),
                _ => None,
            };
            c.error_code = s(err.remove("code"));
            c.message = s(err.remove("message"));
            c.field = s(err.remove("field"));
            c.details = err.remove("details").filter(|d| !d.is_null());
        }
    }
    c.retry = match status {
        429 => Retry::After {
            seconds: c
                .details
                .as_ref()
                .and_then(|d| d.get("retry_after_seconds"))
                .and_then(|v| {
                    v.as_u64()
                        .or_else(|| v.as_f64().filter(|f| *f >= 0.0).map(|f| f.ceil() as u64))
                })
                .unwrap_or(DEFAULT_RETRY_AFTER_SECS),
        },
        500..=599 => Retry::Backoff,
        _ => Retry::Never,
    };
    c
}

impl Classified {
    /// The envelope's `error.code` as a typed value (unknown codes kept as `Other`).
    pub fn api_code(&self) -> Option<crate::models::ApiErrorCode> {
        self.error_code
            .as_deref()
            .map(crate::models::ApiErrorCode::parse)
    }

    /// A 429 with `details.reason` = [`CAPACITY_REASON`].
    pub fn is_capacity(&self) -> bool {
        self.status == 429
            && self
                .details
                .as_ref()
                .and_then(|d| d.get("reason"))
                .and_then(Value::as_str)
                == Some(CAPACITY_REASON)
    }

    /// The message of the `api_error` every binding raises for this response
    /// (Node's and Python's `ApiError`, C's `peeker_response_error_summary`): the
    /// status, the API's code and message, the field, the request id and the
    /// retry advice, e.g. `HTTP 429 rate_limited: slow down (request id req_1);
    /// retry after 12 s`.
    pub fn api_error_message(&self) -> String {
        let mut msg = format!("HTTP {}", self.status);
        match (self.error_code.as_deref(), self.message.as_deref()) {
            (Some(code), Some(m)) => msg.push_str(&format!(" {code}: {m}")),
            (Some(code), None) => msg.push_str(&format!(" {code}")),
            (None, Some(m)) => msg.push_str(&format!(": {m}")),
            (None, None) => {
                msg.push_str(" from the Peeker API; the body is not the API's error envelope")
            }
        }
        if let Some(f) = &self.field {
            msg.push_str(&format!(" (field {f})"));
        }
        if let Some(r) = &self.request_id {
            msg.push_str(&format!(" (request id {r})"));
        }
        match self.retry {
            Retry::After { seconds } => msg.push_str(&format!("; retry after {seconds} s")),
            Retry::Backoff => msg.push_str("; retry with backoff"),
            Retry::Never => {}
        }
        msg
    }

    /// As JSON: `ok`, `status`, `error_code`, `message`, `field`, `details`, `retry`,
    /// `retry_after_seconds`, `request_id`.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "ok": self.ok,
            "status": self.status,
            "error_code": self.error_code,
            "message": self.message,
            "field": self.field,
            "details": self.details,
            "retry": self.retry.as_str(),
            "retry_after_seconds": self.retry.after_seconds(),
            "request_id": self.request_id,
        })
        .to_string()
    }
}

/// The `links` and `meta` of a list page, as sent.
#[derive(Clone, Debug, PartialEq)]
pub struct PageInfo {
    /// `links` (`first`, `next`, …), or null when the page has none.
    pub links: Value,
    /// `meta` (`path`, `per_page`, `returned`, …), or null when the page has none.
    pub meta: Value,
}

/// What the Authorization value of a request reads wherever it is shown (`Debug`,
/// [`ApiResponse::to_json`], every binding's printed request).
pub const REDACTED_AUTHORIZATION: &str = "Bearer <redacted>";

/// What a log shows instead of a request header's value: [`REDACTED_AUTHORIZATION`]
/// for `Authorization` (it holds the API key), `None` for the headers shown as
/// they are. Every printed form of a request goes through it.
pub fn redacted_header_value(name: &str) -> Option<&'static str> {
    name.eq_ignore_ascii_case("authorization")
        .then_some(REDACTED_AUTHORIZATION)
}

/// The parsed response of one operation ([`crate::parse_response`]), or of a
/// response classified without one ([`ApiResponse::classified`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiResponse {
    /// The operation whose response this is; `None` when only classified.
    pub operation: Option<crate::api::Operation>,
    /// HTTP status.
    pub status: u16,
    /// `Peeker-Request-Id`.
    pub request_id: Option<String>,
    /// The classified error of a non-2xx response; `None` for a success.
    pub error: Option<Classified>,
    /// On success, `data` exactly as the server sent it (checked against the
    /// operation's typed model first): fields and enum values this version does
    /// not know are kept. `None` for an error, or when only classified.
    pub data: Option<Value>,
    /// For a list page: its `links` and `meta`.
    pub page: Option<PageInfo>,
    /// For a list page that is not the last: the next page's request, built from
    /// `links.next` (it carries the API key; send it, never log it).
    pub next: Option<Request>,
}

impl ApiResponse {
    /// A response classified without an operation: status, request id, error.
    pub fn classified(c: Classified) -> ApiResponse {
        ApiResponse {
            operation: None,
            status: c.status,
            request_id: c.request_id.clone(),
            error: (!c.ok).then_some(c),
            data: None,
            page: None,
            next: None,
        }
    }

    /// 2xx.
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// A list page's `meta` (`path`, `per_page`, `returned`, …) as sent; `None`
    /// when this is not a page or the page has none.
    pub fn meta(&self) -> Option<&Value> {
        self.page.as_ref().map(|p| &p.meta).filter(|m| !m.is_null())
    }

    /// A list page's `links.first` URL as sent (the first page of the same
    /// list); `None` when this is not a page or the page has none.
    pub fn first(&self) -> Option<&str> {
        self.page
            .as_ref()
            .and_then(|p| p.links.get("first"))
            .and_then(Value::as_str)
    }

    /// The retry advice (`Never` for a success).
    pub fn retry(&self) -> Retry {
        self.error.as_ref().map_or(Retry::Never, |e| e.retry)
    }

    /// The retry decision ([`crate::retry::decide`]) for this response as the
    /// outcome of attempt `attempt`; [`Decision::Stop`] for a success.
    pub fn retry_decision(
        &self,
        retry_safe: bool,
        attempt: u32,
        jitter: f64,
        policy: RetryPolicy,
    ) -> Decision {
        self.error.as_ref().map_or(Decision::Stop, |c| {
            crate::retry::decide(retry_safe, attempt, Outcome::Response(c), jitter, policy)
        })
    }

    /// As JSON, safe to log: an error, or a success only classified, is
    /// [`Classified::to_json`]'s object; a parsed
    /// success is `{"ok": true, "status", "request_id", "data"}` plus, for list
    /// operations, `"next"` (the next page's request as in
    /// [`Request::to_json`] with its Authorization value replaced by
    /// [`REDACTED_AUTHORIZATION`], or null) and, for a page, `"links"` and `"meta"`.
    pub fn to_json(&self) -> String {
        if let Some(c) = &self.error {
            return c.to_json();
        }
        if self.operation.is_none() {
            // Only classified: the classification's own form.
            return Classified {
                status: self.status,
                ok: true,
                error_code: None,
                message: None,
                field: None,
                details: None,
                retry: Retry::Never,
                request_id: self.request_id.clone(),
            }
            .to_json();
        }
        let mut out = serde_json::json!({
            "ok": true,
            "status": self.status,
            "request_id": self.request_id,
            "data": self.data,
        });
        if self.operation.is_some_and(|o| o.is_list()) {
            out["next"] = match &self.next {
                Some(r) => serde_json::json!({
                    "method": r.method.as_str(),
                    "url": r.url,
                    "headers": r.headers.iter().map(|(k, v)| {
                        let v = redacted_header_value(k).unwrap_or(v);
                        [k.as_str(), v]
                    }).collect::<Vec<_>>(),
                    "body": r.body.as_ref().map(|b| String::from_utf8_lossy(b)),
                }),
                None => Value::Null,
            };
        }
        if let Some(p) = &self.page {
            out["links"] = p.links.clone();
            out["meta"] = p.meta.clone();
        }
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_names_are_the_variants_names() {
        let all = [Retry::Never, Retry::After { seconds: 1 }, Retry::Backoff];
        assert_eq!(all.map(Retry::as_str), Retry::NAMES);
    }

    #[test]
    fn classifies() {
        let h = [("peeker-request-id", "req_1")];
        let c = classify(200, h, b"{\"data\":{}}");
        assert!(c.ok);
        assert_eq!(c.request_id.as_deref(), Some("req_1"));
        let c = classify(429, h, br#"{"error":{"code":"rate_limited","message":"x","details":{"retry_after_seconds":12}}}"#);
        assert_eq!(
            (c.error_code.as_deref(), c.retry),
            (Some("rate_limited"), Retry::After { seconds: 12 })
        );
        assert_eq!(c.api_code(), Some(crate::models::ApiErrorCode::RateLimited));
        let c = classify(429, [], b"");
        assert_eq!(
            c.retry,
            Retry::After {
                seconds: DEFAULT_RETRY_AFTER_SECS
            }
        );
        assert_eq!(c.api_code(), None);
        let c = classify(
            409,
            [],
            br#"{"error":{"code":"brand_new_code","message":"m"}}"#,
        );
        assert_eq!(c.api_code().unwrap().as_str(), "brand_new_code");
        let c = classify(
            400,
            [],
            br#"{"error":{"code":"invalid_request","message":"m","field":"domains[1]"}}"#,
        );
        assert_eq!(
            (c.field.as_deref(), c.retry),
            (Some("domains[1]"), Retry::Never)
        );
        let c = classify(502, [], b"<html>Bad Gateway</html>");
        assert_eq!((c.error_code, c.retry), (None, Retry::Backoff));
        let c = classify(503, [], b"{\"error\":");
        assert_eq!(c.retry, Retry::Backoff);
        assert_eq!(classify(404, [], b"null").retry, Retry::Never);
    }

    #[test]
    fn one_api_error_message() {
        let c = classify(429, [("Peeker-Request-Id", "req_1")], br#"{"error":{"code":"rate_limited","message":"slow down","field":"x","details":{"retry_after_seconds":12}}}"#);
        assert_eq!(
            c.api_error_message(),
            "HTTP 429 rate_limited: slow down (field x) (request id req_1); retry after 12 s"
        );
        assert_eq!(
            classify(502, [], b"<html>").api_error_message(),
            "HTTP 502 from the Peeker API; the body is not the API's error envelope; retry with backoff"
        );
        assert_eq!(
            classify(404, [], br#"{"error":{"code":"not_found"}}"#).api_error_message(),
            "HTTP 404 not_found"
        );
    }

    #[test]
    fn retry_decisions() {
        use crate::retry::{decide, Decision, Outcome, RetryPolicy};
        let p = |ms| RetryPolicy {
            max_attempts: 4,
            max_wait_ms: ms,
        };
        let c = classify(
            429,
            [],
            br#"{"error":{"code":"rate_limited","details":{"retry_after_seconds":2}}}"#,
        );
        let at = |c: &Classified, safe, a, j, ms| decide(safe, a, Outcome::Response(c), j, p(ms));
        assert_eq!(at(&c, false, 1, 0.5, 60_000), Decision::RetryAfterMs(2500));
        assert_eq!(at(&c, false, 4, 0.5, 60_000), Decision::Stop);
        assert_eq!(at(&c, false, 1, 0.5, 1_000), Decision::Stop);
        let cap = classify(429, [], br#"{"error":{"code":"rate_limited","details":{"reason":"cloudflare_account_capacity","retry_after_seconds":1}}}"#);
        assert!(cap.is_capacity());
        assert_eq!(at(&cap, true, 1, 0.0, 60_000), Decision::Stop);
        let s = classify(503, [], b"");
        assert_eq!(at(&s, true, 2, 1.0, 60_000), Decision::RetryAfterMs(1000));
        assert_eq!(at(&s, true, 2, 1.0, 700), Decision::RetryAfterMs(700));
        assert_eq!(at(&s, false, 2, 1.0, 60_000), Decision::Stop);
        assert_eq!(
            at(&classify(400, [], b""), true, 1, 0.0, 60_000),
            Decision::Stop
        );
    }

    #[test]
    fn page_meta_first_and_request_id_of_a_success() {
        let c = crate::Client::new("pk_test_abc")
            .unwrap()
            .with_base_url("http://127.0.0.1:9/partner/v1")
            .unwrap();
        let h = [("Peeker-Request-Id", "req_7")];
        let r = crate::parse_response(&c, crate::Operation::ListOrders, 200, h, br#"{"data":[],"links":{"first":"http://127.0.0.1:9/partner/v1/orders?per_page=2","next":null},"meta":{"path":"http://127.0.0.1:9/partner/v1/orders","per_page":2,"returned":0,"new":1}}"#).unwrap();
        assert_eq!(r.request_id.as_deref(), Some("req_7"));
        assert_eq!(
            r.first(),
            Some("http://127.0.0.1:9/partner/v1/orders?per_page=2")
        );
        let m = r.meta().unwrap();
        assert_eq!(
            (m["per_page"].as_u64(), m["new"].as_u64()),
            (Some(2), Some(1))
        );
        // A page without links or meta, and a resource that is not a page.
        let r = crate::parse_response(&c, crate::Operation::ListOrders, 200, h, br#"{"data":[]}"#)
            .unwrap();
        assert_eq!((r.first(), r.meta()), (None, None));
        let r = crate::parse_response(
            &c,
            crate::Operation::GetOrder,
            200,
            h,
            br#"{"data":{"id":"ord_1","status":"in_progress"}}"#,
        )
        .unwrap();
        assert_eq!(
            (r.first(), r.meta(), r.request_id.as_deref()),
            (None, None, Some("req_7"))
        );
    }

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(backoff_delay_ms(1, 0.0), 250);
        assert_eq!(backoff_delay_ms(1, 1.0), 500);
        assert_eq!(backoff_delay_ms(2, 1.0), 1000);
        assert_eq!(backoff_delay_ms(50, 1.0), BACKOFF_CAP_MS);
        assert_eq!(backoff_delay_ms(3, f64::NAN), 1000);
    }
}
