//! Secrets (API keys, webhook secrets, Smartlead passwords) never appear in Debug
//! output, Display output or error messages, on any error path we can reach.
use peeker_core::webhook::{Headers, Verifier, VerifierOptions};
use peeker_core::{Client, Error};
use serde_json::json;

const KEY: &str = "pk_test_S3CR3TKEYVALUE";
const LIVE: &str = "pk_live_S3CR3TKEYVALUE";
const HOOK: &str = "whsec_S3CR3THOOKVALUE";
const PASSWORD: &str = "S3CR3T-smartlead-password";
const NEEDLES: &[&str] = &[
    "S3CR3TKEYVALUE",
    "S3CR3THOOKVALUE",
    "S3CR3T-smartlead-password",
];

fn clean(what: &str, text: &str) {
    for n in NEEDLES {
        assert!(!text.contains(n), "{what} leaks a secret: {text}");
    }
}

fn clean_err(what: &str, e: &Error) {
    clean(what, &e.to_string());
    clean(what, &format!("{e:?}"));
    clean(what, &e.message);
    if let Some(s) = &e.suggestion {
        clean(what, s);
    }
}

fn order() -> serde_json::Value {
    json!({
        "user": "alex@acme.com", "bundle_id": "bun_1",
        "sequencer": {"provider": "smartlead", "client_id": 1, "login_email": "ops@acme.com", "login_password": PASSWORD},
        "domains": ["acme-mail.com"],
        "personas": [{"first_name": "A", "last_name": "B", "profile_picture_url": null}]
    })
}

#[test]
fn client_and_requests_never_show_secrets() {
    for k in [KEY, LIVE] {
        let c = Client::new(k).unwrap();
        clean("Client Debug", &format!("{c:?}"));
        let r = c.create_order(&order()).unwrap();
        clean("Request Debug", &format!("{r:?}"));
    }
    // Every way an order can be refused, with the password present in the body.
    let c = Client::new(KEY).unwrap();
    // (mutation, whether the caller typed the password into a field whose value a
    // message may quote, e.g. a domain). Otherwise no message may contain it.
    type Mutation = (fn(&mut serde_json::Value), bool);
    let mutations: Vec<Mutation> = vec![
        (|b| b["user"] = json!(PASSWORD), true),
        (|b| b["sequencer"]["login_email"] = json!(PASSWORD), true),
        (|b| b["sequencer"]["login_password"] = json!(""), false),
        (|b| b["sequencer"]["login_password"] = json!(7), false),
        (
            |b| {
                b["sequencer"]
                    .as_object_mut()
                    .unwrap()
                    .remove("login_password");
            },
            false,
        ),
        (|b| b["sequencer"]["client_id"] = json!(PASSWORD), true),
        (|b| b["domains"][0] = json!(PASSWORD), true),
        (|b| b["domains"][0] = json!("mail.acme.com"), false),
        (|b| b["forwarding_url"] = json!(PASSWORD), true),
        (
            |b| b["personas"][0]["profile_picture_url"] = json!(PASSWORD),
            true,
        ),
        (
            |b| {
                b["personas"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("profile_picture_url");
            },
            false,
        ),
        (|b| b["google_licenses"] = json!(2), false),
        (|b| b["sequencer"]["client_id"] = json!(1.5), false),
        (|b| b["personas"] = json!([]), false),
    ];
    for (m, echo_allowed) in &mutations {
        let mut b = order();
        m(&mut b);
        let e = c.create_order(&b).expect_err("every mutation is refused");
        if !echo_allowed {
            clean_err("order error", &e);
        }
        clean("order error field", e.field.as_deref().unwrap_or(""));
    }
    for bad in [
        "",
        "pk_test_",
        "sk_S3CR3TKEYVALUE",
        "pk_test_S3CR3TKEYVALUE with space",
    ] {
        clean_err("key error", &Client::new(bad).unwrap_err());
    }
    clean_err(
        "base url error",
        &Client::new(KEY)
            .unwrap()
            .with_base_url(&format!("ftp://{KEY}"))
            .unwrap_err(),
    );
    clean_err(
        "dedupe key error",
        &peeker_core::order_dedupe_key(KEY, b"{not json").unwrap_err(),
    );
}

#[test]
fn webhook_errors_never_show_secrets() {
    let v = Verifier::new(VerifierOptions::new(&[HOOK, &format!(" {HOOK}\n")])).unwrap();
    clean("Verifier Debug", &format!("{v:?}"));
    let body = br#"{"id":"evt_1","type":"order.completed","data":{}}"#;
    let good = peeker_core::sign(body, HOOK, 1000);
    let cases = [
        Headers {
            signature: None,
            timestamp: Some("1000"),
            event_id: None,
        },
        Headers {
            signature: Some(&good),
            timestamp: None,
            event_id: None,
        },
        Headers {
            signature: Some("garbage"),
            timestamp: Some("1000"),
            event_id: None,
        },
        Headers {
            signature: Some("v1=00"),
            timestamp: Some("1000"),
            event_id: None,
        },
        Headers {
            signature: Some(&good),
            timestamp: Some("x"),
            event_id: None,
        },
        Headers {
            signature: Some(&good),
            timestamp: Some("1"),
            event_id: None,
        },
    ];
    for h in cases {
        clean_err("verify error", &v.verify(body, &h, 1000).unwrap_err());
    }
    let h = Headers {
        signature: Some(&good),
        timestamp: Some("1000"),
        event_id: None,
    };
    let sig2 = peeker_core::sign(b"[]", HOOK, 1000);
    clean_err(
        "payload error",
        &v.verify(
            b"[]",
            &Headers {
                signature: Some(&sig2),
                ..h
            },
            1000,
        )
        .unwrap_err(),
    );
    clean_err(
        "size error",
        &Verifier::new(VerifierOptions::new(&[HOOK]).max_body_bytes(1))
            .unwrap()
            .verify(body, &h, 1000)
            .unwrap_err(),
    );
    clean_err(
        "empty secret",
        &Verifier::new(VerifierOptions::new(&[""])).unwrap_err(),
    );
}
