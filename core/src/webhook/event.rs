//! The event envelope parsed into a tree ([`Event`]), its types and payloads.
use crate::error::{Code, Error};

/// The event types of the catalog; unknown types are kept as sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventType {
    /// `order.in_progress`
    OrderInProgress,
    /// `order.completed`
    OrderCompleted,
    /// `order.failed`
    OrderFailed,
    /// `order.action_required`
    OrderActionRequired,
    /// `order.cancel_scheduled`
    OrderCancelScheduled,
    /// `order.cancelled`
    OrderCancelled,
    /// `domain.connected`
    DomainConnected,
    /// `domain.action_required`
    DomainActionRequired,
    /// `domain.forwarding_updated`
    DomainForwardingUpdated,
    /// `domain.forwarding_failed`
    DomainForwardingFailed,
    /// `domain_import.completed`
    DomainImportCompleted,
    /// `domain_import.failed`
    DomainImportFailed,
    /// `domain_import.action_required`
    DomainImportActionRequired,
    /// `swap.created`
    SwapCreated,
    /// `swap.in_progress`
    SwapInProgress,
    /// `swap.completed`
    SwapCompleted,
    /// `swap.failed`
    SwapFailed,
    /// `swap.action_required`
    SwapActionRequired,
    /// A type this version does not know, kept as sent.
    Unknown(String),
}

const EVENT_TYPES: &[(&str, EventType)] = &[
    ("order.in_progress", EventType::OrderInProgress),
    ("order.completed", EventType::OrderCompleted),
    ("order.failed", EventType::OrderFailed),
    ("order.action_required", EventType::OrderActionRequired),
    ("order.cancel_scheduled", EventType::OrderCancelScheduled),
    ("order.cancelled", EventType::OrderCancelled),
    ("domain.connected", EventType::DomainConnected),
    ("domain.action_required", EventType::DomainActionRequired),
    (
        "domain.forwarding_updated",
        EventType::DomainForwardingUpdated,
    ),
    (
        "domain.forwarding_failed",
        EventType::DomainForwardingFailed,
    ),
    ("domain_import.completed", EventType::DomainImportCompleted),
    ("domain_import.failed", EventType::DomainImportFailed),
    (
        "domain_import.action_required",
        EventType::DomainImportActionRequired,
    ),
    ("swap.created", EventType::SwapCreated),
    ("swap.in_progress", EventType::SwapInProgress),
    ("swap.completed", EventType::SwapCompleted),
    ("swap.failed", EventType::SwapFailed),
    ("swap.action_required", EventType::SwapActionRequired),
];

impl EventType {
    /// Every known type string.
    pub fn known() -> impl Iterator<Item = &'static str> {
        EVENT_TYPES.iter().map(|(s, _)| *s)
    }
    /// Parses a type string; unknown strings become [`EventType::Unknown`].
    pub fn parse(s: &str) -> EventType {
        EVENT_TYPES
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| EventType::Unknown(s.to_string()))
    }
    /// The type string as sent.
    pub fn as_str(&self) -> &str {
        match self {
            EventType::Unknown(s) => s,
            t => EVENT_TYPES
                .iter()
                .find(|(_, k)| k == t)
                .map(|(s, _)| *s)
                .unwrap_or(""),
        }
    }
}

/// Which model an event type's resource is (the one mapping from event types to
/// payload models: [`Event::payload`] follows it and core/codegen renders the
/// bindings' typed events from it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PayloadKind {
    /// `order.*`: [`crate::models::Order`].
    Order,
    /// `domain.connected`, `domain.action_required`: [`crate::models::Domain`].
    Domain,
    /// `domain.forwarding_*`: [`crate::models::ForwardingJob`].
    Forwarding,
    /// `domain_import.*`: [`crate::models::ImportJob`].
    Import,
    /// `swap.*`: [`crate::models::Swap`].
    Swap,
}

impl PayloadKind {
    /// The model's name in `peeker_core::models` (and in the bindings' types).
    pub const fn model_name(self) -> &'static str {
        match self {
            PayloadKind::Order => "Order",
            PayloadKind::Domain => "Domain",
            PayloadKind::Forwarding => "ForwardingJob",
            PayloadKind::Import => "ImportJob",
            PayloadKind::Swap => "Swap",
        }
    }
}

impl EventType {
    /// The model of this type's resource; `None` for an unknown type.
    pub fn payload_kind(&self) -> Option<PayloadKind> {
        use EventType::*;
        Some(match self {
            OrderInProgress | OrderCompleted | OrderFailed | OrderActionRequired
            | OrderCancelScheduled | OrderCancelled => PayloadKind::Order,
            DomainConnected | DomainActionRequired => PayloadKind::Domain,
            DomainForwardingUpdated | DomainForwardingFailed => PayloadKind::Forwarding,
            DomainImportCompleted | DomainImportFailed | DomainImportActionRequired => {
                PayloadKind::Import
            }
            SwapCreated | SwapInProgress | SwapCompleted | SwapFailed | SwapActionRequired => {
                PayloadKind::Swap
            }
            Unknown(_) => return None,
        })
    }
}

/// The resource an event carries, typed by its event type.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// `order.*`: the order (the full order on `order.completed`).
    Order(crate::models::Order),
    /// `domain.connected`, `domain.action_required`: the domain record.
    Domain(crate::models::Domain),
    /// `domain.forwarding_updated|failed`: the forwarding job.
    Forwarding(crate::models::ForwardingJob),
    /// `domain_import.*`: the import job, with its nameserver groups.
    Import(crate::models::ImportJob),
    /// `swap.*`: the swap.
    Swap(crate::models::Swap),
    /// A type this version does not know: `data` as sent.
    Unknown(serde_json::Value),
}

/// A webhook event envelope: `id`, `type`, `created_at` and `data` (the resource).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// `evt_…`, stable per logical event; dedupe on it.
    pub id: String,
    /// The type as sent, e.g. `order.completed`.
    pub event_type: String,
    /// When the event was created (RFC 3339), if sent.
    pub created_at: Option<String>,
    /// The resource (NEW generation: `data` is the resource itself).
    pub data: serde_json::Value,
    /// Which configured secret matched: its 0-based index in
    /// [`VerifierOptions::secrets`](super::VerifierOptions::secrets) (tell a sandbox
    /// delivery from a live one). `None` when parsed without verification.
    pub secret_index: Option<usize>,
}

impl Event {
    /// An event from its parts, as a binding's caller hands back a verified event
    /// (a JavaScript object): with the envelope's rule that `id` and `type` are not
    /// empty (`invalid_argument`, field `event.id` / `event.type`).
    pub fn from_parts(
        id: String,
        event_type: String,
        created_at: Option<String>,
        data: serde_json::Value,
    ) -> Result<Event, crate::Error> {
        for (value, field) in [(&id, "event.id"), (&event_type, "event.type")] {
            if value.is_empty() {
                return Err(crate::Error::new(
                    crate::Code::InvalidArgument,
                    format!("{field} is empty: pass the event verifyWebhook returned."),
                )
                .with_field(field));
            }
        }
        Ok(Event {
            id,
            event_type,
            created_at,
            data,
            secret_index: None,
        })
    }

    /// Parses an envelope without verifying it. Only for bodies already verified.
    pub fn parse(body: &[u8]) -> Result<Event, Error> {
        Self::parse_with_header_id(body, None)
    }

    pub(super) fn parse_with_header_id(
        body: &[u8],
        header_id: Option<&str>,
    ) -> Result<Event, Error> {
        let invalid = |why: &str| {
            Error::new(
                Code::InvalidPayload,
                format!(
                    "The signature is valid but the body is not a Peeker event envelope: {why}."
                ),
            )
        };
        let v: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| invalid(&format!("not JSON ({e})")))?;
        let serde_json::Value::Object(mut obj) = v else {
            return Err(invalid("not a JSON object"));
        };
        let event_type = match obj.remove("type") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            _ => return Err(invalid("no \"type\" string")),
        };
        let id = match obj.remove("id") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            None | Some(serde_json::Value::Null) => match header_id {
                Some(h) if !h.trim().is_empty() => h.trim().to_string(),
                _ => return Err(invalid("no \"id\" and no Peeker-Event-Id header")),
            },
            _ => return Err(invalid("\"id\" is not a string")),
        };
        let created_at = match obj.remove("created_at") {
            Some(serde_json::Value::String(s)) => Some(s),
            _ => None,
        };
        let data = obj.remove("data").unwrap_or(serde_json::Value::Null);
        Ok(Event {
            id,
            event_type,
            created_at,
            data,
            secret_index: None,
        })
    }

    /// The parsed type.
    pub fn kind(&self) -> EventType {
        EventType::parse(&self.event_type)
    }

    /// The resource the event is about, in either documented shape: `data` itself
    /// (NEW generation), or the older `data.order{id, status}` (spec 4.5: the
    /// resource nested under the name of its kind, `order`, `domain`,
    /// `domain_import`, `import` or `swap`), used when `data` has no `id` of its
    /// own and that member is an object. The one place the shapes are told apart:
    /// [`payload`](Self::payload) and the resource states read the resource here.
    pub fn resource(&self) -> &serde_json::Value {
        resource_in(&self.event_type, &self.data)
    }

    /// The typed payload: [`resource`](Self::resource) as the resource the event is
    /// about. An unknown event type gives
    /// [`Payload::Unknown`] with the raw `data`; a known type whose `data` is not the
    /// documented shape is an `invalid_payload` error (the raw `data` stays in
    /// [`Event::data`]).
    pub fn payload(&self) -> Result<Payload, Error> {
        fn typed<T: serde::de::DeserializeOwned>(e: &Event) -> Result<T, Error> {
            T::deserialize(e.resource()).map_err(|err| {
                Error::new(
                    Code::InvalidPayload,
                    format!(
                        "The data of this {} event is not the documented shape: {err}.",
                        e.event_type
                    ),
                )
            })
        }
        Ok(match self.kind().payload_kind() {
            Some(PayloadKind::Order) => Payload::Order(typed(self)?),
            Some(PayloadKind::Domain) => Payload::Domain(typed(self)?),
            Some(PayloadKind::Forwarding) => Payload::Forwarding(typed(self)?),
            Some(PayloadKind::Import) => Payload::Import(typed(self)?),
            Some(PayloadKind::Swap) => Payload::Swap(typed(self)?),
            None => Payload::Unknown(self.data.clone()),
        })
    }

    /// The envelope as compact JSON (`id`, `type`, `created_at`, `data`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&serde_json::json!({
            "id": self.id,
            "type": self.event_type,
            "created_at": self.created_at,
            "data": self.data,
        }))
        // The serializer writing straight into a buffer: the same text as `Display`, faster.
        .unwrap_or_default()
    }
}

/// [`Event::resource`] of an event of type `event_type` with `data`.
pub fn resource_in<'a>(event_type: &str, data: &'a serde_json::Value) -> &'a serde_json::Value {
    if data.get("id").is_some() {
        return data;
    }
    let names: &[&str] = match event_type.split_once('.').map_or(event_type, |(p, _)| p) {
        "order" => &["order"],
        "domain" => &["domain"],
        "domain_import" => &["domain_import", "import"],
        "swap" => &["swap"],
        _ => &[],
    };
    names
        .iter()
        .filter_map(|n| data.get(*n))
        .find(|v| v.is_object())
        .unwrap_or(data)
}
