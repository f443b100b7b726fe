//! An order after it is placed: connecting domains, completion, lists,
//! pending actions, cancellation.
use super::*;

pub(crate) fn domain_connect(
    acc: &mut Account,
    sched: &mut Sched,
    ctx: &Ctx,
    order_id: &str,
    i: usize,
) {
    let Some(o) = acc.orders.iter().find(|o| o.id == order_id) else {
        return;
    };
    // A blocked order (a private picture) waits for a corrected order instead; one
    // waiting on a replacement domain keeps connecting the others.
    let waiting_on_replacement = o.status == "action_required" && !o.blocked;
    if o.status != "in_progress" && !waiting_on_replacement {
        return;
    }
    let Some(d) = o.domains.get(i).cloned() else {
        return;
    };
    if d.connected {
        return;
    }
    let user_id = o.user_id.clone();
    if d.imported && import_done(acc, &d.name) == Some(false) {
        // Nameservers not flipped: ask once, re-check every 10 simulated minutes.
        if !d.waiting_ns {
            let o = acc
                .orders
                .iter_mut()
                .find(|o| o.id == order_id)
                .expect("found above");
            o.domains[i].waiting_ns = true;
            let aid = new_id("act", ctx.now);
            acc.actions.push(Action {
                order_id: order_id.to_string(),
                domain_id: Some(d.dom_id.clone()),
                status: "open".into(),
                row: json!({
                    "id": aid, "type": "update_nameservers", "reason": "update_nameservers", "status": "open",
                    "order_id": order_id, "domain_id": d.dom_id, "domain": d.name,
                    "message": "Point the domain's nameservers at the ones shown by its import.",
                    "created_at": rfc3339(ctx.now),
                }),
            });
            let rec = acc
                .domains
                .iter()
                .find(|r| r.id == d.dom_id)
                .map(DomainRec::json)
                .unwrap_or(Value::Null);
            let mut data = rec;
            data["reason"] = json!("update_nameservers");
            emit(acc, sched, ctx, "domain.action_required", data);
        }
        sched.at(
            ctx.now + 600.0,
            &acc.key,
            Task::DomainConnect(order_id.to_string(), i),
        );
        return;
    }
    if d.fails {
        return fail_order(acc, sched, ctx, order_id, &d.name);
    }
    if d.needs_replacement {
        return raise_replace_domain(acc, sched, ctx, order_id, &d);
    }
    let o = acc
        .orders
        .iter_mut()
        .find(|o| o.id == order_id)
        .expect("found above");
    o.domains[i].connected = true;
    let all = o.domains.iter().all(|d| d.connected);
    let blocked = o.blocked;
    if let Some(r) = acc.domains.iter_mut().find(|r| r.id == d.dom_id) {
        r.status = "active".into();
        r.user_id = Some(user_id);
    }
    let data = acc
        .domains
        .iter()
        .find(|r| r.id == d.dom_id)
        .map(DomainRec::json)
        .unwrap_or(Value::Null);
    emit(acc, sched, ctx, "domain.connected", data);
    if all && !blocked {
        let o = acc
            .orders
            .iter()
            .find(|o| o.id == order_id)
            .expect("found above");
        let at = (o.created_at + COMPLETE_SECS).max(ctx.now + 30.0);
        sched.at(at, &acc.key, Task::OrderFinish(order_id.to_string()));
    }
}

pub(crate) fn order_finish(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let Some(o) = acc
        .orders
        .iter_mut()
        .find(|o| o.id == id && o.status == "in_progress")
    else {
        return;
    };
    o.status = "completed".into();
    let data = o.full();
    emit(acc, sched, ctx, "order.completed", data);
}

pub(crate) fn list_orders(acc: &Account, ctx: &Ctx, query: &Query) -> R {
    let f = |k: &str| q(query, k);
    let rows = acc
        .orders
        .iter()
        .rev()
        .filter(|o| {
            f("user_id").is_none_or(|u| o.user_id == u)
                && f("user_email").is_none_or(|e| o.email.eq_ignore_ascii_case(e))
                && f("bundle_id").is_none_or(|b| o.bundle_id.as_deref() == Some(b))
                && f("status").is_none_or(|s| o.status == s)
        })
        .map(Order::lean)
        .collect();
    page(rows, query, ctx, "/orders")
}

pub(crate) fn list_pending(acc: &Account, ctx: &Ctx, query: &Query) -> R {
    let f = |k: &str| q(query, k);
    let status = f("status").unwrap_or("open");
    if status != "open" && status != "resolved" {
        return Err(invalid("status", "status must be open or resolved"));
    }
    let user_orders: Option<Vec<&str>> = f("user").map(|u| {
        acc.orders
            .iter()
            .filter(|o| o.user_id == u || o.email.eq_ignore_ascii_case(u))
            .map(|o| o.id.as_str())
            .collect()
    });
    let rows = acc
        .actions
        .iter()
        .rev()
        .filter(|a| {
            a.status == status
                && f("order_id").is_none_or(|o| a.order_id == o)
                && f("domain_id").is_none_or(|d| a.domain_id.as_deref() == Some(d))
                && user_orders
                    .as_ref()
                    .is_none_or(|os| os.contains(&a.order_id.as_str()))
        })
        .map(|a| a.row.clone())
        .collect();
    page(rows, query, ctx, "/orders/pending")
}

pub(crate) fn cancel_order(
    acc: &mut Account,
    sched: &mut Sched,
    ctx: &Ctx,
    id: &str,
    body: &[u8],
) -> R {
    let wanted: Option<Vec<String>> = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let v = body_json(body)?;
        match v.as_object() {
            Some(o) if o.get("domains").is_none() => None,
            Some(_) => Some(domain_strings(&v)?),
            None => {
                return Err(error(
                    400,
                    "invalid_request",
                    "The body must be a JSON object, or empty to cancel the whole order.",
                ))
            }
        }
    };
    let req = validator(acc)
        .cancel_order(id, wanted.as_deref())
        .map_err(from_core)?;
    let o = acc
        .orders
        .iter_mut()
        .find(|o| o.id == id)
        .ok_or_else(|| not_found("order", id))?;
    let (sched_at, cancels_at) = o
        .cancel
        .as_ref()
        .map_or((ctx.now, o.created_at + 30.0 * 86_400.0), |c| (c.0, c.1));
    let targets: Vec<String> = match req.body_json() {
        None => o.domains.iter().map(|d| d.dom_id.clone()).collect(),
        Some(b) => {
            let mut out = Vec::new();
            for (i, d) in b["domains"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .enumerate()
            {
                let m = o
                    .domains
                    .iter()
                    .find(|x| x.dom_id == d || x.name == d)
                    .ok_or_else(|| {
                        invalid(
                            &format!("domains[{i}]"),
                            format!("{d} is not a domain of order {id}"),
                        )
                    })?;
                out.push(m.dom_id.clone());
            }
            out
        }
    };
    let whole = targets.len() == o.domains.len();
    let mut all: Vec<String> = o.cancel.as_ref().map(|c| c.2.clone()).unwrap_or_default();
    for t in &targets {
        if !all.contains(t) {
            all.push(t.clone());
        }
    }
    o.cancel = Some((sched_at, cancels_at, all));
    let first = whole && o.status != "cancel_scheduled" && o.status != "cancelled";
    if whole && o.status != "cancelled" {
        o.status = "cancel_scheduled".into();
    }
    let names: Vec<Value> = o
        .domains
        .iter()
        .filter(|d| targets.contains(&d.dom_id))
        .map(|d| json!({"id": d.dom_id, "domain": d.name}))
        .collect();
    let data = json!({
        "id": o.id, "status": if whole { o.status.clone() } else { "cancel_scheduled".to_string() },
        "cancellation_scheduled_at": rfc3339(sched_at), "cancels_at": rfc3339(cancels_at), "domains": names,
    });
    if first {
        let lean = o.lean();
        emit(acc, sched, ctx, "order.cancel_scheduled", lean);
        sched.at(cancels_at, &acc.key, Task::CancelFinish(id.to_string()));
    } else if !whole {
        sched.at(
            cancels_at,
            &acc.key,
            Task::CancelPart(id.to_string(), targets, sched_at),
        );
    }
    ok(200, data)
}

/// A domain-scoped cancel reaches its `cancels_at`: those domains leave the
/// order (released to inventory), its costs drop by their part (a Google
/// domain's inboxes-per-domain licences, a Microsoft domain's licence), and
/// `order.cancelled` carries the part: `{id, status: "cancelled", scope:
/// "domains", cancellation_scheduled_at, cancels_at, domains, costs}` (the
/// sandbox's shape; the spec documents no payload).
pub(crate) fn cancel_part(
    acc: &mut Account,
    sched: &mut Sched,
    ctx: &Ctx,
    order_id: &str,
    dom_ids: &[String],
    scheduled_at: f64,
) {
    let Some(o) = acc
        .orders
        .iter_mut()
        .find(|o| o.id == order_id && o.status != "cancelled")
    else {
        return;
    };
    let mut part = Vec::new();
    let (mut google, mut microsoft) = (0u64, 0u64);
    for d in o
        .domains
        .iter_mut()
        .filter(|d| dom_ids.contains(&d.dom_id) && !d.released)
    {
        d.released = true;
        match d.provider {
            "google" => google += 1,
            _ => microsoft += 1,
        }
        part.push(json!({"id": d.dom_id, "domain": d.name}));
    }
    if part.is_empty() {
        return;
    }
    let ipd = o.inboxes_per_domain;
    for (kind, less) in [
        ("google_license", google * ipd),
        ("microsoft_license", microsoft),
    ] {
        for li in o.line_items.iter_mut().filter(|l| l["type"] == kind) {
            let q = li["quantity"].as_u64().unwrap_or(0);
            let unit = li["amount_cents"].as_i64().unwrap_or(0) / q.max(1) as i64;
            let q = q.saturating_sub(less);
            li["quantity"] = json!(q);
            li["amount_cents"] = json!(q as i64 * unit);
        }
    }
    o.line_items
        .retain(|l| l["quantity"].as_u64().is_some_and(|q| q > 0));
    o.total_cents = o
        .line_items
        .iter()
        .filter_map(|l| l["amount_cents"].as_i64())
        .sum();
    let data = json!({
        "id": o.id, "status": "cancelled", "scope": "domains",
        "cancellation_scheduled_at": rfc3339(scheduled_at), "cancels_at": rfc3339(ctx.now),
        "domains": part, "costs": {"total_cents": o.total_cents, "currency": "usd"},
    });
    release(acc, dom_ids);
    emit(acc, sched, ctx, "order.cancelled", data);
}
