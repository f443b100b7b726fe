//! Root-domain normalisation and validation: UTS #46 (non-transitional, STD3,
//! hyphen, bidi and joiner checks, via the `idna` crate) and the whole Public
//! Suffix List (see [`crate::psl`]). Semantics and error codes are those of the
//! conformance kinds `root_domain`, `registrable_domain` and `domain_set`.
//!
//! By concern: the types and the two entry points here; the plain-ASCII fast
//! path in `ascii`; the general path (UTS #46, the list, and the messages of
//! every refusal) in `normalize`; registrable domains and public suffixes in
//! `registrable`; domain sets, their limits and the import-set key in `set`.
use crate::error::{Code, Error};

mod ascii;
mod normalize;
mod registrable;
mod set;

use ascii::check_plain_ascii;
use normalize::{check_general, normalize_root_domain_general};
pub use registrable::{public_suffix, registrable_domain};
pub use set::{import_set_key, BatchLimit, DomainSet, IndexedError};

/// Longest input examined at all; anything longer is refused as `too_long`
/// without further work (a name is at most 253 octets; a URL around it rarely
/// exceeds a few hundred).
pub const MAX_INPUT_BYTES: usize = 2048;

/// Most entries a domain set examines; larger sets are refused before any work.
pub const MAX_SET_ENTRIES: usize = 10_000;

/// A validated root (registrable) domain in both forms.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RootDomain {
    /// Lower-case A-label (ASCII) form, e.g. `xn--bcher-kva.de`. This is what the API takes.
    pub ascii: String,
    /// Unicode form, e.g. `bücher.de`. This is what to show people.
    pub unicode: String,
}

/// Reusable output buffers for [`check_root_domain`]: keep one per thread (or per
/// batch) and validate any number of domains without allocating.
#[derive(Clone, Debug, Default)]
pub struct DomainBuf {
    ascii: String,
    unicode: String,
}

/// A validated root domain borrowed from a [`DomainBuf`]: the same two forms as
/// [`RootDomain`]. When the name has no A-label, both point at the same text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RootDomainRef<'a> {
    /// Lower-case A-label (ASCII) form.
    pub ascii: &'a str,
    /// Unicode form.
    pub unicode: &'a str,
}

impl RootDomainRef<'_> {
    /// Owned copy.
    pub fn to_owned(&self) -> RootDomain {
        RootDomain {
            ascii: self.ascii.to_string(),
            unicode: self.unicode.to_string(),
        }
    }
}

/// The fast form of [`normalize_root_domain`] for hot paths and bindings: the same
/// outcome (both forms, or the error's [`Code`]), written into reusable buffers and
/// without building an error message. Call [`normalize_root_domain`] on the same input
/// for the message and suggestion of a failure (it gives the same code).
///
/// ```
/// let mut buf = peeker_core::domain::DomainBuf::default();
/// let d = peeker_core::domain::check_root_domain(" Bücher.de. ", &mut buf).unwrap();
/// assert_eq!((d.ascii, d.unicode), ("xn--bcher-kva.de", "bücher.de"));
/// let e = peeker_core::domain::check_root_domain("www.acme.com", &mut buf).unwrap_err();
/// assert_eq!(e.as_str(), "subdomain");
/// ```
pub fn check_root_domain<'b>(
    input: &str,
    buf: &'b mut DomainBuf,
) -> Result<RootDomainRef<'b>, Code> {
    match check_plain_ascii(input, &mut buf.ascii) {
        Some(Ok(())) => Ok(RootDomainRef {
            ascii: &buf.ascii,
            unicode: &buf.ascii,
        }),
        Some(Err(code)) => Err(code),
        None => check_root_domain_general(input, buf),
    }
}

/// [`check_root_domain`] without its plain-ASCII fast path: every input through
/// the general path. Not part of the API: for differential tests and fuzzing, which
/// check that both paths agree.
#[doc(hidden)]
pub fn check_root_domain_general<'b>(
    input: &str,
    buf: &'b mut DomainBuf,
) -> Result<RootDomainRef<'b>, Code> {
    match check_general(input, buf) {
        Ok(differs) => Ok(RootDomainRef {
            ascii: &buf.ascii,
            unicode: if differs { &buf.unicode } else { &buf.ascii },
        }),
        Err(f) => Err(f.code()),
    }
}

/// Normalises one user-typed domain and checks that it is a root domain that can be
/// imported or ordered: surrounding white space and one trailing dot removed, case
/// folded, UTS #46 applied, and the Public Suffix List consulted.
///
/// ```
/// let d = peeker_core::normalize_root_domain(" Bücher.de. ").unwrap();
/// assert_eq!(d.ascii, "xn--bcher-kva.de");
/// let e = peeker_core::normalize_root_domain("https://www.acme.co.uk/x").unwrap_err();
/// assert_eq!(e.code.as_str(), "not_a_domain");
/// assert_eq!(e.suggestion.as_deref(), Some("acme.co.uk"));
/// ```
pub fn normalize_root_domain(input: &str) -> Result<RootDomain, Error> {
    let mut ascii = String::new();
    match check_plain_ascii(input, &mut ascii) {
        Some(Ok(())) => Ok(RootDomain {
            unicode: ascii.clone(),
            ascii,
        }),
        // The general path gives the same code, with the message and suggestion.
        Some(Err(_)) | None => normalize_root_domain_general(input),
    }
}

/// A user-typed domain as a request sends it: [`normalize_root_domain`]'s answer,
/// except that a name whose only fault is `unknown_tld` is accepted in its
/// normalised form. The Public Suffix List pinned in this SDK can be older than the
/// registries, and the server is the authority on what can be imported or ordered
/// (FORMAT.md, kind `request`). A single label (`"notarealtld"`) is still refused:
/// it would be a top-level domain itself. Forms still get `unknown_tld` from
/// [`normalize_root_domain`] and [`check_root_domain`] and can warn. Every request
/// builder reads its domains through this function.
///
/// ```
/// let d = peeker_core::domain::request_root_domain(" Acme.NewTLDxyz. ").unwrap();
/// assert_eq!(d.ascii, "acme.newtldxyz");
/// let e = peeker_core::normalize_root_domain("acme.newtldxyz").unwrap_err();
/// assert_eq!(e.code.as_str(), "unknown_tld");
/// ```
pub fn request_root_domain(input: &str) -> Result<RootDomain, Error> {
    let mut buf = DomainBuf::default();
    let code = match check_root_domain(input, &mut buf) {
        Ok(d) => return Ok(d.to_owned()),
        Err(code) => code,
    };
    match code {
        // A single label is a top-level domain itself, never a domain to import.
        Code::UnknownTld if buf.ascii.contains('.') => {
            let unicode = if buf.unicode.is_empty() {
                buf.ascii.clone()
            } else {
                buf.unicode
            };
            Ok(RootDomain {
                ascii: buf.ascii,
                unicode,
            })
        }
        // The message and suggestion of every other refusal.
        _ => normalize_root_domain(input),
    }
}

#[cfg(test)]
mod tests;
