//! The checks of request bodies and arguments: ids, URLs, e-mail addresses,
//! domain lists, the bundle and order bodies and personas. Every failure is an
//! `invalid_request` (or the domain's own code) naming the field it is about.
use super::{Client, MAX_PERSONAS};
use crate::domain::{request_root_domain, BatchLimit, DomainSet};
use crate::error::{Code, Error};
use serde_json::{Map, Value};
use url::Url;

pub(super) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new(Code::InvalidRequest, message).with_field(field)
}

pub(super) fn id_segment(name: &str, id: &str) -> Result<String, Error> {
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

pub(super) fn obj<'a>(body: &'a Value, what: &str) -> Result<&'a Map<String, Value>, Error> {
    body.as_object().ok_or_else(|| {
        Error::new(
            Code::InvalidRequest,
            format!("The {what} body must be a JSON object."),
        )
    })
}

pub(super) fn req_str<'a>(
    o: &'a Map<String, Value>,
    field: &str,
    path: &str,
) -> Result<&'a str, Error> {
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
pub(super) fn domains_array(v: Option<&Value>, limit: BatchLimit) -> Result<Vec<String>, Error> {
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
    let set = DomainSet::for_request(&inputs)?;
    set.check(limit)?;
    Ok(set.ascii())
}

impl Client {
    pub(super) fn bundle_body(body: &Value, create: bool) -> Result<Value, Error> {
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
                    let n = request_root_domain(s).map_err(|e| e.with_field(&f))?.ascii;
                    (n.clone(), Value::String(n))
                }
                Value::Object(m) => {
                    let s = req_str(m, "domain", &format!("{f}.domain"))?;
                    let n = request_root_domain(s)
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
}

pub(super) fn check_personas(personas: &[Value]) -> Result<(), Error> {
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
