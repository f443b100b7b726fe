//! Tests of the webhook module (verification, envelope readers, scanners).
use super::*;
use crate::error::{Code, Error};
use std::borrow::Cow;

const BODY: &[u8] = br#"{"id":"evt_01HZX0EV2A2B3C4D5E6F7G8H","type":"order.completed","created_at":"2026-05-08T12:14:33Z","data":{"id":"ord_01HZX0OR1A2B3C4D5E6F7G8H","status":"completed"}}"#;

fn h<'a>(sig: &'a str, ts: &'a str) -> Headers<'a> {
    Headers {
        signature: Some(sig),
        timestamp: Some(ts),
        event_id: None,
    }
}

#[test]
fn matches_the_published_example() {
    let sig = sign(BODY, "whsec_example_secret", 1778242473);
    assert_eq!(
        sig,
        "v1=f5d7662d380501ff096dc701e82bcc605334d557cbb1d58a191b5db39557f342"
    );
    let v = Verifier::new(VerifierOptions::new(&["whsec_example_secret"])).unwrap();
    let e = v.verify(BODY, &h(&sig, "1778242473"), 1778242483).unwrap();
    assert_eq!(e.id, "evt_01HZX0EV2A2B3C4D5E6F7G8H");
    assert_eq!(e.kind(), EventType::OrderCompleted);
}

#[test]
fn errors() {
    let v = Verifier::new(VerifierOptions::new(&["s1"])).unwrap();
    let sig = sign(BODY, "s1", 1000);
    let code = |r: Result<Event, Error>| r.unwrap_err().code;
    assert_eq!(
        code(v.verify(
            BODY,
            &Headers {
                signature: None,
                ..h("", "1000")
            },
            1000
        )),
        Code::MissingHeader
    );
    assert_eq!(
        code(v.verify(BODY, &h(&sig, "10x"), 1000)),
        Code::MalformedHeader
    );
    assert_eq!(
        code(v.verify(BODY, &h("garbage", "1000"), 1000)),
        Code::MalformedHeader
    );
    assert_eq!(
        code(v.verify(BODY, &h("v1=", "1000"), 1000)),
        Code::SignatureMismatch
    );
    assert_eq!(
        code(v.verify(BODY, &h(&sig[..40], "1000"), 1000)),
        Code::SignatureMismatch
    );
    assert_eq!(
        code(v.verify(BODY, &h(&sig, "1000"), 1301)),
        Code::TimestampOutOfTolerance
    );
    assert_eq!(
        code(v.verify(BODY, &h(&sig, "1000"), 699)),
        Code::TimestampOutOfTolerance
    );
    assert!(v.verify(BODY, &h(&sig, "1000"), 1300).is_ok());
    assert!(v.verify(BODY, &h(&sig, "1000"), 700).is_ok());
    assert!(v.verify_ignoring_timestamp(BODY, &h(&sig, "1000")).is_ok());
    assert!(v
        .verify_signature(
            b"not json",
            &h(&sign(b"not json", "s1", 1000), "1000"),
            1000
        )
        .is_ok());
    assert_eq!(
        v.verify_signature(BODY, &h(&sig, "1000"), 1301)
            .unwrap_err()
            .code,
        Code::TimestampOutOfTolerance
    );
    assert_eq!(
        v.verify_signature(BODY, &h(&sig, "999"), 1000)
            .unwrap_err()
            .code,
        Code::SignatureMismatch
    );
    let multi = format!("v0=abc, {sig}");
    assert!(v.verify(BODY, &h(&multi, "1000"), 1000).is_ok());
    let upper = sig.to_uppercase().replacen("V1", "v1", 1);
    assert!(v.verify(BODY, &h(&upper, "1000"), 1000).is_ok());
    let bad = sign(b"[1]", "s1", 1000);
    assert_eq!(
        code(v.verify(b"[1]", &h(&bad, "1000"), 1000)),
        Code::InvalidPayload
    );
    let rot = Verifier::new(VerifierOptions::new(&["old", "s1"])).unwrap();
    assert!(rot.verify(BODY, &h(&sig, "1000"), 1000).is_ok());
    assert_eq!(
        Verifier::new(VerifierOptions::default()).unwrap_err().code,
        Code::InvalidSecret
    );
    assert_eq!(
        Verifier::new(VerifierOptions::new(&[""])).unwrap_err().code,
        Code::InvalidSecret
    );
    let small = Verifier::new(VerifierOptions::new(&["s1"]).max_body_bytes(10)).unwrap();
    assert_eq!(
        code(small.verify(BODY, &h(&sig, "1000"), 1000)),
        Code::PayloadTooLarge
    );
}

#[test]
fn secrets_never_printed() {
    let v = Verifier::new(VerifierOptions::new(&["whsec_TOPSECRET "])).unwrap();
    assert!(!format!("{v:?}").contains("TOPSECRET"));
    let err = v.verify(BODY, &h("v1=00", "1"), 1).unwrap_err();
    assert!(!err.message.contains("TOPSECRET"));
    assert!(err.message.contains("white space"));
}

#[test]
fn headers_case_insensitive() {
    let pairs = [
        ("peeker-signature", "v1=aa"),
        ("PEEKER-TIMESTAMP", "12"),
        ("Peeker-Event-Id", "evt_1"),
    ];
    let hd = Headers::from_pairs(pairs);
    assert_eq!(
        (hd.signature, hd.timestamp, hd.event_id),
        (Some("v1=aa"), Some("12"), Some("evt_1"))
    );
}

#[test]
fn typed_payloads_follow_the_seed_guide() {
    use crate::models::{ImportStatus, OrderStatus};
    let e = Event::parse(br#"{"id":"evt_01HZX0EV7A2B3C4D5E6F7G8H","type":"domain.connected","created_at":"2026-05-08T12:08:00Z","data":{"id":"dom_01HZX0D01A2B3C4D5E6F7G8H","domain":"acme-mail.com","category":"connected","status":"active","provider":"google","user_id":"usr_01HZX0C6Z3K4M5N6P7Q8R9S0","order_id":"ord_01HZX0OR1A2B3C4D5E6F7G8H","usable_for":["google","microsoft"],"forwarding_url":"https://acme.com","created_at":"2026-05-08T12:00:00Z"}}"#).unwrap();
    let Payload::Domain(d) = e.payload().unwrap() else {
        panic!("not a domain")
    };
    assert_eq!(
        (d.domain.as_str(), d.order_id.as_deref()),
        ("acme-mail.com", Some("ord_01HZX0OR1A2B3C4D5E6F7G8H"))
    );
    let Payload::Order(o) = Event::parse(BODY).unwrap().payload().unwrap() else {
        panic!("not an order")
    };
    assert_eq!(o.status, OrderStatus::Completed);
    let imp = Event::parse(br#"{"id":"evt_1","type":"domain_import.action_required","data":{"id":"imp_1","status":"action_required","submitted_count":2,"completed_count":0,"failed_count":0,"nameserver_groups":[{"nameserver_one":"helena.ns.cloudflare.com","nameserver_two":"idris.ns.cloudflare.com","domains":["acme-mail.com","team-acme.com"]}],"failed":[],"created_at":"2026-05-08T12:00:00Z"}}"#).unwrap();
    let Payload::Import(j) = imp.payload().unwrap() else {
        panic!("not an import")
    };
    assert_eq!(
        (j.status, j.nameserver_groups[0].nameserver_one.as_str()),
        (ImportStatus::ActionRequired, "helena.ns.cloudflare.com")
    );
    let swap = Event::parse(br#"{"id":"evt_2","type":"swap.created","data":{"id":"swp_1","type":"premium","domain_id":"dom_1","replacement_domain":"b.com","status":"created"}}"#).unwrap();
    assert!(matches!(swap.payload().unwrap(), Payload::Swap(_)));
    let fw = Event::parse(br#"{"id":"evt_3","type":"domain.forwarding_failed","data":{"id":"fwj_1","status":"failed","failed":[{"domain":"a.com","reason":"dns_lookup_failed"}]}}"#).unwrap();
    assert!(matches!(fw.payload().unwrap(), Payload::Forwarding(_)));
    let new = Event::parse(br#"{"id":"evt_4","type":"brand.new","data":{"x":1}}"#).unwrap();
    assert_eq!(
        new.payload().unwrap(),
        Payload::Unknown(serde_json::json!({"x": 1}))
    );
    let odd =
        Event::parse(br#"{"id":"evt_5","type":"order.completed","data":{"no_id":true}}"#).unwrap();
    assert_eq!(odd.payload().unwrap_err().code, Code::InvalidPayload);
}

/// `RawEvent::parse` answers as `Event::parse` does (the reference: a `Value` parse).
fn same_as_event(body: &[u8]) {
    // The one-pass reader, when it answers, reads what the serde reader reads.
    if let Ok(text) = std::str::from_utf8(body) {
        if let Some(fast) = raw::fast_envelope(text) {
            let slow: raw::Envelope<'_> = serde_json::from_str(text).expect(text);
            assert_eq!(fast, slow, "{text}");
            if let raw::Envelope::Object { data: Some(d), .. } = &fast {
                assert!(raw::validate(d).is_ok(), "{text}");
            }
        }
    }
    let old = Event::parse(body);
    let new = RawEvent::parse(body);
    match (&old, &new) {
        (Ok(o), Ok(n)) => {
            assert_eq!(o, &n.to_event(), "{}", String::from_utf8_lossy(body));
            let compact: serde_json::Value = serde_json::from_str(&n.data_compact()).unwrap();
            assert_eq!(compact, o.data);
            let env: serde_json::Value = serde_json::from_str(&n.to_json()).unwrap();
            let old_env: serde_json::Value = serde_json::from_str(&o.to_json()).unwrap();
            assert_eq!(env, old_env);
            if let Some(text) = n.envelope_body {
                assert_eq!(text.as_bytes(), body);
                let whole: serde_json::Value = serde_json::from_slice(body).unwrap();
                assert_eq!(whole, env);
                let keys: Vec<&String> = whole.as_object().unwrap().keys().collect();
                assert_eq!(keys.len(), 4);
            }
        }
        (Err(o), Err(n)) => assert_eq!(
            (o.code, n.code),
            (Code::InvalidPayload, Code::InvalidPayload)
        ),
        _ => panic!(
            "{}: old {:?} new {:?}",
            String::from_utf8_lossy(body),
            old.as_ref().map(|_| ()),
            new.as_ref().map(|_| ())
        ),
    }
}

#[test]
fn the_prescan_never_skips_a_needed_check() {
    let cases = [
        r#"{"a":"\ud800"}"#,
        r#"{"\ud800":1}"#,
        r#"["\\","\u0041"]"#,
        r#"[1e400]"#,
        r#"[1E400]"#,
        r#"[-1.5e+400]"#,
        r#"[true,false,null,"1e400"]"#,
        r#"["\\u"]"#,
        r#"[0.5,10,"a\"b"]"#,
    ];
    for d in cases {
        if !raw::needs_validation(d) {
            assert!(raw::validate(d).is_ok(), "{d}");
        }
    }
    assert!(raw::needs_validation(r#"{"a":"\ud800"}"#));
    assert!(raw::needs_validation("[1e400]"));
    assert!(!raw::needs_validation(
        r#"[true,false,null,"x1e400","\\u",{"E5":"x"},-0.5,12]"#
    ));
    assert!(
        raw::needs_validation("1e5")
            && raw::needs_validation(" -2E5")
            && !raw::needs_validation("12")
    );
    assert!(raw::needs_validation(r#"{"a" : -1.5e3}"#) && raw::needs_validation("[0,\n 1e3]"));
    let long = format!("[{}]", "9".repeat(400));
    assert!(raw::needs_validation(&long) && raw::validate(&long).is_err());
    let deep = format!("{}{}", "[".repeat(130), "]".repeat(130));
    assert!(raw::needs_validation(&deep));
}

proptest::proptest! {
    /// Texts of JSON-ish fragments: whenever one is JSON and the pre-scan says no
    /// check is needed, the check passes; and the envelope reader agrees with
    /// the `Value` parse on it.
    #[test]
    fn prescan_and_envelope_on_random_texts(t in r#"[\[\]{}:, "0-9eE.\-+\\udDcC8a-z]{0,48}"#) {
        if serde_json::from_str::<serde::de::IgnoredAny>(&t).is_ok() && !raw::needs_validation(&t) {
            proptest::prop_assert!(raw::validate(&t).is_ok(), "{}", t);
        }
        let body = format!(r#"{{"id":"e","type":"a.b","data":{t}}}"#);
        same_as_event(body.as_bytes());
        let body = format!(r#"{{"id":"e","type":"a.b","x":{t},"data":1}}"#);
        same_as_event(body.as_bytes());
    }
}

proptest::proptest! {
    /// The same, from JSON tokens (valid texts come up often).
    #[test]
    fn prescan_and_envelope_on_token_texts(toks in proptest::collection::vec(proptest::sample::select(vec![
        "[", "]", "{", "}", ",", ":", " ", "\"k\"", "\"a:1e9\"", "\"\\ud800\"", "\"\\ud83d\\udd11\"",
        "\"\\udc00\"", "\"\\\\u\"", "\"\\n\"", "1e400", "-1E-400", "-0", "12", "1.5e3", "9.99", "true", "null",
    ]), 0..24)) {
        let t: String = toks.concat();
        if serde_json::from_str::<serde::de::IgnoredAny>(&t).is_ok() && !raw::needs_validation(&t) {
            proptest::prop_assert!(raw::validate(&t).is_ok(), "{}", t);
        }
        let body = format!(r#"{{"id":"e","type":"a.b","data":{t}}}"#);
        same_as_event(body.as_bytes());
    }
}

#[test]
fn raw_envelope_agrees_with_the_value_parse() {
    let cases: &[&[u8]] = &[
        BODY,
        b"",
        b"null",
        b"[1,2]",
        b"\"x\"",
        b"{}",
        br#"{"type":"a.b"}"#,
        br#"{"type":"a.b","id":null}"#,
        br#"{"type":"a.b","id":""}"#,
        br#"{"type":"","id":"e"}"#,
        br#"{"type":"a.b","id":7}"#,
        br#"{"type":7,"id":"e"}"#,
        br#"{"type":"a.b","id":"e","data":null}"#,
        br#"{"type":"a.b","id":"e","created_at":5}"#,
        br#"{"type":"a.b","id":"e","created_at":null,"data":[1,{"z":1,"a":2}]}"#,
        // duplicate keys: the last wins, in the envelope and in data
        br#"{"type":"x.y","type":"a.b","id":"e","id":"f","data":{"k":1,"k":2},"data":{"k":3,"k":4}}"#,
        br#"{"type":7,"type":"a.b","id":"e"}"#,
        br#"{"type":"a.b","type":7,"id":"e"}"#,
        // escapes: decoded strings, lone surrogates refused anywhere
        br#"{"type":"a\u002eb","id":"e\"1","created_at":"\ud83d\udd11","data":{"s":"\u00e9\n"}}"#,
        br#"{"type":"a.b","id":"e","data":{"s":"\ud800"}}"#,
        br#"{"type":"a.b","id":"e","data":{"s":"\udc00"}}"#,
        br#"{"type":"a.b","id":"e","data":{"\ud800":1}}"#,
        br#"{"type":"a.b","id":"e","extra":"\ud800"}"#,
        br#"{"type":"a.b","id":"e","\ud800":1}"#,
        br#"{"type":"a.b","id":"\ud800"}"#,
        br#"{"type":"a.b","id":"e","created_at":"\udfff"}"#,
        // numbers
        br#"{"type":"a.b","id":"e","data":{"n":1e400}}"#,
        br#"{"type":"a.b","id":"e","data":{"n":-1e400}}"#,
        br#"{"type":"a.b","id":"e","data":{"n":1e-400}}"#,
        br#"{"type":"a.b","id":"e","data":{"n":123456789012345678901234567890}}"#,
        br#"{"type":"a.b","id":"e","data":{"n":-0}}"#,
        br#"{"type":"a.b","id":"e","extra":1e999}"#,
        br#"{"type":"a.b","id":"e","data":{"n":01}}"#,
        // white space, unknown fields, trailing bytes
        b" {\n\"type\" : \"a.b\" ,\t\"id\":\"e\", \"data\" : { \"a b\" : [ 1 , \" x \" ] } } \n",
        br#"{"type":"a.b","id":"e","more":{"deep":[1,2,{"x":null}]},"data":{}}"#,
        br#"{"type":"a.b","id":"e"} x"#,
        br#"{"type":"a.b","id":"e","data":{"a":1,}}"#,
        b"{\"type\":\"a.b\",\"id\":\"e\",\"data\":\"\xff\"}",
        b"{\"type\":\"a.b\",\"id\":\"e\",\"x\":\"\xc3\"}",
        b"{\"type\":\"a.b\",\"id\":\"e\",\"data\":\"a\x01\"}",
        br#"{"id":"e","type":"a.b","created_at":"c","data":{"x":[1,2.5,-3e2,"\\u"]}}"#,
        br#"{"id":"e","type":"a.b","created_at":null,"data":{}}"#,
        br#"{"id":"e","type":"a.b","created_at":7,"data":{}}"#,
        br#"{"id":"e","type":"a.b","data":{},"created_at":"c"}"#,
        br#"{"id":"e","type":"a.b","created_at":"c","data":{},"data":{}}"#,
        br#"{"id":"e","type":"a.b","created_at":"c","data":{},"x":1}"#,
        br#"{"id":"e","type":"a.b","created_at":"c","data":[1e400]}"#,
        br#"{"id":"e","type":"a.b","created_at":"c","data":["\udc00"]}"#,
    ];
    for c in cases {
        same_as_event(c);
    }
    // The nesting limit, around its edge, in data and in an unknown field.
    for depth in 120..132 {
        for key in ["data", "other"] {
            let body = format!(
                r#"{{"type":"a.b","id":"e","{key}":{}{}}}"#,
                "[".repeat(depth),
                "]".repeat(depth)
            );
            same_as_event(body.as_bytes());
            let body = format!(
                r#"{{"type":"a.b","id":"e","{key}":{}1{}}}"#,
                "{\"a\":".repeat(depth),
                "}".repeat(depth)
            );
            same_as_event(body.as_bytes());
        }
    }
}

#[test]
fn the_one_pass_reader_takes_usual_bodies_and_leaves_the_rest() {
    assert!(raw::fast_envelope(std::str::from_utf8(BODY).unwrap()).is_some());
    for t in [
        r#" { "id" : "e", "type":"t", "created_at":null, "data" : {"a":[1,-2.5,true,false,null,"x\"y\n"],"b":{}} , "x":[] } "#,
        r#"{}"#,
        r#"{"data":[]}"#,
    ] {
        assert!(raw::fast_envelope(t).is_some(), "{t}");
        same_as_event(t.as_bytes());
    }
    for t in [
        r#"{"id":"e\u0041","type":"t"}"#,
        r#"{"id":"e","id":"f","type":"t"}"#,
        r#"{"id":"e","type":"t","data":1e5}"#,
        r#"{"id":"e","type":"t","data":01}"#,
        r#"{"id":"e","type":"t","data":"\ud800"}"#,
        r#"{"id":7,"type":"t"}"#,
        r#"{"id":"e","type":"t","data":[1,]}"#,
        r#"{"id":"e","type":"t"} x"#,
        r#"[1]"#,
        "{\"id\":\"e\",\"type\":\"t\",\"data\":\"a\x01\"}",
        r#"{"k\n":1}"#,
    ] {
        assert!(raw::fast_envelope(t).is_none(), "{t}");
        same_as_event(t.as_bytes());
    }
    let deep = format!(r#"{{"data":{}{}}}"#, "[".repeat(99), "]".repeat(99));
    assert!(raw::fast_envelope(&deep).is_none());
    same_as_event(deep.as_bytes());
}

#[test]
fn raw_event_keeps_the_sender_order_and_header_id() {
    let body = br#"{"type":"order.completed","data":{"z":1,"a":{"y":2,"b":3}}}"#;
    let e = RawEvent::parse_with_header_id(body, Some(" evt_h ")).unwrap();
    assert_eq!(
        (&*e.id, &*e.event_type, e.data),
        ("evt_h", "order.completed", r#"{"z":1,"a":{"y":2,"b":3}}"#)
    );
    assert_eq!(
        e.to_json(),
        r#"{"id":"evt_h","type":"order.completed","created_at":null,"data":{"z":1,"a":{"y":2,"b":3}}}"#
    );
    let spaced = RawEvent::parse(
        b"{\"id\":\"e\",\"type\":\"t\",\"data\": { \"a\" : \"x y\\\" z\" ,\n\"b\":[ 1 ] } }",
    )
    .unwrap();
    assert_eq!(spaced.data_compact(), r#"{"a":"x y\" z","b":[1]}"#);
    assert!(matches!(
        RawEvent::parse(BODY).unwrap().id,
        Cow::Borrowed(_)
    ));
}

/// A host SHA-256, recording the first block of what it hashed (the key block).
#[derive(Default)]
struct CountingHost {
    calls: std::sync::Mutex<Vec<Vec<u8>>>,
}

impl HostSha256 for CountingHost {
    fn sha256(&self, data: &[u8]) -> Result<[u8; 32], Error> {
        use sha2::Digest;
        self.calls.lock().unwrap().push(data[..64].to_vec());
        Ok(sha2::Sha256::digest(data).into())
    }
}

/// HMAC-SHA256's inner key block of `secret` (RFC 2104), as a host hashes it first.
fn inner_block(secret: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    let mut block = [0u8; 64];
    if secret.len() > 64 {
        block[..32].copy_from_slice(&sha2::Sha256::digest(secret));
    } else {
        block[..secret.len()].copy_from_slice(secret);
    }
    block.iter().map(|b| b ^ 0x36).collect()
}

fn with_host(secrets: &[&str], host: std::sync::Arc<dyn HostSha256>) -> Verifier {
    Verifier::new(VerifierOptions::new(secrets).host_sha256(host)).unwrap()
}

#[test]
fn host_sha256_keys_every_length_as_hmac_does() {
    // empty is refused; a block exactly, one byte more (hashed first), multibyte
    for secret in [
        "k",
        &"x".repeat(63),
        &"y".repeat(64),
        &"z".repeat(65),
        &"é✓".repeat(40),
    ] {
        let v = with_host(&[secret], std::sync::Arc::new(CountingHost::default()));
        for ts in ["1000", " 1000 "] {
            let sig = sign(BODY, secret, 1000);
            assert_eq!(v.verify_signature(BODY, &h(&sig, ts), 1000).unwrap(), 0);
            let other = sign(BODY, &format!("{secret}!"), 1000);
            assert_eq!(
                v.verify_signature(BODY, &h(&other, ts), 1000)
                    .unwrap_err()
                    .code,
                Code::SignatureMismatch
            );
        }
    }
}

#[test]
fn host_mac_gives_the_same_answers() {
    let host = std::sync::Arc::new(CountingHost::default());
    let v = with_host(&["old", "s1"], host.clone());
    let plain = Verifier::new(VerifierOptions::new(&["old", "s1"])).unwrap();
    let sig = sign(BODY, "s1", 1000);
    assert!(v.verify_signature(BODY, &h(&sig, "1000"), 1000).is_ok());
    let e = v.verify_raw(BODY, &h(&sig, " 1000 "), Some(1000)).unwrap();
    assert_eq!(
        e.to_event(),
        plain.verify(BODY, &h(&sig, " 1000 "), 1000).unwrap()
    );
    // every secret is tried (rotation, no early exit), in order; the host path
    // reports the matched index as the core's own MAC does
    let (old, s1) = (inner_block(b"old"), inner_block(b"s1"));
    assert_eq!(
        *host.calls.lock().unwrap(),
        [old.clone(), s1.clone(), old, s1]
    );
    assert_eq!(e.secret_index, Some(1));
    assert_eq!(v.verify_signature(BODY, &h(&sig, "1000"), 1000).unwrap(), 1);
    let code = |r: Result<usize, Error>| r.unwrap_err().code;
    // tolerance, malformed headers and the size limit are the core's, host MAC or not
    assert_eq!(
        code(v.verify_signature(BODY, &h(&sig, "1000"), 1301)),
        Code::TimestampOutOfTolerance
    );
    assert!(v.verify_raw(BODY, &h(&sig, "1000"), None).is_ok());
    assert!(v.verify_ignoring_timestamp(BODY, &h(&sig, "1000")).is_ok());
    assert_eq!(
        code(v.verify_signature(BODY, &h(&sig, "10x"), 1000)),
        Code::MalformedHeader
    );
    let never = |_: &[u8]| -> Result<[u8; 32], Error> { panic!("MAC asked for") };
    let small = Verifier::new(
        VerifierOptions::new(&["s1"])
            .max_body_bytes(10)
            .host_sha256(std::sync::Arc::new(never)),
    )
    .unwrap();
    assert_eq!(
        code(small.verify_signature(BODY, &h(&sig, "1000"), 1000)),
        Code::PayloadTooLarge
    );
    // a provider giving wrong bytes: a mismatch, never a match
    let zero = |_: &[u8]| -> Result<[u8; 32], Error> { Ok([0u8; 32]) };
    let wrong = with_host(&["old", "s1"], std::sync::Arc::new(zero));
    assert_eq!(
        code(wrong.verify_signature(BODY, &h(&sig, "1000"), 1000)),
        Code::SignatureMismatch
    );
    // (the core finishes the MAC from what the host computed and compares it with
    // what was sent: the outer hash of an all-zero inner hash matches; a host must
    // compute the real SHA-256)
    let outer = {
        use sha2::Digest;
        let opad: Vec<u8> = inner_block(b"s1").iter().map(|b| b ^ 0x36 ^ 0x5c).collect();
        sha2::Sha256::new_with_prefix(opad)
            .chain_update([0u8; 32])
            .finalize()
    };
    let zeros = format!("v1={}", crate::hex::encode(&outer));
    assert_eq!(
        wrong
            .verify_signature(BODY, &h(&zeros, "1000"), 1000)
            .unwrap(),
        1
    );
    // a failing provider: its error, as is
    let failing = |_: &[u8]| -> Result<[u8; 32], Error> {
        Err(Error::new(Code::Internal, "host SHA-256 failed"))
    };
    let failing = with_host(&["s1"], std::sync::Arc::new(failing));
    assert_eq!(
        code(failing.verify_signature(BODY, &h(&sig, "1000"), 1000)),
        Code::Internal
    );
    // the signature is checked before the body is parsed
    let bad = sign(b"[1]", "s1", 1000);
    assert_eq!(
        v.verify_raw(b"[1]", &h(&bad, "1000"), Some(1000))
            .unwrap_err()
            .code,
        Code::InvalidPayload
    );
    assert_eq!(
        v.verify_raw(b"[1]", &h(&sig, "1000"), Some(1000))
            .unwrap_err()
            .code,
        Code::SignatureMismatch
    );
}

#[test]
fn options_and_verifier_never_print_secrets_and_are_shareable() {
    fn shareable<T: Send + Sync>(_: &T) {}
    let o = VerifierOptions::new(&["whsec_TOPSECRET"]).tolerance_secs(5);
    assert!(!format!("{o:?}").contains("TOPSECRET"));
    let v = Verifier::new(o).unwrap();
    shareable(&v);
    assert_eq!(
        (v.tolerance_secs(), v.max_body_bytes()),
        (5, DEFAULT_MAX_BODY_BYTES)
    );
    let sig = sign(BODY, "whsec_TOPSECRET", 1000);
    assert!(v.verify(BODY, &h(&sig, "1000"), 1005).is_ok());
    assert_eq!(
        v.verify(BODY, &h(&sig, "1000"), 1006).unwrap_err().code,
        Code::TimestampOutOfTolerance
    );
}

#[test]
fn unknown_types_are_kept() {
    let e = Event::parse(br#"{"id":"evt_1","type":"brand.new","data":{"x":1}}"#).unwrap();
    assert_eq!(e.kind(), EventType::Unknown("brand.new".into()));
    assert_eq!(e.kind().as_str(), "brand.new");
    assert_eq!(EventType::parse("swap.failed").as_str(), "swap.failed");
}

/// `secret_index`: the lowest index among the configured secrets that match any
/// v1 entry, whatever the entries' order; the same on every verify entry point,
/// with this crate's MAC or a host's; `None` on an event parsed unverified.
#[test]
fn secret_index_is_the_lowest_matching_secret() {
    let secrets = ["live", "sandbox", "old"];
    let plain = Verifier::new(VerifierOptions::new(&secrets)).unwrap();
    let host = std::sync::Arc::new(CountingHost::default());
    let hosted = with_host(&secrets, host);
    let s = |k: &str| sign(BODY, k, 1000);
    let cases: [(String, usize); 6] = [
        (s("live"), 0),
        (s("sandbox"), 1),
        (s("old"), 2),
        (format!("{},{}", s("old"), s("sandbox")), 1),
        (format!("{} {}", s("sandbox"), s("live")), 0),
        (format!("v1={},{}", "0".repeat(64), s("old")), 2),
    ];
    for v in [&plain, &hosted] {
        for (sig, want) in &cases {
            let hd = h(sig, "1000");
            assert_eq!(
                v.verify(BODY, &hd, 1000).unwrap().secret_index,
                Some(*want),
                "{sig}"
            );
            assert_eq!(v.verify_signature(BODY, &hd, 1000).unwrap(), *want);
            assert_eq!(
                v.verify_ignoring_timestamp(BODY, &hd).unwrap().secret_index,
                Some(*want)
            );
            let raw = v.verify_raw(BODY, &hd, Some(1000)).unwrap();
            assert_eq!(raw.secret_index, Some(*want));
            assert_eq!(raw.to_event().secret_index, Some(*want));
        }
    }
    assert_eq!(Event::parse(BODY).unwrap().secret_index, None);
    assert_eq!(RawEvent::parse(BODY).unwrap().secret_index, None);
}

#[test]
fn the_older_shape_is_read_like_the_current_one() {
    // Spec 4.5: the older generation wraps the resource, `data.order{id, status}`.
    let old = Event::parse(
        br#"{"id":"evt_1","type":"order.in_progress","created_at":"2026-05-08T12:00:00Z","data":{"order":{"id":"ord_1","status":"in_progress"}}}"#,
    )
    .unwrap();
    let new = Event::parse(
        br#"{"id":"evt_2","type":"order.in_progress","data":{"id":"ord_1","status":"in_progress"}}"#,
    )
    .unwrap();
    assert_eq!(old.resource()["id"], "ord_1");
    match (old.payload().unwrap(), new.payload().unwrap()) {
        (Payload::Order(a), Payload::Order(b)) => {
            assert_eq!((a.id.as_str(), b.id.as_str()), ("ord_1", "ord_1"));
        }
        other => panic!("{other:?}"),
    }
    // The raw `data` stays as sent; an `id` of `data` itself wins over a member.
    assert!(old.data.get("order").is_some());
    let both = serde_json::json!({"id": "dom_1", "domain": {"id": "x"}});
    assert_eq!(resource_in("domain.connected", &both)["id"], "dom_1");
    // Only the member named for the event's kind; other types are left as they are.
    let other = serde_json::json!({"swap": {"id": "swp_1"}});
    assert_eq!(resource_in("order.completed", &other), &other);
    assert_eq!(resource_in("brand.new", &other), &other);
    assert_eq!(resource_in("swap.completed", &other)["id"], "swp_1");
    // A partial cancel in the older shape ends no order either.
    let partial = Event::parse(
        br#"{"id":"evt_3","type":"order.cancelled","data":{"order":{"id":"ord_1","status":"cancelled","scope":"domains"}}}"#,
    )
    .unwrap();
    assert_eq!(crate::state::key_of(&partial), None);
    assert_eq!(crate::state::key_of(&old).as_deref(), Some("order:ord_1"));
}

#[test]
fn an_event_from_parts_keeps_the_envelope_rule() {
    let e = Event::from_parts(
        "evt_1".into(),
        "order.completed".into(),
        None,
        serde_json::json!({"id": "ord_1"}),
    )
    .unwrap();
    assert_eq!(
        (e.id.as_str(), e.kind(), e.secret_index),
        ("evt_1", EventType::OrderCompleted, None)
    );
    for (id, t, field) in [
        ("", "order.completed", "event.id"),
        ("evt_1", "", "event.type"),
    ] {
        let err =
            Event::from_parts(id.into(), t.into(), None, serde_json::Value::Null).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (crate::Code::InvalidArgument, Some(field))
        );
    }
}
