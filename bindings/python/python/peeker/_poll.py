"""Pollers: the core decides (``peeker_poller_*``) when to poll an import or an
order again and when to stop; the waiting loops (:meth:`Client.wait_for` and the
async client's) only send, read the clock and sleep."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ._api import _borrowed, _buf, _check, _invalid, _utf8
from ._generated import PollKind
from ._native import ffi, lib

if TYPE_CHECKING:
    from ._client import Result

__all__ = ["PollTimeout", "Poller"]


class PollTimeout(TimeoutError):
    """The poller gave up (``poll_timeout`` or ``max_polls`` ran out) while the
    resource was still ``in_progress``. ``status`` is the last status and
    ``result`` the last poll's :class:`Result`; the message is the core's."""

    def __init__(self, message: str, status: Optional[str], result: "Result[Any]") -> None:
        super().__init__(message)
        self.status = status
        self.result = result


def _ms(seconds: Optional[float], name: str) -> int:
    if seconds is None:
        return 0
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds >= 0:
        raise _invalid(f"{name} must be a number of seconds >= 0, not {seconds!r}.", name)
    return max(1, int(seconds * 1000 + 0.999999))


class Poller:
    """The core's poller for one import (``kind`` ``"import"``), import job
    (``"import_job"``) or order (``"order"``): poll again after ``interval``
    seconds (default the documented 60) while ``in_progress``; any other status
    ends the wait; ``poll_timeout`` (seconds after the first answer) and
    ``max_polls`` give up (:class:`PollTimeout`)."""

    def __init__(self, kind: PollKind, *, interval: Optional[float] = None, poll_timeout: Optional[float] = None,
                 max_polls: Optional[int] = None) -> None:
        k = _utf8(kind, "kind")
        if max_polls is not None and (isinstance(max_polls, bool) or not isinstance(max_polls, int)
                                      or not 1 <= max_polls < 2**32):
            raise _invalid(f"max_polls must be an int >= 1, not {max_polls!r}.", "max_polls")
        if interval is not None and not (isinstance(interval, (int, float)) and interval > 0):
            raise _invalid(f"interval must be a number of seconds > 0, not {interval!r}.", "interval")
        out = ffi.new("PeekerPoller **")
        _check(lib.peeker_poller_new(_buf(k), len(k), _ms(interval, "interval"), _ms(poll_timeout, "poll_timeout"),
                                     max_polls or 0, out))
        self._h = ffi.gc(out[0], lib.peeker_poller_free)

    @property
    def operation(self) -> str:
        """The operation polled: ``get_import``, ``get_import_job`` or ``get_order``."""
        return ffi.string(lib.peeker_poller_operation(self._h)).decode()  # type: ignore[no-any-return]

    @property
    def status(self) -> Optional[str]:
        """The last status seen, as sent."""
        return _borrowed(lib.peeker_poller_status, self._h)

    def next(self, now: float, result: "Result[Any]", id: str) -> Optional[float]:
        """The decision after the poll ``result`` at ``now`` (seconds, your
        monotonic clock): seconds to wait before the next poll, or None when the
        wait is over. Raises :class:`PollTimeout` when the poller gives up."""
        data = result.data
        status = data.get("status") if isinstance(data, dict) else None
        # No str status: NULL, the core's unexpected_response.
        s = _utf8(status, "result.data.status") if isinstance(status, str) else None
        decision = ffi.new("PeekerPollDecision *")
        wait = ffi.new("uint64_t *")
        _check(lib.peeker_poller_next_status(self._h, int(max(0.0, now) * 1000), ffi.NULL if s is None else _buf(s),
                                             0 if s is None else len(s), decision, wait))
        if decision[0] == lib.PEEKER_POLL_DECISION_WAIT:
            return int(wait[0]) / 1000.0
        if decision[0] == lib.PEEKER_POLL_DECISION_DONE:
            return None
        i = _utf8(id, "id")
        raise PollTimeout(_borrowed(lib.peeker_poller_gave_up_message, self._h, _buf(i), len(i)) or "gave up",
                          self.status, result)

