//! # peeker-core
//!
//! The sans-IO core of the Peeker Partner API SDK. It holds every rule of the API
//! once; the C ABI (`peeker-ffi`), the WebAssembly build (`peeker-wasm`) and the
//! Python, Node and browser packages are thin layers over it.
//!
//! No sockets, no clock, no randomness, no environment and no global mutable state:
//! callers pass bytes and "now" in and get values out. The one exception is opt-in:
//! the `ureq` cargo feature adds `transport`, a small blocking HTTP client that sends
//! built requests and sleeps between retries; it is not in the default build.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod domain;
pub mod error;
mod hex;
mod instant;
pub mod keys;
pub mod models;
pub mod poll;
pub mod psl;
pub mod redact;
pub mod request;
pub mod response;
pub mod retry;
pub mod state;
pub mod tracker;
#[cfg(feature = "ureq")]
pub mod transport;
pub mod webhook;

pub use api::{parse_response, Operation, Params, OPERATIONS};
pub use domain::{
    check_root_domain, import_set_key, normalize_root_domain, public_suffix, registrable_domain,
    request_root_domain, BatchLimit, DomainBuf, DomainSet, IndexedError, RootDomain, RootDomainRef,
};
pub use error::{Area, Code, Error};
pub use keys::order_dedupe_key;
pub use poll::{PollDecision, PollKind, Poller};
pub use request::{ApiKey, Client, Environment, Method, Paging, Request};
pub use response::{classify, ApiResponse, Classified, PageInfo, Retry};
pub use retry::{Decision, NetworkError, Outcome, RetryPolicy};
pub use state::State;
pub use tracker::Tracker;
pub use webhook::{
    sign, Event, EventType, HostSha256, Payload, RawEvent, Verifier, VerifierOptions,
};

/// This SDK's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
