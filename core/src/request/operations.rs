//! One request builder per documented endpoint: each checks what the docs state
//! (with `validate`) and assembles its [`Request`] with `Client::build`.
use super::validate::{check_personas, domains_array, id_segment, invalid, obj, req_str};
use super::{check_http_url, Client, Method, Paging, Request};
use crate::api::Operation;
use crate::domain::{request_root_domain, BatchLimit};
use crate::error::{Code, Error};
use serde_json::Value;

impl Client {
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
    /// `usable_for`, `status`: [`Operation::params`]), passed through as given.
    pub fn list_domains(&self, filters: &[(&str, &str)], paging: Paging) -> Result<Request, Error> {
        self.list(Operation::ListDomains, &["domains"], filters, paging)
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
        let limit = BatchLimit::Forwarding;
        if arr.len() > limit.max() {
            let message = format!(
                "{} takes at most {} domains per request.",
                limit.endpoint(),
                limit.max()
            );
            return Err(Error::new(Code::TooManyDomains, message).with_field("domains"));
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
                    request_root_domain(s).map_err(|e| e.with_field(f))?.ascii,
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
        self.list(Operation::ListBundles, &["bundles"], filters, paging)
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
        self.list(Operation::ListOrders, &["orders"], filters, paging)
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
                        request_root_domain(d).map_err(|e| e.with_field(f))?.ascii
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
        let r = request_root_domain(r)
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
        self.list(Operation::ListSwaps, &["swaps"], filters, paging)
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
}
