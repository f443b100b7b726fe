//! A small blocking transport over [ureq](https://docs.rs/ureq) (cargo feature
//! `ureq`, off by default; it needs Rust 1.85). It sends a [`Request`] built by
//! [`Client`](crate::Client), classifies the answer with [`classify`], and follows
//! the retry advice:
//!
//! the core's retry decision ([`crate::retry::decide`], the one every binding
//! follows) after each attempt:
//!
//! * `429`: waits `details.retry_after_seconds` (default 5) plus 0–1 s of jitter,
//!   then retries; a wait longer than [`Transport::with_max_wait`] is not slept
//!   and the 429 is returned. A `429` whose `details.reason` is
//!   `cloudflare_account_capacity` is returned at once: the documented remedy is
//!   `POST /domains/import/jobs`, not a retry.
//! * `5xx`, or a timeout or broken connection (the request may have been carried
//!   out): retried after a backoff only when the request is
//!   [`Request::retry_safe`]; a swap, a bundle or a cancellation is never sent twice.
//! * a connection that could not be opened is retried after a backoff (nothing was sent).
//! * any other `4xx`, and errors no retry cures (TLS, an unbuildable request): never.
//!
//! At most [`Transport::with_max_attempts`] attempts (default 4) are made, each
//! within [`Transport::with_timeout`] (default 30 s). This is the I/O layer: it
//! sleeps between attempts. The rest of the core stays sans-IO.
//!
//! Helpers over [`Transport::send`]: [`Transport::pages`] follows a list's
//! `links.next` to the last page, yielding typed pages ([`ListPage`]: rows,
//! `links.first`, `meta`, request id); [`Transport::wait_for`] polls an import
//! or an order with a [`Poller`](crate::Poller), which decides when to poll
//! again and when to stop, until it is `completed`, `failed`,
//! `action_required` (or another status than `in_progress`).
use crate::models::{parse_data, parse_page, Page};
use crate::request::Request;
use crate::response::{classify, Classified};
use crate::retry::{decide, NetworkError, Outcome, RetryPolicy};
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::Duration;

/// Default number of attempts per request (the first try included).
pub use crate::retry::DEFAULT_MAX_ATTEMPTS;
/// Default longest single wait the transport sleeps before a retry.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(crate::retry::DEFAULT_MAX_WAIT_SECS);
/// Default timeout of one attempt (connect, send, receive).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(crate::retry::DEFAULT_TIMEOUT_MS);
/// Largest response body read, in bytes.
pub const MAX_RESPONSE_BYTES: u64 = 16 << 20;

/// One retry about to happen, for progress display and logs.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryNotice {
    /// The attempt that failed (1-based).
    pub attempt: u32,
    /// The response of that attempt, if one came back.
    pub classified: Option<Classified>,
    /// What went wrong when no response came back.
    pub network_error: Option<String>,
    /// How long the transport sleeps before the next attempt.
    pub delay: Duration,
}

/// A response read in full.
#[derive(Clone, Debug)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers, names as received.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
    /// The classification of this response ([`classify`]).
    pub classified: Classified,
    /// Attempts made to get it (1 when the first try answered).
    pub attempts: u32,
}

impl Response {
    /// `2xx`.
    pub fn ok(&self) -> bool {
        self.classified.ok
    }
    /// `Peeker-Request-Id`.
    pub fn request_id(&self) -> Option<&str> {
        self.classified.request_id.as_deref()
    }
    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
    /// `data` of a 2xx body as `T`; an error response gives
    /// [`Code::ApiError`](crate::Code::ApiError) with the API's code and request id.
    pub fn data<T: for<'de> serde::Deserialize<'de>>(&self) -> Result<T, crate::Error> {
        self.check()?;
        parse_data(&self.body)
    }
    /// A list page of a 2xx body.
    pub fn page<T: for<'de> serde::Deserialize<'de>>(&self) -> Result<Page<T>, crate::Error> {
        self.check()?;
        parse_page(&self.body)
    }
    fn check(&self) -> Result<(), crate::Error> {
        if self.ok() {
            return Ok(());
        }
        let c = &self.classified;
        let mut e = crate::Error::new(
            crate::Code::ApiError,
            format!(
                "HTTP {} {}: {} (request id {})",
                c.status,
                c.error_code.as_deref().unwrap_or("(no error code)"),
                c.message.as_deref().unwrap_or("(no message)"),
                c.request_id.as_deref().unwrap_or("none")
            ),
        );
        e.field = c.field.clone();
        Err(e)
    }
}

/// Why no response could be had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// What failed, e.g. `connection refused`.
    pub message: String,
    /// Attempts made.
    pub attempts: u32,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (after {} attempt{})",
            self.message,
            self.attempts,
            if self.attempts == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for TransportError {}

type Jitter = Arc<dyn Fn() -> f64 + Send + Sync>;
type Sleeper = Arc<dyn Fn(Duration) + Send + Sync>;
type Notify = Arc<dyn Fn(&RetryNotice) + Send + Sync>;
/// One attempt's answer (status, headers, body), or why there was none: the message
/// and the kind of failure for the retry decision (`None`: no retry cures it).
type Attempt = Result<(u16, Vec<(String, String)>, Vec<u8>), (String, Option<NetworkError>)>;

/// The blocking transport. Cheap to clone (connections are pooled per agent).
#[derive(Clone)]
pub struct Transport {
    agent: ureq::Agent,
    max_attempts: u32,
    max_wait: Duration,
    jitter: Jitter,
    sleep: Sleeper,
    on_retry: Option<Notify>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("max_attempts", &self.max_attempts)
            .field("max_wait", &self.max_wait)
            .finish()
    }
}

impl Default for Transport {
    fn default() -> Self {
        Transport::new()
    }
}

/// A jitter in `[0, 1)` from the standard library's per-process random hasher keys.
fn std_jitter() -> f64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The agent this transport builds by default: statuses are answers, not errors;
/// a per-attempt timeout; proxies from the environment (`HTTPS_PROXY`, `NO_PROXY`).
pub fn default_agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .build()
        .into()
}

impl Transport {
    /// A transport with the defaults (4 attempts, waits up to 60 s, 30 s per attempt).
    pub fn new() -> Transport {
        Transport::with_agent(default_agent(DEFAULT_TIMEOUT))
    }

    /// The timeout of one attempt (connect, send, receive), not of the whole
    /// retry loop: replaces the agent with [`default_agent`]`(timeout)`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.agent = default_agent(timeout);
        self
    }

    /// A transport over your own agent (proxy, TLS, timeouts). Configure it with
    /// `http_status_as_error(false)`, or every 4xx/5xx becomes a transport error.
    pub fn with_agent(agent: ureq::Agent) -> Transport {
        Transport {
            agent,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            max_wait: DEFAULT_MAX_WAIT,
            jitter: Arc::new(std_jitter),
            sleep: Arc::new(std::thread::sleep),
            on_retry: None,
        }
    }

    /// Attempts per request, the first included (at least 1).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The longest wait slept before a retry; a 429 asking for longer is returned.
    pub fn with_max_wait(mut self, d: Duration) -> Self {
        self.max_wait = d;
        self
    }

    /// The jitter source: a number in `[0, 1]` per call (values outside are clamped).
    pub fn with_jitter(mut self, f: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        self.jitter = Arc::new(f);
        self
    }

    /// How to wait (tests pass a recorder; the default is `thread::sleep`).
    pub fn with_sleep(mut self, f: impl Fn(Duration) + Send + Sync + 'static) -> Self {
        self.sleep = Arc::new(f);
        self
    }

    /// Called before each retry (for progress lines and logs).
    pub fn on_retry(mut self, f: impl Fn(&RetryNotice) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(Arc::new(f));
        self
    }

    /// The configured attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    fn policy(&self) -> RetryPolicy {
        RetryPolicy {
            max_attempts: self.max_attempts,
            max_wait_ms: u64::try_from(self.max_wait.as_millis()).unwrap_or(u64::MAX),
        }
    }

    fn jitter(&self) -> f64 {
        let j = (self.jitter)();
        if j.is_finite() {
            j.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    fn once(&self, req: &Request) -> Attempt {
        let mut b = ureq::http::Request::builder()
            .method(req.method.as_str())
            .uri(req.url.as_str());
        for (k, v) in &req.headers {
            b = b.header(k.as_str(), v.as_str());
        }
        let result = match &req.body {
            Some(body) => b.body(body.as_slice()).map(|r| self.agent.run(r)),
            None => b.body(()).map(|r| self.agent.run(r)),
        };
        let mut resp = match result {
            Err(e) => return Err((format!("the request cannot be built: {e}"), None)),
            Ok(Err(e)) => {
                // Was anything sent? Only a refused or unresolvable connection is sure not to be.
                let not_sent = match &e {
                    ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => true,
                    ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => true,
                    ureq::Error::Io(io) => io.kind() == std::io::ErrorKind::ConnectionRefused,
                    _ => false,
                };
                let transient = matches!(
                    e,
                    ureq::Error::Io(_) | ureq::Error::Timeout(_) | ureq::Error::Protocol(_)
                );
                let kind = if not_sent {
                    Some(NetworkError::Connect)
                } else if transient {
                    Some(NetworkError::Timeout)
                } else {
                    None
                };
                return Err((describe(&e), kind));
            }
            Ok(Ok(r)) => r,
        };
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()
            .map_err(|e| {
                (
                    format!("reading the response body failed: {}", describe(&e)),
                    Some(NetworkError::Timeout),
                )
            })?;
        Ok((status, headers, body))
    }

    /// Sends `req`, retrying as the module documentation says. A response of any
    /// status is `Ok`; `Err` means no response could be had.
    pub fn send(&self, req: &Request) -> Result<Response, TransportError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            match self.once(req) {
                Ok((status, headers, body)) => {
                    let classified = classify(
                        status,
                        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                        &body,
                    );
                    let delay = decide(
                        req.retry_safe,
                        attempt,
                        Outcome::Response(&classified),
                        self.jitter(),
                        self.policy(),
                    )
                    .delay_ms()
                    .map(Duration::from_millis);
                    match delay {
                        Some(delay) => {
                            self.notify(RetryNotice {
                                attempt,
                                classified: Some(classified),
                                network_error: None,
                                delay,
                            });
                            (self.sleep)(delay);
                        }
                        _ => {
                            return Ok(Response {
                                status,
                                headers,
                                body,
                                classified,
                                attempts: attempt,
                            })
                        }
                    }
                }
                Err((message, kind)) => {
                    let delay = kind.and_then(|k| {
                        decide(
                            req.retry_safe,
                            attempt,
                            Outcome::Network(k),
                            self.jitter(),
                            self.policy(),
                        )
                        .delay_ms()
                    });
                    let Some(delay) = delay.map(Duration::from_millis) else {
                        return Err(TransportError {
                            message,
                            attempts: attempt,
                        });
                    };
                    self.notify(RetryNotice {
                        attempt,
                        classified: None,
                        network_error: Some(message),
                        delay,
                    });
                    (self.sleep)(delay);
                }
            }
        }
    }

    fn notify(&self, n: RetryNotice) {
        if let Some(f) = &self.on_retry {
            f(&n);
        }
    }
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => format!("network error: {io}"),
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        ureq::Error::ConnectionFailed => "the connection could not be opened".to_string(),
        ureq::Error::HostNotFound => "the host name does not resolve".to_string(),
        other => other.to_string(),
    }
}

/// Why a call of [`Transport::pages`] or [`Transport::wait_for`] failed.
#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    /// No response could be had.
    Transport(TransportError),
    /// The API's error (`api_error`, with its code and request id), a body that
    /// is not the documented shape (`unexpected_response`), or a refused input.
    Api(crate::Error),
    /// The poll's timeout or most polls ran out while still `in_progress`.
    TimedOut {
        /// The last status seen.
        status: String,
        /// Polls made.
        polls: u32,
        /// The core's message ([`crate::Poller::gave_up_message`]).
        message: String,
    },
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Transport(e) => e.fmt(f),
            CallError::Api(e) => e.fmt(f),
            CallError::TimedOut { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for CallError {}

impl From<TransportError> for CallError {
    fn from(e: TransportError) -> Self {
        CallError::Transport(e)
    }
}

impl From<crate::Error> for CallError {
    fn from(e: crate::Error) -> Self {
        CallError::Api(e)
    }
}

/// One page yielded by [`Transport::pages`].
#[derive(Clone, Debug, PartialEq)]
pub struct ListPage<T> {
    /// The rows, `links` (`first`, `next`) and `meta`, typed.
    pub page: Page<T>,
    /// `Peeker-Request-Id` of this page's response.
    pub request_id: Option<String>,
    /// Attempts the transport made for it.
    pub attempts: u32,
}

/// The iterator of [`Transport::pages`].
pub struct Pages<'a, T> {
    transport: &'a Transport,
    client: &'a crate::Client,
    next: Option<Request>,
    _rows: std::marker::PhantomData<fn() -> T>,
}

impl<T: for<'de> serde::Deserialize<'de>> Iterator for Pages<'_, T> {
    type Item = Result<ListPage<T>, CallError>;

    fn next(&mut self) -> Option<Self::Item> {
        let req = self.next.take()?;
        let resp = match self.transport.send(&req) {
            Ok(r) => r,
            Err(e) => return Some(Err(e.into())),
        };
        let page = match resp.page::<T>() {
            Ok(p) => p,
            Err(e) => return Some(Err(e.into())),
        };
        // The next request from links.next, on this client's origin only.
        match self.client.next_page(page.links.next.as_deref()) {
            Ok(n) => self.next = n,
            Err(e) => return Some(Err(e.into())),
        }
        Some(Ok(ListPage {
            page,
            request_id: resp.classified.request_id.clone(),
            attempts: resp.attempts,
        }))
    }
}

impl Transport {
    /// Sends `request` (a list operation's, built by `client`) and each following
    /// page (`links.next`, through [`crate::Client::next_page`]), each with the
    /// retry decision of [`Transport::send`], yielding typed pages until the
    /// last one. After an error the iterator ends.
    /// `for page in transport.pages::<Order>(&client, client.list_orders(&[], Paging::default())?)`.
    pub fn pages<'a, T>(&'a self, client: &'a crate::Client, request: Request) -> Pages<'a, T> {
        Pages {
            transport: self,
            client,
            next: Some(request),
            _rows: std::marker::PhantomData,
        }
    }

    /// Polls the import, import job or order `id` with `poller`
    /// ([`crate::poll`]: the core decides when to poll again and when to stop),
    /// sleeping with this transport's sleeper between polls, and returns the
    /// last response (its status is the poller's [`Poller::status`](crate::Poller::status)).
    /// Gives [`CallError::TimedOut`] when the poller gives up.
    pub fn wait_for(
        &self,
        client: &crate::Client,
        mut poller: crate::Poller,
        id: &str,
    ) -> Result<Response, CallError> {
        let op = poller.kind().operation();
        let req = client.build_operation(op, &serde_json::json!({ "id": id }))?;
        let t0 = std::time::Instant::now();
        loop {
            let resp = self.send(&req)?;
            let parsed = crate::parse_response(
                client,
                op,
                resp.status,
                resp.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                &resp.body,
            )?;
            let now = u64::try_from(t0.elapsed().as_millis()).unwrap_or(u64::MAX);
            match poller.next_response(now, &parsed)? {
                crate::PollDecision::Wait { ms } => (self.sleep)(Duration::from_millis(ms)),
                crate::PollDecision::Done { .. } => return Ok(resp),
                crate::PollDecision::TimedOut { status } => {
                    return Err(CallError::TimedOut {
                        status,
                        polls: poller.polls(),
                        message: poller.gave_up_message(id),
                    })
                }
            }
        }
    }
}
