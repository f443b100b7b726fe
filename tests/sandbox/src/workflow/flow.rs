//! The seed guide's flow, step by step: health check, bundle, import, waiting
//! for the import, the same set as a job and the lookup by domain (as the guide's
//! script does), the order (and its dedupe), webhooks until `order.completed`,
//! the full order.
use super::*;
use peeker_core::models::{Domain, Persona};
use peeker_core::request::{
    BundleBody, BundleSettings, OrderBody, OrderDomain, OrderPlan, Sequencer,
};
use peeker_core::{PollDecision, PollKind, Poller};

/// An import as the flow follows it: the job, and whether to poll it as a job.
pub(super) struct Followed {
    pub(super) job: ImportJob,
    pub(super) async_job: bool,
}

impl Run<'_> {
    pub(super) fn flow(&mut self, opts: &Options) -> Result<(), String> {
        let domains = &opts.domains;
        self.health()?;
        let (bundle, bundle_fits) = self.bundle(domains)?;
        let mut import = self.import(domains)?;
        if import.job.status != ImportStatus::Failed {
            self.show_nameservers(domains, &import.job);
        }
        self.wait_import(opts, &mut import)?;
        self.same_set_again(domains, &import.job)?;
        let body = self.order_body(opts, &bundle, bundle_fits);
        let order = self.order_until_completed(body)?;
        let full = self.detail(&order.id)?;
        if opts.scenario == Scenario::FailSwap {
            self.swap_after_completion(&full)?;
        }
        Ok(())
    }

    /// 1. `GET /me`: a test key.
    fn health(&mut self) -> Result<(), String> {
        let me = self.client.me();
        let (me, _) = self.call::<Me>("me", &me, |m| {
            format!(
                "partner {} ({}), key environment {}, preset {}",
                m.partner.name.as_deref().unwrap_or("?"),
                m.partner.id,
                m.api_key.environment,
                m.api_key.permission_preset
            )
        })?;
        if me.api_key.environment != "test" {
            return Err(
                "GET /me says this is not a test key; the workflow only runs against sandbox data"
                    .into(),
            );
        }
        Ok(())
    }

    /// 2. A bundle sized for the seed order: 2 Google domains × 2 inboxes.
    fn bundle(&mut self, domains: &[String]) -> Result<(Bundle, bool), String> {
        let bundle_body = BundleBody {
            name: "Acme seed (workflow)".into(),
            monthly_sending_volume: 440 * domains.len() as u64 * 2,
            settings: BundleSettings {
                google_percent: Some(Some(100)),
                microsoft_percent: Some(Some(0)),
                send_on_weekends: Some(false),
                google_inboxes_per_domain: Some(2),
            },
        };
        let req = serde_json::to_value(&bundle_body)
            .map_err(|e| e.to_string())
            .and_then(|b| self.client.create_bundle(&b).map_err(|e| e.to_string()))?;
        let mut resp = self.send("bundle", &req)?;
        if resp.status >= 500 {
            // A bundle is not retry-safe: the transport did not send it again, since the
            // 5xx may have come after the bundle was made. Look before creating it again.
            let name = bundle_body.name.clone();
            self.note(format!("POST /bundles answered {}: not retry-safe, so not re-sent blindly; looking for \"{name}\" first.", resp.status));
            let list = self
                .client
                .list_bundles(
                    &[],
                    Paging {
                        per_page: Some(100),
                    },
                )
                .map_err(|e| e.to_string())?;
            let (rows, _) = self
                .call::<Vec<Bundle>>("bundle", &list, |rows| format!("{} bundles", rows.len()))?;
            if let Some(b) = rows
                .into_iter()
                .find(|b| b.name.as_deref() == Some(name.as_str()))
            {
                let fits = b
                    .required_domains
                    .as_ref()
                    .is_some_and(|r| r.total as usize == domains.len());
                return Ok((b, fits));
            }
            resp = self.send("bundle", &req)?;
        }
        let (bundle, _) = self.answer::<Bundle>("bundle", &req, resp, |b| {
            let r = b.required_domains.as_ref();
            format!(
                "{} needs {} domains ({} Google, {} Microsoft)",
                b.id,
                r.map_or(0, |r| r.total),
                r.map_or(0, |r| r.google),
                r.map_or(0, |r| r.microsoft)
            )
        })?;
        let fits = bundle
            .required_domains
            .as_ref()
            .is_some_and(|r| r.total as usize == domains.len());
        Ok((bundle, fits))
    }

    /// Step 3: import the customer's domains; on 429 `cloudflare_account_capacity`,
    /// an async import job instead (the documented remedy).
    pub(super) fn import(&mut self, domains: &[String]) -> Result<Followed, String> {
        let req = self
            .client
            .import_domains(domains)
            .map_err(|e| e.to_string())?;
        let resp = self.send("import", &req)?;
        let capacity = resp.status == 429
            && resp
                .classified
                .details
                .as_ref()
                .and_then(|d| d.get("reason"))
                .and_then(Value::as_str)
                == Some("cloudflare_account_capacity");
        if capacity {
            self.line(
                "import",
                &req,
                &resp,
                "✘ rate_limited: cloudflare_account_capacity".into(),
            );
            self.note("Every Cloudflare account is busy with synchronous imports: submitting an async import job instead (documented remedy).".into());
            let req = self
                .client
                .create_import_job(domains)
                .map_err(|e| e.to_string())?;
            let (job, _) = self.call::<ImportJob>("import", &req, |j| {
                format!(
                    "{} {} ({} domains queued)",
                    j.id,
                    j.status.as_str(),
                    j.submitted_count
                )
            })?;
            return Ok(Followed {
                job,
                async_job: true,
            });
        }
        if !resp.ok() {
            let c = &resp.classified;
            let s = format!(
                "{} {}",
                c.error_code.as_deref().unwrap_or("error"),
                c.message.as_deref().unwrap_or("")
            );
            self.line("import", &req, &resp, format!("✘ {s}"));
            return Err(format!("import: HTTP {} {s}", resp.status));
        }
        let job: ImportJob = resp.data().map_err(|e| e.to_string())?;
        self.line(
            "import",
            &req,
            &resp,
            format!(
                "{} {} ({} domains, {} failed)",
                job.id,
                job.status.as_str(),
                job.submitted_count,
                job.failed_count
            ),
        );
        Ok(Followed {
            job,
            async_job: false,
        })
    }

    pub(super) fn show_nameservers(&mut self, domains: &[String], j: &ImportJob) {
        self.ui(format!(
            "Open your registrar's DNS settings for {}. Replace the existing nameservers with {}. Most registrars apply the change within a few hours.",
            domains.join(" and "),
            ns_text(j)
        ));
    }

    /// The seed guide's script also submits the same set as an import job, and
    /// looks the import up by domain: both answer with the existing import (the
    /// same normalised set).
    fn same_set_again(&mut self, domains: &[String], import: &ImportJob) -> Result<(), String> {
        let req = self
            .client
            .create_import_job(domains)
            .map_err(|e| e.to_string())?;
        let id = import.id.clone();
        let (job, _) = self.call::<ImportJob>("job", &req, |j| {
            format!(
                "same set as a job → {} {} (the existing import: same normalised set)",
                j.id,
                j.status.as_str()
            )
        })?;
        if job.id != id {
            return Err(format!(
                "POST /domains/import/jobs with the same set started {} instead of answering with {id}",
                job.id
            ));
        }
        let req = self
            .client
            .find_imports(domains)
            .map_err(|e| e.to_string())?;
        let resp = self.send("lookup", &req)?;
        let page = resp
            .page::<ImportJob>()
            .map_err(|e| format!("lookup: {e}"))?;
        let found = page.data.iter().any(|j| j.id == id);
        self.line(
            "lookup",
            &req,
            &resp,
            format!(
                "{} import(s) for these domains{}",
                page.data.len(),
                if found {
                    format!(", {id} among them")
                } else {
                    String::new()
                }
            ),
        );
        if !resp.ok() || !found {
            return Err(format!(
                "GET /domains/import?domains=… did not find {id} (HTTP {})",
                resp.status
            ));
        }
        Ok(())
    }

    /// Step 4: poll until the import completes (webhooks are applied meanwhile);
    /// play the customer flipping DNS; import again once after `domain_import.failed`.
    fn wait_import(&mut self, opts: &Options, import: &mut Followed) -> Result<(), String> {
        let domains = &opts.domains;
        let poll_every = if self.sandbox {
            Duration::from_secs_f64((60.0 / opts.speed).clamp(0.02, 1.0))
        } else {
            self.poll
        };
        // The core's poller decides when to poll again (this interval) and when the
        // wait is over; the flow decides what to do about the status it ends on.
        let interval = u64::try_from(poll_every.as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        let poller_for = |f: &Followed| {
            let kind = if f.async_job {
                PollKind::ImportJob
            } else {
                PollKind::Import
            };
            Poller::new(kind)
                .with_interval_ms(interval)
                .map_err(|e| e.to_string())
        };
        let mut poller = poller_for(import)?;
        let t0 = Instant::now();
        let mut last_status = None;
        let mut flipped = false;
        let mut shown_waiting = false;
        let mut imported_again = false;
        loop {
            self.check_deadline("the import to complete")?;
            let req = self
                .client
                .build_operation(poller.kind().operation(), &json!({ "id": import.job.id }))
                .map_err(|e| e.to_string())?;
            let resp = self.send("poll", &req)?;
            if !resp.ok() {
                self.line("poll", &req, &resp, "✘".into());
                return Err(format!("poll: HTTP {}", resp.status));
            }
            let j: ImportJob = resp.data().map_err(|e| e.to_string())?;
            if last_status.as_ref() != Some(&j.status) {
                self.line(
                    "poll",
                    &req,
                    &resp,
                    format!(
                        "{} ({} of {} domains completed)",
                        j.status.as_str(),
                        j.completed_count,
                        j.submitted_count
                    ),
                );
                last_status = Some(j.status.clone());
            }
            let now = u64::try_from(t0.elapsed().as_millis()).unwrap_or(u64::MAX);
            let decision = poller.next(now, j.status.as_str());
            let waiting = j.status == ImportStatus::ActionRequired
                || !self.tracker.import_actions().is_empty();
            let done = matches!(decision, PollDecision::Done { .. });
            match j.status {
                ImportStatus::Completed if done => return Ok(()),
                ImportStatus::Failed if done && !imported_again => {
                    imported_again = true;
                    self.pump(poll_every);
                    *import = self.import_failed(domains, &j)?;
                    poller = poller_for(import)?;
                    last_status = None;
                    continue;
                }
                ImportStatus::Failed if done => return Err(format!("import {} failed", j.id)),
                _ if waiting && !shown_waiting => {
                    shown_waiting = true;
                    self.ui(format!("Acme – waiting on registrar. Re-show the nameservers: {} for {}. Peeker keeps re-checking.", ns_text(&j), domains.join(", ")));
                    if self.sandbox && !flipped {
                        flipped = true;
                        self.control("flip", &format!("imports/{}/flip_nameservers", j.id))?;
                    }
                }
                _ => {}
            }
            // action_required ends the poller's wait; the flow keeps checking at the interval.
            self.pump(decision.wait_ms().map_or(poll_every, Duration::from_millis));
        }
    }

    /// 5. The seed order's body, a typed `OrderBody`: the bundle if it fits, else custom counts.
    fn order_body(&mut self, opts: &Options, bundle: &Bundle, bundle_fits: bool) -> Value {
        let persona = |first: &str, last: &str, picture: &str| Persona {
            first_name: first.into(),
            last_name: last.into(),
            profile_picture_url: Some(picture.into()),
        };
        let sam = if opts.scenario == Scenario::PrivatePicture {
            PRIVATE_PICTURE
        } else {
            "https://cdn.acme.com/sam.jpg"
        };
        let domains = &opts.domains;
        let plan = if bundle_fits {
            OrderPlan::Bundle {
                bundle_id: bundle.id.clone(),
            }
        } else {
            self.note(format!("The bundle needs a different number of domains than {}; placing a custom order (2 Google inboxes per domain) instead.", domains.len()));
            OrderPlan::Custom {
                google_licenses: Some(domains.len() as u64 * 2),
                microsoft_licenses: None,
                google_inboxes_per_domain: Some(2),
            }
        };
        let body = OrderBody {
            user: "alex@acme.com".into(),
            sequencer: Sequencer {
                provider: "smartlead".into(),
                client_id: Some(366903),
                login_email: Some("ops@acme.com".into()),
                login_password: Some("their-smartlead-password".into()),
            },
            domains: domains.iter().cloned().map(OrderDomain::Name).collect(),
            personas: vec![
                persona("Alex", "Rivera", "https://cdn.acme.com/alex.jpg"),
                persona("Sam", "Lee", sam),
            ],
            forwarding_url: Some("https://acme.com".into()),
            plan,
        };
        serde_json::to_value(body).expect("an order body is JSON")
    }

    /// 5–6. Place the order, then follow its webhooks until `order.completed`,
    /// handling once what the production cases need: pending actions (a
    /// corrected order, or a swap of a domain to replace) and `order.failed` (a
    /// new order).
    fn order_until_completed(&mut self, mut body: Value) -> Result<Order, String> {
        let mut order = self.place(&body)?;
        let mut handled = false;
        let mut swapped = false;
        loop {
            let status = self.wait_order(&order.id, !swapped)?;
            match status.as_str() {
                "completed" => return Ok(order),
                "action_required" if !handled => {
                    handled = true;
                    match self.resolve_pending(&order, &body)? {
                        Fix::NewOrder(fix) => {
                            body = fix;
                            order = self.place(&body)?;
                        }
                        Fix::Swapped => swapped = true,
                    }
                }
                "failed" if !handled => {
                    handled = true;
                    self.order_failed(&order)?;
                    order = self.place(&body)?;
                }
                other => return Err(format!("order {} ended {other}", order.id)),
            }
        }
    }

    /// 7. The full order.
    fn detail(&mut self, id: &str) -> Result<Order, String> {
        let req = self.client.get_order(id).map_err(|e| e.to_string())?;
        let (full, _) = self.call::<Order>("detail", &req, |o| {
            let d = o.domains.clone().unwrap_or_default();
            let list = |v: &[String]| {
                if v.is_empty() {
                    "-".to_string()
                } else {
                    v.join(", ")
                }
            };
            format!(
                "{}: imported {}, registered {}; personas {}",
                o.status.as_str(),
                list(&d.imported),
                list(&d.registered),
                o.personas
                    .iter()
                    .flatten()
                    .map(|p| format!("{} {}", p.first_name, p.last_name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
        if full.status != OrderStatus::Completed {
            return Err(format!(
                "GET /orders/{} says {}",
                full.id,
                full.status.as_str()
            ));
        }
        let inboxes: u64 = full.costs.as_ref().map_or(0, |c| {
            c.line_items
                .iter()
                .filter(|l| l.kind.ends_with("_license"))
                .filter_map(|l| l.quantity)
                .sum()
        });
        let view = self.tracker.order(&full.id);
        let connected = view.as_ref().map_or(0, |v| v.domains_connected);
        self.o.order_id = Some(full.id.clone());
        self.ui(format!(
            "Acme – live: order {} completed, {} inboxes on {} domains are in Smartlead and warming (no further API call needed).",
            full.id,
            inboxes,
            full.domain_count.unwrap_or(0)
        ));
        if self.receiver.is_some() && connected as u64 != full.domain_count.unwrap_or(0) {
            return Err(format!(
                "the tracker saw {connected} domain.connected of {}",
                full.domain_count.unwrap_or(0)
            ));
        }
        Ok(full)
    }

    /// The order's connected domains (`GET /domains?category=connected`).
    pub(super) fn order_domains(&mut self, order_id: &str) -> Result<Vec<Domain>, String> {
        let req = self
            .client
            .list_domains(&[("category", "connected")], Paging::default())
            .map_err(|e| e.to_string())?;
        let resp = self.send("domains", &req)?;
        let page = resp.page::<Domain>().map_err(|e| format!("domains: {e}"))?;
        let mine: Vec<Domain> = page
            .data
            .into_iter()
            .filter(|d| d.order_id.as_deref() == Some(order_id))
            .collect();
        self.line(
            "domains",
            &req,
            &resp,
            format!("{} connected domain(s) on {order_id}", mine.len()),
        );
        Ok(mine)
    }

    pub(super) fn place(&mut self, body: &Value) -> Result<Order, String> {
        let req = self.client.create_order(body).map_err(|e| e.to_string())?;
        let (order, _) = self.call::<Order>("order", &req, |o| {
            let c = o.costs.as_ref();
            format!(
                "{} {}, {} domains, {} per month",
                o.id,
                o.status.as_str(),
                o.domain_count.unwrap_or(0),
                c.map_or("?".into(), |c| money(c.total_cents, &c.currency))
            )
        })?;
        // Retrying the exact same body is safe: orders dedupe for 24 hours.
        let (again, _) = self.call::<Order>("dedupe", &req, |o| {
            format!(
                "same body again → {} (24-hour dedupe: retries are safe)",
                o.id
            )
        })?;
        if again.id != order.id {
            return Err(format!(
                "re-sending the same order body created a second order {}",
                again.id
            ));
        }
        Ok(order)
    }
}

/// The nameservers of an import, for the UI.
pub(super) fn ns_text(j: &ImportJob) -> String {
    match j.nameserver_groups.as_slice() {
        [g] => format!("{} and {}", g.nameserver_one, g.nameserver_two),
        gs => gs
            .iter()
            .map(|g| {
                format!(
                    "{} and {} for {}",
                    g.nameserver_one,
                    g.nameserver_two,
                    g.domains.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// What a pending action led to.
pub(super) enum Fix {
    /// A corrected order body to place.
    NewOrder(Value),
    /// A domain swapped in place: the same order goes on.
    Swapped,
}
