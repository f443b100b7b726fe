//! Domain swaps and user-name swaps.
use super::*;

pub(crate) fn create_swap(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, body: &[u8]) -> R {
    let body = body_json(body)?;
    let req = validator(acc).create_swap(&body).map_err(from_core)?;
    let b = req.body_json().expect("JSON");
    let domain_id = b["domain_id"].as_str().unwrap_or_default();
    let kind = b["type"].as_str().unwrap_or_default();
    let dom = acc
        .domains
        .iter()
        .find(|d| d.id == domain_id && d.category == "connected")
        .ok_or_else(|| with_field(not_found("connected domain", domain_id), "domain_id"))?;
    if kind == "premium" && dom.provider.as_deref() != Some("microsoft") {
        return Err(invalid(
            "type",
            "Premium swaps are for Microsoft domains only; use a standard swap.",
        ));
    }
    let (order_id, user_id) = (dom.order_id.clone(), dom.user_id.clone());
    let replacement = b["replacement_domain"].as_str().map(String::from);
    let fails = marked(
        acc,
        ctx,
        "fail-swap",
        Scenario::FailSwap,
        replacement.as_slice(),
    );
    let s = Swap {
        id: new_id("swp", ctx.now),
        kind: kind.into(),
        domain_id: domain_id.into(),
        order_id,
        user_id,
        replacement,
        status: "created".into(),
        reason: None,
        created_at: ctx.now,
        fails,
    };
    let data = s.json();
    let id = s.id.clone();
    acc.swaps.push(s);
    emit(acc, sched, ctx, "swap.created", data.clone());
    sched.at(ctx.now + 60.0, &acc.key, Task::SwapStep(id));
    ok(201, data)
}

pub(crate) fn user_name_swaps(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, body: &[u8]) -> R {
    let body = body_json(body)?;
    validator(acc).swap_user_names(&body).map_err(from_core)?;
    let domain_id = body["domain_id"].as_str().unwrap_or_default();
    let dom = acc
        .domains
        .iter()
        .find(|d| d.id == domain_id && d.category == "connected")
        .ok_or_else(|| with_field(not_found("connected domain", domain_id), "domain_id"))?
        .clone();
    let inboxes = if dom.provider.as_deref() == Some("google") {
        acc.orders
            .iter()
            .find(|o| Some(&o.id) == dom.order_id.as_ref())
            .and_then(|o| o.bundle_id.clone())
            .and_then(|b| acc.bundles.iter().find(|x| x.id == b))
            .map_or(2, |b| required_domains(&b.body).3)
    } else {
        1
    };
    let private = body["personas"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|p| !picture_accessible(&p["profile_picture_url"]));
    let mut rows = Vec::new();
    for _ in 0..inboxes {
        let s = Swap {
            id: new_id("swp", ctx.now),
            kind: "user_names".into(),
            domain_id: domain_id.into(),
            order_id: dom.order_id.clone(),
            user_id: dom.user_id.clone(),
            replacement: None,
            status: "created".into(),
            reason: private.then(|| "profile_picture_not_accessible".to_string()),
            created_at: ctx.now,
            fails: false,
        };
        rows.push(json!({"id": s.id, "type": "user_names", "domain_id": s.domain_id, "status": "created"}));
        let data = s.json();
        let id = s.id.clone();
        acc.swaps.push(s);
        emit(acc, sched, ctx, "swap.created", data);
        sched.at(ctx.now + 60.0, &acc.key, Task::SwapStep(id));
    }
    ok(201, json!({ "swaps": rows }))
}

pub(crate) fn swap_step(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, id: &str) {
    let buyable_or_imported = |acc: &Account, r: &str| {
        import_done(acc, r) == Some(true) || !(r.contains("taken") || r.contains("premium"))
    };
    let Some(s) = acc.swaps.iter().find(|s| s.id == id).cloned() else {
        return;
    };
    let (status, event, reason) = match s.status.as_str() {
        "created" | "action_required" => {
            let blocked_picture = s.kind == "user_names" && s.reason.is_some();
            let blocked_domain = s
                .replacement
                .as_deref()
                .is_some_and(|r| !buyable_or_imported(acc, r));
            if blocked_picture {
                (
                    "action_required",
                    "swap.action_required",
                    Some("profile_picture_not_accessible"),
                )
            } else if blocked_domain {
                (
                    "action_required",
                    "swap.action_required",
                    Some("replacement_not_imported"),
                )
            } else {
                ("in_progress", "swap.in_progress", None)
            }
        }
        // The replacement could not be provisioned (the sandbox's reason).
        "in_progress" if s.fails => ("failed", "swap.failed", Some("replacement_failed")),
        "in_progress" => ("completed", "swap.completed", None),
        _ => return,
    };
    if status == s.status {
        return;
    }
    let w = acc.swaps.iter_mut().find(|w| w.id == id).expect("found");
    w.status = status.into();
    w.reason = reason.map(String::from);
    let data = w.json();
    let mut swapped_in = None;
    if status == "completed" {
        if let Some(r) = &s.replacement {
            let (order_id, user_id) = (s.order_id.clone(), s.user_id.clone());
            let old = acc.domains.iter().find(|d| d.id == s.domain_id).cloned();
            if let Some(old) = old {
                let rec = DomainRec {
                    id: new_id("dom", ctx.now),
                    domain: r.clone(),
                    status: "active".into(),
                    created_at: ctx.now,
                    order_id,
                    user_id,
                    ..old
                };
                swapped_in = Some((rec.id.clone(), r.clone()));
                acc.domains.push(rec);
            }
            if let Some(d) = acc.domains.iter_mut().find(|d| d.id == s.domain_id) {
                d.status = "swapped_out".into();
            }
        }
    }
    emit(acc, sched, ctx, event, data);
    if let Some((new_dom, name)) = swapped_in {
        swap_into_order(acc, sched, ctx, &s.domain_id, &new_dom, &name);
    }
    if status == "in_progress" {
        sched.at(ctx.now + 600.0, &acc.key, Task::SwapStep(id.to_string()));
    }
}
