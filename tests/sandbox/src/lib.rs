//! # peeker-sandbox
//!
//! An offline sandbox of the Peeker Partner API (NEW generation, `/partner/v1`) on
//! loopback, validating every request with `peeker_core`, with an accelerated
//! clock, signed webhooks and the production scenarios of the seed guide; a
//! webhook receiver; and the end-to-end workflow (the README's main command).
//!
//! ```no_run
//! let sb = peeker_sandbox::Sandbox::start(peeker_sandbox::Config::default()).unwrap();
//! println!("{}", sb.base_url()); // http://127.0.0.1:PORT/partner/v1
//! ```
#![forbid(unsafe_code)]

pub mod delivery;
pub mod receiver;
pub mod scenario;
pub mod server;
pub mod util;
pub mod workflow;
pub mod world;

pub use delivery::{RetryTimestamp, SignatureScheme};
pub use receiver::{Received, Receiver};
pub use scenario::Scenario;
pub use server::{Config, Sandbox, BASE_PATH, DEFAULT_SPEED, RATE_LIMIT_PER_MINUTE};
