"""Typed shapes of the API's JSON: request bodies and response models.

These are ``TypedDict``s, so they are plain ``dict``s at run time: what
:meth:`peeker.Client.parse` returns is exactly the JSON the Rust core produced
(``peeker_core::models``, normalised: every documented key present, ``None`` where
the API sent nothing, unknown fields dropped). Nothing here validates or parses;
the core does.

Enumerations (statuses, reasons, providers) are typed ``str``: a value this
version does not know is kept as sent, so a new server value never breaks a
deployed program. The ``Literal`` aliases (``OrderStatus``, ...) list the
documented values for comparison and completion.
"""
from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

__all__ = [
    "ApiKeyInfo",
    "Availability",
    "AvailabilityReason",
    "AvailabilityRow",
    "Bundle",
    "BundleBody",
    "BundleUpdate",
    "CancelledDomain",
    "CancelSchedule",
    "Costs",
    "DeletedBundle",
    "Domain",
    "DomainForwarding",
    "FailedRow",
    "ForwardingJob",
    "ForwardingStatus",
    "ImportJob",
    "ImportStatus",
    "LineItem",
    "Me",
    "NameserverGroup",
    "Order",
    "OrderBody",
    "OrderDomains",
    "OrderStatus",
    "Partner",
    "PendingAction",
    "PendingReason",
    "Persona",
    "Provider",
    "RequiredDomains",
    "Sequencer",
    "Split",
    "Swap",
    "SwapBody",
    "SwapStatus",
    "UserNameSwapBody",
    "UserNameSwaps",
]

# ---------------------------------------------------------------------------
# Documented enumeration values (unknown values are kept as plain str)
# ---------------------------------------------------------------------------

OrderStatus = Literal["in_progress", "completed", "failed", "action_required", "cancel_scheduled", "cancelled"]
ImportStatus = Literal["in_progress", "completed", "failed", "action_required"]
ForwardingStatus = Literal["in_progress", "completed", "partial_success", "failed"]
SwapStatus = Literal["created", "in_progress", "completed", "failed", "action_required"]
Provider = Literal["google", "microsoft"]
AvailabilityReason = Literal["taken", "premium", "invalid", "errored", "stale"]
PendingReason = Literal["profile_picture_not_accessible", "update_nameservers", "replace_domain"]

# ---------------------------------------------------------------------------
# Responses (the `data` of each operation)
# ---------------------------------------------------------------------------


class ApiKeyInfo(TypedDict):
    environment: str
    """``"test"`` (sandbox) or ``"live"``."""
    permission_preset: str
    """``"full"``, ``"limited"`` or ``"read"``."""


class Partner(TypedDict):
    id: str
    """``org_...``"""
    name: Optional[str]


class Me(TypedDict):
    """``GET /me`` (operation ``me``)."""

    api_key: ApiKeyInfo
    partner: Partner


class AvailabilityRow(TypedDict):
    """One row of ``POST /domains/availability``."""

    domain: str
    available: bool
    """True: can be registered and ordered now."""
    usable_for: List[str]
    """Providers it suits (``"google"``, ``"microsoft"``)."""
    premium: bool
    """Premium domains cannot be ordered through the API."""
    reason: Optional[str]
    """Why not available: an :data:`AvailabilityReason` (or a newer value)."""
    price_cents: Optional[int]
    renewal_price_cents: Optional[int]
    currency: Optional[str]


class Availability(TypedDict):
    """``POST /domains/availability`` (operation ``check_availability``)."""

    domains: List[AvailabilityRow]


class NameserverGroup(TypedDict):
    """Nameservers the customer must set at their registrar for ``domains``."""

    nameserver_one: str
    nameserver_two: str
    domains: List[str]


class FailedRow(TypedDict):
    domain: str
    reason: Optional[str]


class ImportJob(TypedDict):
    """An import, synchronous or a job (operations ``import_domains``,
    ``get_import``, ``create_import_job``, ``get_import_job``, ``find_imports``)."""

    id: str
    """``imp_...``"""
    status: str
    """An :data:`ImportStatus` (or a newer value)."""
    submitted_count: int
    completed_count: int
    failed_count: int
    nameserver_groups: List[NameserverGroup]
    failed: List[FailedRow]
    created_at: Optional[str]
    completed_at: Optional[str]


class Domain(TypedDict):
    """A row of ``GET /domains`` (operation ``list_domains``)."""

    id: str
    """``dom_...``"""
    domain: str
    category: Optional[str]
    """``"inventory"`` or ``"connected"``."""
    status: Optional[str]
    provider: Optional[str]
    user_id: Optional[str]
    order_id: Optional[str]
    usable_for: List[str]
    forwarding_url: Optional[str]
    created_at: Optional[str]


class ForwardingJob(TypedDict):
    """A forwarding job (operations ``update_forwarding``, ``get_forwarding_job``)."""

    id: str
    """``fwj_...``"""
    status: str
    """A :data:`ForwardingStatus` (or a newer value)."""
    forwarding_url: Optional[str]
    completed_count: int
    failed_count: int
    completed: List[str]
    failed: List[FailedRow]
    created_at: Optional[str]
    completed_at: Optional[str]


class Split(TypedDict):
    google_percent: Optional[int]
    microsoft_percent: Optional[int]


class RequiredDomains(TypedDict):
    google: int
    microsoft: int
    total: int


class Bundle(TypedDict):
    """A bundle (operations ``create_bundle``, ``get_bundle``, ``update_bundle``,
    rows of ``list_bundles``)."""

    id: str
    """``bun_...``"""
    name: Optional[str]
    monthly_sending_volume: Optional[int]
    google_percent: Optional[int]
    microsoft_percent: Optional[int]
    send_on_weekends: Optional[bool]
    google_inboxes_per_domain: Optional[int]
    status: Optional[str]
    """``"active"``, ``"archived"`` or ``"deleted"``."""
    effective: Optional[Split]
    required_domains: Optional[RequiredDomains]
    created_at: Optional[str]


class DeletedBundle(TypedDict, total=False):
    """``DELETE /bundles/{id}`` (operation ``delete_bundle``), kept as sent."""

    id: str
    status: str
    """``"deleted"``, or ``"archived"`` when an order used the bundle."""


class Persona(TypedDict):
    """An inbox owner, in an order body and in a full order."""

    first_name: str
    last_name: str
    profile_picture_url: Optional[str]
    """A public http(s) URL, ``None`` or ``""``; the key is required."""


class LineItem(TypedDict):
    type: str
    """``"google_license"``, ``"microsoft_license"``, ``"domain_registration"``, ..."""
    quantity: Optional[int]
    amount_cents: Optional[int]


class Costs(TypedDict):
    total_cents: int
    currency: str
    line_items: List[LineItem]
    """Empty in the lean receipt."""


class OrderDomains(TypedDict):
    registered: List[str]
    """Bought by Peeker."""
    imported: List[str]
    """Imported by the partner."""


class Order(TypedDict):
    """An order: the lean receipt (``create_order``, rows of ``list_orders``) or
    the full order (``get_order``: ``domains`` and ``personas`` set)."""

    id: str
    """``ord_...``"""
    user_id: Optional[str]
    email: Optional[str]
    bundle_id: Optional[str]
    status: str
    """An :data:`OrderStatus` (or a newer value)."""
    domain_count: Optional[int]
    costs: Optional[Costs]
    domains: Optional[OrderDomains]
    personas: Optional[List[Persona]]
    renews_at: Optional[str]
    created_at: Optional[str]


class PendingAction(TypedDict, total=False):
    """A row of ``GET /orders/pending`` (operation ``list_pending_actions``).
    ``id``, ``order_id``, ``domain_id``, ``domain``, ``reason`` and ``status`` are
    always present (possibly ``None``); other fields are kept as sent."""

    id: str
    """``act_...``"""
    order_id: Optional[str]
    domain_id: Optional[str]
    domain: Optional[str]
    reason: Optional[str]
    """A :data:`PendingReason` (or a newer value)."""
    status: Optional[str]
    """``"open"`` or ``"resolved"``."""
    type: str
    """e.g. ``"google_profile_picture"`` (as sent)."""
    message: str
    """Text the API suggests showing (as sent)."""
    user: Dict[str, Any]
    created_at: str


class CancelledDomain(TypedDict, total=False):
    id: str
    domain: str


class CancelSchedule(TypedDict, total=False):
    """``POST /orders/{id}/cancel`` (operation ``cancel_order``), kept as sent."""

    id: str
    status: str
    cancellation_scheduled_at: str
    cancels_at: str
    domains: List[CancelledDomain]


class Swap(TypedDict):
    """A swap (operations ``create_swap``, ``get_swap``, rows of ``list_swaps``
    and of ``swap_user_names``)."""

    id: str
    """``swp_...``"""
    type: Optional[str]
    """``"standard"``, ``"premium"`` or ``"user_names"``."""
    domain_id: Optional[str]
    replacement_domain: Optional[str]
    status: str
    """A :data:`SwapStatus` (or a newer value)."""
    created_at: Optional[str]


class UserNameSwaps(TypedDict):
    """``POST /swaps/user_names`` (operation ``swap_user_names``): one row per
    inbox on the domain."""

    swaps: List[Swap]


# ---------------------------------------------------------------------------
# Request bodies (plain dicts work as well; the core validates either)
# ---------------------------------------------------------------------------


class _SequencerRequired(TypedDict):
    provider: str
    """``"smartlead"``."""


class Sequencer(_SequencerRequired, total=False):
    client_id: int
    login_email: str
    login_password: str
    """Never shown in a ``repr`` or an error message of this package."""


class DomainForwarding(TypedDict):
    """An order domain with its own forwarding URL."""

    domain: str
    forwarding_url: str


class _OrderBodyRequired(TypedDict):
    user: str
    """The customer's e-mail address or their ``usr_...`` id."""
    sequencer: Sequencer
    domains: List[Union[str, DomainForwarding]]
    personas: List[Persona]
    """Up to 10; every persona carries ``profile_picture_url``."""


class OrderBody(_OrderBodyRequired, total=False):
    """``POST /orders``: a bundle order (``bundle_id``) or a custom order
    (``google_licenses`` / ``microsoft_licenses`` / ``google_inboxes_per_domain``),
    never both."""

    bundle_id: str
    google_licenses: int
    microsoft_licenses: int
    google_inboxes_per_domain: int
    forwarding_url: str


class _BundleBodyRequired(TypedDict):
    name: str
    monthly_sending_volume: int


class BundleBody(_BundleBodyRequired, total=False):
    """``POST /bundles``. The two percentages are set together (adding up to 100)
    or not at all."""

    google_percent: Optional[int]
    microsoft_percent: Optional[int]
    send_on_weekends: bool
    google_inboxes_per_domain: int


class BundleUpdate(TypedDict, total=False):
    """``PATCH /bundles/{id}``: every field optional."""

    name: str
    monthly_sending_volume: int
    google_percent: Optional[int]
    microsoft_percent: Optional[int]
    send_on_weekends: bool
    google_inboxes_per_domain: int


class SwapBody(TypedDict):
    """``POST /swaps``."""

    type: str
    """``"standard"`` or ``"premium"``."""
    domain_id: str
    """The ``dom_...`` id of the domain to retire."""
    replacement_domain: str


class UserNameSwapBody(TypedDict):
    """``POST /swaps/user_names``."""

    domain_id: str
    personas: List[Persona]
