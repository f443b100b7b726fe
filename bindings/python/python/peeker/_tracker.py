"""The order tracker, over the core's (``peeker_tracker_*``)."""
from __future__ import annotations

import json
import threading
from typing import Any, List, Optional, TypedDict, Union

from ._api import Event, _buf, _check, _owned, _type_error, _utf8
from ._errors import PeekerTypeError
from ._native import ffi, lib

__all__ = ["OpenAction", "OrderState", "Tracker"]


class OpenAction(TypedDict):
    """Something the partner should surface: an open action on an order, one of
    its domains, or an import waiting on the customer's registrar."""

    event_type: str
    """The event that opened it: ``order.action_required``,
    ``domain.action_required`` or ``domain_import.action_required``."""
    resource_id: str
    """``ord_...``, ``dom_...`` or ``imp_...``."""
    message: str
    """What to show (e.g. the nameservers to set, or that a profile picture URL
    is not publicly accessible)."""


class OrderState(TypedDict):
    """What the tracker knows of one order."""

    id: str
    status: str
    """The order status; terminal states (``completed``, ``failed``,
    ``cancelled``) never regress to ``in_progress``."""
    domains_connected: int
    domains_total: Optional[int]
    """From the largest ``domain_count`` seen, or None."""
    actions: List[OpenAction]


class Tracker:
    """Follows orders from webhook events that arrive duplicated and out of
    order: feed it every verified event (:meth:`apply`), read each order's state
    (:meth:`order`). Deduplicates on the event id; any order of the same events
    gives the same state. Store it between requests with :meth:`to_json` and
    restore it with :meth:`from_json`.

    Thread-safe (calls are serialised by a lock)."""

    __slots__ = ("_handle", "_lock", "__weakref__")

    def __init__(self) -> None:
        out = ffi.new("PeekerTracker **")
        _check(lib.peeker_tracker_new(out))
        self._handle: Any = ffi.gc(out[0], lib.peeker_tracker_free)
        self._lock = threading.Lock()

    @classmethod
    def from_json(cls, state: Union[str, bytes]) -> "Tracker":
        """Restores a state stored with :meth:`to_json`. Raises
        :class:`RequestError` ``invalid_json`` for text that is not one."""
        if isinstance(state, (bytes, bytearray)):
            b = bytes(state)
        else:
            b = _utf8(state, "state", "a str (from Tracker.to_json())")
        out = ffi.new("PeekerTracker **")
        _check(lib.peeker_tracker_from_json(_buf(b), len(b), out))
        t = cls.__new__(cls)
        t._handle = ffi.gc(out[0], lib.peeker_tracker_free)
        t._lock = threading.Lock()
        return t

    def apply(self, event: Event) -> bool:
        """Feeds one verified event (from :func:`verify_webhook` or
        :func:`verify_webhook_ignoring_timestamp`). Returns True when the event
        was new, False for a repeat of an event id already applied."""
        if not isinstance(event, Event):
            raise _type_error("event", "a peeker.Event from peeker.verify_webhook()", event)
        h = getattr(event, "_handle", None)
        if h is None:
            raise PeekerTypeError(
                "invalid_argument",
                "event was not produced by peeker.verify_webhook() in this process (an Event built by hand "
                "or unpickled carries no verification): verify the stored raw delivery again, e.g. with "
                "peeker.verify_webhook_ignoring_timestamp().",
                None,
                "event",
                int(lib.PEEKER_STATUS_INVALID_ARGUMENT),
            )
        applied = ffi.new("bool *")
        with self._lock:
            _check(lib.peeker_tracker_apply(self._handle, h, applied))
        return bool(applied[0])

    def order(self, order_id: str) -> Optional[OrderState]:
        """The state of order ``order_id``, or None when no event mentioned it."""
        b = _utf8(order_id, "order_id")
        out = ffi.new("char **")
        with self._lock:
            _check(lib.peeker_tracker_order_json(self._handle, _buf(b), len(b), out))
        text = _owned(out[0])
        return None if text is None else json.loads(text)

    def order_ids(self) -> List[str]:
        """The ids of every order seen, sorted."""
        out = ffi.new("char **")
        with self._lock:
            _check(lib.peeker_tracker_order_ids_json(self._handle, out))
        return json.loads(_owned(out[0]) or "[]")  # type: ignore[no-any-return]

    def import_actions(self) -> List[OpenAction]:
        """Imports waiting on the customer's registrar
        (``domain_import.action_required``), with the nameservers to re-show."""
        out = ffi.new("char **")
        with self._lock:
            _check(lib.peeker_tracker_import_actions_json(self._handle, out))
        return json.loads(_owned(out[0]) or "[]")  # type: ignore[no-any-return]

    def status_of(self, kind: str, resource_id: str) -> Optional[str]:
        """The current status of an ``"order"``, ``"import"``, ``"domain"`` or
        ``"swap"`` by id: the status of its latest event (by ``created_at``, as
        an instant; a terminal status is never overtaken), or None when no
        event named it. Raises :class:`ArgumentError` for another kind."""
        k = _utf8(kind, "kind")
        i = _utf8(resource_id, "resource_id")
        out = ffi.new("char **")
        with self._lock:
            _check(lib.peeker_tracker_status(self._handle, _buf(k), len(k), _buf(i), len(i), out))
        return _owned(out[0])

    @property
    def events_seen(self) -> int:
        """Number of distinct events applied."""
        with self._lock:
            return int(lib.peeker_tracker_events_seen(self._handle))

    def to_json(self) -> str:
        """The whole state as JSON text, to store between requests. Trackers fed
        the same events, in any order, give the same text."""
        out = ffi.new("char **")
        with self._lock:
            _check(lib.peeker_tracker_to_json(self._handle, out))
        return _owned(out[0]) or ""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tracker):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Tracker(events_seen={self.events_seen}, orders={len(self.order_ids())})"
