//! The Rust adapter of `tests/run-vectors`: reads JSON-lines cases on stdin
//! (tests/adapters/PROTOCOL.md), runs each through `peeker-core`, and prints what
//! the core answered, one JSON line per case. It compares nothing itself.
use peeker_core::{webhook, Code, DomainSet, Tracker, Verifier};
use serde_json::{json, Value};
use std::io::{self, BufRead, Write};

fn b64(s: &str) -> Result<Vec<u8>, String> {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let v = T.iter().position(|&t| t == c).ok_or("bad base64")? as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

fn s<'a>(case: &'a Value, k: &str) -> &'a str {
    case.get(k).and_then(Value::as_str).unwrap_or("")
}

fn run(kind: &str, case: &Value) -> Result<Value, String> {
    Ok(match kind {
        "root_domain" => {
            let input = s(case, "input");
            let answer = match peeker_core::normalize_root_domain(input) {
                Ok(d) => json!({"ascii": d.ascii, "unicode": d.unicode}),
                Err(e) => json!({"error": e.code.as_str(), "suggestion": e.suggestion}),
            };
            // The allocation-free entry must give the same outcome (its error has no
            // suggestion: that comes from normalize_root_domain).
            let mut buf = peeker_core::DomainBuf::default();
            let fast = match peeker_core::check_root_domain(input, &mut buf) {
                Ok(d) => json!({"ascii": d.ascii, "unicode": d.unicode}),
                Err(c) => json!({"error": c.as_str(), "suggestion": answer["suggestion"]}),
            };
            if fast != answer {
                return Err(format!(
                    "check_root_domain {fast} != normalize_root_domain {answer}"
                ));
            }
            answer
        }
        "registrable_domain" => {
            json!({"registrable": peeker_core::registrable_domain(s(case, "input"))})
        }
        "domain_set" => {
            let inputs: Vec<&str> = case["input"]
                .as_array()
                .ok_or("input not an array")?
                .iter()
                .map(|v| v.as_str().unwrap_or(""))
                .collect();
            match DomainSet::new(&inputs) {
                Ok(set) => json!({
                    "domains": set.ascii(),
                    "key": set.key(),
                    "errors": set.errors.iter().map(|e| json!({"index": e.index, "error": e.error.code.as_str()})).collect::<Vec<_>>(),
                }),
                Err(e) => json!({"error": e.code.as_str()}),
            }
        }
        "webhook" => {
            let body = b64(s(case, "body_base64"))?;
            let headers = header_pairs(case);
            let h = webhook::Headers::from_pairs(headers.iter().copied());
            let secrets: Vec<String> = match &case["secret"] {
                Value::Array(a) => a
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
                v => vec![v.as_str().unwrap_or("").to_string()],
            };
            let now = case["now"].as_i64().ok_or("now missing")?;
            let mut options = webhook::VerifierOptions::new(&secrets);
            if let Some(t) = case.get("tolerance").and_then(Value::as_u64) {
                options = options.tolerance_secs(t);
            }
            let result = webhook::Verifier::new(options).and_then(|v| v.verify(&body, &h, now));
            match result {
                Ok(e) => {
                    json!({"ok": true, "event_id": e.id, "event_type": e.event_type, "secret_index": e.secret_index})
                }
                Err(e) => json!({"error": e.code.as_str()}),
            }
        }
        "order_dedupe_key" => {
            let key = |field: &str| -> Option<Result<String, peeker_core::Error>> {
                let body = case.get(field)?;
                Some(peeker_core::order_dedupe_key(
                    s(case, "api_key"),
                    body.to_string().as_bytes(),
                ))
            };
            match key("body").ok_or("body missing")? {
                Err(e) => json!({"error": e.code.as_str()}),
                Ok(k) => {
                    let mut out = json!({"key": k});
                    for (field, name) in [
                        ("same_as", "same_as_key"),
                        ("differs_from", "differs_from_key"),
                    ] {
                        if let Some(r) = key(field) {
                            out[name] = match r {
                                Ok(k) => json!(k),
                                Err(e) => json!({"error": e.code.as_str()}),
                            };
                        }
                    }
                    out
                }
            }
        }
        "response" => {
            let body = b64(s(case, "body_base64"))?;
            let status = case["status"].as_u64().ok_or("status missing")? as u16;
            let headers = header_pairs(case);
            let c = peeker_core::classify(status, headers.iter().copied(), &body);
            json!({
                "ok": c.ok,
                "error_code": c.error_code,
                "field": c.field,
                "retry": c.retry.as_str(),
                "retry_after_seconds": c.retry.after_seconds(),
                "request_id": c.request_id,
            })
        }
        "request" => request(case),
        "api_response" => api_response(case)?,
        "tracker" => tracker(case)?,
        "retry" => retry(case)?,
        "webhook_diagnose" => {
            let body = b64(s(case, "body_base64"))?;
            let headers = header_pairs(case);
            let h = webhook::Headers::from_pairs(headers.iter().copied());
            let now = case["now"].as_i64().ok_or("now missing")?;
            match webhook::diagnose(s(case, "secret"), &h, &body, now) {
                Ok(d) => json!({
                    "scheme": d.scheme.map(webhook::Scheme::as_str),
                    "key": d.key.map(webhook::KeyEncoding::as_str),
                    "age_seconds": d.age_seconds,
                }),
                Err(e) => json!({"error": e.code.as_str()}),
            }
        }
        _ => json!({"unsupported": true}),
    })
}

/// The case's `headers` object as name/value pairs.
fn header_pairs(case: &Value) -> Vec<(&str, &str)> {
    case["headers"]
        .as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.as_str(), v)))
                .collect()
        })
        .unwrap_or_default()
}

fn client(case: &Value) -> Result<peeker_core::Client, peeker_core::Error> {
    let c = peeker_core::Client::new(s(case, "api_key"))?;
    match case.get("base_url").and_then(Value::as_str) {
        Some(b) if !b.is_empty() => c.with_base_url(b),
        _ => Ok(c),
    }
}

/// Kind `request`: the core's one request builder.
fn request(case: &Value) -> Value {
    let built = client(case).and_then(|c| {
        c.build_operation(
            peeker_core::Operation::parse(s(case, "operation"))?,
            case.get("params").unwrap_or(&Value::Null),
        )
    });
    match built {
        Ok(r) => json!({
            "method": r.method.as_str(),
            "url": r.url,
            "headers": r.headers,
            "body_text": r.body.as_ref().map(|b| String::from_utf8_lossy(b)),
            "retry_safe": r.retry_safe,
        }),
        Err(e) => json!({"error": e.code.as_str(), "field": e.field}),
    }
}

/// Kind `retry`: the core's one retry decision.
fn retry(case: &Value) -> Result<Value, String> {
    use peeker_core::retry::{decide_for, NetworkError, Outcome, RetryPolicy};
    let op = match peeker_core::Operation::parse(s(case, "operation")) {
        Ok(op) => op,
        Err(e) => return Ok(json!({"error": e.code.as_str(), "field": e.field})),
    };
    let attempt = case["attempt"].as_u64().ok_or("attempt missing")? as u32;
    let mut policy = RetryPolicy::default();
    if let Some(m) = case.get("max_attempts").and_then(Value::as_u64) {
        policy.max_attempts = m as u32;
    }
    // The core has no randomness: without a jitter in the case, the adapter draws none (0).
    let jitter = case.get("jitter").and_then(Value::as_f64).unwrap_or(0.0);
    let o = &case["outcome"];
    let decision = if let Some(n) = o.get("network_error").and_then(Value::as_str) {
        let n = NetworkError::parse(n).ok_or("unknown network_error")?;
        decide_for(op, attempt, Outcome::Network(n), jitter, policy)
    } else {
        let status = o["status"].as_u64().ok_or("outcome.status missing")? as u16;
        let headers: Vec<(&str, &str)> = o["headers"]
            .as_object()
            .map(|h| {
                h.iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.as_str(), v)))
                    .collect()
            })
            .unwrap_or_default();
        let c = peeker_core::classify(status, headers, s(o, "body").as_bytes());
        decide_for(op, attempt, Outcome::Response(&c), jitter, policy)
    };
    Ok(json!({"retry": decision.delay_ms().is_some(), "delay_ms": decision.delay_ms()}))
}

/// Kind `api_response`: the core's one response parser.
fn api_response(case: &Value) -> Result<Value, String> {
    let body = b64(s(case, "body_base64"))?;
    let status = case["status"].as_u64().ok_or("status missing")? as u16;
    let headers = header_pairs(case);
    let c = peeker_core::Client::new("pk_test_adapter").map_err(|e| e.to_string())?;
    let parsed = peeker_core::Operation::parse(s(case, "operation"))
        .and_then(|op| peeker_core::parse_response(&c, op, status, headers, &body));
    Ok(match parsed {
        Ok(r) => match &r.error {
            None => json!({
                "ok": true,
                "request_id": r.request_id,
                "data": r.data,
                "next": r.next.as_ref().map(|n| n.url.as_str()),
            }),
            Some(e) => json!({
                "ok": false,
                "error_code": e.error_code,
                "field": e.field,
                "retry": e.retry.as_str(),
                "retry_after_seconds": e.retry.after_seconds(),
                "request_id": e.request_id,
            }),
        },
        Err(e) => json!({"ok": false, "error_code": e.code.as_str()}),
    })
}

/// Kind `tracker`: every event signed and verified (the only way an event reaches
/// a tracker in an application), then applied.
fn tracker(case: &Value) -> Result<Value, String> {
    const SECRET: &str = "whsec_adapter";
    const TS: i64 = 1_778_241_600;
    let verifier =
        Verifier::new(webhook::VerifierOptions::new(&[SECRET])).map_err(|e| e.to_string())?;
    let mut t = Tracker::new();
    let mut applied = 0;
    for e in case["events"].as_array().ok_or("events missing")? {
        let body = e.to_string();
        let sig = peeker_core::sign(body.as_bytes(), SECRET, TS);
        let ts = TS.to_string();
        let h = webhook::Headers::from_pairs([
            ("Peeker-Signature", sig.as_str()),
            ("Peeker-Timestamp", ts.as_str()),
        ]);
        let ev = verifier
            .verify(body.as_bytes(), &h, TS)
            .map_err(|e| e.to_string())?;
        if t.apply(&ev) {
            applied += 1;
        }
    }
    let mut statuses = serde_json::Map::new();
    for key in case["statuses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
    {
        let (kind, id) = key.split_once(':').ok_or("status key is not KIND:ID")?;
        statuses.insert(key.clone(), json!(t.status_of(kind, id)));
    }
    let mut orders = serde_json::Map::new();
    for id in case["orders"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
    {
        orders.insert(
            id.clone(),
            match t.order(id) {
                Some(o) => json!({
                    "domains_connected": o.domains_connected,
                    "domains_total": o.domains_total,
                    "open_actions": o.actions.len(),
                }),
                None => Value::Null,
            },
        );
    }
    Ok(json!({"statuses": statuses, "orders": orders, "applied": applied}))
}

fn main() {
    let _ = Code::ALL; // the adapter reports codes only through the core's own strings
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        let result = match serde_json::from_str::<Value>(&line) {
            Ok(req) => {
                let kind = req["kind"].as_str().unwrap_or("").to_string();
                match std::panic::catch_unwind(|| run(&kind, &req["case"])) {
                    Ok(Ok(v)) => v,
                    Ok(Err(msg)) => json!({"exception": msg}),
                    Err(_) => json!({"exception": "panic"}),
                }
            }
            Err(e) => json!({"exception": format!("bad request line: {e}")}),
        };
        writeln!(out, "{result}").expect("stdout");
        out.flush().expect("stdout");
    }
}
