//! Availability, imports (synchronous and jobs), the domain list, forwarding.
use super::*;

pub(crate) fn availability(body: &[u8]) -> R {
    let body = body_json(body)?;
    let strs = domain_strings(&body)?;
    if strs.len() > BatchLimit::Availability.max() {
        return Err(with_field(
            error(
                400,
                "invalid_request",
                "POST /domains/availability takes at most 50 domains per request.",
            ),
            "domains",
        ));
    }
    let set = DomainSet::new(&strs).map_err(from_core)?;
    if set.domains.is_empty() && set.errors.is_empty() {
        return Err(invalid("domains", "domains needs at least one domain"));
    }
    // Rows in the order asked, each domain once.
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for raw in &strs {
        let row = match peeker_core::normalize_root_domain(raw) {
            Err(_) => {
                json!({"domain": raw, "available": false, "premium": false, "reason": "invalid"})
            }
            Ok(d) if !seen.insert(d.ascii.clone()) => continue,
            Ok(d) => {
                let n = &d.ascii;
                if n.contains("premium") {
                    json!({"domain": n, "available": false, "premium": true, "reason": "premium", "currency": "usd"})
                } else if let Some(reason) =
                    ["errored", "stale"].into_iter().find(|m| n.contains(m))
                {
                    // The lookup failed, or only a cached (older than 5 min) answer is at hand.
                    json!({"domain": n, "available": false, "premium": false, "reason": reason, "currency": "usd"})
                } else if n.contains("taken") {
                    json!({"domain": n, "available": false, "premium": false, "reason": "taken", "currency": "usd"})
                } else {
                    json!({"domain": n, "available": true, "usable_for": ["google", "microsoft"], "premium": false,
                           "price_cents": REGISTRATION_CENTS, "renewal_price_cents": RENEWAL_CENTS, "currency": "usd"})
                }
            }
        };
        rows.push(row);
    }
    ok(200, json!({ "domains": rows }))
}

pub(crate) fn import(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, body: &[u8], job: bool) -> R {
    let body = body_json(body)?;
    let strs = domain_strings(&body)?;
    let limit = if job {
        BatchLimit::ImportJob
    } else {
        BatchLimit::Import
    };
    let set = DomainSet::new(&strs).map_err(from_core)?;
    if set.domains.len() + set.errors.len() > limit.max() {
        return Err(with_field(
            error(
                400,
                "invalid_request",
                format!(
                    "{} domains given; {} takes at most {} per request.{}",
                    set.domains.len() + set.errors.len(),
                    limit.endpoint(),
                    limit.max(),
                    if job {
                        ""
                    } else {
                        " Use POST /domains/import/jobs for up to 500."
                    }
                ),
            ),
            "domains",
        ));
    }
    // The core's check; entries that are not root domains become failed rows of the job.
    match (DomainSet {
        domains: set.domains.clone(),
        errors: vec![],
    })
    .check(limit)
    {
        Err(e) if e.code == Code::NoDomains && !set.errors.is_empty() => {}
        Err(e) => return Err(from_core(e)),
        Ok(()) => {}
    }
    let valid = set.ascii();
    if !job && (ctx.scenario == Scenario::Capacity || valid.iter().any(|d| d.contains("capacity")))
    {
        return Err(with_details(
            error(429, "rate_limited", "Every eligible Cloudflare account is busy with synchronous imports; submit POST /domains/import/jobs instead."),
            json!({"retry_after_seconds": 30, "reason": "cloudflare_account_capacity"}),
        ));
    }
    let status = if job { 202 } else { 200 };
    // The same normalised set returns the existing import.
    let set_key = set.key();
    if let Some(id) = set_key.as_ref().and_then(|k| acc.import_sets.get(k)) {
        if let Some(i) = acc.imports.iter().find(|i| &i.id == id) {
            return ok(status, i.json());
        }
    }
    let fails = marked(acc, ctx, "fail-import", Scenario::FailImport, &valid);
    let needs_flip =
        ctx.scenario == Scenario::NsPending || valid.iter().any(|d| d.contains("ns-pending"));
    let n = acc.ns_next;
    acc.ns_next += 2;
    let ns = |k: usize| format!("{}.ns.cloudflare.com", NAMESERVERS[k % NAMESERVERS.len()]);
    let imp = Import {
        id: new_id("imp", ctx.now),
        status: "in_progress".into(),
        domains: valid,
        failed: set
            .errors
            .iter()
            .map(|e| (strs[e.index].clone(), e.error.code.as_str().to_string()))
            .collect(),
        ns: (ns(n), ns(n + 1)),
        created_at: ctx.now,
        completed_at: None,
        needs_flip,
        fails,
    };
    let id = imp.id.clone();
    if let Some(k) = set_key {
        acc.import_sets.insert(k, id.clone());
    }
    acc.imports.push(imp);
    if needs_flip {
        sched.at(
            ctx.now + NS_ACTION_SECS,
            &acc.key,
            Task::ImportCheck(id.clone()),
        );
    } else if job {
        sched.at(
            ctx.now + IMPORT_JOB_SECS,
            &acc.key,
            Task::ImportCheck(id.clone()),
        );
    } else if fails {
        fail_import(acc, sched, ctx, &id);
    } else {
        // Synchronous: "Import finished" in the response.
        complete_import(acc, sched, ctx, &id);
    }
    let i = acc.imports.iter().find(|i| i.id == id).expect("just added");
    ok(status, i.json())
}

pub(crate) fn complete_import(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let Some(i) = acc.imports.iter_mut().find(|i| i.id == id) else {
        return;
    };
    i.status = "completed".into();
    i.completed_at = Some(ctx.now);
    let names = i.domains.clone();
    let data = i.json();
    for n in &names {
        if !acc.domains.iter().any(|d| &d.domain == n) {
            acc.domains.push(DomainRec {
                id: new_id("dom", ctx.now),
                domain: n.clone(),
                category: "inventory".into(),
                status: "available".into(),
                provider: None,
                user_id: None,
                order_id: None,
                forwarding_url: None,
                created_at: ctx.now,
            });
        }
    }
    // Open nameserver actions on these domains are resolved.
    for a in acc.actions.iter_mut().filter(|a| {
        a.status == "open"
            && a.row["reason"] == "update_nameservers"
            && names.iter().any(|n| a.row["domain"] == *n)
    }) {
        a.status = "resolved".into();
        a.row["status"] = json!("resolved");
    }
    emit(acc, sched, ctx, "domain_import.completed", data);
    // Swaps waiting on an imported replacement resume.
    let waiting: Vec<String> = acc
        .swaps
        .iter()
        .filter(|s| {
            s.status == "action_required"
                && s.replacement.as_ref().is_some_and(|r| names.contains(r))
        })
        .map(|s| s.id.clone())
        .collect();
    for s in waiting {
        sched.at(ctx.now + 1.0, &acc.key, Task::SwapStep(s));
    }
}

/// The import fails before any domain connected: every domain becomes a failed
/// row (reason `import_failed`, the sandbox's), and `domain_import.failed`. The
/// same set submitted again starts a new import (a failed one is not reused).
pub(crate) fn fail_import(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let Some(i) = acc.imports.iter_mut().find(|i| i.id == id) else {
        return;
    };
    i.status = "failed".into();
    let rows: Vec<(String, String)> = i
        .domains
        .drain(..)
        .map(|d| (d, "import_failed".to_string()))
        .collect();
    i.failed.extend(rows);
    let data = i.json();
    acc.import_sets.retain(|_, v| v != id);
    emit(acc, sched, ctx, "domain_import.failed", data);
}

pub(crate) fn import_check(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let Some(i) = acc.imports.iter_mut().find(|i| i.id == id) else {
        return;
    };
    if i.fails && i.status == "in_progress" {
        return fail_import(acc, sched, ctx, id);
    }
    match (i.status.as_str(), i.needs_flip) {
        ("in_progress", true) => {
            i.status = "action_required".into();
            let data = i.json();
            emit(acc, sched, ctx, "domain_import.action_required", data);
        }
        ("in_progress", false) => complete_import(acc, sched, ctx, id),
        _ => {}
    }
}

pub(crate) fn import_done(acc: &Account, name: &str) -> Option<bool> {
    acc.imports
        .iter()
        .rev()
        .find(|i| i.domains.iter().any(|d| d == name))
        .map(|i| i.status == "completed")
}

pub(crate) fn find_imports(acc: &Account, ctx: &Ctx, query: &Query) -> R {
    let Some(list) = q(query, "domains").filter(|s| !s.trim().is_empty()) else {
        return Err(invalid("domains", "The domains query parameter is required: GET /domains/import?domains=a.com,b.com is a lookup, not a history list."));
    };
    let strs: Vec<&str> = list.split(',').collect();
    let set = DomainSet::new(&strs).map_err(from_core)?;
    set.check(BatchLimit::ImportJob).map_err(from_core)?;
    let want = set.ascii();
    let rows = acc
        .imports
        .iter()
        .rev()
        .filter(|i| i.domains.iter().any(|d| want.contains(d)))
        .map(Import::json)
        .collect();
    page(rows, query, ctx, "/domains/import")
}

pub(crate) fn list_domains(acc: &Account, ctx: &Ctx, query: &Query) -> R {
    let f = |k: &str| q(query, k);
    let email_user = f("user_email").map(|e| {
        acc.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(e))
            .map(|u| u.id.clone())
    });
    let rows = acc
        .domains
        .iter()
        .rev()
        .filter(|d| {
            f("category").is_none_or(|c| d.category == c)
                && f("status").is_none_or(|s| d.status == s)
                && f("user_id").is_none_or(|u| d.user_id.as_deref() == Some(u))
                && email_user
                    .as_ref()
                    .is_none_or(|u| u.is_some() && d.user_id == *u)
                && f("usable_for").is_none_or(|p| p == "google" || p == "microsoft")
        })
        .map(DomainRec::json)
        .collect();
    page(rows, query, ctx, "/domains")
}

pub(crate) fn validator(acc: &Account) -> Client {
    Client::new(&acc.key).expect("the key was checked")
}

pub(crate) fn forwarding(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, body: &[u8]) -> R {
    let body = body_json(body)?;
    let req = validator(acc).update_forwarding(&body).map_err(from_core)?;
    let b = req.body_json().expect("the core sends JSON");
    let url = b["forwarding_url"].as_str().unwrap_or_default().to_string();
    let mut job = FwdJob {
        id: new_id("fwj", ctx.now),
        status: "in_progress".into(),
        url: url.clone(),
        pending: vec![],
        completed: vec![],
        failed: vec![],
        created_at: ctx.now,
        completed_at: None,
    };
    for d in b["domains"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        match acc.domains.iter().find(|r| r.id == d || r.domain == d) {
            None => job.failed.push((d.to_string(), "dns_lookup_failed".into())),
            Some(r) if r.forwarding_url.as_deref() == Some(url.as_str()) => {
                job.completed.push(r.domain.clone())
            }
            Some(r) => job.pending.push((r.domain.clone(), Some(r.id.clone()))),
        }
    }
    let data = job.json();
    let id = job.id.clone();
    acc.fwd.push(job);
    sched.at(ctx.now + 120.0, &acc.key, Task::ForwardingFinish(id));
    ok(202, data)
}

pub(crate) fn forwarding_finish(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let Some(j) = acc
        .fwd
        .iter_mut()
        .find(|j| j.id == id && j.status == "in_progress")
    else {
        return;
    };
    let unreachable = j.url.contains("unreachable");
    for (name, dom) in j.pending.drain(..) {
        if unreachable {
            j.failed.push((name, "target_unreachable".into()));
        } else {
            if let Some(r) = acc.domains.iter_mut().find(|r| Some(&r.id) == dom.as_ref()) {
                r.forwarding_url = Some(j.url.clone());
            }
            j.completed.push(name);
        }
    }
    j.status = match (j.completed.is_empty(), j.failed.is_empty()) {
        (_, true) => "completed",
        (true, false) => "failed",
        (false, false) => "partial_success",
    }
    .into();
    j.completed_at = Some(ctx.now);
    let t = if j.status == "failed" {
        "domain.forwarding_failed"
    } else {
        "domain.forwarding_updated"
    };
    let data = j.json();
    emit(acc, sched, ctx, t, data);
}
