//! Typed request bodies and list filters: the JSON each builder of
//! [`Client`](super::Client) takes, as Rust types. They are the one definition of
//! those shapes: `peeker-codegen` renders the TypeScript declarations and the
//! Python `TypedDict`s from them (feature `schema`), and [`Operation::params`]
//! names them.
//!
//! The builders take bodies as JSON (`serde_json::to_value(&body)`), because
//! every binding hands the core JSON and the checks name the exact field of what
//! was sent (`domains[2].forwarding_url`). Serialising one of these types gives
//! that JSON: an optional field left `None` is omitted, never sent as `null`.
//! A list builder takes a filter set as [`Filters::pairs`].
//!
//! [`Operation::params`]: crate::Operation::params
use crate::models::{OrderStatus, Persona, Provider, SwapStatus};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::fmt;

/// `sequencer` of an order: the tool the inboxes are pushed into.
#[derive(Clone, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Sequencer {
    /// `smartlead`.
    #[cfg_attr(feature = "schema", schemars(extend("x-known-values" = ["smartlead"])))]
    pub provider: String,
    /// The Smartlead client id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "u64"))]
    pub client_id: Option<u64>,
    /// The Smartlead login (required for `smartlead`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub login_email: Option<String>,
    /// The Smartlead password (required for `smartlead`). Never shown by `Debug`,
    /// a binding's `repr`/`inspect`, or an error message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub login_password: Option<String>,
}

impl fmt::Debug for Sequencer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sequencer")
            .field("provider", &self.provider)
            .field("client_id", &self.client_id)
            .field("login_email", &self.login_email)
            .field(
                "login_password",
                &self.login_password.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// A domain of an order that needs its own forwarding URL.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DomainForwarding {
    /// The domain name.
    pub domain: String,
    /// Its redirect (http or https).
    pub forwarding_url: String,
}

/// One entry of an order's `domains`: a name, or a name with its own
/// forwarding URL.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum OrderDomain {
    /// A domain name.
    Name(String),
    /// A domain with its own forwarding URL.
    Forwarding(DomainForwarding),
}

/// `POST /orders`: a bundle order (`bundle_id`) or a custom order (licence
/// counts), never both.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrderBody {
    /// The customer: an e-mail address (reused or created) or a `usr_…` id.
    pub user: String,
    /// Where the inboxes go.
    pub sequencer: Sequencer,
    /// The order's domains (at least one).
    pub domains: Vec<OrderDomain>,
    /// Up to 10; each carries `profile_picture_url` (a URL, `null` or `""`).
    pub personas: Vec<Persona>,
    /// Default redirect of every domain of the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub forwarding_url: Option<String>,
    /// A saved bundle, or custom counts.
    #[serde(flatten)]
    pub plan: OrderPlan,
}

/// What an order provisions: a saved bundle or custom counts.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum OrderPlan {
    /// With a saved bundle.
    #[cfg_attr(feature = "schema", schemars(title = "BundleOrderBody"))]
    Bundle {
        /// The `bun_…` id of the bundle.
        bundle_id: String,
    },
    /// With custom counts (at least one licence).
    #[cfg_attr(feature = "schema", schemars(title = "CustomOrderBody"))]
    Custom {
        /// Google Workspace licences.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "schema", schemars(with = "u64"))]
        google_licenses: Option<u64>,
        /// Microsoft licences.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "schema", schemars(with = "u64"))]
        microsoft_licenses: Option<u64>,
        /// Inboxes per Google domain: 2 or 3.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "schema", schemars(with = "u8", extend("enum" = [2, 3])))]
        google_inboxes_per_domain: Option<u8>,
    },
}

/// `POST /bundles`: a saved mix of Google and Microsoft inboxes.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BundleBody {
    /// The bundle's name.
    pub name: String,
    /// E-mails a month.
    pub monthly_sending_volume: u64,
    /// The optional settings.
    #[serde(flatten)]
    pub settings: BundleSettings,
}

/// `PATCH /bundles/{id}`: the fields of [`BundleBody`] to change.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BundleUpdate {
    /// The bundle's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: Option<String>,
    /// E-mails a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "u64"))]
    pub monthly_sending_volume: Option<u64>,
    /// The settings to change.
    #[serde(flatten)]
    pub settings: BundleSettings,
}

/// The optional settings of a bundle, in [`BundleBody`] and [`BundleUpdate`].
/// The split is `Some(Some(n))` to set it, `Some(None)` to send `null` (no split),
/// `None` to leave the key out.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BundleSettings {
    /// Set together with `microsoft_percent` (they add up to 100), or neither.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub google_percent: Option<Option<u64>>,
    /// Set together with `google_percent`, or neither.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub microsoft_percent: Option<Option<u64>>,
    /// Whether to send on Saturdays and Sundays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "bool"))]
    pub send_on_weekends: Option<bool>,
    /// Inboxes per Google domain: 2 or 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "u8", extend("enum" = [2, 3])))]
    pub google_inboxes_per_domain: Option<u8>,
}

/// A key that is present, `null` included (`Some(None)`); an absent key is the
/// field's default, `None`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// `POST /domains/forwarding`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ForwardingBody {
    /// Up to 25 `dom_…` ids or domain names.
    pub domains: Vec<String>,
    /// The redirect (http or https).
    pub forwarding_url: String,
}

/// A swap's kind.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum SwapType {
    /// `standard`.
    Standard,
    /// `premium`.
    Premium,
}

/// `POST /swaps`: replace a domain of an order.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SwapBody {
    /// `standard` or `premium`.
    #[serde(rename = "type")]
    pub kind: SwapType,
    /// The `dom_…` id of the domain to retire.
    pub domain_id: String,
    /// The domain that replaces it.
    pub replacement_domain: String,
}

/// `POST /swaps/user_names`: new personas for a domain's inboxes.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UserNameSwapBody {
    /// The `dom_…` id of the domain.
    pub domain_id: String,
    /// Up to 10.
    pub personas: Vec<Persona>,
}

/// A list operation's query filters, as its builder takes them.
pub trait Filters: Serialize {
    /// Each filter that is set, as `(name, value)`.
    fn pairs(&self) -> Vec<(String, String)> {
        let Ok(Value::Object(m)) = serde_json::to_value(self) else {
            return Vec::new();
        };
        m.into_iter()
            .filter_map(|(k, v)| match v {
                Value::Null => None,
                Value::String(s) => Some((k, s)),
                v => Some((k, v.to_string())),
            })
            .collect()
    }
}

/// Declares filter sets: every filter optional (`None` and `null` are not sent),
/// with its documented values where the set of values is open.
macro_rules! filters {
    ($( $(#[doc = $doc:literal])* $name:ident { $( $(#[doc = $fdoc:literal])* $f:ident: $t:ty $(= [$($known:literal),*])?, )* } )*) => {$(
        $(#[doc = $doc])*
        #[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $name {
            $(
                $(#[doc = $fdoc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $( #[cfg_attr(feature = "schema", schemars(extend("x-known-values" = [$($known),*])))] )?
                pub $f: Option<$t>,
            )*
        }
        impl Filters for $name {}
    )*};
}

filters! {
    /// `GET /domains`.
    DomainFilters {
        /// `inventory` (bought through Peeker) or `connected` (imported).
        category: String = ["inventory", "connected"],
        /// The owner's `usr_…` id.
        user_id: String,
        /// The owner's e-mail address.
        user_email: String,
        /// Domains that suit this provider.
        usable_for: Provider,
        /// The domain's status.
        status: String,
    }
    /// `GET /bundles`.
    BundleFilters {
        /// `active` or `archived`.
        status: String = ["active", "archived"],
    }
    /// `GET /orders`.
    OrderFilters {
        /// The customer's `usr_…` id.
        user_id: String,
        /// The customer's e-mail address.
        user_email: String,
        /// Orders of this bundle.
        bundle_id: String,
        /// The order's status.
        status: OrderStatus,
    }
    /// `GET /orders/pending`.
    PendingActionFilters {
        /// The `ord_…` id of the order.
        order_id: String,
        /// A `usr_…` id or an e-mail address.
        user: String,
        /// The `dom_…` id of the domain.
        domain_id: String,
        /// `open` (the default) or `resolved`.
        status: String = ["open", "resolved"],
    }
    /// `GET /swaps`.
    SwapFilters {
        /// The customer's `usr_…` id.
        user_id: String,
        /// The `ord_…` id of the order.
        order_id: String,
        /// The `dom_…` id of the retired domain.
        domain_id: String,
        /// The swap's status.
        status: SwapStatus,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Client, Paging};
    use serde_json::json;

    fn client() -> Client {
        Client::new("pk_test_abc123").unwrap()
    }

    fn persona(first: &str) -> Persona {
        Persona {
            first_name: first.into(),
            last_name: "Rivera".into(),
            profile_picture_url: None,
        }
    }

    fn sequencer() -> Sequencer {
        Sequencer {
            provider: "smartlead".into(),
            client_id: Some(366903),
            login_email: Some("ops@acme.com".into()),
            login_password: Some("their-smartlead-password".into()),
        }
    }

    fn sent(body: &impl Serialize) -> Value {
        serde_json::to_value(body).unwrap()
    }

    fn body_of(r: crate::request::Request) -> Value {
        serde_json::from_slice(&r.body.unwrap()).unwrap()
    }

    #[test]
    fn an_order_body_serialises_to_what_the_builder_takes_and_round_trips() {
        let bundle = OrderBody {
            user: "alex@acme.com".into(),
            sequencer: sequencer(),
            domains: vec![OrderDomain::Name("Bücher.de".into())],
            personas: vec![persona("Alex")],
            forwarding_url: Some("https://acme.com".into()),
            plan: OrderPlan::Bundle {
                bundle_id: "bun_01HZX0BU".into(),
            },
        };
        let v = sent(&bundle);
        assert_eq!(v["bundle_id"], "bun_01HZX0BU");
        assert!(v.get("google_licenses").is_none(), "{v}");
        assert_eq!(v["personas"][0]["profile_picture_url"], Value::Null);
        let b = body_of(client().create_order(&v).unwrap());
        assert_eq!(b["domains"], json!(["xn--bcher-kva.de"]));
        assert_eq!(serde_json::from_value::<OrderBody>(v).unwrap(), bundle);

        let custom = OrderBody {
            domains: vec![OrderDomain::Forwarding(DomainForwarding {
                domain: "acme-mail.com".into(),
                forwarding_url: "https://acme.com/a".into(),
            })],
            forwarding_url: None,
            plan: OrderPlan::Custom {
                google_licenses: Some(3),
                microsoft_licenses: None,
                google_inboxes_per_domain: Some(2),
            },
            ..bundle
        };
        let v = sent(&custom);
        assert_eq!(
            (
                v.get("bundle_id"),
                v.get("microsoft_licenses"),
                v.get("forwarding_url")
            ),
            (None, None, None),
            "{v}"
        );
        assert_eq!(v["domains"][0]["forwarding_url"], "https://acme.com/a");
        client().create_order(&v).unwrap();
        assert_eq!(serde_json::from_value::<OrderBody>(v).unwrap(), custom);

        // The builder still names the field of a typed body the API would refuse.
        let mut none = custom.clone();
        none.plan = OrderPlan::Custom {
            google_licenses: None,
            microsoft_licenses: None,
            google_inboxes_per_domain: None,
        };
        let e = client().create_order(&sent(&none)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("bundle_id"), "{e}");
    }

    #[test]
    fn the_sequencer_password_is_not_in_debug_output() {
        let d = format!("{:?}", sequencer());
        assert!(!d.contains("their-smartlead-password"), "{d}");
        assert!(
            d.contains("[redacted]") && d.contains("ops@acme.com"),
            "{d}"
        );
        let none = Sequencer {
            login_password: None,
            ..sequencer()
        };
        assert!(format!("{none:?}").contains("login_password: None"));
    }

    #[test]
    fn bundle_forwarding_and_swap_bodies_pass_their_builders() {
        let bundle = BundleBody {
            name: "Mixed".into(),
            monthly_sending_volume: 20_000,
            settings: BundleSettings {
                google_percent: Some(Some(60)),
                microsoft_percent: Some(Some(40)),
                send_on_weekends: Some(false),
                google_inboxes_per_domain: Some(3),
            },
        };
        let v = sent(&bundle);
        assert_eq!(v["google_percent"], 60, "{v}");
        assert_eq!(body_of(client().create_bundle(&v).unwrap()), v);
        assert_eq!(serde_json::from_value::<BundleBody>(v).unwrap(), bundle);
        // `Some(None)` sends an explicit null (no split) and reads back as it;
        // `None` leaves the key out.
        let update = BundleUpdate {
            settings: BundleSettings {
                google_percent: Some(None),
                microsoft_percent: Some(None),
                ..BundleSettings::default()
            },
            ..BundleUpdate::default()
        };
        let v = sent(&update);
        assert_eq!(
            v,
            json!({"google_percent": null, "microsoft_percent": null})
        );
        client().update_bundle("bun_1", &v).unwrap();
        assert_eq!(serde_json::from_value::<BundleUpdate>(v).unwrap(), update);
        assert_eq!(sent(&BundleUpdate::default()), json!({}));
        assert_eq!(
            serde_json::from_value::<BundleUpdate>(json!({})).unwrap(),
            BundleUpdate::default()
        );

        let fwd = ForwardingBody {
            domains: vec!["dom_1".into(), "Acme.com".into()],
            forwarding_url: "https://acme.com".into(),
        };
        let b = body_of(client().update_forwarding(&sent(&fwd)).unwrap());
        assert_eq!(b["domains"], json!(["dom_1", "acme.com"]));

        let swap = SwapBody {
            kind: SwapType::Premium,
            domain_id: "dom_1".into(),
            replacement_domain: "new-acme.com".into(),
        };
        assert_eq!(sent(&swap)["type"], "premium");
        client().create_swap(&sent(&swap)).unwrap();
        let names = UserNameSwapBody {
            domain_id: "dom_1".into(),
            personas: vec![persona("Sam")],
        };
        client().swap_user_names(&sent(&names)).unwrap();
    }

    #[test]
    fn filters_become_the_list_builders_pairs() {
        let f = OrderFilters {
            status: Some(OrderStatus::Completed),
            user_email: Some("alex@acme.com".into()),
            ..OrderFilters::default()
        };
        let pairs = f.pairs();
        assert_eq!(
            pairs,
            vec![
                ("status".to_string(), "completed".to_string()),
                ("user_email".to_string(), "alex@acme.com".to_string())
            ]
        );
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = client().list_orders(&borrowed, Paging::default()).unwrap();
        assert!(
            r.url
                .ends_with("/orders?status=completed&user_email=alex%40acme.com"),
            "{}",
            r.url
        );
        let d = DomainFilters {
            usable_for: Some(Provider::Other("yahoo".into())),
            ..DomainFilters::default()
        };
        assert_eq!(d.pairs(), vec![("usable_for".into(), "yahoo".into())]);
        assert!(SwapFilters::default().pairs().is_empty());
    }
}
