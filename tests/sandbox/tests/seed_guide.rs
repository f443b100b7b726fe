//! The seed guide (`core/docs/importing-domains-and-ordering.md`) against the
//! sandbox: its curl sequence is read out of the guide and sent as written (the
//! guide's own `AUTH` line, bodies byte for byte, only `$BASE` and the `…` ids
//! substituted), and every response and webhook is checked against the guide's
//! JSON examples, field by field, by name and type.
mod common;
use common::*;
use peeker_sandbox::Scenario;
use serde_json::{json, Value};

const GUIDE: &str = include_str!("../../../core/docs/importing-domains-and-ordering.md");
const API: &str = include_str!("../../../core/docs/peeker-api.md");

/// The JSON of the fenced block whose opening line contains `title`.
fn example(doc: &str, title: &str) -> Value {
    let mut lines = doc
        .lines()
        .skip_while(|l| !(l.trim_start().starts_with("```json") && l.contains(title)));
    assert!(lines.next().is_some(), "no ```json block titled {title}");
    let text: Vec<&str> = lines.take_while(|l| l.trim() != "```").collect();
    serde_json::from_str(&text.join("\n"))
        .unwrap_or_else(|e| panic!("the guide's {title} example is not JSON: {e}"))
}

/// The JSON block that follows a marker line.
fn block_after(doc: &str, marker: &str) -> Value {
    let rest = &doc[doc.find(marker).expect("marker")..];
    let start = rest.find("```json").expect("a json block");
    let body = &rest[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    serde_json::from_str(&body[..body.find("```").unwrap()]).unwrap()
}

struct Curl {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

/// The guide's bash block: `BASE`, `AUTH` and every `curl` command.
fn curl_sequence() -> (String, Vec<Curl>) {
    let start = GUIDE.find("```bash").expect("the guide has a bash block");
    let block = &GUIDE[start..];
    let block = &block[block.find('\n').unwrap() + 1..];
    let block = &block[..block.find("\n```").unwrap()];
    let var = |name: &str| {
        let l = block
            .lines()
            .find(|l| l.starts_with(&format!("{name}=")))
            .unwrap();
        l[name.len() + 2..l.len() - 1].to_string()
    };
    let auth = var("AUTH");
    assert_eq!(var("BASE"), "https://api.peeker.ai/partner/v1");
    let mut out = Vec::new();
    for cmd in block.split("curl ").skip(1) {
        let method = cmd.split_whitespace().nth(1).unwrap().to_string();
        let url_start = cmd.find("\"$BASE").unwrap() + "\"$BASE".len();
        let path = cmd[url_start..url_start + cmd[url_start..].find('"').unwrap()].to_string();
        let mut headers = Vec::new();
        let mut rest = cmd;
        while let Some(i) = rest.find("-H ") {
            rest = &rest[i + 3..];
            let q = rest.chars().next().unwrap();
            let v = &rest[1..1 + rest[1..].find(q).unwrap()];
            let v = if v == "$AUTH" {
                auth.clone()
            } else {
                v.to_string()
            };
            let (k, val) = v.split_once(": ").unwrap();
            headers.push((k.to_string(), val.to_string()));
        }
        let body = cmd.find("-d '").map(|i| {
            let b = &cmd[i + 4..];
            b[..b.find('\'').unwrap()].to_string()
        });
        out.push(Curl {
            method,
            path,
            headers,
            body,
        });
    }
    (auth, out)
}

#[test]
fn the_guides_curl_sequence_gets_the_documented_shapes() {
    let (sb, rx) = with_receiver(Scenario::Happy, SPEED, 0);
    let (auth, cmds) = curl_sequence();
    assert_eq!(
        auth, "Authorization: Bearer pk_test_<your-key>",
        "the guide's placeholder key is itself a valid test key"
    );
    assert_eq!(
        cmds.iter()
            .map(|c| format!("{} {}", c.method, c.path))
            .collect::<Vec<_>>(),
        [
            "POST /domains/import",
            "GET /domains/import/imp_01HZX0IM…",
            "POST /domains/import/jobs",
            "POST /orders"
        ]
    );
    let agent = agent();
    let key = auth.trim_start_matches("Authorization: Bearer ");
    let api = Api {
        base: sb.base_url(),
        key: key.to_string(),
        agent: agent.clone(),
    };
    let bundle = api.bundle(2); // the guide's bun_01HZX0BU… is a saved bundle
    let import_example = example(GUIDE, "200 OK · nameserver groups");
    let order_example = example(GUIDE, "200 OK · order");
    let mut import_id = String::new();
    let mut order_id = String::new();
    let mut checked = 0;
    for c in &cmds {
        let path = c.path.replace("imp_01HZX0IM…", &import_id);
        let body = c.body.as_ref().map(|b| b.replace("bun_01HZX0BU…", &bundle));
        let h: Vec<(&str, &str)> = c
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = raw(
            &agent,
            &c.method,
            &format!("{}{path}", sb.base_url()),
            &h,
            body.as_deref(),
        );
        assert!(
            is_request_id(r.request_id()),
            "{} {path}: request id {:?}",
            c.method,
            r.request_id()
        );
        assert_eq!(r.header("content-type"), Some("application/json"));
        let d = r.data();
        match (c.method.as_str(), c.path.as_str()) {
            ("POST", "/domains/import") => {
                assert_eq!(r.status, 200, "{}", r.text);
                checked += assert_shape(&r.json, &import_example, "import");
                assert!(d["id"].as_str().unwrap().starts_with("imp_"));
                assert_eq!(
                    (
                        d["status"].as_str(),
                        d["submitted_count"].as_u64(),
                        d["completed_count"].as_u64(),
                        d["failed_count"].as_u64()
                    ),
                    (Some("completed"), Some(2), Some(2), Some(0))
                );
                let g = &d["nameserver_groups"][0];
                assert_eq!(g["domains"], json!(["acme-mail.com", "team-acme.com"]));
                assert_eq!(
                    (g["nameserver_one"].as_str(), g["nameserver_two"].as_str()),
                    (
                        Some("helena.ns.cloudflare.com"),
                        Some("idris.ns.cloudflare.com")
                    )
                );
                assert_eq!(d["failed"], json!([]));
                assert!(is_rfc3339(&d["created_at"]) && is_rfc3339(&d["completed_at"]));
                import_id = d["id"].as_str().unwrap().to_string();
            }
            ("GET", _) => {
                assert_eq!(r.status, 200, "{}", r.text);
                checked += assert_shape(&r.json, &import_example, "poll");
                assert_eq!(d["id"], import_id.as_str());
                assert_eq!(d["status"], "completed");
            }
            ("POST", "/domains/import/jobs") => {
                assert_eq!(r.status, 202, "{}", r.text);
                checked += assert_shape(&r.json, &import_example, "job");
                assert_eq!(
                    d["id"],
                    import_id.as_str(),
                    "the same normalised set returns the existing import"
                );
            }
            ("POST", "/orders") => {
                assert_eq!(r.status, 200, "{}", r.text);
                checked += assert_shape(&r.json, &order_example, "order");
                assert!(
                    d["id"].as_str().unwrap().starts_with("ord_")
                        && d["user_id"].as_str().unwrap().starts_with("usr_")
                );
                assert_eq!(
                    (
                        d["email"].as_str(),
                        d["bundle_id"].as_str(),
                        d["status"].as_str()
                    ),
                    (
                        Some("alex@acme.com"),
                        Some(bundle.as_str()),
                        Some("in_progress")
                    )
                );
                assert_eq!(
                    (
                        d["domain_count"].as_u64(),
                        d["costs"]["total_cents"].as_u64(),
                        d["costs"]["currency"].as_str()
                    ),
                    (Some(2), Some(6800), Some("usd"))
                );
                assert!(is_rfc3339(&d["created_at"]));
                order_id = d["id"].as_str().unwrap().to_string();
                // Re-sending the same body returns the original order.
                let again = raw(
                    &agent,
                    "POST",
                    &format!("{}/orders", sb.base_url()),
                    &h,
                    body.as_deref(),
                );
                assert_eq!(again.data()["id"], order_id.as_str());
            }
            other => panic!("unexpected command {other:?}"),
        }
    }
    // The webhook stream: verified, and shaped like the guide's examples.
    let events = collect(&rx, |got| {
        got.iter().any(|e| e.event_type == "order.completed")
    });
    let by_type = |t: &str| {
        events
            .iter()
            .find(|e| e.event_type == t)
            .unwrap_or_else(|| panic!("no {t}"))
    };
    let envelope = |e: &peeker_core::Event| json!({"id": e.id, "type": e.event_type, "created_at": e.created_at, "data": e.data});
    for (t, title) in [
        (
            "domain_import.completed",
            "Webhook · domain_import.completed",
        ),
        ("domain.connected", "Webhook · domain.connected"),
        ("order.completed", "Webhook · order.completed"),
    ] {
        checked += assert_shape(&envelope(by_type(t)), &example(GUIDE, title), t);
    }
    assert!(events
        .iter()
        .all(|e| e.id.starts_with("evt_") && is_rfc3339(&json!(e.created_at))));
    let connected: Vec<&str> = events
        .iter()
        .filter(|e| e.event_type == "domain.connected")
        .map(|e| e.data["domain"].as_str().unwrap())
        .collect();
    assert_eq!(connected, ["acme-mail.com", "team-acme.com"]);
    let c = &by_type("domain.connected").data;
    assert_eq!(
        (
            c["category"].as_str(),
            c["status"].as_str(),
            c["provider"].as_str(),
            c["order_id"].as_str()
        ),
        (
            Some("connected"),
            Some("active"),
            Some("google"),
            Some(order_id.as_str())
        )
    );
    assert_eq!(c["forwarding_url"], "https://acme.com");
    assert_eq!(c["usable_for"], json!(["google", "microsoft"]));
    // The progression order.in_progress → domain.connected ×2 → order.completed.
    let seq: Vec<&str> = events
        .iter()
        .filter(|e| e.event_type.starts_with("order.") || e.event_type == "domain.connected")
        .map(|e| e.event_type.as_str())
        .collect();
    assert_eq!(
        seq,
        [
            "order.in_progress",
            "domain.connected",
            "domain.connected",
            "order.completed"
        ]
    );
    // GET /orders/{id}: the full detail (imported vs registered, line items, personas).
    let full = api.get(&format!("/orders/{order_id}"));
    assert_eq!(full.status, 200);
    checked += assert_shape(
        full.data(),
        &example(GUIDE, "Webhook · order.completed")["data"],
        "full order",
    );
    let d = full.data();
    assert_eq!(d["status"], "completed");
    assert_eq!(
        d["domains"],
        json!({"registered": [], "imported": ["acme-mail.com", "team-acme.com"]})
    );
    assert_eq!(d["personas"], seed_order("x")["personas"]);
    assert_eq!(
        d["costs"]["line_items"],
        json!([{"type": "google_license", "quantity": 4, "amount_cents": 6800}])
    );
    assert!(
        !full.text.contains("their-smartlead-password"),
        "the Smartlead password is never echoed"
    );
    // GET /me as documented in the API reference.
    let me = api.get("/me");
    checked += assert_shape(&me.json, &block_after(API, "**`GET /me` response**"), "me");
    assert_eq!(
        me.data()["api_key"],
        json!({"environment": "test", "permission_preset": "full"})
    );
    assert!(checked > 80, "only {checked} fields checked");
}

#[test]
fn the_guides_action_required_example_matches_the_ns_pending_import() {
    let (sb, rx) = with_receiver(Scenario::NsPending, SPEED, 0);
    let api = Api::new(&sb, "pk_test_ns");
    let r = api.post(
        "/domains/import",
        &json!({"domains": ["acme-mail.com", "team-acme.com"]}),
    );
    assert_eq!(
        (r.status, r.data()["status"].as_str()),
        (200, Some("in_progress"))
    );
    assert!(r.data().get("completed_at").is_none());
    let id = r.data()["id"].as_str().unwrap().to_string();
    let ev = collect(&rx, |g| {
        g.iter()
            .any(|e| e.event_type == "domain_import.action_required")
    });
    let e = ev
        .iter()
        .find(|e| e.event_type == "domain_import.action_required")
        .unwrap();
    let example = example(GUIDE, "Webhook · domain_import.action_required");
    assert_shape(
        &json!({"type": e.event_type, "data": e.data}),
        &example,
        "action_required",
    );
    assert_eq!(e.data["id"], id.as_str());
    assert_eq!(
        e.data["nameserver_groups"],
        r.data()["nameserver_groups"],
        "the same nameservers are re-shown"
    );
}
