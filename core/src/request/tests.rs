use super::*;
use serde_json::json;

fn client() -> Client {
    Client::new("pk_test_abc123").unwrap()
}

fn seed_order() -> Value {
    json!({
        "user": "alex@acme.com",
        "bundle_id": "bun_01HZX0BU",
        "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com", "login_password": "their-smartlead-password"},
        "forwarding_url": "https://acme.com",
        "domains": ["acme-mail.com", "team-acme.com"],
        "personas": [
            {"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": "https://cdn.acme.com/alex.jpg"},
            {"first_name": "Sam", "last_name": "Lee", "profile_picture_url": "https://cdn.acme.com/sam.jpg"}
        ]
    })
}

#[test]
fn keys() {
    assert_eq!(client().environment(), Environment::Test);
    assert_eq!(
        Client::new("pk_live_x").unwrap().environment(),
        Environment::Live
    );
    for bad in ["", "sk_test_x", "pk_test_", "pk_prod_x", "pk_test_a b"] {
        assert_eq!(
            Client::new(bad).unwrap_err().code,
            Code::InvalidApiKey,
            "{bad}"
        );
    }
    let dbg = format!("{:?}", client());
    assert!(!dbg.contains("abc123"), "{dbg}");
}

#[test]
fn seed_order_serialises_as_the_guide_shows() {
    let r = client().create_order(&seed_order()).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api.peeker.ai/partner/v1/orders");
    assert_eq!(r.body_json().unwrap(), seed_order());
    assert!(r
        .headers
        .contains(&("Authorization".into(), "Bearer pk_test_abc123".into())));
    assert!(r
        .headers
        .contains(&("Content-Type".into(), "application/json".into())));
    let dbg = format!("{r:?}");
    assert!(
        !dbg.contains("abc123") && !dbg.contains("their-smartlead-password"),
        "{dbg}"
    );
    let key = ApiKey::new("pk_test_abc123").unwrap();
    assert_eq!(r.dedupe_key(&key).unwrap().unwrap().len(), 64);
}

#[test]
fn order_rules() {
    let field = |f: &dyn Fn(&mut Value)| {
        let mut b = seed_order();
        f(&mut b);
        let e = Client::order_body(&b).unwrap_err();
        assert!(!e.message.contains("their-smartlead-password"));
        e.field.unwrap_or_default()
    };
    assert_eq!(
        field(&|b| b["domains"][1] = json!("mail.acme.com")),
        "domains[1]"
    );
    assert_eq!(
        field(&|b| b["google_licenses"] = json!(4)),
        "google_licenses"
    );
    assert_eq!(
        field(&|b| {
            b.as_object_mut().unwrap().remove("bundle_id");
        }),
        "bundle_id"
    );
    assert_eq!(field(&|b| b["user"] = json!("alex")), "user");
    assert_eq!(
        field(&|b| {
            b["sequencer"]
                .as_object_mut()
                .unwrap()
                .remove("login_password");
        }),
        "sequencer.login_password"
    );
    assert_eq!(
        field(&|b| {
            b["personas"][0]
                .as_object_mut()
                .unwrap()
                .remove("profile_picture_url");
        }),
        "personas[0].profile_picture_url"
    );
    assert_eq!(
        field(&|b| b["personas"][1]["profile_picture_url"] = json!("ftp://x/y.jpg")),
        "personas[1].profile_picture_url"
    );
    assert_eq!(
        field(&|b| b["personas"] = json!(vec![
            json!({"first_name":"a","last_name":"b","profile_picture_url":null});
            11
        ])),
        "personas"
    );
    assert_eq!(
        field(&|b| b["forwarding_url"] = json!("acme.com")),
        "forwarding_url"
    );
    assert_eq!(
        field(&|b| b["domains"][1] =
            json!({"domain": "team-acme.com", "forwarding_url": "javascript:alert(1)"})),
        "domains[1].forwarding_url"
    );
    assert_eq!(
        field(&|b| b["domains"][1] = json!("ACME-mail.com")),
        "domains[1]"
    );
    let mut ok = seed_order();
    ok["personas"][0]["profile_picture_url"] = json!("");
    ok["personas"][1]["profile_picture_url"] = Value::Null;
    ok["domains"][1] = json!({"domain": "Team-Acme.com", "forwarding_url": "https://acme.com/x"});
    let out = Client::order_body(&ok).unwrap();
    assert_eq!(out["domains"][1]["domain"], "team-acme.com");
    let mut custom = seed_order();
    custom.as_object_mut().unwrap().remove("bundle_id");
    custom["google_licenses"] = json!(4);
    custom["google_inboxes_per_domain"] = json!(2);
    assert!(Client::order_body(&custom).is_ok());
    custom["google_inboxes_per_domain"] = json!(5);
    assert_eq!(
        Client::order_body(&custom).unwrap_err().field.as_deref(),
        Some("google_inboxes_per_domain")
    );
}

#[test]
fn endpoints() {
    let c = client()
        .with_base_url("http://127.0.0.1:8080/partner/v1/")
        .unwrap();
    assert_eq!(c.me().url, "http://127.0.0.1:8080/partner/v1/me");
    let r = c
        .import_domains(&["Team-Acme.com", "acme-mail.com"])
        .unwrap();
    assert_eq!(
        r.body.unwrap(),
        br#"{"domains":["acme-mail.com","team-acme.com"]}"#
    );
    let many: Vec<String> = (0..26).map(|i| format!("d{i}.com")).collect();
    assert_eq!(
        c.import_domains(&many).unwrap_err().code,
        Code::TooManyDomains
    );
    assert!(c.create_import_job(&many).is_ok());
    assert_eq!(
        c.find_imports(&["b.com", "a.com"]).unwrap().url,
        "http://127.0.0.1:8080/partner/v1/domains/import?domains=a.com%2Cb.com"
    );
    assert_eq!(
        c.get_import("imp_1").unwrap().url,
        "http://127.0.0.1:8080/partner/v1/domains/import/imp_1"
    );
    assert_eq!(
        c.get_import("../me").unwrap_err().field.as_deref(),
        Some("id")
    );
    let r = c
        .list_orders(
            &[("user_email", "a+b@acme.com")],
            Paging { per_page: Some(50) },
        )
        .unwrap();
    assert_eq!(
        r.url,
        "http://127.0.0.1:8080/partner/v1/orders?user_email=a%2Bb%40acme.com&per_page=50"
    );
    assert_eq!(
        c.list_orders(&[("nope", "x")], Paging::default())
            .unwrap_err()
            .field
            .as_deref(),
        Some("nope")
    );
    assert_eq!(
        c.list_orders(
            &[],
            Paging {
                per_page: Some(101)
            }
        )
        .unwrap_err()
        .field
        .as_deref(),
        Some("per_page")
    );
    assert_eq!(
        c.list_pending_actions(&[("order_id", "ord_1")], Paging::default())
            .unwrap()
            .url,
        "http://127.0.0.1:8080/partner/v1/orders/pending?order_id=ord_1"
    );
    assert!(c
        .cancel_order::<&str>("ord_1", None)
        .unwrap()
        .body
        .is_none());
    assert_eq!(
        c.cancel_order("ord_1", Some(&["dom_1", "Acme.com"]))
            .unwrap()
            .body
            .unwrap(),
        br#"{"domains":["dom_1","acme.com"]}"#
    );
    assert_eq!(c.delete_bundle("bun_1").unwrap().method, Method::Delete);
    assert_eq!(
        c.update_bundle("bun_1", &json!({"google_percent": 60}))
            .unwrap_err()
            .field
            .as_deref(),
        Some("microsoft_percent")
    );
    assert!(c.create_bundle(&json!({"name": "25k", "monthly_sending_volume": 25000, "google_percent": 60, "microsoft_percent": 40})).is_ok());
    assert!(c
        .update_forwarding(
            &json!({"domains": ["dom_1", "acme.com"], "forwarding_url": "https://acme.com/x"})
        )
        .is_ok());
    assert_eq!(
        c.update_forwarding(&json!({"domains": ["acme.com"], "forwarding_url": "ftp://x"}))
            .unwrap_err()
            .field
            .as_deref(),
        Some("forwarding_url")
    );
    assert!(c
        .create_swap(
            &json!({"type": "premium", "domain_id": "dom_1", "replacement_domain": "new-acme.com"})
        )
        .is_ok());
    assert_eq!(
        c.create_swap(
            &json!({"type": "gold", "domain_id": "dom_1", "replacement_domain": "x.com"})
        )
        .unwrap_err()
        .field
        .as_deref(),
        Some("type")
    );
    assert!(c.swap_user_names(&json!({"domain_id": "dom_1", "personas": [{"first_name": "A", "last_name": "B", "profile_picture_url": null}]})).is_ok());
    let next = c
        .next_page(Some(
            "http://127.0.0.1:8080/partner/v1/orders?per_page=25&page_token=eyJj",
        ))
        .unwrap()
        .unwrap();
    assert_eq!(
        next.url,
        "http://127.0.0.1:8080/partner/v1/orders?per_page=25&page_token=eyJj"
    );
    assert!(c.next_page(None).unwrap().is_none());
    assert!(c.next_page(Some("https://evil.example/orders")).is_err());
    assert_eq!(
        Client::new("pk_test_x")
            .unwrap()
            .with_base_url("ftp://x")
            .unwrap_err()
            .code,
        Code::InvalidBaseUrl
    );
}
