//! `POST /orders`, in named steps: read the body (through the core), answer a
//! duplicate from the 24-hour dedupe, resolve the plan (bundle or custom counts),
//! check the domain count, find or create the customer, attach the domains, price
//! the order, record it, and schedule its fulfilment.
use super::*;

/// What the order buys: the Google/Microsoft domain split and inbox density.
pub(crate) struct Plan {
    pub(crate) google_domains: u64,
    pub(crate) microsoft_domains: u64,
    pub(crate) inboxes_per_domain: u64,
    pub(crate) bundle_id: Option<String>,
}

pub(crate) fn create_order(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, raw: &[u8]) -> R {
    let body = body_json(raw)?;
    let normalised = normalise_order(&body)?;
    let dkey = peeker_core::order_dedupe_key(&acc.key, raw).map_err(from_core)?;
    if let Some(receipt) = deduped(acc, ctx, &dkey) {
        return ok(200, receipt);
    }
    let o = normalised.as_object().expect("the core checked an object");
    let plan = resolve_plan(acc, o)?;
    let domains = o["domains"].as_array().expect("checked");
    check_domain_count(&plan, domains.len())?;
    let user = o["user"].as_str().expect("checked");
    check_orderable(acc, domains, user)?;
    let (user_id, email) = resolve_user(acc, ctx, user)?;
    let order_id = new_id("ord", ctx.now);
    let mut ods = attach_domains(acc, ctx, o, &plan, &user_id, &order_id);
    mark_failures(acc, ctx, &mut ods);
    let (line_items, total_cents) = price(&plan, &ods);
    let personas = o["personas"].clone();
    let private = private_personas(&personas);
    if let Some(b) = plan
        .bundle_id
        .as_ref()
        .and_then(|bid| acc.bundles.iter_mut().find(|b| &b.id == bid))
    {
        b.used = true;
    }
    let order = Order {
        id: order_id.clone(),
        user_id,
        email,
        bundle_id: plan.bundle_id,
        status: "in_progress".into(),
        domains: ods,
        personas,
        line_items,
        total_cents,
        created_at: ctx.now,
        blocked: !private.is_empty(),
        cancel: None,
        failure: None,
        inboxes_per_domain: plan.inboxes_per_domain,
    };
    let receipt = order.lean();
    acc.orders.push(order);
    acc.dedupe.insert(dkey, (order_id.clone(), ctx.now));
    emit(acc, sched, ctx, "order.in_progress", receipt.clone());
    schedule_fulfilment(acc, sched, ctx, &order_id, &private);
    ok(200, receipt)
}

/// The core's checks of the body; a bundle mixed with custom counts is
/// `order_shape_conflict`.
fn normalise_order(body: &Value) -> Result<Value, Reply> {
    Client::order_body(body).map_err(|e| {
        let custom = [
            "google_licenses",
            "microsoft_licenses",
            "google_inboxes_per_domain",
        ];
        let both = body.get("bundle_id").is_some_and(|b| !b.is_null())
            && e.field.as_deref().is_some_and(|f| custom.contains(&f));
        if both {
            with_field(
                error(400, "order_shape_conflict", e.message),
                e.field.unwrap_or_default(),
            )
        } else {
            from_core(e)
        }
    })
}

/// The receipt of the same body sent within 24 hours, if any.
fn deduped(acc: &Account, ctx: &Ctx, dkey: &str) -> Option<Value> {
    let (oid, at) = acc.dedupe.get(dkey)?;
    if ctx.now - at >= 86_400.0 {
        return None;
    }
    acc.orders.iter().find(|o| &o.id == oid).map(Order::lean)
}

/// The bundle's split, or the custom licence counts.
fn resolve_plan(acc: &Account, o: &Map<String, Value>) -> Result<Plan, Reply> {
    if let Some(bid) = o.get("bundle_id").and_then(Value::as_str) {
        let b = acc
            .bundles
            .iter()
            .find(|b| b.id == bid && b.status == "active")
            .ok_or_else(|| with_field(not_found("bundle", bid), "bundle_id"))?;
        let (g, m, _, ipd) = required_domains(&b.body);
        return Ok(Plan {
            google_domains: g,
            microsoft_domains: m,
            inboxes_per_domain: ipd,
            bundle_id: Some(bid.to_string()),
        });
    }
    let count = |k: &str| o.get(k).and_then(Value::as_u64);
    let ipd = count("google_inboxes_per_domain").unwrap_or(2);
    Ok(Plan {
        google_domains: count("google_licenses").unwrap_or(0).div_ceil(ipd),
        microsoft_domains: count("microsoft_licenses").unwrap_or(0),
        inboxes_per_domain: ipd,
        bundle_id: None,
    })
}

/// `domain_count_mismatch` unless the order names exactly the plan's domains.
fn check_domain_count(plan: &Plan, submitted: usize) -> Result<(), Reply> {
    let required = plan.google_domains + plan.microsoft_domains;
    if submitted as u64 == required {
        return Ok(());
    }
    Err(with_details(
        with_field(
            error(
                400,
                "domain_count_mismatch",
                "Submitted domain count does not match the order plan",
            ),
            "domains",
        ),
        json!({"required_count": required, "submitted_count": submitted, "missing_count": required.saturating_sub(submitted as u64)}),
    ))
}

/// Order statuses that hold their domains.
const LIVE: [&str; 4] = [
    "in_progress",
    "action_required",
    "completed",
    "cancel_scheduled",
];

/// The name of a `domains` entry (a string, or `{domain, forwarding_url}`).
fn entry_name(d: &Value) -> &str {
    d.as_str()
        .or_else(|| d["domain"].as_str())
        .unwrap_or_default()
}

/// Refusals (codes the sandbox's own; the spec only says premium domains can't
/// be ordered and that a cancelled order's domains are free again):
/// - a premium domain that would be registered: 400 `domain_unavailable`,
///   `details.reason: "premium"` (an imported one is the customer's own);
/// - a domain on another customer's live order: 409 `domain_in_use`, with
///   `details.order_id`; free again once that order is cancelled (or failed).
fn check_orderable(acc: &Account, domains: &[Value], user: &str) -> Result<(), Reply> {
    let customer = acc
        .users
        .iter()
        .find(|u| u.id == user || u.email.eq_ignore_ascii_case(user))
        .map(|u| u.id.as_str());
    for (i, d) in domains.iter().enumerate() {
        let name = entry_name(d);
        let field = format!("domains[{i}]");
        if name.contains("premium") && import_done(acc, name) != Some(true) {
            return Err(with_details(
                with_field(
                    error(
                        400,
                        "domain_unavailable",
                        format!("{name} is a premium domain: premium domains can't be ordered through the API; contact Peeker for manual procurement."),
                    ),
                    field,
                ),
                json!({"reason": "premium", "domain": name}),
            ));
        }
        let holder = acc.orders.iter().find(|o| {
            LIVE.contains(&o.status.as_str())
                && Some(o.user_id.as_str()) != customer
                && o.domains.iter().any(|x| x.name == name && !x.released)
        });
        if let Some(o) = holder {
            return Err(with_details(
                with_field(
                    error(
                        409,
                        "domain_in_use",
                        format!("{name} is on another customer's live order {}; it is free again once that order is cancelled.", o.id),
                    ),
                    field,
                ),
                json!({"domain": name, "order_id": o.id}),
            ));
        }
    }
    Ok(())
}

/// `usr_…` must exist; an email is reused or creates the customer.
fn resolve_user(acc: &mut Account, ctx: &Ctx, user: &str) -> Result<(String, String), Reply> {
    if user.starts_with("usr_") {
        let u = acc
            .users
            .iter()
            .find(|u| u.id == user)
            .ok_or_else(|| with_field(not_found("user", user), "user"))?;
        return Ok((u.id.clone(), u.email.clone()));
    }
    if let Some(u) = acc
        .users
        .iter()
        .find(|u| u.email.eq_ignore_ascii_case(user))
    {
        return Ok((u.id.clone(), u.email.clone()));
    }
    let u = User {
        id: new_id("usr", ctx.now),
        email: user.to_string(),
    };
    acc.users.push(u.clone());
    Ok((u.id, u.email))
}

/// Moves each domain onto the order (creating the records of registered ones):
/// the first `google_domains` go to Google, the rest to Microsoft.
fn attach_domains(
    acc: &mut Account,
    ctx: &Ctx,
    o: &Map<String, Value>,
    plan: &Plan,
    user_id: &str,
    order_id: &str,
) -> Vec<OrderDomain> {
    let default_fwd = o
        .get("forwarding_url")
        .and_then(Value::as_str)
        .map(String::from);
    let mut ods = Vec::new();
    for (i, d) in o["domains"].as_array().into_iter().flatten().enumerate() {
        let (name, fwd) = match d {
            Value::String(s) => (s.clone(), default_fwd.clone()),
            other => (
                other["domain"].as_str().unwrap_or_default().to_string(),
                other["forwarding_url"].as_str().map(String::from),
            ),
        };
        let imported = import_done(acc, &name).is_some();
        let provider = if (i as u64) < plan.google_domains {
            "google"
        } else {
            "microsoft"
        };
        let dom_id = match acc.domains.iter_mut().find(|r| r.domain == name) {
            Some(r) => {
                r.category = "connected".into();
                r.status = "provisioning".into();
                r.provider = Some(provider.into());
                r.user_id = Some(user_id.to_string());
                r.order_id = Some(order_id.to_string());
                r.forwarding_url = fwd;
                r.id.clone()
            }
            None => {
                let r = DomainRec {
                    id: new_id("dom", ctx.now),
                    domain: name.clone(),
                    category: "connected".into(),
                    status: "provisioning".into(),
                    provider: Some(provider.into()),
                    user_id: Some(user_id.to_string()),
                    order_id: Some(order_id.to_string()),
                    forwarding_url: fwd,
                    created_at: ctx.now,
                };
                let id = r.id.clone();
                acc.domains.push(r);
                id
            }
        };
        ods.push(OrderDomain {
            dom_id,
            provider,
            imported,
            connected: false,
            waiting_ns: false,
            released: false,
            fails: name.contains("fail-order"),
            needs_replacement: name.contains("replace-domain"),
            name,
        });
    }
    ods
}

/// The run-wide `fail-order` and `replace-domain` scenarios: the first order of
/// each key fails on (or needs a replacement for) its last domain.
fn mark_failures(acc: &mut Account, ctx: &Ctx, ods: &mut [OrderDomain]) {
    let none: [&str; 0] = [];
    if let Some(last) = ods.last_mut() {
        if marked(acc, ctx, "fail-order", Scenario::FailOrder, &none) {
            last.fails = true;
        }
        if marked(acc, ctx, "replace-domain", Scenario::ReplaceDomain, &none) {
            last.needs_replacement = true;
        }
    }
}

/// Line items and the monthly total: licences, plus registration of the
/// domains that were not imported.
fn price(plan: &Plan, ods: &[OrderDomain]) -> (Vec<Value>, i64) {
    let mut line_items = Vec::new();
    let mut total = 0i64;
    let mut add = |kind: &str, quantity: u64, unit: i64| {
        if quantity > 0 {
            let amount = quantity as i64 * unit;
            line_items.push(json!({"type": kind, "quantity": quantity, "amount_cents": amount}));
            total += amount;
        }
    };
    add(
        "google_license",
        plan.google_domains * plan.inboxes_per_domain,
        GOOGLE_LICENSE_CENTS,
    );
    add(
        "microsoft_license",
        plan.microsoft_domains,
        MICROSOFT_LICENSE_CENTS,
    );
    let registered = ods.iter().filter(|d| !d.imported).count() as u64;
    add("domain_registration", registered, REGISTRATION_CENTS);
    (line_items, total)
}

/// Personas whose picture is not publicly fetchable.
fn private_personas(personas: &Value) -> Vec<Value> {
    personas
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| !picture_accessible(&p["profile_picture_url"]))
        .cloned()
        .collect()
}

/// `domain.connected` one by one; a pending `google_profile_picture` action and
/// `order.action_required` for each private picture.
fn schedule_fulfilment(
    acc: &mut Account,
    sched: &mut Sched,
    ctx: &Ctx,
    order_id: &str,
    private: &[Value],
) {
    let order = acc
        .orders
        .iter()
        .find(|o| o.id == order_id)
        .expect("just added");
    let n = order.domains.len();
    let first_google = order
        .domains
        .iter()
        .find(|d| d.provider == "google")
        .or(order.domains.first())
        .map(|d| (d.dom_id.clone(), d.name.clone()));
    for i in 0..n {
        sched.at(
            ctx.now + FIRST_CONNECT_SECS + CONNECT_STEP_SECS * i as f64,
            &acc.key,
            Task::DomainConnect(order_id.to_string(), i),
        );
    }
    if private.is_empty() {
        return;
    }
    for p in private {
        let (dom_id, dom) = first_google.clone().unwrap_or_default();
        let aid = new_id("act", ctx.now);
        acc.actions.push(Action {
            order_id: order_id.to_string(),
            domain_id: Some(dom_id.clone()),
            status: "open".into(),
            row: json!({
                "id": aid, "type": "google_profile_picture", "reason": "profile_picture_not_accessible", "status": "open",
                "order_id": order_id, "domain_id": dom_id, "domain": dom,
                "user": {"first_name": p["first_name"], "last_name": p["last_name"], "profile_picture_url": p["profile_picture_url"]},
                "message": "The profile picture URL must be a publicly accessible image URL.",
                "created_at": rfc3339(ctx.now + PICTURE_CHECK_SECS),
            }),
        });
    }
    sched.at(
        ctx.now + PICTURE_CHECK_SECS,
        &acc.key,
        Task::OrderBlock(order_id.to_string()),
    );
}
