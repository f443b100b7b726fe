//! The client's configuration (base URL, key, User-Agent) and the request
//! assembly every builder shares: URL, headers, query, paging, list filters and
//! the next page.
use super::validate::invalid;
use super::{
    ApiKey, Client, Environment, Method, Paging, Request, DEFAULT_BASE_URL, PER_PAGE_RANGE,
};
use crate::api::Operation;
use crate::error::{Code, Error};
use serde_json::Value;
use url::Url;

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

    pub(super) fn build(
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

    pub(super) fn paging(p: Paging, q: &mut Vec<(&'static str, String)>) -> Result<(), Error> {
        if let Some(n) = p.per_page {
            if !PER_PAGE_RANGE.contains(&n) {
                return Err(invalid("per_page", "per_page must be between 1 and 100"));
            }
            q.push(("per_page", n.to_string()));
        }
        Ok(())
    }

    pub(super) fn list(
        &self,
        operation: Operation,
        path: &[&str],
        filters: &[(&str, &str)],
        paging: Paging,
    ) -> Result<Request, Error> {
        let allowed = operation.params().filters();
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
