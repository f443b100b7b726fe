//! The production cases that need the partner to act, each with the line its UI
//! should show: pending actions (a private profile picture → a corrected order;
//! a domain to replace → a swap), `order.failed` (a new order),
//! `domain_import.failed` (import again), `swap.failed` (another swap).
use super::flow::{Fix, Followed};
use super::*;
use peeker_core::models::{Swap, SwapStatus};

/// A replacement for a domain the workflow swaps out.
fn replacement_for(domain: &str) -> String {
    let (label, tld) = domain.split_once('.').unwrap_or((domain, "com"));
    let label = label
        .replace("replace-domain", "")
        .replace("fail-swap", "")
        .trim_matches('-')
        .to_string();
    format!(
        "{}-outreach.{tld}",
        if label.is_empty() { "acme" } else { &label }
    )
}

impl Run<'_> {
    /// `GET /orders/pending?order_id=…` and what each row asks for.
    pub(super) fn resolve_pending(&mut self, order: &Order, body: &Value) -> Result<Fix, String> {
        let req = self
            .client
            .list_pending_actions(&[("order_id", &order.id)], Paging::default())
            .map_err(|e| e.to_string())?;
        let resp = self.send("pending", &req)?;
        let page = resp
            .page::<PendingAction>()
            .map_err(|e| format!("pending: {e}"))?;
        self.line(
            "pending",
            &req,
            &resp,
            format!("{} open action(s)", page.data.len()),
        );
        let mut fix = body.clone();
        let mut swapped = false;
        for a in &page.data {
            let reason = a.reason.as_ref().map_or("?", |r| r.as_str()).to_string();
            let user = a.extra.get("user").cloned().unwrap_or(Value::Null);
            let who = format!(
                "{} {}",
                user["first_name"].as_str().unwrap_or(""),
                user["last_name"].as_str().unwrap_or("")
            )
            .trim()
            .to_string();
            let url = user["profile_picture_url"]
                .as_str()
                .unwrap_or("")
                .to_string();
            if reason == "profile_picture_not_accessible" {
                self.ui(format!("Acme – action needed on {}: {who}'s profile picture is not publicly accessible ({url}). Ask the customer for a public image URL; a corrected order follows.", order.id));
                for p in fix["personas"].as_array_mut().into_iter().flatten() {
                    if p["profile_picture_url"] == json!(url) {
                        p["profile_picture_url"] = json!(format!(
                            "https://cdn.acme.com/{}.jpg",
                            p["first_name"]
                                .as_str()
                                .unwrap_or("persona")
                                .to_ascii_lowercase()
                        ));
                    }
                }
            } else if reason == "replace_domain" {
                let (Some(dom_id), Some(name)) = (a.domain_id.clone(), a.domain.clone()) else {
                    return Err(format!("pending action {} names no domain", a.id));
                };
                let new = replacement_for(&name);
                self.ui(format!("Acme – action needed on {}: {name} can't be provisioned (replace_domain). Swapping it for {new}; the order goes on.", order.id));
                let swap = self.swap(&dom_id, &new)?;
                if self.wait_swap(&swap.id)? != SwapStatus::Completed {
                    return Err(format!("swap {} did not complete", swap.id));
                }
                swapped = true;
            } else {
                self.ui(format!(
                    "Acme – action needed on {}: {reason} ({})",
                    order.id,
                    a.domain.as_deref().unwrap_or("")
                ));
            }
        }
        if swapped {
            return Ok(Fix::Swapped);
        }
        if fix == *body {
            return Err(format!(
                "order {} needs attention that this workflow cannot fix",
                order.id
            ));
        }
        Ok(Fix::NewOrder(fix))
    }

    /// `order.failed`: `GET /orders/{id}` says why; the domains are free again,
    /// and the same body places a new order.
    pub(super) fn order_failed(&mut self, order: &Order) -> Result<(), String> {
        let req = self
            .client
            .get_order(&order.id)
            .map_err(|e| e.to_string())?;
        let resp = self.send("detail", &req)?;
        let full: Value = resp.data().map_err(|e| format!("detail: {e}"))?;
        let f = &full["failure"];
        let why = format!(
            "{} on {}",
            f["reason"].as_str().unwrap_or("failed"),
            f["domain"].as_str().unwrap_or("?")
        );
        self.line(
            "detail",
            &req,
            &resp,
            format!("{} ({why})", full["status"].as_str().unwrap_or("?")),
        );
        if full["status"] != "failed" {
            return Err(format!(
                "GET /orders/{} after order.failed says {}",
                order.id, full["status"]
            ));
        }
        self.ui(format!("Acme – order {} failed ({why}): provisioning stopped and its domains are free again. Placing the order again.", order.id));
        Ok(())
    }

    /// `domain_import.failed`: say so, and import the same domains again.
    pub(super) fn import_failed(
        &mut self,
        domains: &[String],
        j: &ImportJob,
    ) -> Result<Followed, String> {
        let reasons: Vec<String> = j
            .failed
            .iter()
            .map(|f| format!("{} {}", f.domain, f.reason.as_deref().unwrap_or("failed")))
            .collect();
        self.ui(format!("Acme – import {} failed ({}): no domain was connected. Check the domains at the registrar, then import again.", j.id, reasons.join(", ")));
        let again = self.import(domains)?;
        if again.job.status != ImportStatus::Failed {
            self.show_nameservers(domains, &again.job);
        }
        Ok(again)
    }

    /// The `fail-swap` case after the order completed: a swap whose replacement
    /// fails (`swap.failed`), then another replacement that completes.
    pub(super) fn swap_after_completion(&mut self, order: &Order) -> Result<(), String> {
        let doms = self.order_domains(&order.id)?;
        let Some(d) = doms.first() else {
            return Err(format!("order {} has no connected domain", order.id));
        };
        let (dom_id, name) = (d.id.clone(), d.domain.clone());
        let bad = format!("fail-swap-{name}");
        let s = self.swap(&dom_id, &bad)?;
        if self.wait_swap(&s.id)? != SwapStatus::Failed {
            return Err(format!("swap {} to {bad} did not fail", s.id));
        }
        let req = self.client.get_swap(&s.id).map_err(|e| e.to_string())?;
        let (got, _) = self.call::<Swap>("swap", &req, |w| w.status.as_str().to_string())?;
        if got.status != SwapStatus::Failed {
            return Err(format!("GET /swaps/{} says {}", s.id, got.status.as_str()));
        }
        let good = replacement_for(&name);
        self.ui(format!("Acme – swap {} failed: {name} stays live on order {}; pick another replacement (trying {good}).", s.id, order.id));
        let s = self.swap(&dom_id, &good)?;
        if self.wait_swap(&s.id)? != SwapStatus::Completed {
            return Err(format!("swap {} to {good} did not complete", s.id));
        }
        self.ui(format!(
            "Acme – swap {} completed: {good} replaced {name} on order {}.",
            s.id, order.id
        ));
        Ok(())
    }

    /// `POST /swaps` (standard).
    fn swap(&mut self, domain_id: &str, replacement: &str) -> Result<Swap, String> {
        let body =
            json!({"type": "standard", "domain_id": domain_id, "replacement_domain": replacement});
        let req = self.client.create_swap(&body).map_err(|e| e.to_string())?;
        let (s, _) = self.call::<Swap>("swap", &req, |s| {
            format!("{} {} → {replacement}", s.id, s.status.as_str())
        })?;
        Ok(s)
    }

    /// Webhooks (or polling) until the swap is completed, failed or needs action.
    fn wait_swap(&mut self, id: &str) -> Result<SwapStatus, String> {
        let mut polled = Instant::now();
        loop {
            self.check_deadline(&format!("swap {id}"))?;
            self.pump(Duration::from_millis(100));
            let seen = self.tracker.status_of("swap", id);
            let status = match seen.as_deref() {
                Some(s @ ("completed" | "failed" | "action_required")) => Some(s.to_string()),
                _ if self.receiver.is_none() || polled.elapsed() > Duration::from_secs(10) => {
                    polled = Instant::now();
                    let req = self.client.get_swap(id).map_err(|e| e.to_string())?;
                    let (s, _) =
                        self.call::<Swap>("poll", &req, |s| s.status.as_str().to_string())?;
                    matches!(
                        s.status,
                        SwapStatus::Completed | SwapStatus::Failed | SwapStatus::ActionRequired
                    )
                    .then(|| s.status.as_str().to_string())
                }
                _ => None,
            };
            if let Some(s) = status {
                self.emit(
                    "tracker",
                    format!("tracker: swap {id} {s}"),
                    json!({"swap_id": id, "status": s}),
                );
                return Ok(match s.as_str() {
                    "completed" => SwapStatus::Completed,
                    "failed" => SwapStatus::Failed,
                    _ => SwapStatus::ActionRequired,
                });
            }
            if self.receiver.is_none() {
                std::thread::sleep(
                    self.poll
                        .min(self.deadline.saturating_duration_since(Instant::now())),
                );
            }
        }
    }

    /// Waits (webhooks, or polling without a receiver) until the order is completed,
    /// failed, cancelled or (when `stop_on_action`) needs action. Returns that status.
    pub(super) fn wait_order(&mut self, id: &str, stop_on_action: bool) -> Result<String, String> {
        let mut completed_at: Option<Instant> = None;
        let mut polled = Instant::now();
        loop {
            self.check_deadline(&format!("order {id}"))?;
            if self.receiver.is_some() {
                self.pump(Duration::from_millis(100));
                let view = self.tracker.order(id);
                let status = view.as_ref().map(|v| v.status.clone()).unwrap_or_default();
                match status.as_str() {
                    "completed" => {
                        // Give the last domain.connected deliveries (out of order) a moment.
                        let v = view.expect("seen");
                        let t = *completed_at.get_or_insert_with(Instant::now);
                        if v.domains_total
                            .is_some_and(|n| v.domains_connected as u64 >= n)
                            || t.elapsed() > Duration::from_secs(3)
                        {
                            // Late deliveries (out of order, duplicates) still get verified and shown.
                            let quiet = Instant::now() + Duration::from_secs(1);
                            while self.pump(Duration::from_millis(150)) > 0
                                && Instant::now() < quiet
                            {}
                            let v = self.tracker.order(id).expect("seen");
                            self.emit(
                                "tracker",
                                format!("tracker: order {id} completed, {}/{} domains connected", v.domains_connected, v.domains_total.unwrap_or(0)),
                                json!({"order_id": id, "status": "completed", "domains_connected": v.domains_connected, "domains_total": v.domains_total}),
                            );
                            return Ok(status);
                        }
                    }
                    "action_required" if !stop_on_action => {}
                    "failed" | "cancelled" | "action_required" => {
                        self.emit(
                            "tracker",
                            format!("tracker: order {id} {status}"),
                            json!({"order_id": id, "status": status}),
                        );
                        return Ok(status);
                    }
                    _ => {}
                }
                // Without any webhook for a while, poll as a fallback.
                if polled.elapsed() < Duration::from_secs(10) {
                    continue;
                }
            } else {
                std::thread::sleep(
                    self.poll
                        .min(self.deadline.saturating_duration_since(Instant::now())),
                );
            }
            polled = Instant::now();
            let req = self.client.get_order(id).map_err(|e| e.to_string())?;
            let (o, _) = self.call::<Order>("poll", &req, |o| o.status.as_str().to_string())?;
            if self.receiver.is_none()
                && (matches!(
                    o.status,
                    OrderStatus::Completed | OrderStatus::Failed | OrderStatus::Cancelled
                ) || (stop_on_action && o.status == OrderStatus::ActionRequired))
            {
                return Ok(o.status.as_str().to_string());
            }
        }
    }
}
