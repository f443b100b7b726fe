//! # libpeeker: the C ABI of peeker-core
//!
//! Every exported function is a thin translation layer: C arguments in
//! (pointer + length, checked for NULL and UTF-8), one call into `peeker_core`,
//! results out as opaque handles or `char*` strings, errors out as a
//! [`PeekerStatus`] plus a per-thread "last error". No rule of the API is
//! implemented here.
//!
//! The conventions are documented once, at the top of the generated header
//! `ffi/include/peeker.h` (written from `ffi/cbindgen.toml`), and per function in
//! each function's doc comment (cbindgen copies them into the header).
//!
//! Panics: every exported function runs inside [`std::panic::catch_unwind`]; a
//! panic becomes `PEEKER_STATUS_INTERNAL` (or a NULL / zero result for accessors)
//! and never unwinds into C.
//!
//! The modules mirror the core's: `generated` (`PeekerStatus`, rendered from
//! `peeker_core::Code::ALL` by peeker-codegen), `error` (statuses, the last error,
//! the panic boundary), `domain` (root domains, registrable domains, domain sets), `batch`,
//! `keys`, `api` (client and requests), `response`, `poll`, `tracker` and `webhook`;
//! `args` holds the translation of C arguments and results they all share.
#![allow(clippy::missing_safety_doc)]
#![deny(unsafe_op_in_unsafe_fn)]

use peeker_core::{BatchLimit, Code, DomainSet, Error};
use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

// The modules are declared in the order of the header's functions (cbindgen
// reads this file's items first, then the modules in this order).
mod generated;
pub use generated::*;
mod error;
pub use error::*;
mod args;
pub use args::*;
mod domain;
pub use domain::*;
mod keys;
pub use keys::*;
mod batch;
pub use batch::*;
mod api;
pub use api::*;
mod response;
pub use response::*;
mod poll;
pub use poll::*;
mod tracker;
pub use tracker::*;
mod webhook;
pub use webhook::*;

static VERSION_C: [u8; peeker_core::VERSION.len() + 1] = cbuf(peeker_core::VERSION);
static PSL_VERSION_C: [u8; peeker_core::psl::version().len() + 1] =
    cbuf(peeker_core::psl::version());
static PSL_COMMIT_C: [u8; peeker_core::psl::commit().len() + 1] = cbuf(peeker_core::psl::commit());

// ---------------------------------------------------------------------------
// Library information
// ---------------------------------------------------------------------------

/// This library's version, e.g. `"0.1.0"`. Static; never NULL; never free it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_version() -> *const c_char {
    VERSION_C.as_ptr() as *const c_char
}

/// Version of the compiled-in Public Suffix List (its `VERSION` line, e.g.
/// `"2026-10-22_08-36-41_UTC"`). Static; never NULL; never free it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_psl_version() -> *const c_char {
    PSL_VERSION_C.as_ptr() as *const c_char
}

/// Commit of the Public Suffix List repository the compiled-in copy was taken
/// from. Static; never NULL; never free it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_psl_commit() -> *const c_char {
    PSL_COMMIT_C.as_ptr() as *const c_char
}

#[cfg(test)]
mod tests;
