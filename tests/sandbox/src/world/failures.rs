//! The failure paths, triggered by markers in domain names (or run-wide by the
//! scenario, once per key): an order that fails (`fail-order`), a domain that
//! must be replaced (`replace-domain`, resolved by a swap). Import and swap
//! failures live with their resources (`fail_import`, `swap_step`).
use super::*;

/// Provisioning failed on `domain`: `order.failed`, the order's domains back in
/// inventory, and its body no longer deduped (sending it again places a new
/// order; the spec is silent on failed orders).
pub(crate) fn fail_order(
    acc: &mut Account,
    sched: &mut Sched,
    ctx: &Ctx,
    order_id: &str,
    domain: &str,
) {
    let Some(o) = acc.orders.iter_mut().find(|o| o.id == order_id) else {
        return;
    };
    o.status = "failed".into();
    o.failure = Some(json!({
        "reason": "provisioning_failed", "domain": domain,
        "message": format!("Provisioning {domain} failed unrecoverably; its domains are released. Place a new order."),
    }));
    let data = o.full();
    let ids: Vec<String> = o.domains.iter().map(|d| d.dom_id.clone()).collect();
    release(acc, &ids);
    acc.dedupe.retain(|_, (oid, _)| oid != order_id);
    emit(acc, sched, ctx, "order.failed", data);
}

/// Domain records back to inventory, free for a new order.
pub(crate) fn release(acc: &mut Account, dom_ids: &[String]) {
    for d in acc.domains.iter_mut().filter(|d| dom_ids.contains(&d.id)) {
        d.category = "inventory".into();
        d.status = "available".into();
        d.order_id = None;
        d.user_id = None;
        d.provider = None;
    }
}

/// The domain can't be provisioned: a `replace_domain` pending row,
/// `domain.action_required` and `order.action_required`. A swap of it
/// (`POST /swaps`) resolves the row and the order goes on.
pub(crate) fn raise_replace_domain(
    acc: &mut Account,
    sched: &mut Sched,
    ctx: &Ctx,
    order_id: &str,
    d: &OrderDomain,
) {
    acc.actions.push(Action {
        order_id: order_id.to_string(),
        domain_id: Some(d.dom_id.clone()),
        status: "open".into(),
        row: json!({
            "id": new_id("act", ctx.now), "type": "replace_domain", "reason": "replace_domain", "status": "open",
            "order_id": order_id, "domain_id": d.dom_id, "domain": d.name,
            "message": "This domain can't be provisioned; replace it with POST /swaps (a buyable or imported replacement).",
            "created_at": rfc3339(ctx.now),
        }),
    });
    let mut rec = Value::Null;
    if let Some(r) = acc.domains.iter_mut().find(|r| r.id == d.dom_id) {
        r.status = "action_required".into();
        rec = r.json();
    }
    rec["reason"] = json!("replace_domain");
    emit(acc, sched, ctx, "domain.action_required", rec);
    let Some(o) = acc.orders.iter_mut().find(|o| o.id == order_id) else {
        return;
    };
    if o.status == "in_progress" {
        o.status = "action_required".into();
        let data = o.lean();
        emit(acc, sched, ctx, "order.action_required", data);
    }
}

/// A swap completed. If the old domain waited for a replacement, the order's
/// entry becomes the replacement (live at once: `swap.completed` means the new
/// domain is live), its `replace_domain` row resolves,
/// the order resumes (`order.in_progress`), the replacement connects, and the
/// order completes once every domain is connected.
pub(crate) fn swap_into_order(
    acc: &mut Account,
    sched: &mut Sched,
    ctx: &Ctx,
    old_id: &str,
    new_id_: &str,
    name: &str,
) {
    let Some(o) = acc
        .orders
        .iter_mut()
        .find(|o| o.domains.iter().any(|d| d.dom_id == old_id))
    else {
        return;
    };
    let d = o
        .domains
        .iter_mut()
        .find(|d| d.dom_id == old_id)
        .expect("found above");
    if !d.needs_replacement || d.connected {
        // A swap on a live domain: the order keeps listing it (as before).
        return;
    }
    d.dom_id = new_id_.to_string();
    d.name = name.to_string();
    d.needs_replacement = false;
    d.connected = true;
    let order_id = o.id.clone();
    let resume = o.status == "action_required" && !o.blocked;
    let all = o.domains.iter().all(|d| d.connected || d.released);
    let finish_at = (o.created_at + COMPLETE_SECS).max(ctx.now + 30.0);
    if resume {
        o.status = "in_progress".into();
    }
    let lean = o.lean();
    for a in acc.actions.iter_mut().filter(|a| {
        a.status == "open"
            && a.row["reason"] == "replace_domain"
            && a.domain_id.as_deref() == Some(old_id)
    }) {
        a.status = "resolved".into();
        a.row["status"] = json!("resolved");
    }
    if resume {
        emit(acc, sched, ctx, "order.in_progress", lean);
    }
    let rec = acc
        .domains
        .iter()
        .find(|r| r.id == new_id_)
        .map(DomainRec::json)
        .unwrap_or(Value::Null);
    emit(acc, sched, ctx, "domain.connected", rec);
    if all && resume {
        sched.at(finish_at, &acc.key, Task::OrderFinish(order_id));
    }
}
