//! Tests of the likely causes a refused delivery's error names, and of the
//! diagnosis report (the scheme matching itself is covered by the vectors,
//! tests/vectors/webhook_diagnose.json).
use super::*;
use crate::error::Code;

const BODY: &[u8] = br#"{"id":"evt_1","type":"order.completed","created_at":"2026-05-08T12:00:00Z","data":{"id":"ord_1","status":"completed"}}"#;
const SANDBOX: &[u8] = br#"{"id":"evt_1","type":"order.completed","data":{"id":"ord_1","api_key":{"environment":"test"}}}"#;

fn h<'a>(sig: &'a str, ts: &'a str) -> Headers<'a> {
    Headers {
        signature: Some(sig),
        timestamp: Some(ts),
        event_id: Some("evt_1"),
    }
}

/// The message of verifying `body` signed by `signer` with `secret` configured.
fn refusal(secret: &str, sig: &str, body: &[u8], now: i64) -> (Code, String) {
    let v = Verifier::new(VerifierOptions::new(&[secret])).unwrap();
    let e = v.verify(body, &h(sig, "1000"), now).unwrap_err();
    assert!(
        !e.message.contains(secret.trim()),
        "secret in message: {}",
        e.message
    );
    (e.code, e.message)
}

fn body_only_sig(secret: &[u8], body: &[u8]) -> String {
    use hmac::Mac;
    let mut m = super::sign::keyed(secret);
    m.update(body);
    format!("v1={}", crate::hex::encode(&m.finalize().into_bytes()))
}

#[test]
fn a_secret_with_white_space_is_named() {
    let sig = sign(BODY, "whsec_abc", 1000);
    let (code, msg) = refusal("whsec_abc\n", &sig, BODY, 1000);
    assert_eq!(code, Code::SignatureMismatch);
    assert!(
        msg.contains("once the white space around it is removed"),
        "{msg}"
    );
}

#[test]
fn another_scheme_is_named() {
    let sig = body_only_sig(b"whsec_abc", BODY);
    let (code, msg) = refusal("whsec_abc", &sig, BODY, 1000);
    assert_eq!(code, Code::SignatureMismatch);
    assert!(msg.contains("matches the message `body`"), "{msg}");
    assert!(msg.contains("UTF-8"), "{msg}");
}

#[test]
fn a_base64_key_is_named() {
    let secret = "whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY";
    let key: Vec<u8> = (1..=24).collect();
    let sig = body_only_sig(&key, BODY);
    let (_, msg) = refusal(secret, &sig, BODY, 1000);
    assert!(msg.contains("base64-decoded"), "{msg}");
}

#[test]
fn a_re_serialised_body_is_named() {
    let sig = sign(BODY, "whsec_abc", 1000);
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_slice::<serde_json::Value>(BODY).unwrap())
            .unwrap();
    let (_, msg) = refusal("whsec_abc", &sig, pretty.as_bytes(), 1000);
    assert!(msg.contains("pretty-printed"), "{msg}");
    let (_, msg) = refusal("whsec_abc", &sig, b"[object Object]", 1000);
    assert!(msg.contains("[object Object]"), "{msg}");
}

#[test]
fn the_environment_of_a_sandbox_delivery_is_named() {
    let sig = sign(SANDBOX, "whsec_sandbox", 1000);
    let (_, msg) = refusal("whsec_live", &sig, SANDBOX, 1000);
    assert!(
        msg.contains("sandbox delivery") && msg.contains("\"test\""),
        "{msg}"
    );
    let live = String::from_utf8_lossy(SANDBOX).replace("\"test\"", "\"live\"");
    let sig = sign(live.as_bytes(), "whsec_live", 1000);
    let (_, msg) = refusal("whsec_sandbox", &sig, live.as_bytes(), 1000);
    assert!(msg.contains("live delivery"), "{msg}");
}

#[test]
fn no_cause_found_keeps_the_general_advice() {
    let sig = sign(BODY, "whsec_other", 1000);
    let (_, msg) = refusal("whsec_abc", &sig, BODY, 1000);
    assert!(msg.contains("Likely causes: the body"), "{msg}");
}

#[test]
fn the_clock_is_measured() {
    let sig = sign(BODY, "whsec_abc", 1000);
    let (code, msg) = refusal("whsec_abc", &sig, BODY, 1000 + 7200);
    assert_eq!(code, Code::TimestampOutOfTolerance);
    assert!(msg.contains("7200 s old") && msg.contains("clock"), "{msg}");
    let (_, msg) = refusal("whsec_abc", &sig, BODY, 1000 - 400);
    assert!(
        msg.contains("400 s in the future") && msg.contains("behind"),
        "{msg}"
    );
}

#[test]
fn the_host_sha256_path_names_causes_too() {
    let host = std::sync::Arc::new(|data: &[u8]| {
        use sha2::Digest;
        Ok(sha2::Sha256::digest(data).into())
    });
    let v = Verifier::new(VerifierOptions::new(&["whsec_abc\n"]).host_sha256(host)).unwrap();
    let sig = sign(BODY, "whsec_abc", 1000);
    let e = v.verify(BODY, &h(&sig, "1000"), 1000).unwrap_err();
    assert!(e.message.contains("white space"), "{}", e.message);
}

#[test]
fn the_diagnosis_reports_and_serialises() {
    let sig = sign(BODY, "whsec_abc", 1000);
    let d = diagnose("whsec_abc", &h(&sig, "1000"), BODY, 1400).unwrap();
    assert!(d.verifies());
    assert_eq!(d.causes, vec![Cause::ClockSkew(400)]);
    let text = d.to_string();
    assert!(
        text.contains("timestamp.body") && text.contains("400 s old"),
        "{text}"
    );
    let j: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(j["scheme"], "timestamp.body");
    assert_eq!(j["key"], "utf8");
    assert_eq!(j["age_seconds"], 400);
    assert_eq!(j["verifies"], true);
    assert_eq!(j["causes"][0]["code"], "clock_skew");
    let d = diagnose("whsec_abc ", &h(&sig, "1000"), BODY, 1000).unwrap();
    assert_eq!(
        (d.scheme, d.causes.clone()),
        (None, vec![Cause::SecretWhitespace])
    );
    assert!(!d.to_json().contains("whsec_abc"));
    assert_eq!(
        diagnose(" \n", &h(&sig, "1000"), BODY, 0).unwrap_err().code,
        Code::InvalidSecret
    );
}
