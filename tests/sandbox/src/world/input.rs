//! Reading requests: query parameters, JSON bodies, `domains` arrays, paging,
//! and the profile-picture check.
use super::*;

/// Is a profile picture URL publicly fetchable? Empty and null mean "no picture".
pub fn picture_accessible(v: &Value) -> bool {
    let Some(s) = v.as_str().filter(|s| !s.is_empty()) else {
        return true;
    };
    let Ok(u) = url::Url::parse(s) else {
        return false;
    };
    if s.to_ascii_lowercase().contains("private") {
        return false;
    }
    match u.host() {
        Some(url::Host::Ipv4(ip)) => {
            !(ip.is_private() || ip.is_loopback() || ip.is_link_local() || ip.is_unspecified())
        }
        Some(url::Host::Ipv6(ip)) => {
            !(ip.is_loopback() || ip.is_unspecified() || (ip.segments()[0] & 0xfe00) == 0xfc00)
        }
        Some(url::Host::Domain(h)) => {
            let h = h.to_ascii_lowercase();
            !(h == "localhost"
                || [
                    ".localhost",
                    ".local",
                    ".internal",
                    ".lan",
                    ".intranet",
                    ".corp",
                    ".home.arpa",
                ]
                .iter()
                .any(|t| h.ends_with(t))
                || !h.contains('.'))
        }
        None => false,
    }
}

/// The query of a request.
pub type Query = Vec<(String, String)>;

pub(crate) fn q<'a>(query: &'a Query, k: &str) -> Option<&'a str> {
    query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

pub(crate) fn body_json(body: &[u8]) -> Result<Value, Reply> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(error(
            400,
            "invalid_request",
            "The request body is empty; send a JSON object.",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        error(
            400,
            "invalid_request",
            format!("The request body is not valid JSON: {e}."),
        )
    })
}

/// Strings of a `domains` array (400 for anything else).
pub(crate) fn domain_strings(body: &Value) -> Result<Vec<String>, Reply> {
    let Some(o) = body.as_object() else {
        return Err(error(
            400,
            "invalid_request",
            "The body must be a JSON object.",
        ));
    };
    match o.get("domains") {
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, d)| {
                d.as_str().map(String::from).ok_or_else(|| {
                    invalid(
                        &format!("domains[{i}]"),
                        format!("domains[{i}] must be a string"),
                    )
                })
            })
            .collect(),
        None | Some(Value::Null) => Err(invalid("domains", "domains is required")),
        Some(_) => Err(invalid(
            "domains",
            "domains must be an array of domain names",
        )),
    }
}

/// One list page with `per_page` / `page_token` / `links` / `meta`.
pub(crate) fn page(rows: Vec<Value>, query: &Query, ctx: &Ctx, path: &str) -> R {
    let per_page = match q(query, "per_page") {
        None => 25,
        Some(s) => match s.parse::<u32>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(invalid(
                    "per_page",
                    "per_page must be an integer between 1 and 100",
                ))
            }
        },
    };
    let offset = match q(query, "page_token") {
        None | Some("") => 0,
        Some(t) => b64url_decode(t)
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .and_then(|v| {
                v.get("cursor")
                    .and_then(Value::as_str)
                    .and_then(|c| c.parse::<usize>().ok())
            })
            .ok_or_else(|| {
                invalid(
                    "page_token",
                    "page_token is not a token this API issued; take it from links.next as is",
                )
            })?,
    };
    let filters: Vec<&(String, String)> = query
        .iter()
        .filter(|(k, _)| k != "per_page" && k != "page_token")
        .collect();
    let link = |token: Option<String>| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &filters {
            s.append_pair(k, v);
        }
        s.append_pair("per_page", &per_page.to_string());
        if let Some(t) = token {
            s.append_pair("page_token", &t);
        }
        format!("{}/partner/v1{}?{}", ctx.origin, path, s.finish())
    };
    let total = rows.len();
    let data: Vec<Value> = rows
        .into_iter()
        .skip(offset)
        .take(per_page as usize)
        .collect();
    let end = offset + data.len();
    let next = (end < total).then(|| {
        link(Some(b64url(
            json!({"cursor": end.to_string()}).to_string().as_bytes(),
        )))
    });
    Ok(Reply {
        status: 200,
        body: json!({
            "data": data,
            "links": {"first": link(None), "next": next},
            "meta": {"path": format!("{}/partner/v1{}", ctx.origin, path), "per_page": per_page, "returned": end - offset.min(end)},
        }),
    })
}
