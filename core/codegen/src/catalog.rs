//! What the generator reads from the core: model schemas, operations and the
//! models they return, error codes, event types.
use peeker_core::{models, Operation, Params};
use schemars::generate::{Contract, SchemaGenerator, SchemaSettings};
use schemars::JsonSchema;
use serde_json::{Map, Value};

/// What an operation's parse returns (`client.parse` / `client.send`).
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// One model.
    One(String),
    /// A page of a model.
    Page(String),
    /// One model or a page of them (the response shape is not documented).
    OneOrPage(String),
    /// A page of rows kept as sent (`next_page`).
    RawPage,
}

fn name<T: JsonSchema>(g: &mut SchemaGenerator) -> String {
    g.subschema_for::<T>();
    T::schema_name().into_owned()
}

/// The model every operation of [`peeker_core::OPERATIONS`] returns, in that
/// order. The core's `parse_response` decides it; this table names it for the
/// declarations, and [`Catalog::new`] checks it names each operation once.
pub fn results(g: &mut SchemaGenerator) -> Vec<(&'static str, Shape)> {
    use Shape::*;
    let import = name::<models::ImportJob>(g);
    let forwarding = name::<models::ForwardingJob>(g);
    let bundle = name::<models::Bundle>(g);
    let order = name::<models::Order>(g);
    let swap = name::<models::Swap>(g);
    vec![
        ("me", One(name::<models::Me>(g))),
        ("check_availability", One(name::<models::Availability>(g))),
        ("import_domains", One(import.clone())),
        ("get_import", One(import.clone())),
        ("find_imports", OneOrPage(import.clone())),
        ("create_import_job", One(import.clone())),
        ("get_import_job", One(import)),
        ("list_domains", Page(name::<models::Domain>(g))),
        ("update_forwarding", One(forwarding.clone())),
        ("get_forwarding_job", One(forwarding)),
        ("create_bundle", One(bundle.clone())),
        ("list_bundles", Page(bundle.clone())),
        ("get_bundle", One(bundle.clone())),
        ("update_bundle", One(bundle)),
        ("delete_bundle", One(name::<models::DeletedBundle>(g))),
        ("create_order", One(order.clone())),
        ("get_order", One(order.clone())),
        ("list_orders", Page(order)),
        (
            "list_pending_actions",
            Page(name::<models::PendingAction>(g)),
        ),
        ("cancel_order", One(name::<models::CancelSchedule>(g))),
        ("create_swap", One(swap.clone())),
        ("list_swaps", Page(swap.clone())),
        ("get_swap", One(swap)),
        ("swap_user_names", One(name::<models::UserNameSwaps>(g))),
        ("next_page", RawPage),
    ]
}

/// One error code of the core.
pub struct ErrorCode {
    /// The stable string, e.g. `subdomain`.
    pub name: &'static str,
    /// The stable number (the C status).
    pub number: u32,
    /// Its doc comment.
    pub doc: String,
}

/// Everything the generated files declare.
pub struct Catalog {
    /// Model schemas by name (`$defs`, serialize contract), sorted by name.
    pub defs: Map<String, Value>,
    /// Operations in the core's order, with what they return.
    pub operations: Vec<(&'static str, Shape)>,
    /// Error codes in numeric order.
    pub error_codes: Vec<ErrorCode>,
    /// Known webhook event types, in the catalog's order, with the model of their
    /// resource (`peeker_core::webhook::PayloadKind`).
    pub event_types: Vec<(&'static str, &'static str)>,
    /// The request bodies and filter sets (`peeker_core::request::bodies`), with
    /// the types only they use, sorted: the names in [`Catalog::defs`] that are
    /// not response models.
    pub requests: Vec<String>,
    /// The closed value sets of the bindings' own arguments and results.
    pub value_sets: Vec<ValueSet>,
}

/// A closed set of strings a binding takes or returns (a batch limit's name, a
/// poll kind, ...), with its name in each language and its doc.
pub struct ValueSet {
    /// The TypeScript type's name.
    pub ts: &'static str,
    /// The Python `Literal`'s name.
    pub py: &'static str,
    /// Its doc.
    pub doc: &'static str,
    /// The values, in the core's order.
    pub values: Vec<&'static str>,
}

fn value_sets() -> Vec<ValueSet> {
    use peeker_core::webhook::{KeyEncoding, Scheme};
    let set = |ts, py, doc, values| ValueSet {
        ts,
        py,
        doc,
        values,
    };
    vec![
        set(
            "BatchLimitName",
            "BatchLimit",
            "A documented per-request limit on the number of domains, by name (`peeker_core::BatchLimit`).",
            peeker_core::BatchLimit::ALL.iter().map(|l| l.name()).collect(),
        ),
        set(
            "RetryAdvice",
            "RetryAdvice",
            "What to do about a failed request: `never` (fix it), `after` (wait the seconds given), `backoff` (retry with backoff).",
            peeker_core::Retry::NAMES.to_vec(),
        ),
        set(
            "PollKind",
            "PollKind",
            "What a poller follows: an import, an import job or an order (`peeker_core::PollKind`).",
            peeker_core::PollKind::ALL.iter().map(|k| k.as_str()).collect(),
        ),
        set(
            "ResourceKind",
            "ResourceKind",
            "The kinds of resource the tracker and the stored states follow (`peeker_core::state::Kind`).",
            peeker_core::state::Kind::ALL.iter().map(|k| k.as_str()).collect(),
        ),
        set(
            "NetworkErrorKind",
            "NetworkErrorKind",
            "Why no response came back: `connect` (nothing reached the server) or `timeout` (it may have been carried out).",
            peeker_core::NetworkError::ALL.iter().map(|k| k.as_str()).collect(),
        ),
        set(
            "WebhookScheme",
            "WebhookScheme",
            "A signed message a diagnosis tries (`timestamp.body` is the one this library verifies).",
            Scheme::ALL.iter().map(|k| k.as_str()).collect(),
        ),
        set(
            "KeyEncoding",
            "KeyEncoding",
            "How a diagnosis found the secret became the HMAC key (`utf8` is the one this library verifies).",
            KeyEncoding::ALL.iter().map(|k| k.as_str()).collect(),
        ),
    ]
}

/// The request types every [`Params`] names, by that name: a body or a filter
/// set of `peeker_core::request::bodies`.
fn request_types(g: &mut SchemaGenerator) -> Vec<String> {
    use peeker_core::request as r;
    vec![
        name::<r::BundleBody>(g),
        name::<r::BundleFilters>(g),
        name::<r::BundleUpdate>(g),
        name::<r::DomainFilters>(g),
        name::<r::ForwardingBody>(g),
        name::<r::OrderBody>(g),
        name::<r::OrderFilters>(g),
        name::<r::PendingActionFilters>(g),
        name::<r::SwapBody>(g),
        name::<r::SwapFilters>(g),
        name::<r::UserNameSwapBody>(g),
    ]
}

/// The request type an operation's [`Params`] names, with its filter names.
pub fn params_type(p: Params) -> Option<(&'static str, &'static [&'static str])> {
    match p {
        Params::Body(t) | Params::IdBody(t) => Some((t, &[])),
        Params::List(t, f) => Some((t, f)),
        _ => None,
    }
}

impl Catalog {
    /// Reads the core. Panics when the operation table and
    /// `peeker_core::OPERATIONS` disagree.
    pub fn new() -> Catalog {
        let mut g = SchemaSettings::draft2020_12()
            .with(|s| s.contract = Contract::Serialize)
            .into_generator();
        let operations = results(&mut g);
        // Models no operation returns but the bindings name.
        name::<models::ApiErrorCode>(&mut g);
        let ops: Vec<&str> = operations.iter().map(|(o, _)| *o).collect();
        let core: Vec<&str> = peeker_core::OPERATIONS.to_vec();
        assert_eq!(
            ops, core,
            "core/codegen/src/catalog.rs `results` must name every operation of \
             peeker_core::OPERATIONS once, in its order"
        );
        let responses: Vec<String> = g.definitions().keys().cloned().collect();
        let mut roots = request_types(&mut g);
        roots.sort();
        let mut named: Vec<&str> = Operation::ALL
            .iter()
            .filter_map(|o| params_type(o.params()).map(|(t, _)| t))
            .collect();
        named.sort_unstable();
        named.dedup();
        assert_eq!(
            roots, named,
            "core/codegen/src/catalog.rs `request_types` must name every request type of \
             peeker_core::Operation::params once"
        );
        let defs = g.take_definitions(true);
        for op in Operation::ALL {
            if let Some((t, filters)) = params_type(op.params()).filter(|(_, f)| !f.is_empty()) {
                let mut props: Vec<&str> = properties(&defs[t]).iter().map(|p| p.0).collect();
                let mut want = filters.to_vec();
                props.sort_unstable();
                want.sort_unstable();
                assert_eq!(
                    props,
                    want,
                    "the fields of {t} must be the filters Operation::params gives {}",
                    op.as_str()
                );
            }
        }
        let requests = defs
            .keys()
            .filter(|k| !responses.contains(k))
            .cloned()
            .collect();
        for (op, shape) in &operations {
            if let Shape::One(m) | Shape::Page(m) | Shape::OneOrPage(m) = shape {
                assert!(
                    defs.contains_key(m),
                    "{op} returns {m}, which is not a model of peeker_core::models"
                );
            }
        }
        let error_codes = peeker_core::Code::ALL
            .iter()
            .map(|c| ErrorCode {
                name: c.as_str(),
                number: c.number(),
                doc: c
                    .doc()
                    .lines()
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .trim()
                    .to_string(),
            })
            .collect();
        Catalog {
            defs,
            operations,
            error_codes,
            event_types: peeker_core::EventType::known()
                .map(|t| {
                    let kind = peeker_core::EventType::parse(t)
                        .payload_kind()
                        .expect("a known event type has a payload model");
                    (t, kind.model_name())
                })
                .collect(),
            requests,
            value_sets: value_sets(),
        }
    }

    /// A model's description, with the operations that return it.
    pub fn model_doc(&self, name: &str) -> String {
        let mut d = self
            .defs
            .get(name)
            .and_then(description)
            .unwrap_or("")
            .to_string();
        let (mut one, mut rows) = (Vec::new(), Vec::new());
        for (op, shape) in &self.operations {
            match shape {
                Shape::One(m) if m == name => one.push(format!("`{op}`")),
                Shape::Page(m) if m == name => rows.push(format!("`{op}`")),
                Shape::OneOrPage(m) if m == name => {
                    one.push(format!("`{op}`"));
                    rows.push(format!("`{op}`"));
                }
                _ => {}
            }
        }
        let mut parts = Vec::new();
        if !one.is_empty() {
            parts.push(format!("returned by {}", one.join(", ")));
        }
        if !rows.is_empty() {
            parts.push(format!("the rows of {}", rows.join(", ")));
        }
        for op in Operation::ALL {
            match op.params() {
                Params::Body(t) | Params::IdBody(t) if t == name => {
                    parts.push(format!("the body of `{}`", op.as_str()))
                }
                Params::List(t, _) if t == name => {
                    parts.push(format!("the filters of `{}`", op.as_str()))
                }
                _ => {}
            }
        }
        if !parts.is_empty() {
            let text = parts.join("; ");
            d.push_str(&format!("\n\nOperations: {text}."));
        }
        d
    }

    /// The string enumerations of the responses (`x-known-values` schemas), sorted.
    pub fn enums(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.responses()
            .filter(|(_, s)| s.get("properties").is_none())
    }

    /// The object models of the responses, sorted.
    pub fn objects(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.responses()
            .filter(|(_, s)| s.get("properties").is_some())
    }

    fn responses(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.defs.iter().filter(|(n, _)| !self.requests.contains(n))
    }

    /// The request types: objects first, then the other types (aliases of a
    /// union or of closed values), each group sorted.
    pub fn request_defs(&self) -> Vec<(&String, &Value)> {
        let mut v: Vec<_> = self.requests.iter().map(|n| (n, &self.defs[n])).collect();
        v.sort_by_key(|(n, s)| (s.get("properties").is_none(), n.as_str()));
        v
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::new()
    }
}

/// The known values of a string enumeration schema.
pub fn known_values(schema: &Value) -> Option<Vec<&str>> {
    schema
        .get("x-known-values")?
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
}

/// A schema's description.
pub fn description(schema: &Value) -> Option<&str> {
    schema.get("description").and_then(Value::as_str)
}

/// An object schema's properties in declaration order as far as the schema keeps
/// it: the required ones in the order of `required`, then the others by name;
/// each with whether it is always present.
pub fn properties(schema: &Value) -> Vec<(&str, &Value, bool)> {
    let props = schema["properties"].as_object().expect("object schema");
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out: Vec<(&str, &Value, bool)> =
        required.iter().map(|r| (*r, &props[*r], true)).collect();
    for (k, v) in props {
        if !required.contains(&k.as_str()) {
            out.push((k, v, false));
        }
    }
    out
}

/// The names of the models and enumerations a schema refers to.
pub fn refs(schema: &Value) -> Vec<&str> {
    match schema {
        Value::Object(m) => {
            let mut v: Vec<&str> = m
                .get("$ref")
                .and_then(Value::as_str)
                .map(|r| r.rsplit('/').next().unwrap_or(r))
                .into_iter()
                .collect();
            for x in m.values() {
                v.extend(refs(x));
            }
            v
        }
        Value::Array(a) => a.iter().flat_map(refs).collect(),
        _ => Vec::new(),
    }
}

/// The variants of an object schema that flattens a choice (a serde `untagged`
/// enum, such as an order's bundle or custom counts), each by its title.
pub fn variants(schema: &Value) -> Vec<(&str, &Value)> {
    if schema.get("properties").is_none() {
        return Vec::new();
    }
    let Some(v) = schema.get("anyOf").and_then(Value::as_array) else {
        return Vec::new();
    };
    v.iter()
        .map(|v| {
            let title = v["title"]
                .as_str()
                .expect("a flattened variant has a title (#[schemars(title = \"…\")])");
            (title, v)
        })
        .collect()
}

/// Whether an object schema allows fields beyond its properties (kept as sent).
pub fn open_object(schema: &Value) -> bool {
    schema.get("additionalProperties") == Some(&Value::Bool(true))
}

/// A schema's type, simplified for rendering.
#[derive(Debug, PartialEq)]
pub enum Ty {
    /// A named model or enumeration.
    Ref(String),
    /// A string, with its known values when listed.
    Str(Option<Vec<String>>),
    /// An integer.
    Int,
    /// A number.
    Num,
    /// A boolean.
    Bool,
    /// `null`.
    Null,
    /// An array.
    Array(Box<Ty>),
    /// Any JSON value.
    Any,
    /// One of several.
    Union(Vec<Ty>),
    /// One value (`const`; `enum` is a union of them): a closed set.
    Const(Value),
}

impl Ty {
    /// Reads a (sub)schema.
    pub fn of(s: &Value) -> Ty {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            return Ty::Ref(r.rsplit('/').next().unwrap_or(r).to_string());
        }
        if let Some(v) = s.get("const") {
            return Ty::Const(v.clone());
        }
        if let Some(v) = s.get("enum").and_then(Value::as_array) {
            return Ty::Union(v.iter().cloned().map(Ty::Const).collect());
        }
        if let Some(any) = s.get("anyOf").or_else(|| s.get("oneOf")) {
            let v = any.as_array().expect("anyOf is an array");
            return Ty::Union(v.iter().map(Ty::of).collect());
        }
        let one = |t: &str| -> Ty {
            match t {
                "string" => {
                    Ty::Str(known_values(s).map(|v| v.into_iter().map(String::from).collect()))
                }
                "integer" => Ty::Int,
                "number" => Ty::Num,
                "boolean" => Ty::Bool,
                "null" => Ty::Null,
                "array" => Ty::Array(Box::new(s.get("items").map_or(Ty::Any, Ty::of))),
                _ => Ty::Any,
            }
        };
        match s.get("type") {
            Some(Value::String(t)) => one(t),
            Some(Value::Array(ts)) => {
                Ty::Union(ts.iter().filter_map(Value::as_str).map(one).collect())
            }
            _ => Ty::Any,
        }
    }

    /// Splits off `null`: the type without it, and whether it was there.
    pub fn nullable(self) -> (Ty, bool) {
        match self {
            Ty::Union(v) => {
                let n = v.len();
                let mut rest: Vec<Ty> = v.into_iter().filter(|t| *t != Ty::Null).collect();
                let had = rest.len() != n;
                let t = if rest.len() == 1 {
                    rest.pop().unwrap()
                } else {
                    Ty::Union(rest)
                };
                (t, had)
            }
            Ty::Null => (Ty::Any, true),
            t => (t, false),
        }
    }
}
