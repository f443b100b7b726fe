//! One table of every operation, shared by all bindings: build a request from an
//! operation name and JSON parameters, and parse the response of that operation
//! into its typed model. The bindings expose idiomatic methods that call these two
//! functions, so no binding re-implements a path, a rule or a model.
use crate::error::{Code, Error};
use crate::models::{self, Page};
use crate::request::{Client, Paging, Request};
use crate::response::classify;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Every operation name, in the order of the API reference.
pub const OPERATIONS: &[&str] = &[
    "me",
    "check_availability",
    "import_domains",
    "get_import",
    "find_imports",
    "create_import_job",
    "get_import_job",
    "list_domains",
    "update_forwarding",
    "get_forwarding_job",
    "create_bundle",
    "list_bundles",
    "get_bundle",
    "update_bundle",
    "delete_bundle",
    "create_order",
    "get_order",
    "list_orders",
    "list_pending_actions",
    "cancel_order",
    "create_swap",
    "list_swaps",
    "get_swap",
    "swap_user_names",
    "next_page",
];

fn param<'a>(params: &'a Value, name: &str) -> Option<&'a Value> {
    params.get(name).filter(|v| !v.is_null())
}

fn str_param<'a>(params: &'a Value, name: &str) -> Result<&'a str, Error> {
    match param(params, name) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(
            Error::new(Code::InvalidArgument, format!("{name} must be a string")).with_field(name),
        ),
        None => {
            Err(Error::new(Code::InvalidArgument, format!("{name} is required")).with_field(name))
        }
    }
}

fn strings(params: &Value, name: &str) -> Result<Vec<String>, Error> {
    match param(params, name) {
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str().map(String::from).ok_or_else(|| {
                    Error::new(
                        Code::InvalidRequest,
                        format!("{name}[{i}] must be a string"),
                    )
                    .with_field(format!("{name}[{i}]"))
                })
            })
            .collect(),
        Some(_) => Err(Error::new(
            Code::InvalidArgument,
            format!("{name} must be an array of strings"),
        )
        .with_field(name)),
        None => {
            Err(Error::new(Code::InvalidRequest, format!("{name} is required")).with_field(name))
        }
    }
}

fn body(params: &Value) -> Result<&Value, Error> {
    param(params, "body")
        .ok_or_else(|| Error::new(Code::InvalidArgument, "body is required").with_field("body"))
}

fn list_args(params: &Value) -> Result<(Vec<(String, String)>, Paging), Error> {
    let mut filters = Vec::new();
    if let Some(f) = param(params, "filters") {
        let o = f.as_object().ok_or_else(|| {
            Error::new(Code::InvalidArgument, "filters must be an object").with_field("filters")
        })?;
        for (k, v) in o {
            match v {
                Value::Null => {}
                Value::String(s) => filters.push((k.clone(), s.clone())),
                Value::Number(n) => filters.push((k.clone(), n.to_string())),
                Value::Bool(b) => filters.push((k.clone(), b.to_string())),
                _ => {
                    return Err(Error::new(
                        Code::InvalidRequest,
                        format!("filter {k} must be a string"),
                    )
                    .with_field(k.clone()))
                }
            }
        }
    }
    let per_page = match param(params, "per_page") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|n| *n <= u32::MAX as u64)
                .ok_or_else(|| {
                    Error::new(Code::InvalidRequest, "per_page must be between 1 and 100")
                        .with_field("per_page")
                })? as u32,
        ),
    };
    Ok((filters, Paging { per_page }))
}

/// A list endpoint's request builder: filters and paging in, the request out.
type ListBuilder = dyn Fn(&Client, &[(&str, &str)], Paging) -> Result<Request, Error>;

impl Client {
    /// Builds the request of `operation` (one of [`OPERATIONS`]) from JSON parameters:
    /// `id`, `domains`, `body`, `filters` (object), `per_page`, `next` (a `links.next`).
    pub fn build_operation(&self, operation: &str, params: &Value) -> Result<Request, Error> {
        let empty = json!({});
        let params = if params.is_null() { &empty } else { params };
        if !params.is_object() {
            return Err(Error::new(
                Code::InvalidArgument,
                "params must be a JSON object",
            ));
        }
        let list = |f: &ListBuilder| -> Result<Request, Error> {
            let (filters, paging) = list_args(params)?;
            let borrowed: Vec<(&str, &str)> = filters
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            f(self, &borrowed, paging)
        };
        match operation {
            "me" => Ok(self.me()),
            "check_availability" => self.check_availability(&strings(params, "domains")?),
            "import_domains" => self.import_domains(&strings(params, "domains")?),
            "get_import" => self.get_import(str_param(params, "id")?),
            "find_imports" => self.find_imports(&strings(params, "domains")?),
            "create_import_job" => self.create_import_job(&strings(params, "domains")?),
            "get_import_job" => self.get_import_job(str_param(params, "id")?),
            "list_domains" => list(&Client::list_domains),
            "update_forwarding" => self.update_forwarding(body(params)?),
            "get_forwarding_job" => self.get_forwarding_job(str_param(params, "id")?),
            "create_bundle" => self.create_bundle(body(params)?),
            "list_bundles" => list(&Client::list_bundles),
            "get_bundle" => self.get_bundle(str_param(params, "id")?),
            "update_bundle" => self.update_bundle(str_param(params, "id")?, body(params)?),
            "delete_bundle" => self.delete_bundle(str_param(params, "id")?),
            "create_order" => self.create_order(body(params)?),
            "get_order" => self.get_order(str_param(params, "id")?),
            "list_orders" => list(&Client::list_orders),
            "list_pending_actions" => list(&Client::list_pending_actions),
            "cancel_order" => {
                let id = str_param(params, "id")?;
                match param(params, "domains") {
                    None => self.cancel_order::<&str>(id, None),
                    Some(_) => self.cancel_order(id, Some(&strings(params, "domains")?)),
                }
            }
            "create_swap" => self.create_swap(body(params)?),
            "list_swaps" => list(&Client::list_swaps),
            "get_swap" => self.get_swap(str_param(params, "id")?),
            "swap_user_names" => self.swap_user_names(body(params)?),
            "next_page" => self
                .next_page(Some(str_param(params, "next")?))?
                .ok_or_else(|| {
                    Error::new(
                        Code::InvalidArgument,
                        "next is empty: there is no next page",
                    )
                    .with_field("next")
                }),
            other => Err(Error::new(
                Code::InvalidArgument,
                format!(
                    "unknown operation {other:?}; known: {}",
                    OPERATIONS.join(", ")
                ),
            )),
        }
    }
}

impl Request {
    /// As JSON: `{"method", "url", "headers": [[name, value]...], "body": string|null}`.
    /// The Authorization header is included: this is what the caller sends.
    pub fn to_json(&self) -> String {
        json!({
            "method": self.method.as_str(),
            "url": self.url,
            "headers": self.headers.iter().map(|(k, v)| [k, v]).collect::<Vec<_>>(),
            "body": self.body.as_ref().map(|b| String::from_utf8_lossy(b)),
        })
        .to_string()
    }
}

fn unexpected(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(
        Code::UnexpectedResponse,
        format!("The response body is not {what}: {e}."),
    )
}

/// The typed model's JSON (every documented field, its default where the API
/// sent none) with everything of `raw` the model does not know added back as
/// sent, at any depth: fields and enum values the API adds later reach the
/// caller unchanged.
fn overlay(typed: Value, raw: Value) -> Value {
    match (typed, raw) {
        (Value::Object(mut t), Value::Object(r)) => {
            for (k, rv) in r {
                let merged = match t.remove(&k) {
                    Some(tv) => overlay(tv, rv),
                    None => rv,
                };
                t.insert(k, merged);
            }
            Value::Object(t)
        }
        (Value::Array(t), Value::Array(r)) if t.len() == r.len() => {
            Value::Array(t.into_iter().zip(r).map(|(a, b)| overlay(a, b)).collect())
        }
        (t, _) => t,
    }
}

/// The envelope's `data` checked against the typed model `T` (a 2xx body of
/// another shape is `unexpected_response`), as [`overlay`] gives it.
fn typed<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<Value, Error> {
    let mut whole: Value =
        serde_json::from_slice(body).map_err(|e| unexpected("the documented shape", e))?;
    let t = models::Envelope::<T>::deserialize(&whole)
        .map_err(|e| unexpected("the documented shape", e))?;
    let t = serde_json::to_value(t.data).expect("models serialise");
    Ok(overlay(t, whole["data"].take()))
}

/// A list page: its rows checked against `T` (as [`overlay`] gives them) and
/// `links.next`.
fn page<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<(Value, Option<String>), Error> {
    let mut whole: Value =
        serde_json::from_slice(body).map_err(|e| unexpected("a documented list page", e))?;
    let p = Page::<T>::deserialize(&whole).map_err(|e| unexpected("a documented list page", e))?;
    let rows = serde_json::to_value(p.data).expect("models serialise");
    Ok((overlay(rows, whole["data"].take()), p.links.next))
}

fn raw_data(body: &[u8]) -> Result<Value, Error> {
    typed::<Value>(body)
}

/// Parses the response of `operation`: a JSON object with `ok`, `status`,
/// `request_id`, and either `data` (the typed model: every documented field,
/// null or its default where not sent, plus every field and enum value it does
/// not know, as sent) plus, for lists,
/// `next` (the next page's request as in [`Request::to_json`], or null), or the
/// classified error (`error_code`, `message`, `field`, `details`, `retry`,
/// `retry_after_seconds`). A 2xx body that is not the documented shape is an
/// `unexpected_response` error.
pub fn parse_response<'a, I>(
    client: &Client,
    operation: &str,
    status: u16,
    headers: I,
    body: &[u8],
) -> Result<Value, Error>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    if !OPERATIONS.contains(&operation) {
        return Err(Error::new(
            Code::InvalidArgument,
            format!("unknown operation {operation:?}"),
        ));
    }
    let c = classify(status, headers, body);
    if !c.ok {
        let mut v: Value = serde_json::from_str(&c.to_json()).expect("classified serialises");
        v["ok"] = json!(false);
        return Ok(v);
    }
    let mut next = None;
    let data = match operation {
        "me" => typed::<models::Me>(body)?,
        "check_availability" => typed::<models::Availability>(body)?,
        "import_domains" | "get_import" | "create_import_job" | "get_import_job" => {
            typed::<models::ImportJob>(body)?
        }
        "find_imports" => match raw_data(body)? {
            Value::Array(_) => {
                let (d, n) = page::<models::ImportJob>(body)?;
                next = n;
                d
            }
            _ => typed::<models::ImportJob>(body)?,
        },
        "list_domains" => {
            let (d, n) = page::<models::Domain>(body)?;
            next = n;
            d
        }
        "update_forwarding" | "get_forwarding_job" => typed::<models::ForwardingJob>(body)?,
        "create_bundle" | "get_bundle" | "update_bundle" => typed::<models::Bundle>(body)?,
        "list_bundles" => {
            let (d, n) = page::<models::Bundle>(body)?;
            next = n;
            d
        }
        "create_order" | "get_order" => typed::<models::Order>(body)?,
        "list_orders" => {
            let (d, n) = page::<models::Order>(body)?;
            next = n;
            d
        }
        "list_pending_actions" => {
            let (d, n) = page::<models::PendingAction>(body)?;
            next = n;
            d
        }
        "create_swap" | "get_swap" => typed::<models::Swap>(body)?,
        "list_swaps" => {
            let (d, n) = page::<models::Swap>(body)?;
            next = n;
            d
        }
        // The caller knows the list; rows are kept as sent (as everywhere).
        "next_page" => {
            let (d, n) = page::<Value>(body)?;
            next = n;
            d
        }
        "swap_user_names" => typed::<models::UserNameSwaps>(body)?,
        _ => raw_data(body)?, // delete_bundle, cancel_order: small documented objects kept as sent
    };
    let next_req = match next {
        Some(n) => client
            .next_page(Some(&n))?
            .map(|r| serde_json::from_str::<Value>(&r.to_json()).expect("request json")),
        None => None,
    };
    let mut out = json!({ "ok": true, "status": status, "request_id": c.request_id, "data": data });
    if matches!(
        operation,
        "list_domains"
            | "list_bundles"
            | "list_orders"
            | "list_pending_actions"
            | "list_swaps"
            | "next_page"
            | "find_imports"
    ) {
        out["next"] = next_req.unwrap_or(Value::Null);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c() -> Client {
        Client::new("pk_test_abc")
            .unwrap()
            .with_base_url("http://127.0.0.1:9/partner/v1")
            .unwrap()
    }

    #[test]
    fn every_operation_builds() {
        let order = json!({"user":"alex@acme.com","bundle_id":"bun_1","sequencer":{"provider":"smartlead","client_id":1,"login_email":"o@acme.com","login_password":"pw"},"domains":["acme-mail.com"],"personas":[{"first_name":"A","last_name":"B","profile_picture_url":null}]});
        let cases = [
            ("me", json!({})),
            ("check_availability", json!({"domains": ["acme.com"]})),
            ("import_domains", json!({"domains": ["acme.com"]})),
            ("get_import", json!({"id": "imp_1"})),
            ("find_imports", json!({"domains": ["acme.com"]})),
            ("create_import_job", json!({"domains": ["acme.com"]})),
            ("get_import_job", json!({"id": "imp_1"})),
            (
                "list_domains",
                json!({"filters": {"category": "inventory"}, "per_page": 10}),
            ),
            (
                "update_forwarding",
                json!({"body": {"domains": ["dom_1"], "forwarding_url": "https://acme.com"}}),
            ),
            ("get_forwarding_job", json!({"id": "fwj_1"})),
            (
                "create_bundle",
                json!({"body": {"name": "n", "monthly_sending_volume": 1000}}),
            ),
            ("list_bundles", json!({})),
            ("get_bundle", json!({"id": "bun_1"})),
            (
                "update_bundle",
                json!({"id": "bun_1", "body": {"name": "m"}}),
            ),
            ("delete_bundle", json!({"id": "bun_1"})),
            ("create_order", json!({"body": order})),
            ("get_order", json!({"id": "ord_1"})),
            ("list_orders", json!({"filters": {"status": "completed"}})),
            (
                "list_pending_actions",
                json!({"filters": {"order_id": "ord_1"}}),
            ),
            ("cancel_order", json!({"id": "ord_1"})),
            (
                "create_swap",
                json!({"body": {"type": "standard", "domain_id": "dom_1", "replacement_domain": "b.com"}}),
            ),
            ("list_swaps", json!({})),
            ("get_swap", json!({"id": "swp_1"})),
            (
                "swap_user_names",
                json!({"body": {"domain_id": "dom_1", "personas": [{"first_name": "A", "last_name": "B", "profile_picture_url": ""}]}}),
            ),
            (
                "next_page",
                json!({"next": "http://127.0.0.1:9/partner/v1/orders?page_token=x"}),
            ),
        ];
        assert_eq!(cases.len(), OPERATIONS.len());
        for (op, p) in cases {
            let r = c()
                .build_operation(op, &p)
                .unwrap_or_else(|e| panic!("{op}: {e}"));
            let j: Value = serde_json::from_str(&r.to_json()).unwrap();
            assert!(
                j["url"]
                    .as_str()
                    .unwrap()
                    .starts_with("http://127.0.0.1:9/partner/v1/"),
                "{op}"
            );
        }
        assert_eq!(
            c().build_operation("nope", &json!({})).unwrap_err().code,
            Code::InvalidArgument
        );
        assert_eq!(
            c().build_operation("get_order", &json!({}))
                .unwrap_err()
                .field
                .as_deref(),
            Some("id")
        );
    }

    #[test]
    fn parses_documented_bodies() {
        let r = parse_response(&c(), "create_order", 200, [("Peeker-Request-Id", "req_1")], br#"{"data":{"id":"ord_1","user_id":"usr_1","email":"a@b.co","bundle_id":"bun_1","status":"in_progress","domain_count":2,"costs":{"total_cents":6800,"currency":"usd"},"renews_at":"2026-06-08T12:00:00Z","created_at":"2026-05-08T12:00:00Z"}}"#).unwrap();
        assert_eq!(r["data"]["costs"]["total_cents"], 6800);
        assert_eq!(r["request_id"], "req_1");
        let r = parse_response(&c(), "list_orders", 200, [], br#"{"data":[],"links":{"first":"x","next":"http://127.0.0.1:9/partner/v1/orders?page_token=abc"},"meta":{}}"#).unwrap();
        assert_eq!(
            r["next"]["url"],
            "http://127.0.0.1:9/partner/v1/orders?page_token=abc"
        );
        let r = parse_response(
            &c(),
            "list_orders",
            200,
            [],
            br#"{"data":[],"links":{"next":null}}"#,
        )
        .unwrap();
        assert!(r["next"].is_null());
        let r = parse_response(&c(), "get_order", 429, [], br#"{"error":{"code":"rate_limited","message":"m","details":{"retry_after_seconds":3}}}"#).unwrap();
        assert_eq!(
            (
                r["ok"].clone(),
                r["retry"].clone(),
                r["retry_after_seconds"].clone()
            ),
            (json!(false), json!("after"), json!(3))
        );
        // Fields and enum values the models do not know reach the caller as sent.
        let r = parse_response(&c(), "get_order", 200, [], br#"{"data":{"id":"ord_1","user_id":"usr_1","email":"a@b.co","bundle_id":null,"status":"paused_for_review","domain_count":2,"costs":{"total_cents":6800,"currency":"usd","tax_cents":12},"created_at":"2026-05-08T12:00:00Z","brand_new":{"x":[1,2]}}}"#).unwrap();
        assert_eq!(r["data"]["brand_new"], json!({"x": [1, 2]}));
        assert_eq!(r["data"]["costs"]["tax_cents"], 12);
        assert_eq!(r["data"]["status"], "paused_for_review");
        // Documented fields stay present (null where not sent).
        assert!(r["data"]["renews_at"].is_null() && r["data"]["personas"].is_null());
        let r = parse_response(&c(), "list_swaps", 200, [], br#"{"data":[{"id":"swp_1","type":"standard","status":"queued","domain_id":"dom_1","extra":true}],"links":{"next":null}}"#).unwrap();
        assert_eq!(r["data"][0]["extra"], true);
        assert_eq!(
            parse_response(&c(), "get_order", 200, [], br#"{"data":{"id":7}}"#)
                .unwrap_err()
                .code,
            Code::UnexpectedResponse
        );
        assert_eq!(
            parse_response(&c(), "get_order", 200, [], b"<html>")
                .unwrap_err()
                .code,
            Code::UnexpectedResponse
        );
    }
}
