//! Typed models of the API's resources (NEW generation). Every struct ignores
//! unknown fields; every field the docs do not guarantee is optional; every enum
//! keeps values it does not know as [`Other`](OrderStatus::Other) strings, so a
//! new server value never breaks a deployed handler.
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

macro_rules! string_enum {
    ($(#[doc = $doc:literal])* $name:ident { $( $(#[doc = $vdoc:literal])* $v:ident = $s:literal ),* $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[doc = $vdoc])* $v, )*
            /// A value this version does not know, kept as sent.
            Other(String),
        }
        impl $name {
            /// The string as sent by the API.
            pub fn as_str(&self) -> &str {
                match self { $( $name::$v => $s, )* $name::Other(s) => s }
            }
            /// Parses a value; unknown strings become `Other`.
            pub fn parse(s: &str) -> Self {
                match s { $( $s => $name::$v, )* _ => $name::Other(s.to_string()) }
            }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok($name::parse(&String::deserialize(d)?))
            }
        }
        // Any string (unknown values are kept); `x-known-values` lists the documented ones.
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "description": concat!($($doc, "\n"),*).trim(),
                    "x-known-values": [$($s),*],
                })
            }
        }
    };
}

string_enum!(
    /// Order status.
    OrderStatus { /** `in_progress` */ InProgress = "in_progress", /** `completed` */ Completed = "completed", /** `failed` */ Failed = "failed", /** `action_required` */ ActionRequired = "action_required", /** `cancel_scheduled` */ CancelScheduled = "cancel_scheduled", /** `cancelled` */ Cancelled = "cancelled" }
);
string_enum!(
    /// Import job status.
    ImportStatus { /** `in_progress` */ InProgress = "in_progress", /** `completed` */ Completed = "completed", /** `failed` */ Failed = "failed", /** `action_required` */ ActionRequired = "action_required" }
);
string_enum!(
    /// Forwarding job status.
    ForwardingStatus { /** `in_progress` */ InProgress = "in_progress", /** `completed` */ Completed = "completed", /** `partial_success` */ PartialSuccess = "partial_success", /** `failed` */ Failed = "failed" }
);
string_enum!(
    /// Swap status.
    SwapStatus { /** `created` */ Created = "created", /** `in_progress` */ InProgress = "in_progress", /** `completed` */ Completed = "completed", /** `failed` */ Failed = "failed", /** `action_required` */ ActionRequired = "action_required" }
);
string_enum!(
    /// `error.code` of the API's error envelope (the documented "Common v1 codes";
    /// the table is longer on the live page, so unknown codes are kept as sent).
    ApiErrorCode { /** `invalid_request` */ InvalidRequest = "invalid_request", /** `unauthorized` */ Unauthorized = "unauthorized", /** `forbidden` */ Forbidden = "forbidden", /** `not_found` */ NotFound = "not_found", /** `rate_limited` */ RateLimited = "rate_limited", /** `order_shape_conflict` */ OrderShapeConflict = "order_shape_conflict", /** `domain_count_mismatch` */ DomainCountMismatch = "domain_count_mismatch" }
);
string_enum!(
    /// Mail provider.
    Provider { /** `google` */ Google = "google", /** `microsoft` */ Microsoft = "microsoft" }
);
string_enum!(
    /// Why a domain is unavailable.
    AvailabilityReason { /** `taken` */ Taken = "taken", /** `premium` */ Premium = "premium", /** `invalid` */ Invalid = "invalid", /** `errored` */ Errored = "errored", /** `stale` */ Stale = "stale" }
);
string_enum!(
    /// Pending-action reason.
    PendingReason { /** `profile_picture_not_accessible` */ ProfilePictureNotAccessible = "profile_picture_not_accessible", /** `update_nameservers` */ UpdateNameservers = "update_nameservers", /** `replace_domain` */ ReplaceDomain = "replace_domain" }
);

/// `{"data": ...}`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Envelope<T> {
    /// The resource.
    pub data: T,
}

/// `links` of a list page.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Links {
    /// First page.
    pub first: Option<String>,
    /// Next page, `None` on the last page.
    pub next: Option<String>,
}

/// `meta` of a list page.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Meta {
    /// Path listed.
    pub path: Option<String>,
    /// Page size.
    pub per_page: Option<u32>,
    /// Rows in this page.
    pub returned: Option<u32>,
}

/// One page of a list endpoint.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Page<T> {
    /// The rows.
    pub data: Vec<T>,
    /// Links; `links.next` builds the next request (see `Client::next_page`).
    #[serde(default)]
    pub links: Links,
    /// Meta.
    #[serde(default)]
    pub meta: Meta,
}

/// `GET /me`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Me {
    /// The key.
    pub api_key: MeKey,
    /// The partner.
    pub partner: Partner,
}
/// `GET /me` → `api_key`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MeKey {
    /// `test` or `live`.
    #[cfg_attr(feature = "schema", schemars(extend("x-known-values" = ["test", "live"])))]
    pub environment: String,
    /// `full`, `limited` or `read`.
    #[cfg_attr(feature = "schema", schemars(extend("x-known-values" = ["full", "limited", "read"])))]
    pub permission_preset: String,
}
/// `GET /me` → `partner`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Partner {
    /// `org_…`
    pub id: String,
    /// Name.
    pub name: Option<String>,
}

/// One row of `POST /domains/availability`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AvailabilityRow {
    /// Domain.
    pub domain: String,
    /// Can be registered and ordered now.
    pub available: bool,
    /// Providers it suits.
    #[serde(default)]
    pub usable_for: Vec<Provider>,
    /// Premium (manual procurement only).
    #[serde(default)]
    pub premium: bool,
    /// Why not available.
    pub reason: Option<AvailabilityReason>,
    /// First-year price.
    pub price_cents: Option<u64>,
    /// Renewal price.
    pub renewal_price_cents: Option<u64>,
    /// Currency.
    pub currency: Option<String>,
}

/// `data` of `POST /domains/availability`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Availability {
    /// Rows.
    pub domains: Vec<AvailabilityRow>,
}

/// Nameservers the customer must set for some domains.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NameserverGroup {
    /// First nameserver.
    pub nameserver_one: String,
    /// Second nameserver.
    pub nameserver_two: String,
    /// Domains to set them on.
    #[serde(default)]
    pub domains: Vec<String>,
}

/// A failed row of a job.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FailedRow {
    /// Domain.
    pub domain: String,
    /// Reason code (not documented for imports; kept as sent).
    pub reason: Option<String>,
}

/// An import (synchronous or job).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportJob {
    /// `imp_…`
    pub id: String,
    /// Status.
    pub status: ImportStatus,
    /// Domains submitted.
    #[serde(default)]
    pub submitted_count: u64,
    /// Domains done.
    #[serde(default)]
    pub completed_count: u64,
    /// Domains failed.
    #[serde(default)]
    pub failed_count: u64,
    /// Nameservers to show the customer.
    #[serde(default)]
    pub nameserver_groups: Vec<NameserverGroup>,
    /// Failed rows.
    #[serde(default)]
    pub failed: Vec<FailedRow>,
    /// Created.
    pub created_at: Option<String>,
    /// Completed.
    pub completed_at: Option<String>,
}

/// A domain record (`GET /domains`, `domain.*` events).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Domain {
    /// `dom_…`
    pub id: String,
    /// Name.
    pub domain: String,
    /// `inventory` or `connected`.
    #[cfg_attr(feature = "schema", schemars(extend("x-known-values" = ["inventory", "connected"])))]
    pub category: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Provider.
    pub provider: Option<Provider>,
    /// Customer.
    pub user_id: Option<String>,
    /// Order.
    pub order_id: Option<String>,
    /// Providers it suits.
    #[serde(default)]
    pub usable_for: Vec<Provider>,
    /// Forwarding target.
    pub forwarding_url: Option<String>,
    /// Created.
    pub created_at: Option<String>,
}

/// A forwarding job.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ForwardingJob {
    /// `fwj_…`
    pub id: String,
    /// Status.
    pub status: ForwardingStatus,
    /// Target.
    pub forwarding_url: Option<String>,
    /// Done count.
    #[serde(default)]
    pub completed_count: u64,
    /// Failed count.
    #[serde(default)]
    pub failed_count: u64,
    /// Done domains.
    #[serde(default)]
    pub completed: Vec<String>,
    /// Failed domains.
    #[serde(default)]
    pub failed: Vec<FailedRow>,
    /// Created.
    pub created_at: Option<String>,
    /// Completed.
    pub completed_at: Option<String>,
}

/// `effective` split of a bundle.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Split {
    /// Google share.
    pub google_percent: Option<u32>,
    /// Microsoft share.
    pub microsoft_percent: Option<u32>,
}

/// Domains a bundle needs.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequiredDomains {
    /// Google domains.
    #[serde(default)]
    pub google: u32,
    /// Microsoft domains.
    #[serde(default)]
    pub microsoft: u32,
    /// Total.
    #[serde(default)]
    pub total: u32,
}

/// A bundle.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Bundle {
    /// `bun_…`
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Monthly volume.
    pub monthly_sending_volume: Option<u64>,
    /// Google share, null when inheriting.
    pub google_percent: Option<u32>,
    /// Microsoft share.
    pub microsoft_percent: Option<u32>,
    /// Weekend sending.
    pub send_on_weekends: Option<bool>,
    /// 2 or 3.
    pub google_inboxes_per_domain: Option<u32>,
    #[cfg_attr(feature = "schema", schemars(extend("x-known-values" = ["active", "archived", "deleted"])))]
    /// `active`, `archived`, `deleted`.
    pub status: Option<String>,
    /// Effective split.
    pub effective: Option<Split>,
    /// Domains the customer must pick.
    pub required_domains: Option<RequiredDomains>,
    /// Created.
    pub created_at: Option<String>,
}

/// A persona (inbox owner).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Persona {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// A public http(s) URL, `null` or `""`; the key is required in request bodies.
    pub profile_picture_url: Option<String>,
}

/// A cost line.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LineItem {
    /// `google_license`, `microsoft_license`, `domain_registration`, …
    #[cfg_attr(feature = "schema", schemars(extend("x-known-values" = ["google_license", "microsoft_license", "domain_registration"])))]
    #[serde(rename = "type")]
    pub kind: String,
    /// Quantity.
    pub quantity: Option<u64>,
    /// Amount.
    pub amount_cents: Option<i64>,
}

/// Costs of an order.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Costs {
    /// Total.
    pub total_cents: i64,
    /// `usd`.
    pub currency: String,
    /// Lines (full order only).
    #[serde(default)]
    pub line_items: Vec<LineItem>,
}

/// Imported vs registered domains of a full order.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrderDomains {
    /// Bought by Peeker.
    #[serde(default)]
    pub registered: Vec<String>,
    /// Imported by the partner.
    #[serde(default)]
    pub imported: Vec<String>,
}

/// An order: the lean receipt (`POST /orders`, `GET /orders`) or, with `domains`
/// and `personas`, the full order (`GET /orders/{id}`, `order.completed`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Order {
    /// `ord_…`
    pub id: String,
    /// Customer.
    pub user_id: Option<String>,
    /// Customer e-mail.
    pub email: Option<String>,
    /// Bundle.
    pub bundle_id: Option<String>,
    /// Status.
    pub status: OrderStatus,
    /// Domains in the order.
    pub domain_count: Option<u64>,
    /// Costs.
    pub costs: Option<Costs>,
    /// Full order: domains.
    pub domains: Option<OrderDomains>,
    /// Full order: personas.
    pub personas: Option<Vec<Persona>>,
    /// Renewal.
    pub renews_at: Option<String>,
    /// Created.
    pub created_at: Option<String>,
}

/// A pending action row (`GET /orders/pending`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PendingAction {
    /// `act_…`
    pub id: String,
    /// Order.
    pub order_id: Option<String>,
    /// Domain.
    pub domain_id: Option<String>,
    /// Domain name.
    pub domain: Option<String>,
    /// What to do.
    pub reason: Option<PendingReason>,
    #[cfg_attr(feature = "schema", schemars(extend("x-known-values" = ["open", "resolved"])))]
    /// `open` or `resolved`.
    pub status: Option<String>,
    /// Other fields as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "schema", schemars(with = "PendingActionExtra"))]
    pub extra: serde_json::Map<String, Value>,
}

/// The schema of [`PendingAction::extra`]: the documented fields it keeps as
/// sent (each present only when the API sent it), and any others.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
#[allow(dead_code)]
struct PendingActionExtra {
    /// What the action is about (as sent).
    #[schemars(rename = "type", skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-known-values" = ["google_profile_picture"]))]
    kind: Option<String>,
    /// The persona concerned (as sent).
    #[schemars(skip_serializing_if = "Option::is_none")]
    user: Option<Persona>,
    /// Text the API suggests showing (as sent).
    #[schemars(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    /// Created (as sent).
    #[schemars(skip_serializing_if = "Option::is_none")]
    created_at: Option<String>,
}

/// A swap.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Swap {
    /// `swp_…`
    pub id: String,
    /// `standard`, `premium`, `user_names`.
    #[cfg_attr(feature = "schema", schemars(extend("x-known-values" = ["standard", "premium", "user_names"])))]
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Retired domain.
    pub domain_id: Option<String>,
    /// New domain.
    pub replacement_domain: Option<String>,
    /// Status.
    pub status: SwapStatus,
    /// Created.
    pub created_at: Option<String>,
}

/// `data` of `POST /swaps/user_names`: one row per inbox on the domain.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UserNameSwaps {
    /// Rows.
    pub swaps: Vec<Swap>,
}

/// `data` of `DELETE /bundles/{id}`: removed, or archived when an order used it.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeletedBundle {
    /// `bun_…`
    pub id: String,
    /// `deleted`, or `archived` when an order used the bundle.
    #[cfg_attr(feature = "schema", schemars(extend("x-known-values" = ["deleted", "archived"])))]
    pub status: String,
}

/// A domain of a cancellation schedule.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CancelledDomain {
    /// `dom_…`
    pub id: String,
    /// The domain name.
    pub domain: String,
}

/// `data` of `POST /orders/{id}/cancel`: the cancellation schedule.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CancelSchedule {
    /// `ord_…`
    pub id: String,
    /// Usually `cancel_scheduled`.
    pub status: OrderStatus,
    /// When the cancellation was accepted.
    pub cancellation_scheduled_at: Option<String>,
    /// When it takes effect (the end of the renewal period).
    pub cancels_at: Option<String>,
    /// The cancelled domains (all of them for a whole-order cancel).
    pub domains: Option<Vec<CancelledDomain>>,
}

/// Parses `{"data": T}` from a 2xx body.
pub fn parse_data<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, crate::Error> {
    serde_json::from_slice::<Envelope<T>>(body)
        .map(|e| e.data)
        .map_err(|e| {
            crate::Error::new(
                crate::Code::UnexpectedResponse,
                format!("The response body is not the documented shape: {e}."),
            )
        })
}

/// Parses a list page `{"data": [T], "links": …, "meta": …}`.
pub fn parse_page<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<Page<T>, crate::Error> {
    serde_json::from_slice::<Page<T>>(body).map_err(|e| {
        crate::Error::new(
            crate::Code::UnexpectedResponse,
            format!("The response body is not a documented list page: {e}."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_shapes_parse_and_unknowns_are_kept() {
        let imp: ImportJob = parse_data(br#"{"data":{"id":"imp_01HZX0IM1A2B3C4D5E6F7G8H","status":"completed","submitted_count":2,"completed_count":2,"failed_count":0,"nameserver_groups":[{"nameserver_one":"helena.ns.cloudflare.com","nameserver_two":"idris.ns.cloudflare.com","domains":["acme-mail.com","team-acme.com"]}],"failed":[],"created_at":"2026-05-08T12:00:00Z","completed_at":"2026-05-08T12:00:04Z","new_field":{"x":1}}}"#).unwrap();
        assert_eq!(imp.status, ImportStatus::Completed);
        assert_eq!(imp.nameserver_groups[0].domains.len(), 2);
        let o: Order = parse_data(br#"{"data":{"id":"ord_1","user_id":"usr_1","email":"alex@acme.com","bundle_id":null,"status":"paused_for_review","domain_count":2,"costs":{"total_cents":6800,"currency":"usd"},"created_at":"2026-05-08T12:00:00Z"}}"#).unwrap();
        assert_eq!(o.status, OrderStatus::Other("paused_for_review".into()));
        assert_eq!(o.status.as_str(), "paused_for_review");
        let p: Page<Order> = parse_page(
            br#"{"data":[],"links":{"first":"x","next":null},"meta":{"per_page":25,"returned":0}}"#,
        )
        .unwrap();
        assert!(p.links.next.is_none());
        let row: AvailabilityRow = serde_json::from_str(
            r#"{"domain":"a.com","available":false,"reason":"reserved_by_registry"}"#,
        )
        .unwrap();
        assert_eq!(
            row.reason,
            Some(AvailabilityReason::Other("reserved_by_registry".into()))
        );
        assert!(parse_data::<Order>(b"<html>").is_err());
    }
}
