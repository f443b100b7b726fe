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
    let mut config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))
        .expect("ffi/cbindgen.toml is readable");
    // The compile-time version: the crate's, so a version bump makes the committed
    // header stale until it is regenerated. And the webhook event types of the core's
    // catalog, one macro each, so C compares `peeker_event_type` against a name the
    // compiler checks rather than a literal.
    let events: String = peeker_core::EventType::known()
        .map(|t| {
            let name = t.replace('.', "_").to_ascii_uppercase();
            format!("\n#define PEEKER_EVENT_{name} \"{t}\"")
        })
        .collect();
    config.after_includes = Some(format!(
        "{}\n\n/* This header's libpeeker version (compare with peeker_version() at run time). */\n\
         #define PEEKER_VERSION_MAJOR {}\n#define PEEKER_VERSION_MINOR {}\n#define PEEKER_VERSION_PATCH {}\
         \n\n/* The webhook event types this header knows (peeker_core::EventType), as sent in an\n \
         * event's \"type\" (peeker_event_type). Events of other types still verify and keep\n \
         * their type as sent: compare with strcmp/memcmp, and keep a default branch. */{events}",
        config.after_includes.take().unwrap_or_default(),
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
    ));
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
#[cfg_attr(
    miri,
    ignore = "reads files and runs cbindgen: no FFI code, blocked by Miri's isolation"
)]
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

/// The committed header's version macros against the workspace Cargo.toml (the
/// model: rustls-ffi's tools/tests/rustls_header_version.rs).
#[test]
#[cfg_attr(
    miri,
    ignore = "reads files and runs cbindgen: no FFI code, blocked by Miri's isolation"
)]
fn header_version_matches_cargo_toml() {
    let header = std::fs::read_to_string(crate_dir().join("include/peeker.h")).unwrap();
    let define = |name: &str| -> u64 {
        let prefix = format!("#define {name} ");
        let line = header
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("peeker.h has no {name}"));
        line[prefix.len()..].trim().parse().expect("a number")
    };
    let toml = std::fs::read_to_string(crate_dir().join("../Cargo.toml")).unwrap();
    let package = &toml[toml
        .find("[workspace.package]")
        .expect("[workspace.package]")..];
    let version = package
        .lines()
        .find_map(|l| l.trim().strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("a version line");
    let parts: Vec<u64> = version
        .split(['.', '-'])
        .take(3)
        .map(|p| p.parse().expect("numeric version"))
        .collect();
    assert_eq!(
        [
            define("PEEKER_VERSION_MAJOR"),
            define("PEEKER_VERSION_MINOR"),
            define("PEEKER_VERSION_PATCH")
        ],
        [parts[0], parts[1], parts[2]],
        "peeker.h's version macros against Cargo.toml {version}"
    );
    assert!(peeker_core::VERSION.starts_with(version));
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
    assert_eq!(cstr(peeker_status_code(0)).unwrap(), "ok");
    assert!(peeker_status_code(1).is_null());
    assert!(peeker_status_code(4709).is_null());
}

#[test]
#[cfg_attr(
    miri,
    ignore = "reads files and runs cbindgen: no FFI code, blocked by Miri's isolation"
)]
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
        peeker_core::webhook::DEFAULT_TOLERANCE_SECS
    );
    assert_eq!(
        PEEKER_WEBHOOK_MAX_BODY_BYTES,
        peeker_core::webhook::DEFAULT_MAX_BODY_BYTES
    );
}

pub(crate) fn header<'a>(name: &'a [u8], value: &'a [u8]) -> PeekerHeader {
    PeekerHeader {
        name: name.as_ptr(),
        name_len: name.len(),
        value: value.as_ptr(),
        value_len: value.len(),
    }
}

/// `peeker_verifier_new` with these secrets and limits: its status and verifier.
pub(crate) fn new_verifier(
    secrets: &[&[u8]],
    tolerance_secs: u64,
    max_body_bytes: usize,
) -> (PeekerStatus, *mut PeekerVerifier) {
    let strs: Vec<PeekerStr> = secrets
        .iter()
        .map(|s| PeekerStr {
            ptr: s.as_ptr(),
            len: s.len(),
        })
        .collect();
    let options = PeekerVerifierOptions {
        secrets: strs.as_ptr(),
        secret_count: strs.len(),
        tolerance_secs,
        max_body_bytes,
    };
    let mut v = std::ptr::null_mut();
    let st = unsafe { peeker_verifier_new(&options, &mut v) };
    (st, v)
}

/// `peeker_verifier_verify`: its status and event.
pub(crate) fn verify(
    v: *const PeekerVerifier,
    headers: &[PeekerHeader],
    body: &[u8],
    now: i64,
) -> (PeekerStatus, *mut PeekerEvent) {
    let mut e = std::ptr::null_mut();
    let (h, n) = (headers.as_ptr(), headers.len());
    let st = unsafe { peeker_verifier_verify(v, h, n, body.as_ptr(), body.len(), now, &mut e) };
    (st, e)
}

#[test]
fn panic_becomes_internal_status() {
    let st = boundary(|| panic!("boom"));
    assert_eq!(st, PeekerStatus::Internal);
    assert_eq!(cstr(peeker_last_error_code()), Some("internal"));
    assert_eq!(peeker_last_error_status(), PeekerStatus::Internal);
    assert_eq!(guard(7u8, || panic!("boom")), 7);
    assert_eq!(boundary(|| Ok(())), PeekerStatus::Ok);
    assert_eq!(cstr(peeker_last_error_code()), None);
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
    assert_eq!(cstr(peeker_last_error_field()).unwrap(), "input");
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
    let msg = cstr(peeker_last_error_message()).unwrap();
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
    let msg = cstr(peeker_last_error_message()).unwrap();
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

pub(crate) fn cstr<'a>(p: *const c_char) -> Option<&'a str> {
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap())
}

fn new_client(key: &str, base: &str) -> *mut PeekerClient {
    let mut c: *mut PeekerClient = std::ptr::null_mut();
    let st = unsafe {
        peeker_client_new(
            key.as_ptr(),
            key.len(),
            base.as_ptr(),
            base.len(),
            b"acme/1".as_ptr(),
            6,
            &mut c,
        )
    };
    assert_eq!(
        st,
        PeekerStatus::Ok,
        "{:?}",
        cstr(peeker_last_error_message())
    );
    c
}

fn build(
    c: *const PeekerClient,
    op: &str,
    params: &[u8],
    out: *mut *mut PeekerRequest,
) -> PeekerStatus {
    unsafe { peeker_client_build(c, op.as_ptr(), op.len(), params.as_ptr(), params.len(), out) }
}

/// `peeker_client_parse` of a response without headers.
fn parse(
    c: *const PeekerClient,
    op: &str,
    status: u16,
    body: &[u8],
    out: *mut *mut PeekerResponse,
) -> PeekerStatus {
    let (o, b) = (op.as_ptr(), body.as_ptr());
    unsafe {
        peeker_client_parse(
            c,
            o,
            op.len(),
            status,
            std::ptr::null(),
            0,
            b,
            body.len(),
            out,
        )
    }
}

#[test]
fn operations_table_matches_core() {
    assert_eq!(peeker_operation_count(), OPERATIONS_LEN);
    for (i, op) in peeker_core::OPERATIONS.iter().enumerate() {
        assert_eq!(cstr(peeker_operation_name(i)), Some(*op));
    }
    assert!(peeker_operation_name(peeker_core::OPERATIONS.len()).is_null());
}
const OPERATIONS_LEN: usize = peeker_core::OPERATIONS.len();

#[test]
fn client_build_parse_smoke() {
    let c = new_client("pk_test_s3cr3tkey", "http://127.0.0.1:9/partner/v1");
    assert_eq!(
        unsafe { peeker_client_environment(c) },
        PeekerEnvironment::Test
    );
    assert_eq!(
        cstr(unsafe { peeker_client_environment_name(c) }),
        Some("test")
    );
    let ua = cstr(unsafe { peeker_client_user_agent(c, std::ptr::null_mut()) }).unwrap();
    assert_eq!(ua, format!("peeker-sdk/{} acme/1", peeker_core::VERSION));

    let mut r: *mut PeekerRequest = std::ptr::null_mut();
    let params = br#"{"filters":{"status":"completed"},"per_page":10}"#;
    assert_eq!(build(c, "list_orders", params, &mut r), PeekerStatus::Ok);
    assert_eq!(
        cstr(unsafe { peeker_request_method(r, std::ptr::null_mut()) }),
        Some("GET")
    );
    assert_eq!(
        cstr(unsafe { peeker_request_url(r, std::ptr::null_mut()) }),
        Some("http://127.0.0.1:9/partner/v1/orders?status=completed&per_page=10")
    );
    assert!(unsafe { peeker_request_body(r, std::ptr::null_mut()) }.is_null());
    unsafe { peeker_request_free(r) };

    // Validation errors carry the field, never the secrets.
    let bad = br#"{"body":{"user":"a@acme.com","bundle_id":"bun_1","sequencer":{"provider":"smartlead","client_id":1,"login_email":"o@acme.com"},"domains":["acme.com"],"personas":[{"first_name":"A","last_name":"B","profile_picture_url":null}]}}"#;
    let st = build(c, "create_order", bad, &mut r);
    assert_eq!(st, PeekerStatus::InvalidRequest);
    assert_eq!(
        cstr(peeker_last_error_field()),
        Some("sequencer.login_password")
    );

    let body = br#"{"data":[{"id":"ord_1","status":"weird_new_status"}],"links":{"next":"http://127.0.0.1:9/partner/v1/orders?page_token=abc"}}"#;
    let mut res: *mut PeekerResponse = std::ptr::null_mut();
    assert_eq!(
        parse(c, "list_orders", 200, body, &mut res),
        PeekerStatus::Ok
    );
    assert!(unsafe { peeker_response_ok(res) });
    let next = unsafe { peeker_response_next(res) };
    assert_eq!(
        cstr(unsafe { peeker_request_url(next, std::ptr::null_mut()) }),
        Some("http://127.0.0.1:9/partner/v1/orders?page_token=abc")
    );
    let json = cstr(unsafe { peeker_response_json(res, std::ptr::null_mut()) }).unwrap();
    assert!(!json.contains("s3cr3tkey"), "{json}");
    assert!(json.contains("weird_new_status"), "{json}");
    unsafe { peeker_response_free(res) };

    let html = b"<html>Bad Gateway</html>";
    assert_eq!(parse(c, "get_order", 502, html, &mut res), PeekerStatus::Ok);
    assert_eq!(unsafe { peeker_response_retry(res) }, PeekerRetry::Backoff);
    assert!(unsafe { peeker_response_next(res) }.is_null());
    unsafe { peeker_response_free(res) };
    assert_eq!(
        peeker_backoff_delay_ms(2, 1.0),
        peeker_core::response::backoff_delay_ms(2, 1.0)
    );
    unsafe { peeker_client_free(c) };

    // A bad key is refused without being quoted.
    let mut c2: *mut PeekerClient = std::ptr::null_mut();
    let key = "sk_live_TOPSECRET";
    let st = unsafe {
        peeker_client_new(
            key.as_ptr(),
            key.len(),
            std::ptr::null(),
            0,
            std::ptr::null(),
            0,
            &mut c2,
        )
    };
    assert_eq!(st, PeekerStatus::InvalidApiKey);
    assert!(!cstr(peeker_last_error_message())
        .unwrap()
        .contains("TOPSECRET"));
    assert!(c2.is_null());
}

/// The `order.completed` delivery of the tracker and state tests, its signature
/// with `whsec_x` at timestamp 1000, and a verifier of that secret.
fn order_completed() -> (&'static [u8], String, *mut PeekerVerifier) {
    let body = br#"{"id":"evt_1","type":"order.completed","created_at":"2026-05-08T12:00:00Z","data":{"id":"ord_1","status":"completed","domain_count":2}}"#;
    let (st, v) = new_verifier(&[b"whsec_x"], 300, 0);
    assert_eq!(st, PeekerStatus::Ok);
    (body, peeker_core::sign(body, "whsec_x", 1000), v)
}

/// The two headers of a delivery signed `sig` at timestamp 1000 (`sig` must outlive them).
fn signed_at_1000(sig: &str) -> [PeekerHeader; 2] {
    [
        header(b"Peeker-Signature", sig.as_bytes()),
        header(b"Peeker-Timestamp", b"1000"),
    ]
}

#[test]
fn tracker_and_replay_smoke() {
    let (body, sig, v) = order_completed();
    let headers = signed_at_1000(&sig);
    // Years later: only the explicitly named function accepts it.
    let (st, mut e) = verify(v, &headers, body, 1_900_000_000);
    assert_eq!(st, PeekerStatus::TimestampOutOfTolerance);
    assert!(e.is_null());
    let st = unsafe {
        peeker_verifier_verify_ignoring_timestamp(
            v,
            headers.as_ptr(),
            2,
            body.as_ptr(),
            body.len(),
            &mut e,
        )
    };
    assert_eq!(st, PeekerStatus::Ok);
    // the one configured secret matched; NULL has no index
    assert_eq!(unsafe { peeker_event_secret_index(e) }, 0);
    assert_eq!(unsafe { peeker_event_secret_index(std::ptr::null()) }, -1);
    unsafe { peeker_verifier_free(v) };
    let (st, v) = new_verifier(&[b"whsec_x"], 300, 10);
    assert_eq!(st, PeekerStatus::Ok);
    assert_eq!(
        verify(v, &headers, body, 1000).0,
        PeekerStatus::PayloadTooLarge
    );
    unsafe { peeker_verifier_free(v) };

    let mut t: *mut PeekerTracker = std::ptr::null_mut();
    assert_eq!(unsafe { peeker_tracker_new(&mut t) }, PeekerStatus::Ok);
    let mut applied = false;
    assert_eq!(
        unsafe { peeker_tracker_apply(t, e, &mut applied) },
        PeekerStatus::Ok
    );
    assert!(applied);
    assert_eq!(
        unsafe { peeker_tracker_apply(t, e, &mut applied) },
        PeekerStatus::Ok
    );
    assert!(!applied);
    let mut s: *mut c_char = std::ptr::null_mut();
    let id = "ord_1";
    assert_eq!(
        unsafe { peeker_tracker_order_json(t, id.as_ptr(), id.len(), &mut s) },
        PeekerStatus::Ok
    );
    let v: serde_json::Value = serde_json::from_str(cstr(s).unwrap()).unwrap();
    assert_eq!(
        (v["status"].as_str(), v["domains_total"].as_u64()),
        (Some("completed"), Some(2))
    );
    unsafe { peeker_string_free(s) };
    assert_eq!(
        unsafe { peeker_tracker_to_json(t, &mut s) },
        PeekerStatus::Ok
    );
    let mut t2: *mut PeekerTracker = std::ptr::null_mut();
    let stored = cstr(s).unwrap().to_string();
    assert_eq!(
        unsafe { peeker_tracker_from_json(stored.as_ptr(), stored.len(), &mut t2) },
        PeekerStatus::Ok
    );
    assert_eq!(unsafe { peeker_tracker_events_seen(t2) }, 1);
    unsafe {
        peeker_string_free(s);
        peeker_tracker_free(t);
        peeker_tracker_free(t2);
        peeker_event_free(e);
    }
}

#[test]
fn stored_state_functions_smoke() {
    // peeker_state_*: the row key of an event, reduce into a stored state, merge two
    // states, and the order view over stored states (under Miri too: the pointer code).
    let (body, sig, v) = order_completed();
    let headers = signed_at_1000(&sig);
    let (st, e) = verify(v, &headers, body, 1000);
    assert_eq!(st, PeekerStatus::Ok);
    let mut s: *mut c_char = std::ptr::null_mut();
    assert_eq!(unsafe { peeker_state_key(e, &mut s) }, PeekerStatus::Ok);
    assert_eq!(cstr(s), Some("order:ord_1"));
    unsafe { peeker_string_free(s) };
    assert_eq!(
        unsafe { peeker_state_key(std::ptr::null(), &mut s) },
        PeekerStatus::NullArgument
    );

    // No state yet: (NULL, 0).
    let mut state: *mut c_char = std::ptr::null_mut();
    assert_eq!(
        unsafe { peeker_state_reduce(std::ptr::null(), 0, e, &mut state) },
        PeekerStatus::Ok
    );
    let stored = cstr(state).unwrap().to_string();
    let parsed: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(
        (
            parsed["id"].as_str(),
            parsed["kind"].as_str(),
            parsed["latest"]["status"].as_str()
        ),
        (Some("ord_1"), Some("order"), Some("completed")),
        "{stored}"
    );
    // The same event again: the same text.
    let mut again: *mut c_char = std::ptr::null_mut();
    assert_eq!(
        unsafe { peeker_state_reduce(stored.as_ptr(), stored.len(), e, &mut again) },
        PeekerStatus::Ok
    );
    assert_eq!(cstr(again), Some(stored.as_str()));
    let junk = b"{not json";
    assert_eq!(
        unsafe { peeker_state_reduce(junk.as_ptr(), junk.len(), e, &mut again) },
        PeekerStatus::InvalidJson
    );
    assert_eq!(cstr(peeker_last_error_field()), Some("state_json"));

    // Merge is idempotent.
    let mut merged: *mut c_char = std::ptr::null_mut();
    assert_eq!(
        unsafe {
            peeker_state_merge(
                stored.as_ptr(),
                stored.len(),
                stored.as_ptr(),
                stored.len(),
                &mut merged,
            )
        },
        PeekerStatus::Ok
    );
    assert_eq!(cstr(merged), Some(stored.as_str()));
    assert_eq!(
        unsafe {
            peeker_state_merge(
                junk.as_ptr(),
                junk.len(),
                stored.as_ptr(),
                stored.len(),
                &mut s,
            )
        },
        PeekerStatus::InvalidJson
    );

    // The order view from the stored state, no domain states.
    let (id, domains) = ("ord_1", "[]");
    let mut view: *mut c_char = std::ptr::null_mut();
    assert_eq!(
        unsafe {
            peeker_state_order_view_json(
                id.as_ptr(),
                id.len(),
                stored.as_ptr(),
                stored.len(),
                domains.as_ptr(),
                domains.len(),
                &mut view,
            )
        },
        PeekerStatus::Ok
    );
    let v2: serde_json::Value = serde_json::from_str(cstr(view).unwrap()).unwrap();
    assert_eq!(
        (v2["status"].as_str(), v2["domains_total"].as_u64()),
        (Some("completed"), Some(2))
    );
    unsafe {
        peeker_string_free(state);
        peeker_string_free(again);
        peeker_string_free(merged);
        peeker_string_free(view);
        peeker_event_free(e);
        peeker_verifier_free(v);
    }
}

#[test]
fn redacted_header_value_is_the_cores_text_for_authorization_only() {
    let shown = |name: &[u8]| {
        let p = unsafe { peeker_redacted_header_value(name.as_ptr(), name.len()) };
        (!p.is_null()).then(|| {
            unsafe { std::ffi::CStr::from_ptr(p) }
                .to_str()
                .unwrap()
                .to_string()
        })
    };
    let text = Some(peeker_core::response::REDACTED_AUTHORIZATION.to_string());
    assert_eq!(shown(b"Authorization"), text);
    assert_eq!(shown(b"AUTHORIZATION"), text);
    assert_eq!(shown(b"Accept"), None);
    assert_eq!(shown(b"\xff"), None);
    assert!(unsafe { peeker_redacted_header_value(std::ptr::null(), 3) }.is_null());
}
