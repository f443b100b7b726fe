//! Root-domain normalisation on arbitrary text, with properties and a differential
//! check against the `idna` crate called directly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use peeker_core::{normalize_root_domain, registrable_domain, Code};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    match normalize_root_domain(s) {
        Ok(d) => {
            // Idempotent, LDH-only, and the same as idna's own to_ascii of the trimmed input.
            assert!(d.ascii.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'));
            assert_eq!(normalize_root_domain(&d.ascii).as_ref(), Ok(&d));
            assert_eq!(normalize_root_domain(&d.unicode).as_ref(), Ok(&d));
            assert_eq!(registrable_domain(&d.ascii).as_deref(), Some(d.ascii.as_str()));
            let direct = idna::domain_to_ascii(&d.unicode).expect("idna accepts what we accepted");
            assert_eq!(direct, d.ascii);
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            if e.code == Code::Subdomain {
                let root = e.suggestion.expect("subdomain has a suggestion");
                assert!(normalize_root_domain(&root).is_ok(), "suggested {root:?} is not a root");
            }
        }
    }
    let _ = peeker_core::public_suffix(s);
});
