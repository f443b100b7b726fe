//! Property tests of the core's invariants.
use peeker_core::webhook::{sign, Headers, Verifier, VerifierOptions};
use peeker_core::{classify, normalize_root_domain, order_dedupe_key, Code};
use proptest::prelude::*;

fn domainish() -> impl Strategy<Value = String> {
    // Labels from a mix of ASCII, Latin-1, Cyrillic, CJK, digits and hyphens, plus a known suffix.
    let label = proptest::string::string_regex("[a-z0-9äöüßéçñжяй中文字-]{1,12}").unwrap();
    let suffix = prop::sample::select(vec![
        "com",
        "co.uk",
        "de",
        "github.io",
        "рф",
        "中国",
        "k12.ak.us",
        "ck",
        "notarealtld",
    ]);
    (
        prop::collection::vec(label, 1..4),
        suffix,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(ls, sfx, upper, dot)| {
            let mut s = format!("{}.{}", ls.join("."), sfx);
            if upper {
                s = s.to_uppercase();
            }
            if dot {
                s.push('.');
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn normalisation_is_idempotent_and_ldh(input in domainish()) {
        if let Ok(d) = normalize_root_domain(&input) {
            prop_assert!(d.ascii.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'), "{}", d.ascii);
            let again = normalize_root_domain(&d.ascii).unwrap();
            prop_assert_eq!(&again, &d);
            let from_unicode = normalize_root_domain(&d.unicode).unwrap();
            prop_assert_eq!(&from_unicode, &d);
        }
    }

    #[test]
    fn normalisation_never_panics(input in "\\PC{0,80}") {
        let _ = normalize_root_domain(&input);
        let _ = peeker_core::registrable_domain(&input);
    }

    #[test]
    fn subdomain_suggestion_is_a_root(input in domainish()) {
        if let Err(e) = normalize_root_domain(&input) {
            if e.code == Code::Subdomain {
                let s = e.suggestion.clone().unwrap();
                prop_assert!(normalize_root_domain(&s).is_ok(), "{} suggested {}", input, s);
            }
        }
    }

    #[test]
    fn verify_of_sign_succeeds_and_any_flip_fails(body in prop::collection::vec(any::<u8>(), 0..300), secret in "\\PC{1,40}", ts in 0i64..4_000_000_000, flip in any::<prop::sample::Index>(), bit in 0u8..8) {
        let envelope = {
            let mut v = br#"{"id":"evt_1","type":"order.completed","data":"#.to_vec();
            v.extend_from_slice(serde_json::to_string(&String::from_utf8_lossy(&body)).unwrap().as_bytes());
            v.push(b'}');
            v
        };
        let sig = sign(&envelope, &secret, ts);
        let tss = ts.to_string();
        let v = Verifier::new(VerifierOptions::new(&[secret.as_str()])).unwrap();
        let h = Headers { signature: Some(&sig), timestamp: Some(&tss), event_id: None };
        prop_assert!(v.verify(&envelope, &h, ts).is_ok());
        // Flip one bit of the body.
        let mut tampered = envelope.clone();
        let i = flip.index(tampered.len());
        tampered[i] ^= 1 << bit;
        prop_assert_eq!(v.verify(&tampered, &h, ts).unwrap_err().code, Code::SignatureMismatch);
        // Change the timestamp (still within tolerance).
        let ts2 = (ts + 1).to_string();
        let h2 = Headers { signature: Some(&sig), timestamp: Some(&ts2), event_id: None };
        prop_assert_eq!(v.verify(&envelope, &h2, ts).unwrap_err().code, Code::SignatureMismatch);
        // Change one hex digit of the signature.
        let mut s = sig.clone().into_bytes();
        let j = 3 + flip.index(64);
        s[j] = if s[j] == b'0' { b'1' } else { b'0' };
        let s = String::from_utf8(s).unwrap();
        let h3 = Headers { signature: Some(&s), timestamp: Some(&tss), event_id: None };
        prop_assert_eq!(v.verify(&envelope, &h3, ts).unwrap_err().code, Code::SignatureMismatch);
    }

    #[test]
    fn classify_never_panics(status in any::<u16>(), body in prop::collection::vec(any::<u8>(), 0..200)) {
        let c = classify(status, [("Peeker-Request-Id", "req_1")], &body);
        prop_assert_eq!(c.ok, (200..300).contains(&status));
    }

    #[test]
    fn dedupe_key_ignores_key_order_and_space_but_not_values(a in 0u32..1000, b in "[a-z]{0,8}", c in any::<bool>()) {
        let one = format!(r#"{{"a":{a},"b":"{b}","c":{c}}}"#);
        let two = format!("{{ \"c\" : {c} ,\n \"b\":\"{b}\", \"a\": {a} }}");
        let k1 = order_dedupe_key("pk_test_x", one.as_bytes()).unwrap();
        prop_assert_eq!(&k1, &order_dedupe_key("pk_test_x", two.as_bytes()).unwrap());
        let three = format!(r#"{{"a":{},"b":"{b}","c":{c}}}"#, a + 1);
        prop_assert_ne!(&k1, &order_dedupe_key("pk_test_x", three.as_bytes()).unwrap());
    }
}
