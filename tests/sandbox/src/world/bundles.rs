//! Bundles: create, update, delete.
use super::*;

pub(crate) fn create_bundle(acc: &mut Account, ctx: &Ctx, body: &[u8]) -> R {
    let body = body_json(body)?;
    validator(acc).create_bundle(&body).map_err(from_core)?;
    let b = Bundle {
        id: new_id("bun", ctx.now),
        status: "active".into(),
        body: body.as_object().cloned().unwrap_or_default(),
        created_at: ctx.now,
        used: false,
    };
    let v = b.json();
    acc.bundles.push(b);
    ok(201, v)
}

pub(crate) fn update_bundle(acc: &mut Account, id: &str, body: &[u8]) -> R {
    let body = body_json(body)?;
    validator(acc).update_bundle(id, &body).map_err(from_core)?;
    let b = acc
        .bundles
        .iter_mut()
        .find(|b| b.id == id && b.status != "deleted")
        .ok_or_else(|| not_found("bundle", id))?;
    for (k, v) in body.as_object().into_iter().flatten() {
        if [
            "name",
            "monthly_sending_volume",
            "google_percent",
            "microsoft_percent",
            "send_on_weekends",
            "google_inboxes_per_domain",
        ]
        .contains(&k.as_str())
        {
            b.body.insert(k.clone(), v.clone());
        }
    }
    ok(200, b.json())
}

pub(crate) fn delete_bundle(acc: &mut Account, id: &str) -> R {
    let b = acc
        .bundles
        .iter_mut()
        .find(|b| b.id == id && b.status != "deleted")
        .ok_or_else(|| not_found("bundle", id))?;
    // Never used → removed; used by an order → archived so old orders still link.
    b.status = if b.used { "archived" } else { "deleted" }.into();
    ok(200, json!({"id": b.id, "status": b.status}))
}
