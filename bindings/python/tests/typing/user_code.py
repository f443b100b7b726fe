"""Type-checked (never run) by test.sh with ``mypy --strict``: code a user writes
against the package's public names, so that the models, enumerations and lists
the package re-exports (generated from the core) stay visible to type checkers,
and their enumerations open."""
from __future__ import annotations

from typing import List, Optional

import peeker
from peeker import ApiErrorCode, ApiKeyInfo, ErrorCode, Operation, Order, OrderStatus, WebhookEventType


def order_line(client: peeker.Client, body: bytes) -> str:
    result = client.parse("get_order", 200, {}, body)
    order: Order = result.data
    status: str = order["status"]  # an OrderStatus, or a newer value
    known: List[OrderStatus] = ["completed", "cancelled"]
    costs: Optional[peeker.Costs] = order["costs"]
    total = costs["total_cents"] if costs is not None else 0
    return f"{order['id']} {status} {status in known} {total}"


def pending(client: peeker.Client, body: bytes) -> List[str]:
    page = client.parse("list_pending_actions", 200, {}, body)
    rows: List[peeker.PendingAction] = page.items
    return [f"{a['id']} {a.get('message')} {a['reason']}" for a in rows]


def names() -> List[str]:
    op: Operation = "list_orders"
    code: ErrorCode = "subdomain"
    event: WebhookEventType = "order.completed"
    key: ApiKeyInfo = {"environment": "test", "permission_preset": "full"}
    api: str = ApiErrorCode.RATE_LIMITED
    usable: List[str] = []
    row: peeker.AvailabilityRow = {
        "domain": "acme.com", "available": True, "usable_for": ["google", "a_new_provider"], "premium": False,
        "reason": None, "price_cents": None, "renewal_price_cents": None, "currency": None,
    }
    usable = row["usable_for"]
    return [op, code, event, key["environment"], api, *usable]


def describe_event(event: peeker.KnownWebhookEvent) -> str:
    # mypy narrows the TypedDict union on its Literal `type`.
    if event["type"] == "order.completed":
        return event["data"]["id"]
    if event["type"] == "domain_import.action_required":
        return event["data"]["id"]
    return str(event["type"])


def order_bodies(client: peeker.Client) -> List[peeker.Request]:
    # The request bodies and filters, generated from peeker_core::request::bodies.
    custom: peeker.OrderBody = {
        "user": "alex@acme.com",
        "sequencer": {"provider": "smartlead", "login_email": "ops@acme.com", "login_password": "pw"},
        "domains": ["acme-mail.com", {"domain": "team-acme.com", "forwarding_url": "https://acme.com/x"}],
        "personas": [{"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": None}],
        "google_licenses": 4,
        "google_inboxes_per_domain": 2,
    }
    swap: peeker.SwapBody = {"type": "premium", "domain_id": "dom_1", "replacement_domain": "new.com"}
    update: peeker.BundleUpdate = {"google_percent": None, "microsoft_percent": None}
    return [
        client.create_order(custom),
        client.create_swap(swap),
        client.update_bundle("bun_1", update),
        client.list_orders(status="completed", user_id=None),
        client.list_domains(usable_for="google", category="a_new_category"),
    ]
