"""Typed shapes of the API's JSON: the request bodies, and the response models.

The response models, the documented values of each enumeration (``OrderStatus``,
...), the operations, the error codes and the webhook event types are generated
from the Rust core (:mod:`peeker._generated`, by ``peeker-codegen``) and
re-exported by :mod:`peeker`. What stays hand-written: the request bodies (the core validates
them as JSON).

These are ``TypedDict``s, so they are plain ``dict``s at run time. Nothing here
validates or parses; the core does.
"""
from __future__ import annotations

from typing import List, Optional, TypedDict, Union

from ._generated import MeKey, Persona

__all__ = [
    "ApiKeyInfo",
    "BundleBody",
    "BundleUpdate",
    "DomainForwarding",
    "OrderBody",
    "Sequencer",
    "SwapBody",
    "UserNameSwapBody",
]

ApiKeyInfo = MeKey
"""``GET /me`` -> ``api_key`` (the former name of :class:`MeKey`)."""

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
