//! `peeker-sandbox diagnose` against real sandbox deliveries, signed with each
//! scheme the sandbox can sign with (`serve --signature-scheme`): the command names
//! the scheme, and the verifier's refusal of the other schemes names it too.
mod common;
use common::*;
use peeker_sandbox::{Config, Receiver, Sandbox, SignatureScheme};
use serde_json::{json, Value};
use std::process::Command;

const SECRET: &str = "whsec_diagnose_test";

/// One delivery of a `domain_import.*` event signed with `scheme`.
fn one_delivery(scheme: SignatureScheme) -> peeker_sandbox::Received {
    let rx = Receiver::start(SECRET).unwrap();
    let sb = Sandbox::start(Config {
        webhook_url: Some(rx.url().to_string()),
        webhook_secret: Some(SECRET.into()),
        signature_scheme: scheme,
        ..Config::default()
    })
    .unwrap();
    let api = Api::new(&sb, "pk_test_diagnose");
    let r = api.post("/domains/import", &json!({"domains": ["acme-mail.com"]}));
    assert_eq!(r.status, 200, "{}", r.text);
    rx.recv_timeout(std::time::Duration::from_secs(10))
        .expect("a delivery")
}

/// Runs `peeker-sandbox diagnose` over files; (exit status, stdout).
fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_peeker-sandbox"))
        .arg("diagnose")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn diagnose_names_the_scheme_of_each_real_delivery() {
    let dir = std::env::temp_dir().join(format!("peeker-diagnose-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, scheme) in SignatureScheme::ALL.into_iter().enumerate() {
        let d = one_delivery(scheme);
        let ts: i64 = d.timestamp.as_deref().unwrap().parse().unwrap();
        let body = dir.join(format!("body{i}"));
        let headers = dir.join(format!("headers{i}"));
        std::fs::write(&body, &d.body).unwrap();
        // As a proxy log or `curl -D` writes them (with a request line), and as JSON.
        let lines = format!(
            "POST /hooks/peeker HTTP/1.1\r\nContent-Type: application/json\r\npeeker-signature: {}\r\nPeeker-Timestamp: {ts}\r\nPeeker-Event-Id: {}\r\n\r\n",
            d.signature.as_deref().unwrap(),
            d.event_id.as_deref().unwrap()
        );
        let as_json = json!({
            "Peeker-Signature": d.signature, "Peeker-Timestamp": ts.to_string(), "Peeker-Event-Id": d.event_id,
        });
        for text in [lines, as_json.to_string()] {
            std::fs::write(&headers, text).unwrap();
            let now = (ts + 5).to_string();
            let (code, out) = run(&[
                "--secret",
                SECRET,
                "--headers",
                headers.to_str().unwrap(),
                "--body",
                body.to_str().unwrap(),
                "--now",
                &now,
                "--json",
            ]);
            let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
            assert_eq!(v["scheme"], scheme.name(), "{out}");
            assert_eq!(
                (v["key"].as_str(), v["age_seconds"].as_i64()),
                (Some("utf8"), Some(5))
            );
            let verifies = scheme == SignatureScheme::TimestampBody;
            assert_eq!(code, if verifies { 0 } else { 1 }, "{out}");
            assert!(!out.contains(SECRET));
        }
        // The receiver verifies as the SDK does: the other schemes are refused,
        // and the refusal says which scheme the signature matches.
        match (&d.result, scheme) {
            (Ok(_), SignatureScheme::TimestampBody) => {}
            (Err(e), s) if s != SignatureScheme::TimestampBody => {
                assert_eq!(e.code.as_str(), "signature_mismatch");
                let want = format!("matches the message `{}`", s.name());
                assert!(e.message.contains(&want), "{}", e.message);
            }
            (r, s) => panic!("{s:?}: {r:?}"),
        }
    }
    // The readable report, the wrong secret, and a missing file.
    let (code, out) = run(&[
        "--secret",
        "whsec_wrong",
        "--headers",
        dir.join("headers0").to_str().unwrap(),
        "--body",
        dir.join("body0").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("no v1 entry matches") && out.contains("Timestamp:"),
        "{out}"
    );
    let (code, _) = run(&[
        "--secret",
        SECRET,
        "--headers",
        "/nonexistent",
        "--body",
        "/nonexistent",
    ]);
    assert_eq!(code, 2);
    let _ = std::fs::remove_dir_all(&dir);
}
