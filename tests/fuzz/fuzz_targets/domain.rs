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
    // The fast path (plain ASCII) and the general path give the same outcome, and
    // a reused buffer carries nothing from one call to the next.
    let mut buf = peeker_core::DomainBuf::default();
    let _ = peeker_core::check_root_domain("www.bücher.de", &mut buf);
    let fast = peeker_core::check_root_domain(s, &mut buf).map(|r| (r.ascii.to_string(), r.unicode.to_string()));
    let mut buf2 = peeker_core::DomainBuf::default();
    let general =
        peeker_core::domain::check_root_domain_general(s, &mut buf2).map(|r| (r.ascii.to_string(), r.unicode.to_string()));
    assert_eq!(fast, general, "{s:?}");
    match normalize_root_domain(s) {
        Ok(d) => assert_eq!(fast, Ok((d.ascii, d.unicode))),
        Err(e) => assert_eq!(fast, Err(e.code)),
    }
});
