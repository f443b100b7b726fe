//! The one error type of the core. Every failure carries a stable [`Code`]
//! (a `snake_case` string, part of the public API of every binding), a message a
//! person can read, and where relevant a suggestion and the path of the field
//! that caused it. Messages never contain secrets.
use std::fmt;

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $num:literal, $s:literal; )*) => {
        /// Stable error codes. The string form (`as_str`) and the number
        /// (`number`, used as the C status) never change once released.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Code { $( $(#[doc = $doc])* $variant, )* }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];
            /// The stable string form, e.g. `"subdomain"`.
            pub const fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $s, )* }
            }
            /// The stable number of this code (the C ABI status value).
            pub const fn number(self) -> u32 {
                match self { $( Code::$variant => $num, )* }
            }
            /// Parses the string form.
            pub fn from_str_code(s: &str) -> Option<Code> {
                match s { $( $s => Some(Code::$variant), )* _ => None }
            }
            /// The documentation of this code (its doc comment, lines joined by
            /// `\n`), for the generator of the bindings' declarations. Feature `schema`.
            #[cfg(feature = "schema")]
            pub fn doc(self) -> &'static str {
                match self { $( Code::$variant => concat!($($doc, "\n"),*), )* }
            }
        }
    };
}

codes! {
    // ---- root domains (FORMAT.md kind root_domain) ----
    /// Nothing but white space.
    Empty = 4710, "empty";
    /// A URL, e-mail address, path, port or other text that is not a bare domain.
    NotADomain = 4711, "not_a_domain";
    /// Fails UTS #46 processing.
    InvalidIdna = 4712, "invalid_idna";
    /// A label over 63 octets or a name over 253 octets (A-label form).
    TooLong = 4713, "too_long";
    /// An IPv4 or IPv6 literal.
    IpAddress = 4714, "ip_address";
    /// The name is itself a public suffix.
    PublicSuffix = 4715, "public_suffix";
    /// No rule of the Public Suffix List names the top-level domain.
    UnknownTld = 4716, "unknown_tld";
    /// A name below a root domain; the suggestion is the root.
    Subdomain = 4717, "subdomain";
    // ---- domain sets ----
    /// More domains than the endpoint accepts in one request.
    TooManyDomains = 4720, "too_many_domains";
    /// An empty list where at least one domain is required.
    NoDomains = 4721, "no_domains";
    /// One or more entries of a domain set are invalid (see the per-index errors).
    InvalidDomains = 4722, "invalid_domains";
    // ---- webhooks (FORMAT.md kind webhook) ----
    /// `Peeker-Signature` or `Peeker-Timestamp` absent.
    MissingHeader = 4730, "missing_header";
    /// A header present but not of its documented form.
    MalformedHeader = 4731, "malformed_header";
    /// The timestamp is further from `now` than the tolerance.
    TimestampOutOfTolerance = 4732, "timestamp_out_of_tolerance";
    /// No `v1` signature entry matches.
    SignatureMismatch = 4733, "signature_mismatch";
    /// Signature valid, but the body is not a JSON event envelope.
    InvalidPayload = 4734, "invalid_payload";
    /// The body is larger than the configured limit.
    PayloadTooLarge = 4735, "payload_too_large";
    /// No webhook secret was given, or a secret is empty.
    InvalidSecret = 4736, "invalid_secret";
    // ---- requests and configuration ----
    /// A request field fails the API's documented rules; `field` names it.
    InvalidRequest = 4740, "invalid_request";
    /// The API key is missing or not of the form `pk_live_…` / `pk_test_…`.
    InvalidApiKey = 4741, "invalid_api_key";
    /// The base URL is not an http(s) URL.
    InvalidBaseUrl = 4742, "invalid_base_url";
    /// A number that JSON cannot carry exactly (floats, integers above 2^53).
    UnsupportedNumber = 4743, "unsupported_number";
    /// Input that is not valid JSON, or not of the expected JSON shape.
    InvalidJson = 4744, "invalid_json";
    // ---- responses ----
    /// The API answered with an error (see the status, API code and request id).
    ApiError = 4750, "api_error";
    /// A 2xx response whose body is not the documented shape.
    UnexpectedResponse = 4751, "unexpected_response";
    // ---- bindings ----
    /// A required argument was null / None / undefined.
    NullArgument = 4790, "null_argument";
    /// Text that is not valid UTF-8 (or a JS string with lone surrogates).
    InvalidUtf8 = 4791, "invalid_utf8";
    /// An argument of the wrong type, or out of its documented range.
    InvalidArgument = 4792, "invalid_argument";
    /// The WebAssembly module was used before it was loaded (`await init()` in the
    /// browser builds); no other binding gives it.
    NotInitialized = 4793, "not_initialized";
    /// An internal error (in the C ABI and wasm, a caught panic); please report it. Never
    /// expected.
    Internal = 4799, "internal";
}

/// The `invalid_argument` error (with `field`) of `got`, which names none of the
/// choices `names`: `{field} must be "a", "b" or "c" (got "…").` Every check of a
/// named choice (a tracker kind, a poll kind, a batch limit, a network error)
/// words it this way.
pub fn not_one_of(field: &str, names: &[&str], got: &str) -> Error {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let list = match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    Error::new(
        Code::InvalidArgument,
        format!("{field} must be {list} (got \"{}\").", shorten(got)),
    )
    .with_field(field)
}

/// Caller input quoted in a message: at most 60 characters (57 and `...`). The
/// bindings quote with it too, so that every message cuts input the same way.
pub fn shorten(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(57).collect();
        t.push_str("...");
        t
    }
}

macro_rules! areas {
    ($( $(#[doc = $doc:literal])* $v:ident = $n:literal, $lo:literal..=$hi:literal; )*) => {
        /// The area a code belongs to. Numbers are grouped by area, so a binding can
        /// place a code number this version does not know (see [`Area::of_number`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Area {
            $( $(#[doc = $doc])* #[doc = concat!("(", $lo, "..=", $hi, ")")] $v = $n, )*
            /// Anything else (`internal`, unknown numbers).
            Other = 0,
        }

        impl Area {
            /// Every area, `Other` last.
            pub const ALL: &'static [Area] = &[$( Area::$v, )* Area::Other];

            /// The numbers of its codes, inclusive (`None` for `Other`).
            pub const fn numbers(self) -> Option<(u32, u32)> {
                match self { $( Area::$v => Some(($lo, $hi)), )* Area::Other => None }
            }

            /// What its codes are about (its doc, without the numbers).
            pub fn about(self) -> &'static str {
                match self {
                    $( Area::$v => concat!($($doc),*), )*
                    Area::Other => "Anything else (`internal`, unknown numbers).",
                }
                .trim()
            }
        }
    };
}

areas! {
    /// Root domains and domain sets
    Domain = 1, 4710..=4729;
    /// Webhook verification
    Webhook = 2, 4730..=4739;
    /// Requests and configuration
    Request = 3, 4740..=4749;
    /// API responses
    Response = 4, 4750..=4759;
    /// Arguments the library cannot take at all
    Argument = 5, 4790..=4798;
}

impl Area {
    /// The area of a code number, known or not (a newer library's code still
    /// lands in its area).
    pub fn of_number(number: u32) -> Area {
        Area::ALL
            .iter()
            .copied()
            .find(|a| {
                a.numbers()
                    .is_some_and(|(lo, hi)| (lo..=hi).contains(&number))
            })
            .unwrap_or(Area::Other)
    }
}

impl Code {
    /// The area of this code.
    pub fn area(self) -> Area {
        Area::of_number(self.number())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure with a stable code, a readable message, and optional context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The stable code.
    pub code: Code,
    /// A sentence a person can read; never contains a secret.
    pub message: String,
    /// A corrected value to offer (e.g. the root domain of a subdomain).
    pub suggestion: Option<String>,
    /// Path of the offending request field, in the API's own style (`domains[1]`).
    pub field: Option<String>,
}

impl Error {
    /// A new error with a code and message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            suggestion: None,
            field: None,
        }
    }
    /// Adds a suggestion.
    pub fn with_suggestion(mut self, s: impl Into<String>) -> Self {
        self.suggestion = Some(s.into());
        self
    }
    /// Sets the field path.
    pub fn with_field(mut self, f: impl Into<String>) -> Self {
        self.field = Some(f.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_worded_one_way() {
        let e = not_one_of("kind", &["order", "domain", "swap"], "x");
        assert_eq!(
            e.message,
            r#"kind must be "order", "domain" or "swap" (got "x")."#
        );
        assert_eq!(
            (e.code, e.field.as_deref()),
            (Code::InvalidArgument, Some("kind"))
        );
        assert_eq!(
            not_one_of("f", &["a"], "b").message,
            r#"f must be "a" (got "b")."#
        );
        let long = "y".repeat(100);
        assert!(not_one_of("f", &["a", "b"], &long).message.contains("..."));
    }
    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut nums = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(nums.insert(c.number()), "duplicate number {}", c.number());
            assert_eq!(Code::from_str_code(c.as_str()), Some(*c));
        }
        assert_eq!(Code::from_str_code("nope"), None);
        assert_eq!(Code::Subdomain.area(), Area::Domain);
        assert_eq!(Code::InvalidDomains.area(), Area::Domain);
        assert_eq!(Code::InvalidSecret.area(), Area::Webhook);
        assert_eq!(Code::InvalidJson.area(), Area::Request);
        assert_eq!(Code::UnexpectedResponse.area(), Area::Response);
        assert_eq!(Code::NotInitialized.area(), Area::Argument);
        assert_eq!(Code::Internal.area(), Area::Other);
        assert_eq!(Area::of_number(4758), Area::Response);
        assert_eq!(Area::of_number(0), Area::Other);
    }
}
