//! Rust-side tests of the C ABI: status numbering against the core, the
//! committed header's freshness, the panic boundary, and a smoke test of each
//! function family. The full C-level suite is `bindings/c/test.sh`.
use super::*;
use std::ffi::CStr;
use std::path::PathBuf;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn generate_header() -> String {
    let dir = crate_dir();
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))
        .expect("ffi/cbindgen.toml is readable");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .generate()
        .expect("cbindgen generates the header");
    let mut buf = Vec::new();
    bindings.write(&mut buf);
    String::from_utf8(buf).expect("header is UTF-8")
}

#[test]
fn header_is_fresh() {
    let path = crate_dir().join("include/peeker.h");
    let fresh = generate_header();
    if std::env::var_os("PEEKER_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = match std::fs::read_to_string(&path) {
        Ok(c) => c,
        Err(e) => panic!(
            "ffi/include/peeker.h cannot be read ({e}). Generate it with\n    \
             PEEKER_BLESS=1 cargo test -p peeker-ffi header_is_fresh\nand commit it."
        ),
    };
    if committed != fresh {
        let (a, b): (Vec<&str>, Vec<&str>) = (committed.lines().collect(), fresh.lines().collect());
        let line = (0..a.len().max(b.len()))
            .find(|&i| a.get(i) != b.get(i))
            .map_or(0, |i| i + 1);
        panic!(
            "ffi/include/peeker.h is stale: it differs from what cbindgen generates from ffi/src/lib.rs \
             (first at line {line}: committed {:?}, generated {:?}). Regenerate it with\n    \
             PEEKER_BLESS=1 cargo test -p peeker-ffi header_is_fresh\nand commit it.",
            a.get(line.saturating_sub(1)),
            b.get(line.saturating_sub(1)),
        );
    }
}

fn screaming(code: &str) -> String {
    code.to_ascii_uppercase()
}

#[test]
fn statuses_match_core_codes() {
    // Every core code has a C status with the same number, named after its string.
    for c in Code::ALL {
        let s = status_of(*c);
        assert_eq!(s as u32, c.number(), "no PeekerStatus for core code {c}");
        assert_eq!(
            format!("{s:?}").to_ascii_lowercase(),
            c.as_str().replace('_', ""),
            "status name of {c}"
        );
        let p = peeker_status_code(c.number());
        assert!(!p.is_null());
        assert_eq!(unsafe { CStr::from_ptr(p) }.to_str().unwrap(), c.as_str());
    }
    // And no status without a core code (besides OK), none twice.
    assert_eq!(STATUSES.len(), Code::ALL.len() + 1);
    assert_eq!(STATUSES[0], PeekerStatus::Ok);
    for s in &STATUSES[1..] {
        assert!(
            Code::ALL.iter().any(|c| c.number() == *s as u32),
            "{s:?} is no core code"
        );
    }
    let mut nums: Vec<u32> = STATUSES.iter().map(|s| *s as u32).collect();
    nums.sort_unstable();
    nums.dedup();
    assert_eq!(nums.len(), STATUSES.len());
    assert_eq!(
        unsafe { CStr::from_ptr(peeker_status_code(0)) }
            .to_str()
            .unwrap(),
        "ok"
    );
    assert!(peeker_status_code(1).is_null());
    assert!(peeker_status_code(4709).is_null());
}

#[test]
fn header_has_every_status_with_its_number() {
    let h = generate_header();
    let entries: Vec<&str> = h
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("PEEKER_STATUS_"))
        .collect();
    assert_eq!(
        entries.len(),
        Code::ALL.len() + 1,
        "status lines in the header: {entries:?}"
    );
    assert!(entries.contains(&"PEEKER_STATUS_OK = 0,"));
    for c in Code::ALL {
        let line = format!("PEEKER_STATUS_{} = {},", screaming(c.as_str()), c.number());
        assert!(entries.contains(&line.as_str()), "header lacks `{line}`");
    }
    assert!(h.contains("#define PEEKER_OK PEEKER_STATUS_OK"));
    assert!(
        h.contains("typedef uint32_t PeekerStatus;"),
        "PeekerStatus must be a fixed 32-bit type in C"
    );
}

#[test]
fn constants_match_core() {
    assert_eq!(
        PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS,
        webhook::DEFAULT_TOLERANCE_SECS
    );
    assert_eq!(
        PEEKER_WEBHOOK_MAX_BODY_BYTES,
        webhook::DEFAULT_MAX_BODY_BYTES
    );
}

fn last_code() -> Option<String> {
    let p = peeker_last_error_code();
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string())
}

#[test]
fn panic_becomes_internal_status() {
    let st = boundary(|| panic!("boom"));
    assert_eq!(st, PeekerStatus::Internal);
    assert_eq!(last_code().as_deref(), Some("internal"));
    assert_eq!(peeker_last_error_status(), PeekerStatus::Internal);
    assert_eq!(guard(7u8, || panic!("boom")), 7);
    assert_eq!(boundary(|| Ok(())), PeekerStatus::Ok);
    assert_eq!(last_code(), None);
}

#[test]
fn root_domain_round_trip() {
    let mut d: *mut PeekerDomain = std::ptr::null_mut();
    let input = " Bücher.de. ";
    assert_eq!(
        unsafe { peeker_root_domain(input.as_ptr(), input.len(), &mut d) },
        PeekerStatus::Ok
    );
    let mut len = 0usize;
    let a = unsafe { CStr::from_ptr(peeker_domain_ascii(d, &mut len)) };
    assert_eq!((a.to_str().unwrap(), len), ("xn--bcher-kva.de", 16));
    let u = unsafe { CStr::from_ptr(peeker_domain_unicode(d, std::ptr::null_mut())) };
    assert_eq!(u.to_str().unwrap(), "bücher.de");
    unsafe { peeker_domain_free(d) };

    let mut d2: *mut PeekerDomain = std::ptr::null_mut();
    let input = "mail.acme.co.uk";
    assert_eq!(
        unsafe { peeker_root_domain(input.as_ptr(), input.len(), &mut d2) },
        PeekerStatus::Subdomain
    );
    assert!(d2.is_null(), "out written on failure");
    let sug = unsafe { CStr::from_ptr(peeker_last_error_suggestion()) };
    assert_eq!(sug.to_str().unwrap(), "acme.co.uk");
}

#[test]
fn bad_arguments_are_typed_errors() {
    let mut d: *mut PeekerDomain = std::ptr::null_mut();
    assert_eq!(
        unsafe { peeker_root_domain(std::ptr::null(), 3, &mut d) },
        PeekerStatus::NullArgument
    );
    assert_eq!(
        unsafe { CStr::from_ptr(peeker_last_error_field()) }
            .to_str()
            .unwrap(),
        "input"
    );
    assert_eq!(
        unsafe { peeker_root_domain(b"a.com".as_ptr(), 5, std::ptr::null_mut()) },
        PeekerStatus::NullArgument
    );
    assert_eq!(
        unsafe { peeker_root_domain(b"\xffa.com".as_ptr(), 6, &mut d) },
        PeekerStatus::InvalidUtf8
    );
    assert_eq!(
        unsafe { peeker_root_domain(std::ptr::null(), 0, &mut d) },
        PeekerStatus::Empty
    );
    assert!(d.is_null());
    // Messages quoting an interior NUL keep their full text.
    assert_eq!(
        unsafe { peeker_root_domain(b"a\0b.com".as_ptr(), 7, &mut d) },
        PeekerStatus::NotADomain
    );
    let msg = unsafe { CStr::from_ptr(peeker_last_error_message()) }
        .to_str()
        .unwrap();
    assert!(msg.contains("a\u{FFFD}b.com"), "{msg}");
}

#[test]
fn domain_set_too_many_is_refused_without_reading() {
    let mut s: *mut PeekerDomainSet = std::ptr::null_mut();
    // A dangling but non-NULL pointer: entries must not be read when the count is over the limit.
    let p = std::ptr::NonNull::<PeekerStr>::dangling().as_ptr();
    assert_eq!(
        unsafe { peeker_domain_set(p, usize::MAX, &mut s) },
        PeekerStatus::TooManyDomains
    );
    assert!(s.is_null());
    let msg = unsafe { CStr::from_ptr(peeker_last_error_message()) }
        .to_str()
        .unwrap();
    assert!(msg.contains(&usize::MAX.to_string()), "{msg}");
}

#[test]
fn response_and_keys_smoke() {
    let mut r: *mut PeekerResponse = std::ptr::null_mut();
    let body =
        br#"{"error":{"code":"rate_limited","message":"x","details":{"retry_after_seconds":12}}}"#;
    assert_eq!(
        unsafe {
            peeker_response_classify(429, std::ptr::null(), 0, body.as_ptr(), body.len(), &mut r)
        },
        PeekerStatus::Ok
    );
    assert_eq!(unsafe { peeker_response_retry(r) }, PeekerRetry::After);
    let mut secs = 0u64;
    assert!(unsafe { peeker_response_retry_after_seconds(r, &mut secs) });
    assert_eq!(secs, 12);
    unsafe { peeker_response_free(r) };

    let mut k: *mut c_char = std::ptr::null_mut();
    let body = br#"{"b":1,"a":2}"#;
    assert_eq!(
        unsafe {
            peeker_order_dedupe_key(b"pk_test_x".as_ptr(), 9, body.as_ptr(), body.len(), &mut k)
        },
        PeekerStatus::Ok
    );
    let key = unsafe { CStr::from_ptr(k) }.to_str().unwrap().to_string();
    assert_eq!(
        key,
        peeker_core::order_dedupe_key("pk_test_x", body).unwrap()
    );
    unsafe { peeker_string_free(k) };
}
