"""The order tracker, over the core's (``peeker_tracker_*``)."""
from __future__ import annotations

import json
import threading
from typing import Any, Callable, Iterable, List, Optional, Tuple, TypedDict, Union

from ._api import Event, _buf, _check, _invalid, _take_str, _type_error, _utf8
from ._errors import PeekerTypeError
from ._native import ffi, lib

__all__ = [
    "OpenAction",
    "OrderState",
    "Tracker",
    "UnreadableEvent",
    "state_key",
    "state_merge",
    "state_order_view",
    "state_reduce",
]


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


class UnreadableEvent(TypedDict):
    """An event the tracker counted but could not place (see
    :meth:`Tracker.unreadable`)."""

    event_id: str
    event_type: str


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


def _event_handle(event: Event) -> Any:
    if not isinstance(event, Event):
        raise _type_error("event", "a peeker.Event from peeker.verify_webhook()", event)
    h = getattr(event, "_handle", None)
    if h is None:
        raise _invalid(
            "event was not produced by peeker.verify_webhook() in this process (an Event built by hand "
            "or unpickled carries no verification): verify the stored raw delivery again, e.g. with "
            "peeker.verify_webhook_ignoring_timestamp().",
            "event",
            PeekerTypeError,
        )
    return h


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
        b = _state_bytes(state, "state", "a str (from Tracker.to_json())")
        out = ffi.new("PeekerTracker **")
        _check(lib.peeker_tracker_from_json(_buf(b), len(b), out))
        t = cls.__new__(cls)
        t._handle = ffi.gc(out[0], lib.peeker_tracker_free)
        t._lock = threading.Lock()
        return t

    def _call(self, fn: Callable[..., int], *args: Any) -> Optional[str]:
        """``fn(handle, *args, char **out)`` under the lock: the string it wrote."""
        with self._lock:
            return _take_str(fn, self._handle, *args)

    def apply(self, event: Event) -> bool:
        """Feeds one verified event (from :func:`verify_webhook` or
        :func:`verify_webhook_ignoring_timestamp`). Returns True when the event
        was new, False for a repeat of an event id already applied."""
        h = _event_handle(event)
        applied = ffi.new("bool *")
        with self._lock:
            _check(lib.peeker_tracker_apply(self._handle, h, applied))
        return bool(applied[0])

    def order(self, order_id: str) -> Optional[OrderState]:
        """The state of order ``order_id``, or None when no event mentioned it."""
        b = _utf8(order_id, "order_id")
        text = self._call(lib.peeker_tracker_order_json, _buf(b), len(b))
        return None if text is None else json.loads(text)

    def order_ids(self) -> List[str]:
        """The ids of every order seen, sorted."""
        return json.loads(self._call(lib.peeker_tracker_order_ids_json) or "[]")  # type: ignore[no-any-return]

    def import_actions(self) -> List[OpenAction]:
        """Imports waiting on the customer's registrar
        (``domain_import.action_required``), with the nameservers to re-show."""
        return json.loads(self._call(lib.peeker_tracker_import_actions_json) or "[]")  # type: ignore[no-any-return]

    def unreadable(self) -> List[UnreadableEvent]:
        """Events of a followed kind (``order.*``, ``domain.*``,
        ``domain_import.*``, ``swap.*``) whose ``data`` named no resource (no
        string ``id``): counted in :attr:`events_seen`, never dropped unseen.
        Empty for every event in the documented shapes; log them and ask the API
        for the resource."""
        return json.loads(self._call(lib.peeker_tracker_unreadable_json) or "[]")  # type: ignore[no-any-return]

    def status_of(self, kind: str, resource_id: str) -> Optional[str]:
        """The current status of an ``"order"``, ``"import"``, ``"domain"`` or
        ``"swap"`` by id: the status of its latest event (by ``created_at``, as
        an instant; a terminal status is never overtaken), or None when no
        event named it. Raises :class:`ArgumentError` for another kind."""
        k = _utf8(kind, "kind")
        i = _utf8(resource_id, "resource_id")
        return self._call(lib.peeker_tracker_status, _buf(k), len(k), _buf(i), len(i))

    @property
    def events_seen(self) -> int:
        """Number of distinct events applied."""
        with self._lock:
            return int(lib.peeker_tracker_events_seen(self._handle))

    def to_json(self) -> str:
        """The whole state as JSON text, to store between requests. Trackers fed
        the same events, in any order, give the same text."""
        return self._call(lib.peeker_tracker_to_json) or ""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tracker):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Tracker(events_seen={self.events_seen}, orders={len(self.order_ids())})"


# Per-resource states: the bounded form to store, one row per resource. The rules
# (the winner, the merge) are the core's (peeker_state_*); these only translate.


def _state_ptr(state: Optional[Union[str, bytes]], name: str) -> Tuple[Any, int]:
    """A stored state (None: none yet) as the pointer and length libpeeker takes."""
    if state is None:
        return ffi.NULL, 0
    b = _state_bytes(state, name)
    return _buf(b), len(b)


def _state_bytes(
    state: Union[str, bytes], name: str, expected: str = "a str (a stored state from state_reduce())"
) -> bytes:
    if isinstance(state, (bytes, bytearray)):
        return bytes(state)
    return _utf8(state, name, expected)


def state_key(event: Event) -> Optional[str]:
    """The storage key of the resource a verified event is about,
    ``"KIND:ID"`` (``order``, ``domain``, ``import``, ``swap``; e.g.
    ``"order:ord_1"``), or None when the event is about no followed resource."""
    return _take_str(lib.peeker_state_key, _event_handle(event))


def state_reduce(state: Optional[Union[str, bytes]], event: Event) -> Optional[str]:
    """Reduces one verified event into a resource's stored state (JSON text, or
    None for none yet) and returns the new state. The same events in any order,
    with any repeats, give the same text: the winner is a terminal event first,
    then the latest ``created_at`` (as an instant), then the larger event id.
    Returns ``state`` unchanged (None if None) for an event about no followed
    resource; raises ``invalid_argument`` for an event of another resource and
    ``invalid_json`` for text that is not a stored state."""
    return _take_str(lib.peeker_state_reduce, *_state_ptr(state, "state"), _event_handle(event))


def state_merge(a: Union[str, bytes], b: Union[str, bytes]) -> str:
    """Merges two stored states of the same resource: commutative, associative
    and idempotent (the state of the union of their events)."""
    x = _state_bytes(a, "a")
    y = _state_bytes(b, "b")
    return _take_str(lib.peeker_state_merge, _buf(x), len(x), _buf(y), len(y)) or ""


def state_order_view(
    order_id: str,
    order_state: Optional[Union[str, bytes]],
    domain_states: Iterable[Union[str, bytes]],
) -> Optional[OrderState]:
    """The view of an order (as :meth:`Tracker.order`) from stored states: the
    order's (or None) and its domains' (states of other orders' domains are
    ignored). None when no state names the order."""
    i = _utf8(order_id, "order_id")
    o = _state_ptr(order_state, "order_state")
    parts = [_state_bytes(d, "domain_states") for d in domain_states]
    arr = b"[" + b",".join(parts) + b"]"
    text = _take_str(lib.peeker_state_order_view_json, _buf(i), len(i), *o, _buf(arr), len(arr))
    return None if text is None else json.loads(text)
