//! One table of every operation, shared by all bindings: build a request from an
//! operation name and JSON parameters, and parse the response of that operation
//! into its typed model. The bindings expose idiomatic methods that call these two
//! functions, so no binding re-implements a path, a rule or a model.
use crate::error::{Code, Error};
use crate::models::{self, Page};
use crate::request::{Client, Paging, Request};
use crate::response::{classify, ApiResponse, PageInfo};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::fmt;

macro_rules! operations {
    ($( $(#[doc = $doc:literal])* $variant:ident = $s:literal, retry_safe: $safe:literal, params: $params:expr; )*) => {
        /// One operation of the API: every documented endpoint, plus `next_page`
        /// (a list's next page). Bindings name operations by [`Operation::as_str`]
        /// and read names back with [`Operation::parse`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation { $( $(#[doc = $doc])* $variant, )* }

        impl Operation {
            /// Every operation, in the order of the API reference.
            pub const ALL: &'static [Operation] = &[ $( Operation::$variant, )* ];
            /// The stable name, e.g. `"create_order"`.
            pub const fn as_str(self) -> &'static str {
                match self { $( Operation::$variant => $s, )* }
            }
            /// Whether the SDK may send this operation's request again on its own
            /// after a timeout or a 5xx answer, when the first attempt may have been
            /// carried out: every `GET`, the look-up `check_availability`, and the
            /// writes the API deduplicates (`create_order`, `import_domains`,
            /// `create_import_job`, `update_forwarding`); not the other writes
            /// (swaps, bundles, `cancel_order`), which a second attempt could do
            /// twice. See [`crate::retry::decide`].
            pub const fn retry_safe(self) -> bool {
                match self { $( Operation::$variant => $safe, )* }
            }
            /// What the operation takes: the parameters of
            /// [`Client::build_operation`] it reads, and the shape of its named
            /// method in every binding (generated from this table by
            /// `peeker-codegen`).
            pub const fn params(self) -> Params {
                match self { $( Operation::$variant => $params, )* }
            }
            /// Its documentation (the endpoint and what it does), which every
            /// binding's named method carries.
            pub const fn doc(self) -> &'static str {
                match self { $( Operation::$variant => concat!($($doc, "\n",)*), )* }
            }
            fn from_name(s: &str) -> Option<Operation> {
                match s { $( $s => Some(Operation::$variant), )* _ => None }
            }
        }

        /// Every operation name, in the order of the API reference (the names of
        /// [`Operation::ALL`]).
        pub const OPERATIONS: &[&str] = &[ $( $s, )* ];
    };
}

/// What an operation takes (the parameters of [`Client::build_operation`]), and
/// so the signature of its named method in each binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Params {
    /// Nothing.
    None,
    /// `id`: the resource's id (a path segment).
    Id,
    /// `domains`: an array of domain names.
    Domains,
    /// `body`: the JSON request body, of the request type named.
    Body(&'static str),
    /// `id` and `body` (of the request type named).
    IdBody(&'static str),
    /// `id`, and optionally `domains` (some of the resource's domains).
    IdOptionalDomains,
    /// `filters` (an object; the names allowed, and the name of their set) and
    /// `per_page`.
    List(&'static str, &'static [&'static str]),
    /// `next`: a list's `links.next` URL.
    Next,
}

impl Params {
    /// The query filters of a list operation (empty for the others).
    pub const fn filters(self) -> &'static [&'static str] {
        match self {
            Params::List(_, f) => f,
            _ => &[],
        }
    }
}

operations! {
    /// `GET /me`: the key's environment and permission preset (a cheap health
    /// check).
    Me = "me", retry_safe: true, params: Params::None;
    /// `POST /domains/availability`: whether up to 50 domains can be imported
    /// or bought.
    CheckAvailability = "check_availability", retry_safe: true, params: Params::Domains;
    /// `POST /domains/import`: synchronous import of at most 25 root domains
    /// (normalised, deduplicated and sorted by the core).
    ImportDomains = "import_domains", retry_safe: true, params: Params::Domains;
    /// `GET /domains/import/{id}`.
    GetImport = "get_import", retry_safe: true, params: Params::Id;
    /// `GET /domains/import?domains=…`: look imports up by domain.
    FindImports = "find_imports", retry_safe: true, params: Params::Domains;
    /// `POST /domains/import/jobs`: asynchronous import of at most 500 root
    /// domains.
    CreateImportJob = "create_import_job", retry_safe: true, params: Params::Domains;
    /// `GET /domains/import/jobs/{id}`.
    GetImportJob = "get_import_job", retry_safe: true, params: Params::Id;
    /// `GET /domains` (`category`: `inventory` | `connected`; `usable_for`:
    /// `google` | `microsoft`; `per_page` 1–100).
    ListDomains = "list_domains", retry_safe: true,
        params: Params::List("DomainFilters", &["category", "user_id", "user_email", "usable_for", "status"]);
    /// `POST /domains/forwarding`: point at most 25 domains (`dom_` ids or
    /// names) at an http(s) URL.
    UpdateForwarding = "update_forwarding", retry_safe: true, params: Params::Body("ForwardingBody");
    /// `GET /domains/forwarding/{id}`.
    GetForwardingJob = "get_forwarding_job", retry_safe: true, params: Params::Id;
    /// `POST /bundles`: a saved mix of Google and Microsoft inboxes.
    CreateBundle = "create_bundle", retry_safe: false, params: Params::Body("BundleBody");
    /// `GET /bundles` (`status`: `active` | `archived`).
    ListBundles = "list_bundles", retry_safe: true, params: Params::List("BundleFilters", &["status"]);
    /// `GET /bundles/{id}`.
    GetBundle = "get_bundle", retry_safe: true, params: Params::Id;
    /// `PATCH /bundles/{id}`: every field optional.
    UpdateBundle = "update_bundle", retry_safe: false, params: Params::IdBody("BundleUpdate");
    /// `DELETE /bundles/{id}` (archived instead when an order used it).
    DeleteBundle = "delete_bundle", retry_safe: false, params: Params::Id;
    /// `POST /orders`: a bundle order or a custom order. The core checks every
    /// documented rule (the error's field names the input, e.g.
    /// `personas[0].profile_picture_url`) and normalises domain names; the body
    /// is otherwise sent exactly as given. Sending the same body again is safe
    /// (the API dedupes orders for 24 h; see the order dedupe key).
    CreateOrder = "create_order", retry_safe: true, params: Params::Body("OrderBody");
    /// `GET /orders/{id}`: the full order.
    GetOrder = "get_order", retry_safe: true, params: Params::Id;
    /// `GET /orders`, newest first.
    ListOrders = "list_orders", retry_safe: true,
        params: Params::List("OrderFilters", &["user_id", "user_email", "bundle_id", "status"]);
    /// `GET /orders/pending`: open actions (`status`: `open` (default) |
    /// `resolved`; `user`: a `usr_…` id or an e-mail address).
    ListPendingActions = "list_pending_actions", retry_safe: true,
        params: Params::List("PendingActionFilters", &["order_id", "user", "domain_id", "status"]);
    /// `POST /orders/{id}/cancel`: the whole order, or some of its domains
    /// (`dom_…` ids or names).
    CancelOrder = "cancel_order", retry_safe: false, params: Params::IdOptionalDomains;
    /// `POST /swaps`: replace a domain (`type` `standard` | `premium`).
    CreateSwap = "create_swap", retry_safe: false, params: Params::Body("SwapBody");
    /// `GET /swaps`.
    ListSwaps = "list_swaps", retry_safe: true,
        params: Params::List("SwapFilters", &["user_id", "order_id", "domain_id", "status"]);
    /// `GET /swaps/{id}`.
    GetSwap = "get_swap", retry_safe: true, params: Params::Id;
    /// `POST /swaps/user_names`: new personas for a domain's inboxes.
    SwapUserNames = "swap_user_names", retry_safe: false, params: Params::Body("UserNameSwapBody");
    /// The request for a list's `links.next` (which must point at this client's
    /// API origin); a page's next request already is one. Rows are kept as sent.
    NextPage = "next_page", retry_safe: true, params: Params::Next;
}

impl Operation {
    /// Parses a name of [`OPERATIONS`]; another name is `invalid_argument` with
    /// field `operation` (the message lists the known names).
    pub fn parse(name: &str) -> Result<Operation, Error> {
        Operation::from_name(name).ok_or_else(|| {
            let quoted = crate::error::shorten(name);
            Error::new(
                Code::InvalidArgument,
                format!(
                    "unknown operation {quoted:?}; known: {}",
                    OPERATIONS.join(", ")
                ),
            )
            .with_field("operation")
        })
    }

    /// Whether the response may be a list page (`data` an array, with `links`
    /// and `meta`, and a next page). `find_imports` answers a page for several
    /// domains and a single import job otherwise.
    pub const fn is_list(self) -> bool {
        matches!(
            self,
            Operation::ListDomains
                | Operation::ListBundles
                | Operation::ListOrders
                | Operation::ListPendingActions
                | Operation::ListSwaps
                | Operation::NextPage
                | Operation::FindImports
        )
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Operation {
    type Err = Error;
    fn from_str(s: &str) -> Result<Operation, Error> {
        Operation::parse(s)
    }
}

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
    /// Builds the request of `operation` from JSON parameters: `id`, `domains`,
    /// `body`, `filters` (object), `per_page`, `next` (a `links.next`).
    /// Messages never hold the client's API key (see [`crate::redact`]).
    pub fn build_operation(&self, operation: Operation, params: &Value) -> Result<Request, Error> {
        self.build_unredacted(operation, params)
            .map_err(|e| e.without_api_key(self.api_key().expose()))
    }

    fn build_unredacted(&self, operation: Operation, params: &Value) -> Result<Request, Error> {
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
        use Operation as O;
        match operation {
            O::Me => Ok(self.me()),
            O::CheckAvailability => self.check_availability(&strings(params, "domains")?),
            O::ImportDomains => self.import_domains(&strings(params, "domains")?),
            O::GetImport => self.get_import(str_param(params, "id")?),
            O::FindImports => self.find_imports(&strings(params, "domains")?),
            O::CreateImportJob => self.create_import_job(&strings(params, "domains")?),
            O::GetImportJob => self.get_import_job(str_param(params, "id")?),
            O::ListDomains => list(&Client::list_domains),
            O::UpdateForwarding => self.update_forwarding(body(params)?),
            O::GetForwardingJob => self.get_forwarding_job(str_param(params, "id")?),
            O::CreateBundle => self.create_bundle(body(params)?),
            O::ListBundles => list(&Client::list_bundles),
            O::GetBundle => self.get_bundle(str_param(params, "id")?),
            O::UpdateBundle => self.update_bundle(str_param(params, "id")?, body(params)?),
            O::DeleteBundle => self.delete_bundle(str_param(params, "id")?),
            O::CreateOrder => self.create_order(body(params)?),
            O::GetOrder => self.get_order(str_param(params, "id")?),
            O::ListOrders => list(&Client::list_orders),
            O::ListPendingActions => list(&Client::list_pending_actions),
            O::CancelOrder => {
                let id = str_param(params, "id")?;
                match param(params, "domains") {
                    None => self.cancel_order::<&str>(id, None),
                    Some(_) => self.cancel_order(id, Some(&strings(params, "domains")?)),
                }
            }
            O::CreateSwap => self.create_swap(body(params)?),
            O::ListSwaps => list(&Client::list_swaps),
            O::GetSwap => self.get_swap(str_param(params, "id")?),
            O::SwapUserNames => self.swap_user_names(body(params)?),
            O::NextPage => self
                .next_page(Some(str_param(params, "next")?))?
                .ok_or_else(|| {
                    Error::new(
                        Code::InvalidArgument,
                        "next is empty: there is no next page",
                    )
                    .with_field("next")
                }),
        }
    }
}

impl Request {
    /// As JSON: `{"method", "url", "headers": [[name, value]...], "body": string|null,
    /// "retry_safe": bool}`.
    /// The Authorization header is included: this is what the caller sends.
    pub fn to_json(&self) -> String {
        json!({
            "method": self.method.as_str(),
            "url": self.url,
            "headers": self.headers.iter().map(|(k, v)| [k, v]).collect::<Vec<_>>(),
            "body": self.body.as_ref().map(|b| String::from_utf8_lossy(b)),
            "retry_safe": self.retry_safe,
        })
        .to_string()
    }
}

/// The typed model's JSON with everything else of the server's value put back as
/// sent, at any depth: every documented field is present (null or its default
/// where not sent), and every field and value the model does not know reaches
/// the caller unchanged.
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

/// Checks `value` (the whole body) against the typed model `T` of `{"data": T}`:
/// the data as [`overlay`] gives it.
fn check<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, Error> {
    let t = models::Envelope::<T>::deserialize(value).map_err(|e| {
        Error::new(
            Code::UnexpectedResponse,
            format!("The response body is not the documented shape: {e}."),
        )
    })?;
    let typed = serde_json::to_value(t.data).expect("models serialise");
    Ok(overlay(typed, value["data"].clone()))
}

/// Checks `value` against a list page of rows `T`: the rows as [`overlay`] gives them.
fn check_page<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, Error> {
    let p = Page::<T>::deserialize(value).map_err(|e| {
        Error::new(
            Code::UnexpectedResponse,
            format!("The response body is not a documented list page: {e}."),
        )
    })?;
    let typed = serde_json::to_value(p.data).expect("models serialise");
    Ok(overlay(typed, value["data"].clone()))
}

/// Validates a 2xx body of `operation` against its typed model: the data (see
/// [`overlay`]) and whether the body is a list page.
fn validate(operation: Operation, v: &Value) -> Result<(Value, bool), Error> {
    use Operation as O;
    let is_rows = v.get("data").is_some_and(Value::is_array);
    let data = match operation {
        O::Me => check::<models::Me>(v)?,
        O::CheckAvailability => check::<models::Availability>(v)?,
        O::ImportDomains | O::GetImport | O::CreateImportJob | O::GetImportJob => {
            check::<models::ImportJob>(v)?
        }
        O::FindImports if is_rows => check_page::<models::ImportJob>(v)?,
        O::FindImports => check::<models::ImportJob>(v)?,
        O::ListDomains => check_page::<models::Domain>(v)?,
        O::UpdateForwarding | O::GetForwardingJob => check::<models::ForwardingJob>(v)?,
        O::CreateBundle | O::GetBundle | O::UpdateBundle => check::<models::Bundle>(v)?,
        O::ListBundles => check_page::<models::Bundle>(v)?,
        O::DeleteBundle => check::<models::DeletedBundle>(v)?,
        O::CreateOrder | O::GetOrder => check::<models::Order>(v)?,
        O::ListOrders => check_page::<models::Order>(v)?,
        O::ListPendingActions => check_page::<models::PendingAction>(v)?,
        O::CancelOrder => check::<models::CancelSchedule>(v)?,
        O::CreateSwap | O::GetSwap => check::<models::Swap>(v)?,
        O::ListSwaps => check_page::<models::Swap>(v)?,
        O::SwapUserNames => check::<models::UserNameSwaps>(v)?,
        // The caller knows the list; the rows are kept as sent.
        O::NextPage => check_page::<Value>(v)?,
    };
    Ok((data, operation.is_list() && is_rows))
}

/// Parses the response of `operation` into an [`ApiResponse`] (never holding the
/// client's API key outside the next page's request): the status, the
/// request id, and either the classified error (any non-2xx, whatever its body)
/// or the data checked against the operation's typed model: every documented
/// field (null where not sent) plus every field and enum value it does not
/// know, as sent; for a list page also
/// its `links`, `meta` and the next page's request. A 2xx body that is not the
/// documented shape is an `unexpected_response` error.
pub fn parse_response<'a, I>(
    client: &Client,
    operation: Operation,
    status: u16,
    headers: I,
    body: &[u8],
) -> Result<ApiResponse, Error>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let c = classify(status, headers, body);
    let mut r = ApiResponse {
        operation: Some(operation),
        status,
        request_id: c.request_id.clone(),
        error: None,
        data: None,
        page: None,
        next: None,
    };
    let key = client.api_key().expose();
    if !c.ok {
        // An error answer may echo the caller's input: never the key.
        r.error = Some(c.without_api_key(key));
        r.request_id = r.error.as_ref().and_then(|e| e.request_id.clone());
        return Ok(r);
    }
    let request_id = r.request_id.clone();
    fill(client, operation, body, &mut r).map_err(|e| {
        if e.code != Code::UnexpectedResponse {
            return e;
        }
        let rid = request_id
            .map(|r| format!(" (request id {r})"))
            .unwrap_or_default();
        Error {
            message: format!("HTTP {status}: {}{rid}", e.message),
            ..e
        }
        .without_api_key(key)
    })?;
    Ok(r)
}

/// Checks a 2xx body and moves its data (and paging) into `r`.
fn fill(
    client: &Client,
    operation: Operation,
    body: &[u8],
    r: &mut ApiResponse,
) -> Result<(), Error> {
    let mut v: Value = serde_json::from_slice(body).map_err(|e| {
        Error::new(
            Code::UnexpectedResponse,
            format!("The response body is not the documented shape: {e}."),
        )
    })?;
    let (data, is_page) = validate(operation, &v)?;
    // serde also reads a struct from an array: the envelope must be an object.
    let Some(top) = v.as_object_mut() else {
        return Err(Error::new(
            Code::UnexpectedResponse,
            "The response body is not the documented shape: not a JSON object.",
        ));
    };
    if is_page {
        let links = top.remove("links").unwrap_or(Value::Null);
        let next = links.get("next").and_then(Value::as_str);
        r.next = client.next_page(next)?;
        r.page = Some(PageInfo {
            links,
            meta: top.remove("meta").unwrap_or(Value::Null),
        });
    }
    r.data = Some(data);
    Ok(())
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
        assert_eq!(Operation::ALL.len(), OPERATIONS.len());
        for (i, (name, p)) in cases.into_iter().enumerate() {
            let op = Operation::parse(name).unwrap();
            assert_eq!((op, op.as_str()), (Operation::ALL[i], OPERATIONS[i]));
            let r = c()
                .build_operation(op, &p)
                .unwrap_or_else(|e| panic!("{op}: {e}"));
            let j: Value = serde_json::from_str(&r.to_json()).unwrap();
            assert!(
                j["url"]
                    .as_str()
                    .unwrap()
                    .starts_with("http://127.0.0.1:9/partner/v1/"),
                "{name}"
            );
        }
        let e = Operation::parse("nope").unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (Code::InvalidArgument, Some("operation"))
        );
        assert!(e.message.contains("create_order"), "{}", e.message);
        assert!(
            Operation::parse(&"x".repeat(500))
                .unwrap_err()
                .message
                .len()
                < 600
        );
        assert_eq!(
            c().build_operation(Operation::GetOrder, &json!({}))
                .unwrap_err()
                .field
                .as_deref(),
            Some("id")
        );
    }

    #[test]
    fn parses_documented_bodies() {
        use Operation as O;
        let r = parse_response(&c(), O::CreateOrder, 200, [("Peeker-Request-Id", "req_1")], br#"{"data":{"id":"ord_1","user_id":"usr_1","email":"a@b.co","bundle_id":"bun_1","status":"in_progress","domain_count":2,"costs":{"total_cents":6800,"currency":"usd"},"renews_at":"2026-06-08T12:00:00Z","created_at":"2026-05-08T12:00:00Z","new_field":{"x":1}}}"#).unwrap();
        let data = r.data.as_ref().unwrap();
        assert_eq!(data["costs"]["total_cents"], 6800);
        // As sent: a field this version does not know reaches the caller.
        assert_eq!(data["new_field"], json!({"x": 1}));
        // Documented fields stay present (null where not sent).
        assert!(data["personas"].is_null() && data.get("personas").is_some());
        assert_eq!(r.request_id.as_deref(), Some("req_1"));
        assert!(r.ok() && r.page.is_none() && r.next.is_none());
        let j: Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!((j["ok"].clone(), j.get("next")), (json!(true), None));
        let r = parse_response(&c(), O::ListOrders, 200, [], br#"{"data":[{"id":"ord_1","status":"new_status"}],"links":{"first":"x","next":"http://127.0.0.1:9/partner/v1/orders?page_token=abc"},"meta":{"returned":1,"cursor_kind":"opaque"}}"#).unwrap();
        assert_eq!(
            r.next.as_ref().unwrap().url,
            "http://127.0.0.1:9/partner/v1/orders?page_token=abc"
        );
        assert_eq!(r.data.as_ref().unwrap()[0]["status"], "new_status");
        assert_eq!(r.page.as_ref().unwrap().meta["cursor_kind"], "opaque");
        let j: Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(
            j["next"]["headers"][0][1],
            crate::response::REDACTED_AUTHORIZATION
        );
        assert!(!r.to_json().contains("pk_test_abc"));
        let r = parse_response(
            &c(),
            O::ListOrders,
            200,
            [],
            br#"{"data":[],"links":{"next":null}}"#,
        )
        .unwrap();
        assert!(r.next.is_none());
        assert!(r.to_json().contains("\"next\":null"));
        let r = parse_response(&c(), O::GetOrder, 429, [], br#"{"error":{"code":"rate_limited","message":"m","details":{"retry_after_seconds":3}}}"#).unwrap();
        assert_eq!(r.retry(), crate::Retry::After { seconds: 3 });
        assert!(!r.ok() && r.data.is_none());
        let j: Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(
            (
                j["ok"].clone(),
                j["retry"].clone(),
                j["retry_after_seconds"].clone()
            ),
            (json!(false), json!("after"), json!(3))
        );
        for bad in [
            &b"<html>"[..],
            b"[{\"id\":\"ord_1\",\"status\":\"x\"}]",
            br#"{"data":{"id":1}}"#,
        ] {
            assert_eq!(
                parse_response(&c(), O::GetOrder, 200, [], bad)
                    .unwrap_err()
                    .code,
                Code::UnexpectedResponse
            );
        }
        // The small documented objects are checked too.
        let e = parse_response(
            &c(),
            O::DeleteBundle,
            200,
            [],
            br#"{"data":{"status":"deleted"}}"#,
        );
        assert_eq!(e.unwrap_err().code, Code::UnexpectedResponse);
        let r = parse_response(&c(), O::CancelOrder, 200, [], br#"{"data":{"id":"ord_1","status":"cancel_scheduled","cancels_at":"2026-06-07T12:00:00Z","domains":[{"id":"dom_1","domain":"a.com"}]}}"#).unwrap();
        assert_eq!(r.data.unwrap()["domains"][0]["domain"], "a.com");
        // find_imports: a page for several domains, one job otherwise.
        let one = parse_response(
            &c(),
            O::FindImports,
            200,
            [],
            br#"{"data":{"id":"imp_1","status":"completed"}}"#,
        )
        .unwrap();
        assert!(one.page.is_none() && one.to_json().contains("\"next\":null"));
        let rows = parse_response(
            &c(),
            O::FindImports,
            200,
            [],
            br#"{"data":[{"id":"imp_1","status":"completed"}],"links":{"next":null}}"#,
        )
        .unwrap();
        assert!(rows.page.is_some());
    }
}
