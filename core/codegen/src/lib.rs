//! # peeker-codegen
//!
//! Renders the type declarations of the TypeScript and Python bindings from
//! peeker-core, so that the API model, the operation list, the error codes and the
//! webhook event types are written once, in the core:
//!
//! - the models: the JSON Schemas of `peeker_core::models` (core feature `schema`,
//!   `schemars::JsonSchema`), read with the *serialize* contract, i.e. the JSON the
//!   core hands to the bindings (every field present, `null` where the API sent
//!   nothing), with their doc comments;
//! - the operations: [`peeker_core::OPERATIONS`], with the model each one returns
//!   ([`catalog::results`], checked against that list);
//! - the error codes: [`peeker_core::Code::ALL`] with their numbers and docs;
//! - the event types: [`peeker_core::EventType::known`];
//! - the named request builders of each client, from [`peeker_core::Operation::params`].
//!
//! The rendered files are committed ([`files`]); the test `tests/generated.rs`
//! fails when one is stale and rewrites them under `PEEKER_BLESS=1`:
//!
//! ```text
//! PEEKER_BLESS=1 cargo test -p peeker-codegen
//! ```
mod c;
pub mod catalog;
mod doc;
mod methods;
mod python;
mod typescript;

/// The command that regenerates the files, quoted in their headers.
pub const REGENERATE: &str = "PEEKER_BLESS=1 cargo test -p peeker-codegen";

/// Every generated file: its path from the workspace root, and its text.
pub fn files() -> Vec<(&'static str, String)> {
    let catalog = catalog::Catalog::new();
    vec![
        (
            "bindings/node/lib/generated/types.d.ts",
            typescript::render(&catalog),
        ),
        (
            "bindings/python/python/peeker/_generated.py",
            python::render(&catalog),
        ),
        (
            "bindings/python/python/peeker/_operations.py",
            methods::python(&catalog),
        ),
        (
            "bindings/node/lib/generated/operations.d.ts",
            methods::typescript(),
        ),
        (
            "bindings/node/lib/generated/operations.mjs",
            methods::javascript(),
        ),
        ("ffi/src/generated.rs", c::render()),
    ]
}
