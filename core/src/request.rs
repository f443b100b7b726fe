//! Sans-IO request building for every documented endpoint (NEW generation, base
//! `https://api.peeker.ai/partner/v1`). Each builder validates what the docs state,
//! before anything is sent, and returns a plain [`Request`] value: method, full URL,
//! headers and body bytes. Sending it is the caller's job (any HTTP client).
use crate::api::Operation;
use crate::domain::{normalize_root_domain, BatchLimit, DomainSet};
use crate::error::{Code, Error};
use serde_json::{Map, Value};
use std::fmt;
use url::Url;

/// The documented base URL of the current (NEW) API generation.
pub const DEFAULT_BASE_URL: &str = "https://api.peeker.ai/partner/v1";
/// Personas per order (and per user-name swap).
pub const MAX_PERSONAS: usize = 10;
/// `per_page` range of list endpoints.
pub const PER_PAGE_RANGE: std::ops::RangeInclusive<u32> = 1..=100;

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// `GET`, `POST`, `PATCH`, `DELETE`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Which environment an API key belongs to (the key decides; the base URL is shared).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    /// `pk_live_…`
    Live,
    /// `pk_test_…` (sandbox)
    Test,
}

impl Environment {
    /// `live` or `test`, as `GET /me` reports it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Environment::Live => "live",
            Environment::Test => "test",
        }
    }
}

/// An API key; its value never appears in Debug output or messages.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Checks the `pk_live_…` / `pk_test_…` form.
    pub fn new(key: &str) -> Result<ApiKey, Error> {
        let k = key.trim();
        let env_ok = k
            .strip_prefix("pk_live_")
            .or_else(|| k.strip_prefix("pk_test_"));
        match env_ok {
            Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_graphic()) => Ok(ApiKey(k.to_string())),
            _ => Err(Error::new(
                Code::InvalidApiKey,
                "The API key must look like pk_live_… or pk_test_… (Partner portal → Settings → API).",
            )),
        }
    }
    /// The environment the key belongs to.
    pub fn environment(&self) -> Environment {
        if self.0.starts_with("pk_live_") {
            Environment::Live
        } else {
            Environment::Test
        }
    }
    /// The key itself, for the Authorization header or the dedupe key.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ApiKey({}_<redacted>)",
            if self.0.starts_with("pk_live_") {
                "pk_live"
            } else {
                "pk_test"
            }
        )
    }
}

/// A request ready to send.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// Full URL with its encoded query.
    pub url: String,
    /// Headers: Authorization, Accept, User-Agent, and Content-Type when there is a body.
    pub headers: Vec<(String, String)>,
    /// JSON body bytes, if any.
    pub body: Option<Vec<u8>>,
    /// Whether the SDK may send this request again on its own after a timeout or
    /// a 5xx answer ([`crate::Operation::retry_safe`] of the operation that built
    /// it; the retry decision is [`crate::retry::decide`]).
    pub retry_safe: bool,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str(),
                    if k.eq_ignore_ascii_case("authorization") {
                        "Bearer <redacted>"
                    } else {
                        v.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())),
            )
            .finish()
    }
}

impl Request {
    /// The body parsed back as JSON (for inspection and tests).
    pub fn body_json(&self) -> Option<Value> {
        self.body
            .as_ref()
            .and_then(|b| serde_json::from_slice(b).ok())
    }
    /// The order dedupe key of this request's body (`POST /orders`), keyed with `key`.
    pub fn dedupe_key(&self, key: &ApiKey) -> Option<Result<String, Error>> {
        self.body
            .as_ref()
            .map(|b| crate::keys::order_dedupe_key(key.expose(), b))
    }
}

/// Optional paging of list endpoints. The `page_token` is never built by hand: use
/// [`Client::next_page`] with `links.next`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Paging {
    /// 1–100; the server's default is 25.
    pub per_page: Option<u32>,
}

/// Configuration plus the request builders.
#[derive(Clone, Debug)]
pub struct Client {
    base: Url,
    key: ApiKey,
    user_agent: String,
}

impl Client {
    /// The client's API key (for the Authorization header, the dedupe key, and
    /// redaction: see [`crate::redact`]).
    pub fn api_key(&self) -> &ApiKey {
        &self.key
    }
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new(Code::InvalidRequest, message).with_field(field)
}

fn id_segment(name: &str, id: &str) -> Result<String, Error> {
    let id = id.trim();
    if id.is_empty()
        || id.len() > 200
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(invalid(
            name,
            format!("{name} must be a Peeker id like ord_01HZX…"),
        ));
    }
    Ok(id.to_string())
}

/// Checks an http(s) URL such as a forwarding target or profile picture.
pub fn check_http_url(field: &str, s: &str) -> Result<(), Error> {
    match Url::parse(s) {
        Ok(u)
            if (u.scheme() == "http" || u.scheme() == "https")
                && u.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            Ok(())
        }
        _ => Err(invalid(
            field,
            format!("{field} must be an http(s) URL, like https://acme.com"),
        )),
    }
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

fn obj<'a>(body: &'a Value, what: &str) -> Result<&'a Map<String, Value>, Error> {
    body.as_object().ok_or_else(|| {
        Error::new(
            Code::InvalidRequest,
            format!("The {what} body must be a JSON object."),
        )
    })
}

fn req_str<'a>(o: &'a Map<String, Value>, field: &str, path: &str) -> Result<&'a str, Error> {
    match o.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            Err(invalid(path, format!("{path} is required")))
        }
        Some(_) => Err(invalid(path, format!("{path} must be a string"))),
    }
}

fn opt_uint(o: &Map<String, Value>, field: &str) -> Result<Option<u64>, Error> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| invalid(field, format!("{field} must be a non-negative integer"))),
    }
}

/// Normalises a `domains` array of strings in place; returns the normalised set.
fn domains_array(v: Option<&Value>, limit: BatchLimit) -> Result<Vec<String>, Error> {
    let arr = match v {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => return Err(invalid("domains", "domains is required")),
        Some(_) => {
            return Err(invalid(
                "domains",
                "domains must be an array of domain names",
            ))
        }
    };
    let mut inputs = Vec::with_capacity(arr.len());
    for (i, d) in arr.iter().enumerate() {
        inputs.push(d.as_str().ok_or_else(|| {
            invalid(
                format!("domains[{i}]"),
                format!("domains[{i}] must be a string"),
            )
        })?);
    }
    let set = DomainSet::new(&inputs)?;
    set.check(limit)?;
    Ok(set.ascii())
}

impl Client {
    /// A client for `api_key` against the documented base URL.
    pub fn new(api_key: &str) -> Result<Client, Error> {
        Ok(Client {
            base: Url::parse(DEFAULT_BASE_URL).expect("default base URL parses"),
            key: ApiKey::new(api_key)?,
            user_agent: format!("peeker-sdk/{}", crate::VERSION),
        })
    }

    /// Overrides the base URL (the offline sandbox, a proxy, tests).
    pub fn with_base_url(mut self, base: &str) -> Result<Client, Error> {
        let u = Url::parse(base.trim_end_matches('/'))
            .ok()
            .filter(|u| (u.scheme() == "http" || u.scheme() == "https") && u.host_str().is_some() && u.query().is_none())
            .ok_or_else(|| Error::new(Code::InvalidBaseUrl, "The base URL must be an http(s) URL without a query, like https://api.peeker.ai/partner/v1."))?;
        self.base = u;
        Ok(self)
    }

    /// Appends a product token to the User-Agent (e.g. `acme-portal/2.1`), and the
    /// binding's name.
    pub fn with_user_agent_suffix(mut self, suffix: &str) -> Client {
        let clean: String = suffix.chars().filter(|c| !c.is_control()).collect();
        if !clean.trim().is_empty() {
            self.user_agent.push(' ');
            self.user_agent.push_str(clean.trim());
        }
        self
    }

    /// The API key's environment.
    pub fn environment(&self) -> Environment {
        self.key.environment()
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    /// The User-Agent sent.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    fn build(
        &self,
        operation: Operation,
        method: Method,
        path: &[&str],
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> Request {
        let mut url = self.base.clone();
        {
            let mut segs = url.path_segments_mut().expect("http URLs have paths");
            segs.pop_if_empty();
            for p in path {
                segs.push(p);
            }
        }
        if !query.is_empty() {
            let mut q = url.query_pairs_mut();
            for (k, v) in query {
                q.append_pair(k, v);
            }
        }
        let mut headers = vec![
            (
                "Authorization".to_string(),
                format!("Bearer {}", self.key.expose()),
            ),
            ("Accept".to_string(), "application/json".to_string()),
            ("User-Agent".to_string(), self.user_agent.clone()),
        ];
        let body = body.map(|b| {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
            b.to_string().into_bytes()
        });
        Request {
            method,
            url: url.to_string(),
            headers,
            body,
            retry_safe: operation.retry_safe(),
        }
    }

    fn paging(p: Paging, q: &mut Vec<(&'static str, String)>) -> Result<(), Error> {
        if let Some(n) = p.per_page {
            if !PER_PAGE_RANGE.contains(&n) {
                return Err(invalid("per_page", "per_page must be between 1 and 100"));
            }
            q.push(("per_page", n.to_string()));
        }
        Ok(())
    }

    /// `GET /me`: the cheapest call, a health check.
    pub fn me(&self) -> Request {
        self.build(Operation::Me, Method::Get, &["me"], &[], None)
    }

    /// `POST /domains/availability` (at most 50 domains).
    pub fn check_availability<S: AsRef<str>>(&self, domains: &[S]) -> Result<Request, Error> {
        let v = Value::from(domains.iter().map(|d| d.as_ref()).collect::<Vec<_>>());
        let ds = domains_array(Some(&v), BatchLimit::Availability)?;
        Ok(self.build(
            Operation::CheckAvailability,
            Method::Post,
            &["domains", "availability"],
            &[],
            Some(serde_json::json!({ "domains": ds })),
        ))
    }

    /// `POST /domains/import`: synchronous import of at most 25 root domains.
    pub fn import_domains<S: AsRef<str>>(&self, domains: &[S]) -> Result<Request, Error> {
        let v = Value::from(domains.iter().map(|d| d.as_ref()).collect::<Vec<_>>());
        let ds = domains_array(Some(&v), BatchLimit::Import)?;
        Ok(self.build(
            Operation::ImportDomains,
            Method::Post,
            &["domains", "import"],
            &[],
            Some(serde_json::json!({ "domains": ds })),
        ))
    }

    /// `GET /domains/import/{id}`.
    pub fn get_import(&self, id: &str) -> Result<Request, Error> {
        Ok(self.build(
            Operation::GetImport,
            Method::Get,
            &["domains", "import", &id_segment("id", id)?],
            &[],
            None,
        ))
    }

    /// `GET /domains/import?domains=a.com,b.com`: look up imports by domain (required).
    pub fn find_imports<S: AsRef<str>>(&self, domains: &[S]) -> Result<Request, Error> {
        let v = Value::from(domains.iter().map(|d| d.as_ref()).collect::<Vec<_>>());
        let ds = domains_array(Some(&v), BatchLimit::ImportJob)?;
        Ok(self.build(
            Operation::FindImports,
            Method::Get,
            &["domains", "import"],
            &[("domains", ds.join(","))],
            None,
        ))
    }

    /// `POST /domains/import/jobs`: asynchronous import of at most 500 root domains.
    pub fn create_import_job<S: AsRef<str>>(&self, domains: &[S]) -> Result<Request, Error> {
        let v = Value::from(domains.iter().map(|d| d.as_ref()).collect::<Vec<_>>());
        let ds = domains_array(Some(&v), BatchLimit::ImportJob)?;
        Ok(self.build(
            Operation::CreateImportJob,
            Method::Post,
            &["domains", "import", "jobs"],
            &[],
            Some(serde_json::json!({ "domains": ds })),
        ))
    }

    /// `GET /domains/import/jobs/{id}`.
    pub fn get_import_job(&self, id: &str) -> Result<Request, Error> {
        Ok(self.build(
            Operation::GetImportJob,
            Method::Get,
            &["domains", "import", "jobs", &id_segment("id", id)?],
            &[],
            None,
        ))
    }

    /// `GET /domains` with optional filters (`category`, `user_id`, `user_email`,
    /// `usable_for`, `status`), passed through as given.
    pub fn list_domains(&self, filters: &[(&str, &str)], paging: Paging) -> Result<Request, Error> {
        self.list(
            Operation::ListDomains,
            &["domains"],
            &["category", "user_id", "user_email", "usable_for", "status"],
            filters,
            paging,
        )
    }

    fn list(
        &self,
        operation: Operation,
        path: &[&str],
        allowed: &[&'static str],
        filters: &[(&str, &str)],
        paging: Paging,
    ) -> Result<Request, Error> {
        let mut q: Vec<(&'static str, String)> = Vec::new();
        for (k, v) in filters {
            let name = allowed.iter().find(|a| *a == k).ok_or_else(|| {
                invalid(
                    *k,
                    format!(
                        "{k} is not a filter of GET /{}; use one of {}",
                        path.join("/"),
                        allowed.join(", ")
                    ),
                )
            })?;
            q.push((name, v.to_string()));
        }
        Self::paging(paging, &mut q)?;
        Ok(self.build(operation, Method::Get, path, &q, None))
    }

    /// `POST /domains/forwarding`: `{"domains": [...≤25 dom_ ids or names], "forwarding_url": "https://…"}`.
    pub fn update_forwarding(&self, body: &Value) -> Result<Request, Error> {
        let o = obj(body, "forwarding")?;
        let url = req_str(o, "forwarding_url", "forwarding_url")?;
        check_http_url("forwarding_url", url)?;
        let arr = o
            .get("domains")
            .and_then(Value::as_array)
            .ok_or_else(|| invalid("domains", "domains is required"))?;
        if arr.is_empty() {
            return Err(invalid("domains", "domains needs at least one entry"));
        }
        if arr.len() > BatchLimit::Forwarding.max() {
            return Err(Error::new(
                Code::TooManyDomains,
                "POST /domains/forwarding takes at most 25 domains per request.",
            )
            .with_field("domains"));
        }
        let mut out = Vec::with_capacity(arr.len());
        for (i, d) in arr.iter().enumerate() {
            let f = format!("domains[{i}]");
            let s = d
                .as_str()
                .ok_or_else(|| invalid(&f, format!("{f} must be a dom_ id or a domain name")))?;
            if s.starts_with("dom_") {
                out.push(Value::from(id_segment(&f, s)?));
            } else {
                out.push(Value::from(
                    normalize_root_domain(s).map_err(|e| e.with_field(f))?.ascii,
                ));
            }
        }
        let mut b = o.clone();
        b.insert("domains".into(), Value::Array(out));
        Ok(self.build(
            Operation::UpdateForwarding,
            Method::Post,
            &["domains", "forwarding"],
            &[],
            Some(Value::Object(b)),
        ))
    }

    /// `GET /domains/forwarding/{id}`.
    pub fn get_forwarding_job(&self, id: &str) -> Result<Request, Error> {
        Ok(self.build(
            Operation::GetForwardingJob,
            Method::Get,
            &["domains", "forwarding", &id_segment("id", id)?],
            &[],
            None,
        ))
    }

    fn bundle_body(body: &Value, create: bool) -> Result<Value, Error> {
        let o = obj(body, "bundle")?;
        if create {
            req_str(o, "name", "name")?;
            if opt_uint(o, "monthly_sending_volume")?.is_none() {
                return Err(invalid(
                    "monthly_sending_volume",
                    "monthly_sending_volume is required",
                ));
            }
        } else {
            opt_uint(o, "monthly_sending_volume")?;
        }
        let g = o.get("google_percent").filter(|v| !v.is_null());
        let m = o.get("microsoft_percent").filter(|v| !v.is_null());
        match (g, m) {
            (None, None) => {}
            (Some(g), Some(m)) => {
                let (g, m) = (g.as_u64(), m.as_u64());
                match (g, m) {
                    (Some(g), Some(m)) if g + m == 100 => {}
                    _ => return Err(invalid(
                        "google_percent",
                        "google_percent and microsoft_percent must be integers that add up to 100",
                    )),
                }
            }
            (Some(_), None) => {
                return Err(invalid(
                    "microsoft_percent",
                    "set microsoft_percent together with google_percent (or neither)",
                ))
            }
            (None, Some(_)) => {
                return Err(invalid(
                    "google_percent",
                    "set google_percent together with microsoft_percent (or neither)",
                ))
            }
        }
        if let Some(n) = opt_uint(o, "google_inboxes_per_domain")? {
            if n != 2 && n != 3 {
                return Err(invalid(
                    "google_inboxes_per_domain",
                    "google_inboxes_per_domain must be 2 or 3",
                ));
            }
        }
        if let Some(v) = o.get("send_on_weekends") {
            if !v.is_boolean() {
                return Err(invalid(
                    "send_on_weekends",
                    "send_on_weekends must be true or false",
                ));
            }
        }
        Ok(body.clone())
    }

    /// `POST /bundles`.
    pub fn create_bundle(&self, body: &Value) -> Result<Request, Error> {
        Ok(self.build(
            Operation::CreateBundle,
            Method::Post,
            &["bundles"],
            &[],
            Some(Self::bundle_body(body, true)?),
        ))
    }
    /// `GET /bundles` (filter `status`: `active` | `archived`).
    pub fn list_bundles(&self, filters: &[(&str, &str)], paging: Paging) -> Result<Request, Error> {
        self.list(
            Operation::ListBundles,
            &["bundles"],
            &["status"],
            filters,
            paging,
        )
    }
    /// `GET /bundles/{id}`.
    pub fn get_bundle(&self, id: &str) -> Result<Request, Error> {
        Ok(self.build(
            Operation::GetBundle,
            Method::Get,
            &["bundles", &id_segment("id", id)?],
            &[],
            None,
        ))
    }
    /// `PATCH /bundles/{id}`.
    pub fn update_bundle(&self, id: &str, body: &Value) -> Result<Request, Error> {
        Ok(self.build(
            Operation::UpdateBundle,
            Method::Patch,
            &["bundles", &id_segment("id", id)?],
            &[],
            Some(Self::bundle_body(body, false)?),
        ))
    }
    /// `DELETE /bundles/{id}`.
    pub fn delete_bundle(&self, id: &str) -> Result<Request, Error> {
        Ok(self.build(
            Operation::DeleteBundle,
            Method::Delete,
            &["bundles", &id_segment("id", id)?],
            &[],
            None,
        ))
    }

    /// Validates an order body and returns it as sent: domain names normalised to
    /// their A-label form, everything else exactly as given.
    pub fn order_body(body: &Value) -> Result<Value, Error> {
        let o = obj(body, "order")?;
        let user = req_str(o, "user", "user")?;
        if !(is_email(user)
            || (user.starts_with("usr_") && id_segment("user", user).is_ok() && user.len() > 4))
        {
            return Err(invalid(
                "user",
                "user must be the customer's e-mail address or their usr_ id",
            ));
        }
        let bundle = o.get("bundle_id").filter(|v| !v.is_null());
        let custom: Vec<&str> = [
            "google_licenses",
            "microsoft_licenses",
            "google_inboxes_per_domain",
        ]
        .into_iter()
        .filter(|k| o.get(*k).is_some_and(|v| !v.is_null()))
        .collect();
        match (bundle, custom.is_empty()) {
            (Some(_), false) => {
                return Err(invalid(
                    custom[0],
                    format!(
                    "An order uses a saved bundle (bundle_id) or custom counts ({}), never both.",
                    custom.join(", ")
                ),
                ))
            }
            (None, true) => {
                return Err(invalid(
                    "bundle_id",
                    "An order needs bundle_id, or custom google_licenses / microsoft_licenses.",
                ))
            }
            (Some(b), true) => {
                if !b.as_str().is_some_and(|s| s.starts_with("bun_")) {
                    return Err(invalid("bundle_id", "bundle_id must be a bun_ id"));
                }
            }
            (None, false) => {
                let g = opt_uint(o, "google_licenses")?.unwrap_or(0);
                let m = opt_uint(o, "microsoft_licenses")?.unwrap_or(0);
                if g == 0 && m == 0 {
                    return Err(invalid(
                        "google_licenses",
                        "A custom order needs at least one Google or Microsoft licence.",
                    ));
                }
                if let Some(n) = opt_uint(o, "google_inboxes_per_domain")? {
                    if n != 2 && n != 3 {
                        return Err(invalid(
                            "google_inboxes_per_domain",
                            "google_inboxes_per_domain must be 2 or 3",
                        ));
                    }
                }
            }
        }
        let seq = match o.get("sequencer") {
            Some(Value::Object(s)) => s,
            None | Some(Value::Null) => return Err(invalid("sequencer", "sequencer is required")),
            Some(_) => return Err(invalid("sequencer", "sequencer must be an object")),
        };
        let provider = req_str(seq, "provider", "sequencer.provider")?;
        if provider == "smartlead" {
            let email = req_str(seq, "login_email", "sequencer.login_email")?;
            if !is_email(email) {
                return Err(invalid(
                    "sequencer.login_email",
                    "sequencer.login_email must be an e-mail address",
                ));
            }
            // The password's value is never echoed in a message.
            req_str(seq, "login_password", "sequencer.login_password").map_err(|_| {
                invalid("sequencer.login_password", "sequencer.login_password is required: Smartlead orders need both login_email and login_password")
            })?;
            if let Some(c) = seq.get("client_id") {
                if !c.is_u64() {
                    return Err(invalid(
                        "sequencer.client_id",
                        "sequencer.client_id must be an integer",
                    ));
                }
            }
        }
        if let Some(u) = o.get("forwarding_url").filter(|v| !v.is_null()) {
            check_http_url("forwarding_url", u.as_str().unwrap_or(""))?;
        }
        let arr = match o.get("domains") {
            Some(Value::Array(a)) if !a.is_empty() => a,
            Some(Value::Array(_)) => {
                return Err(invalid("domains", "domains needs at least one domain"))
            }
            _ => return Err(invalid(
                "domains",
                "domains is required: an array of domain names or {domain, forwarding_url} objects",
            )),
        };
        let mut seen = std::collections::HashMap::new();
        let mut domains = Vec::with_capacity(arr.len());
        for (i, d) in arr.iter().enumerate() {
            let f = format!("domains[{i}]");
            let (name, entry) = match d {
                Value::String(s) => {
                    let n = normalize_root_domain(s)
                        .map_err(|e| e.with_field(&f))?
                        .ascii;
                    (n.clone(), Value::String(n))
                }
                Value::Object(m) => {
                    let s = req_str(m, "domain", &format!("{f}.domain"))?;
                    let n = normalize_root_domain(s)
                        .map_err(|e| e.with_field(format!("{f}.domain")))?
                        .ascii;
                    let url = req_str(m, "forwarding_url", &format!("{f}.forwarding_url"))?;
                    check_http_url(&format!("{f}.forwarding_url"), url)?;
                    let mut m = m.clone();
                    m.insert("domain".into(), Value::String(n.clone()));
                    (n, Value::Object(m))
                }
                _ => {
                    return Err(invalid(
                        &f,
                        format!("{f} must be a domain name or a {{domain, forwarding_url}} object"),
                    ))
                }
            };
            if let Some(j) = seen.insert(name.clone(), i) {
                return Err(invalid(&f, format!("{f} repeats domains[{j}] ({name})")));
            }
            domains.push(entry);
        }
        let personas =
            match o.get("personas") {
                Some(Value::Array(a)) => a,
                _ => return Err(invalid(
                    "personas",
                    "personas is required: up to 10 {first_name, last_name, profile_picture_url}",
                )),
            };
        check_personas(personas)?;
        let mut out = o.clone();
        out.insert("domains".into(), Value::Array(domains));
        let out = Value::Object(out);
        crate::keys::check_numbers(&out, &mut String::new())?;
        Ok(out)
    }

    /// `POST /orders`: a bundle order or a custom order (see [`Client::order_body`]).
    pub fn create_order(&self, body: &Value) -> Result<Request, Error> {
        Ok(self.build(
            Operation::CreateOrder,
            Method::Post,
            &["orders"],
            &[],
            Some(Self::order_body(body)?),
        ))
    }
    /// `GET /orders/{id}`: the full order.
    pub fn get_order(&self, id: &str) -> Result<Request, Error> {
        Ok(self.build(
            Operation::GetOrder,
            Method::Get,
            &["orders", &id_segment("id", id)?],
            &[],
            None,
        ))
    }
    /// `GET /orders` (filters `user_id`, `user_email`, `bundle_id`, `status`).
    pub fn list_orders(&self, filters: &[(&str, &str)], paging: Paging) -> Result<Request, Error> {
        self.list(
            Operation::ListOrders,
            &["orders"],
            &["user_id", "user_email", "bundle_id", "status"],
            filters,
            paging,
        )
    }
    /// `GET /orders/pending` (filters `order_id`, `user`, `domain_id`, `status`).
    pub fn list_pending_actions(
        &self,
        filters: &[(&str, &str)],
        paging: Paging,
    ) -> Result<Request, Error> {
        self.list(
            Operation::ListPendingActions,
            &["orders", "pending"],
            &["order_id", "user", "domain_id", "status"],
            filters,
            paging,
        )
    }
    /// `POST /orders/{id}/cancel`: the whole order (`domains` = None) or some domains.
    pub fn cancel_order<S: AsRef<str>>(
        &self,
        id: &str,
        domains: Option<&[S]>,
    ) -> Result<Request, Error> {
        let id = id_segment("id", id)?;
        let body = match domains {
            None => None,
            Some([]) => {
                return Err(invalid(
                    "domains",
                    "domains needs at least one entry; omit it to cancel the whole order",
                ))
            }
            Some(ds) => {
                let mut out = Vec::new();
                for (i, d) in ds.iter().enumerate() {
                    let d = d.as_ref();
                    let f = format!("domains[{i}]");
                    out.push(if d.starts_with("dom_") {
                        id_segment(&f, d)?
                    } else {
                        normalize_root_domain(d).map_err(|e| e.with_field(f))?.ascii
                    });
                }
                Some(serde_json::json!({ "domains": out }))
            }
        };
        Ok(self.build(
            Operation::CancelOrder,
            Method::Post,
            &["orders", &id, "cancel"],
            &[],
            body,
        ))
    }

    /// `POST /swaps`: `{type: standard|premium, domain_id: dom_…, replacement_domain}`.
    pub fn create_swap(&self, body: &Value) -> Result<Request, Error> {
        let o = obj(body, "swap")?;
        let t = req_str(o, "type", "type")?;
        if t != "standard" && t != "premium" {
            return Err(invalid("type", "type must be standard or premium"));
        }
        let d = req_str(o, "domain_id", "domain_id")?;
        if !d.starts_with("dom_") {
            return Err(invalid(
                "domain_id",
                "domain_id must be the dom_ id of the domain to retire",
            ));
        }
        id_segment("domain_id", d)?;
        let r = req_str(o, "replacement_domain", "replacement_domain")?;
        let r = normalize_root_domain(r)
            .map_err(|e| e.with_field("replacement_domain"))?
            .ascii;
        let mut b = o.clone();
        b.insert("replacement_domain".into(), Value::String(r));
        Ok(self.build(
            Operation::CreateSwap,
            Method::Post,
            &["swaps"],
            &[],
            Some(Value::Object(b)),
        ))
    }
    /// `GET /swaps` (filters `user_id`, `order_id`, `domain_id`, `status`).
    pub fn list_swaps(&self, filters: &[(&str, &str)], paging: Paging) -> Result<Request, Error> {
        self.list(
            Operation::ListSwaps,
            &["swaps"],
            &["user_id", "order_id", "domain_id", "status"],
            filters,
            paging,
        )
    }
    /// `GET /swaps/{id}`.
    pub fn get_swap(&self, id: &str) -> Result<Request, Error> {
        Ok(self.build(
            Operation::GetSwap,
            Method::Get,
            &["swaps", &id_segment("id", id)?],
            &[],
            None,
        ))
    }
    /// `POST /swaps/user_names`: `{domain_id, personas: [...]}`.
    pub fn swap_user_names(&self, body: &Value) -> Result<Request, Error> {
        let o = obj(body, "user-name swap")?;
        let d = req_str(o, "domain_id", "domain_id")?;
        id_segment("domain_id", d)?;
        match o.get("personas") {
            Some(Value::Array(a)) => check_personas(a)?,
            _ => return Err(invalid("personas", "personas is required")),
        }
        Ok(self.build(
            Operation::SwapUserNames,
            Method::Post,
            &["swaps", "user_names"],
            &[],
            Some(body.clone()),
        ))
    }

    /// The request for the next page of a list, from its `links.next` (`None` on the
    /// last page). The link must point at this client's API origin.
    pub fn next_page(&self, links_next: Option<&str>) -> Result<Option<Request>, Error> {
        let Some(next) = links_next.filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let u = self
            .base
            .join(next)
            .map_err(|_| Error::new(Code::UnexpectedResponse, "links.next is not a URL."))?;
        if u.origin() != self.base.origin() {
            return Err(Error::new(
                Code::UnexpectedResponse,
                "links.next points at another host; refusing to send the API key there.",
            ));
        }
        let mut r = self.build(Operation::NextPage, Method::Get, &[], &[], None);
        r.url = u.to_string();
        Ok(Some(r))
    }
}

fn check_personas(personas: &[Value]) -> Result<(), Error> {
    if personas.is_empty() {
        return Err(invalid("personas", "personas needs at least one persona"));
    }
    if personas.len() > MAX_PERSONAS {
        return Err(invalid(
            "personas",
            format!("at most {MAX_PERSONAS} personas; {} given", personas.len()),
        ));
    }
    for (i, p) in personas.iter().enumerate() {
        let f = format!("personas[{i}]");
        let m = p
            .as_object()
            .ok_or_else(|| invalid(&f, format!("{f} must be an object")))?;
        req_str(m, "first_name", &format!("{f}.first_name"))?;
        req_str(m, "last_name", &format!("{f}.last_name"))?;
        let pf = format!("{f}.profile_picture_url");
        match m.get("profile_picture_url") {
            None => {
                return Err(invalid(
                    &pf,
                    format!("{pf} is required (a public http(s) URL, null or \"\")"),
                ))
            }
            Some(Value::Null) => {}
            Some(Value::String(s)) if s.is_empty() => {}
            Some(Value::String(s)) => check_http_url(&pf, s)?,
            Some(_) => {
                return Err(invalid(
                    &pf,
                    format!("{pf} must be a URL string, null or \"\""),
                ))
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
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
        ok["domains"][1] =
            json!({"domain": "Team-Acme.com", "forwarding_url": "https://acme.com/x"});
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
        assert!(c.create_swap(&json!({"type": "premium", "domain_id": "dom_1", "replacement_domain": "new-acme.com"})).is_ok());
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
}
