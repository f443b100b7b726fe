//! Rust-side tests of the batch functions and `peeker_check_root_domain`: every
//! item agrees with `peeker_root_domain` (status, both forms, and the lazily
//! built message and suggestion agree with `normalize_root_domain`), the joined
//! form's count check, the text layout, limits and NULL arguments.
use super::*;
use crate::tests::cstr;
use std::ffi::CStr;

/// The inputs of the root-domain vector files. Under Miri (whose isolation blocks
/// file reads, and which interprets each of 500+ inputs slowly) a fixed sample of
/// them instead; the full files run natively.
#[cfg(miri)]
fn vector_inputs() -> Vec<String> {
    [
        "acme.com",
        "www.acme.co.uk",
        "https://shop.acme.com/path?q=1",
        "Bücher.de",
        "xn--bcher-kva.de",
        "localhost",
        "192.168.0.1",
        "acme..com",
        "-acme.com",
        "acme.com.",
        "ACME.COM",
        "a.b.c.d.example.jp",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

#[cfg(not(miri))]
fn vector_inputs() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut out = Vec::new();
    for f in ["root_domain.json", "examples/root_domain.json"] {
        let text = std::fs::read_to_string(dir.join(f)).expect("vector file");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for c in v["cases"].as_array().unwrap() {
            if let Some(s) = c["input"].as_str() {
                out.push(s.to_string());
            }
        }
    }
    assert!(out.len() > 500, "vectors found: {}", out.len());
    out
}

/// Hostile and edge inputs as raw bytes.
fn odd_inputs() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"   ".to_vec(),
        b"acme.com".to_vec(),
        b"a\0b.com".to_vec(),
        b"\0".to_vec(),
        b"acme.com\n".to_vec(),
        b"\xff\xfe".to_vec(),
        b"acme\xc3.com".to_vec(),
        b"\xed\xa0\x80.com".to_vec(), // a UTF-16 surrogate as (invalid) UTF-8
        "Bücher.de".as_bytes().to_vec(),
        "mail.acme.co.uk".as_bytes().to_vec(),
        "https://www.acme.co.uk/x".as_bytes().to_vec(),
        "xn--bcher-kva.de".as_bytes().to_vec(),
    ];
    v.push(vec![b'a'; 2049]);
    // The long input: 100,000 bytes natively, less under Miri (interpreted, it is slow).
    v.push(vec![b'a'; if cfg!(miri) { 4_000 } else { 100_000 }]);
    let mut long = vec![b'a'; 63];
    long.extend_from_slice(b".com");
    v.push(long);
    v
}

struct Single {
    status: PeekerStatus,
    ascii: Option<Vec<u8>>,
    unicode: Option<Vec<u8>>,
}

fn cstr_bytes(p: *const c_char, len: usize) -> Vec<u8> {
    assert!(!p.is_null());
    let b = unsafe { std::slice::from_raw_parts(p as *const u8, len + 1) };
    assert_eq!(b[len], 0, "NUL-terminated");
    b[..len].to_vec()
}

fn single(input: &[u8]) -> Single {
    let mut d: *mut PeekerDomain = std::ptr::null_mut();
    let status = unsafe { peeker_root_domain(input.as_ptr(), input.len(), &mut d) };
    if status != PeekerStatus::Ok {
        assert!(d.is_null());
        return Single {
            status,
            ascii: None,
            unicode: None,
        };
    }
    let (mut a, mut u) = (0, 0);
    let ap = unsafe { peeker_domain_ascii(d, &mut a) };
    let up = unsafe { peeker_domain_unicode(d, &mut u) };
    let r = Single {
        status,
        ascii: Some(cstr_bytes(ap, a)),
        unicode: Some(cstr_bytes(up, u)),
    };
    unsafe { peeker_domain_free(d) };
    r
}

fn check_batch_agrees(inputs: &[Vec<u8>], b: *const PeekerDomainBatch) {
    assert_eq!(unsafe { peeker_domain_batch_count(b) }, inputs.len());
    let statuses = unsafe { peeker_domain_batch_statuses(b) };
    let mut valid = 0;
    for (i, inp) in inputs.iter().enumerate() {
        let want = single(inp);
        let st = unsafe { peeker_domain_batch_status(b, i) };
        assert_eq!(
            st,
            want.status,
            "status of item {i} {:?}",
            String::from_utf8_lossy(inp)
        );
        assert_eq!(unsafe { *statuses.add(i) }, want.status as u32);
        let (mut a, mut u) = (usize::MAX, usize::MAX);
        let ap = unsafe { peeker_domain_batch_ascii(b, i, &mut a) };
        let up = unsafe { peeker_domain_batch_unicode(b, i, &mut u) };
        match want.ascii {
            Some(wa) => {
                valid += 1;
                assert_eq!(cstr_bytes(ap, a), wa);
                assert_eq!(cstr_bytes(up, u), want.unicode.unwrap());
                if a == u && cstr_bytes(ap, a) == cstr_bytes(up, u) {
                    assert_eq!(ap, up, "equal forms share one span");
                }
            }
            None => {
                assert_eq!((a, u), (0, 0));
                assert_eq!(cstr_bytes(ap, 0), b"");
            }
        }
    }
    assert_eq!(unsafe { peeker_domain_batch_valid_count(b) }, valid);
    // The text: every item's A-label form, then the distinct Unicode forms.
    let mut dn = usize::MAX;
    let dp = unsafe { peeker_domain_batch_distinct_unicode(b, &mut dn) };
    let distinct: &[u32] = if dp.is_null() {
        &[]
    } else {
        unsafe { std::slice::from_raw_parts(dp, dn) }
    };
    assert_eq!(distinct.len(), dn);
    assert!(distinct.windows(2).all(|w| w[0] < w[1]), "ascending");
    let mut tl = 0;
    let tp = unsafe { peeker_domain_batch_text(b, &mut tl) };
    assert!(!tp.is_null());
    let text = unsafe { std::slice::from_raw_parts(tp as *const u8, tl) };
    assert_eq!(text.iter().filter(|&&c| c == 0).count(), inputs.len() + dn);
    let fields: Vec<&[u8]> = if tl == 0 {
        vec![]
    } else {
        text[..tl - 1].split(|&c| c == 0).collect()
    };
    assert_eq!(fields.len(), inputs.len() + dn);
    let mut k = 0;
    for (i, inp) in inputs.iter().enumerate() {
        let want = single(inp);
        assert_eq!(fields[i], want.ascii.as_deref().unwrap_or(b""));
        if want.ascii.is_some() && want.unicode != want.ascii {
            assert_eq!(distinct[k] as usize, i);
            assert_eq!(Some(fields[inputs.len() + k]), want.unicode.as_deref());
            k += 1;
        }
    }
    assert_eq!(k, dn);
}

fn batch_of(inputs: &[Vec<u8>]) -> *mut PeekerDomainBatch {
    let strs: Vec<PeekerStr> = inputs
        .iter()
        .map(|b| PeekerStr {
            ptr: b.as_ptr(),
            len: b.len(),
        })
        .collect();
    let mut out: *mut PeekerDomainBatch = std::ptr::null_mut();
    assert_eq!(
        unsafe { peeker_root_domains(strs.as_ptr(), strs.len(), &mut out) },
        PeekerStatus::Ok
    );
    assert!(!out.is_null());
    out
}

fn joined_of(inputs: &[Vec<u8>], sep: u8) -> (PeekerStatus, *mut PeekerDomainBatch) {
    let data = inputs.join(&sep);
    let mut out: *mut PeekerDomainBatch = std::ptr::null_mut();
    let st = unsafe {
        peeker_root_domains_joined(data.as_ptr(), data.len(), sep, inputs.len(), &mut out)
    };
    (st, out)
}

#[test]
fn batch_agrees_with_peeker_root_domain_on_vectors_and_odd_inputs() {
    let mut inputs: Vec<Vec<u8>> = vector_inputs()
        .into_iter()
        .map(String::into_bytes)
        .collect();
    inputs.extend(odd_inputs());
    let b = batch_of(&inputs);
    check_batch_agrees(&inputs, b);
    unsafe { peeker_domain_batch_free(b) };
    // The joined form, with items free of the separator (NUL-free ones with NUL, and with '\n').
    for sep in [0u8, b'\n'] {
        let clean: Vec<Vec<u8>> = inputs
            .iter()
            .filter(|i| !i.contains(&sep))
            .cloned()
            .collect();
        let (st, b) = joined_of(&clean, sep);
        assert_eq!(st, PeekerStatus::Ok);
        check_batch_agrees(&clean, b);
        unsafe { peeker_domain_batch_free(b) };
    }
}

#[test]
fn joined_form_checks_the_count() {
    // An item holding the separator: the split is ambiguous, the call fails.
    let items = vec![b"acme.com".to_vec(), b"a\0b.com".to_vec()];
    let (st, b) = joined_of(&items, 0);
    assert_eq!(st, PeekerStatus::InvalidArgument);
    assert!(b.is_null());
    assert_eq!(peeker_last_error_status(), PeekerStatus::InvalidArgument);
    let f = unsafe { CStr::from_ptr(peeker_last_error_field()) };
    assert_eq!(f.to_str().unwrap(), "count");
    // Empty batch: no data, count 0.
    let (st, b) = joined_of(&[], 0);
    assert_eq!(st, PeekerStatus::Ok);
    assert_eq!(unsafe { peeker_domain_batch_count(b) }, 0);
    assert!(unsafe { peeker_domain_batch_statuses(b) }.is_null());
    let mut tl = 99;
    assert!(!unsafe { peeker_domain_batch_text(b, &mut tl) }.is_null());
    assert_eq!(tl, 0);
    unsafe { peeker_domain_batch_free(b) };
    // One empty item: no data, count 1.
    let (st, b) = joined_of(&[vec![]], 0);
    assert_eq!(st, PeekerStatus::Ok);
    assert_eq!(
        unsafe { peeker_domain_batch_status(b, 0) },
        PeekerStatus::Empty
    );
    assert_eq!(
        unsafe { peeker_domain_batch_status(b, 1) },
        PeekerStatus::InvalidArgument
    );
    unsafe { peeker_domain_batch_free(b) };
    // Data but count 0, and a wrong count.
    let mut out: *mut PeekerDomainBatch = std::ptr::null_mut();
    assert_eq!(
        unsafe { peeker_root_domains_joined(b"a".as_ptr(), 1, 0, 0, &mut out) },
        PeekerStatus::InvalidArgument
    );
    assert_eq!(
        unsafe { peeker_root_domains_joined(b"a\nb".as_ptr(), 3, b'\n', 3, &mut out) },
        PeekerStatus::InvalidArgument
    );
    assert!(out.is_null());
}

#[test]
fn batch_arguments_and_limits() {
    let mut out: *mut PeekerDomainBatch = std::ptr::null_mut();
    assert_eq!(
        unsafe { peeker_root_domains(std::ptr::null(), 0, std::ptr::null_mut()) },
        PeekerStatus::NullArgument
    );
    assert_eq!(
        unsafe { peeker_root_domains(std::ptr::null(), 3, &mut out) },
        PeekerStatus::NullArgument
    );
    let bad = [
        PeekerStr {
            ptr: b"acme.com".as_ptr(),
            len: 8,
        },
        PeekerStr {
            ptr: std::ptr::null(),
            len: 4,
        },
    ];
    assert_eq!(
        unsafe { peeker_root_domains(bad.as_ptr(), 2, &mut out) },
        PeekerStatus::NullArgument
    );
    assert_eq!(cstr(peeker_last_error_field()).unwrap(), "inputs[1]");
    assert_eq!(
        unsafe { peeker_root_domains_joined(std::ptr::null(), 5, 0, 1, &mut out) },
        PeekerStatus::NullArgument
    );
    // Over the limit: refused before reading anything (the pointer is never read).
    let dangling = std::ptr::NonNull::<PeekerStr>::dangling().as_ptr();
    assert_eq!(
        unsafe { peeker_root_domains(dangling, PEEKER_DOMAIN_BATCH_MAX_ITEMS + 1, &mut out) },
        PeekerStatus::TooManyDomains
    );
    assert_eq!(
        unsafe { peeker_root_domains_joined(b"".as_ptr(), 0, 0, usize::MAX, &mut out) },
        PeekerStatus::TooManyDomains
    );
    assert!(out.is_null());
    // {NULL, 0} items are empty strings; NULL handles are safe everywhere.
    let empties = [PeekerStr {
        ptr: std::ptr::null(),
        len: 0,
    }];
    assert_eq!(
        unsafe { peeker_root_domains(empties.as_ptr(), 1, &mut out) },
        PeekerStatus::Ok
    );
    assert_eq!(
        unsafe { peeker_domain_batch_status(out, 0) },
        PeekerStatus::Empty
    );
    unsafe { peeker_domain_batch_free(out) };
    let null: *const PeekerDomainBatch = std::ptr::null();
    assert_eq!(unsafe { peeker_domain_batch_count(null) }, 0);
    assert_eq!(unsafe { peeker_domain_batch_valid_count(null) }, 0);
    assert_eq!(
        unsafe { peeker_domain_batch_status(null, 0) },
        PeekerStatus::InvalidArgument
    );
    assert!(unsafe { peeker_domain_batch_statuses(null) }.is_null());
    assert!(unsafe { peeker_domain_batch_ascii(null, 0, std::ptr::null_mut()) }.is_null());
    assert!(unsafe { peeker_domain_batch_unicode(null, 0, std::ptr::null_mut()) }.is_null());
    assert!(unsafe { peeker_domain_batch_text(null, std::ptr::null_mut()) }.is_null());
    let mut dn = 9;
    assert!(unsafe { peeker_domain_batch_distinct_unicode(null, &mut dn) }.is_null());
    assert_eq!(dn, 0);
    unsafe { peeker_domain_batch_free(std::ptr::null_mut()) };
}

#[test]
fn a_full_batch_at_the_limit() {
    // Under Miri a smaller full batch (the limit itself is checked natively, and
    // by `batch_arguments_and_limits` under Miri too).
    let n = if cfg!(miri) {
        1_024
    } else {
        PEEKER_DOMAIN_BATCH_MAX_ITEMS
    };
    let data = vec![b'\n'; n - 1]; // n empty items
    let mut out: *mut PeekerDomainBatch = std::ptr::null_mut();
    assert_eq!(
        unsafe { peeker_root_domains_joined(data.as_ptr(), data.len(), b'\n', n, &mut out) },
        PeekerStatus::Ok
    );
    assert_eq!(unsafe { peeker_domain_batch_count(out) }, n);
    assert_eq!(unsafe { peeker_domain_batch_valid_count(out) }, 0);
    assert_eq!(
        unsafe { peeker_domain_batch_status(out, n - 1) },
        PeekerStatus::Empty
    );
    unsafe { peeker_domain_batch_free(out) };
}

#[test]
fn check_root_domain_agrees_and_describes_errors_lazily() {
    let mut inputs: Vec<Vec<u8>> = vector_inputs()
        .into_iter()
        .map(String::into_bytes)
        .collect();
    inputs.extend(odd_inputs());
    for inp in &inputs {
        let want = single(inp);
        let mut v = PeekerDomainView {
            ascii: std::ptr::null(),
            ascii_len: 7,
            unicode: std::ptr::null(),
            unicode_len: 7,
        };
        let st = unsafe { peeker_check_root_domain(inp.as_ptr(), inp.len(), &mut v) };
        assert_eq!(st, want.status, "{:?}", String::from_utf8_lossy(inp));
        match want.ascii {
            Some(a) => {
                assert_eq!(peeker_last_error_status(), PeekerStatus::Ok);
                assert!(peeker_last_error_code().is_null());
                assert_eq!(cstr_bytes(v.ascii, v.ascii_len), a);
                assert_eq!(cstr_bytes(v.unicode, v.unicode_len), want.unicode.unwrap());
            }
            None => {
                assert!(
                    v.ascii.is_null() && v.ascii_len == 7,
                    "out untouched on failure"
                );
                assert_eq!(peeker_last_error_status(), st);
                let code = cstr(peeker_last_error_code()).unwrap();
                assert_eq!(code, cstr(peeker_status_code(st as u32)).unwrap());
                // Message and suggestion: the core's, made now.
                if let Ok(s) = std::str::from_utf8(inp) {
                    let e = peeker_core::normalize_root_domain(s).unwrap_err();
                    assert_eq!(e.code.as_str(), code);
                    assert_eq!(
                        cstr(peeker_last_error_message()).unwrap(),
                        e.message.replace('\0', "\u{FFFD}")
                    );
                    assert_eq!(
                        cstr(peeker_last_error_suggestion()),
                        e.suggestion.as_deref()
                    );
                } else {
                    assert_eq!(code, "invalid_utf8");
                    assert!(cstr(peeker_last_error_message()).unwrap().contains("UTF-8"));
                    assert_eq!(cstr(peeker_last_error_field()), Some("input"));
                }
            }
        }
    }
    // Borrowed results stay valid until the next call on the thread.
    let mut v1 = PeekerDomainView {
        ascii: std::ptr::null(),
        ascii_len: 0,
        unicode: std::ptr::null(),
        unicode_len: 0,
    };
    assert_eq!(
        unsafe { peeker_check_root_domain("Bücher.de".as_ptr(), "Bücher.de".len(), &mut v1) },
        PeekerStatus::Ok
    );
    assert_eq!(
        cstr_bytes(v1.unicode, v1.unicode_len),
        "bücher.de".as_bytes()
    );
    assert_eq!(
        unsafe { peeker_check_root_domain(std::ptr::null(), 0, std::ptr::null_mut()) },
        PeekerStatus::NullArgument
    );
    assert_eq!(
        unsafe { peeker_check_root_domain(std::ptr::null(), 3, &mut v1) },
        PeekerStatus::NullArgument
    );
}

#[test]
fn lazy_domain_errors_and_other_errors_interleave() {
    let mut d: *mut PeekerDomain = std::ptr::null_mut();
    // A domain error, then a non-domain error, then a domain error again, then success.
    assert_eq!(
        unsafe { peeker_root_domain(b"mail.acme.co.uk".as_ptr(), 15, &mut d) },
        PeekerStatus::Subdomain
    );
    assert_eq!(cstr(peeker_last_error_suggestion()), Some("acme.co.uk"));
    assert_eq!(
        unsafe { peeker_root_domain(b"x".as_ptr(), 1, std::ptr::null_mut()) },
        PeekerStatus::NullArgument
    );
    assert_eq!(cstr(peeker_last_error_code()), Some("null_argument"));
    assert_eq!(cstr(peeker_last_error_field()), Some("out"));
    assert_eq!(cstr(peeker_last_error_suggestion()), None);
    assert_eq!(
        unsafe { peeker_root_domain(b"a.b.example.com".as_ptr(), 15, &mut d) },
        PeekerStatus::Subdomain
    );
    assert_eq!(cstr(peeker_last_error_suggestion()), Some("example.com"));
    assert_eq!(cstr(peeker_last_error_field()), None);
    // A huge input is described at once (not kept).
    let huge = vec![b'a'; 5000];
    assert_eq!(
        unsafe { peeker_root_domain(huge.as_ptr(), huge.len(), &mut d) },
        PeekerStatus::TooLong
    );
    assert!(cstr(peeker_last_error_message()).unwrap().contains("5000"));
    assert_eq!(
        unsafe { peeker_root_domain(b"acme.com".as_ptr(), 8, &mut d) },
        PeekerStatus::Ok
    );
    assert_eq!(peeker_last_error_status(), PeekerStatus::Ok);
    assert!(peeker_last_error_message().is_null());
    unsafe { peeker_domain_free(d) };
    assert_eq!(
        unsafe { peeker_root_domain(b"co.uk".as_ptr(), 5, &mut d) },
        PeekerStatus::PublicSuffix
    );
    peeker_last_error_clear();
    assert_eq!(peeker_last_error_status(), PeekerStatus::Ok);
    assert!(peeker_last_error_code().is_null());
}

#[test]
fn word_at_a_time_search_and_count_match_a_byte_loop() {
    // A small deterministic generator: every length 0..64, every byte value as needle.
    let mut x: u32 = 0x1234_5678;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    for len in 0..64usize {
        for _ in 0..8 {
            let hay: Vec<u8> = (0..len).map(|_| (next() % 7) as u8 * 40).collect(); // 0, 40, .., 240
            for b in [0u8, 40, 80, 120, 128, 160, 200, 240, 255, 1] {
                assert_eq!(
                    find_byte(&hay, b),
                    hay.iter().position(|&c| c == b),
                    "{hay:?} {b}"
                );
                assert_eq!(
                    count_byte(&hay, b),
                    hay.iter().filter(|&&c| c == b).count(),
                    "{hay:?} {b}"
                );
            }
            assert_eq!(crate::all_ascii(&hay), hay.is_ascii());
        }
    }
}
