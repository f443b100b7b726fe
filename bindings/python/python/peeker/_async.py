"""``AsyncClient``: the :class:`Client`'s requests sent with ``httpx.AsyncClient``
(the optional extra ``pip install 'peeker-sdk[httpx]'``). Building, parsing,
error mapping, the retry decision and the poller are the core's, through the
same calls :meth:`Client.send` uses (``Client._step``); only the I/O is here."""
from __future__ import annotations

import asyncio
import random
import time
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable, Mapping, Optional

from ._api import _int, _type_error
from ._client import Client, Page, Request, Result, _sendable
from ._generated import _DEFAULT_MAX_ATTEMPTS, _DEFAULT_MAX_WAIT, _DEFAULT_TIMEOUT, ImportJob, Order, PollKind
from ._operations import Operations
from ._poll import Poller

if TYPE_CHECKING:
    import httpx

__all__ = ["AsyncClient"]


def _httpx() -> Any:
    try:
        import httpx
    except ImportError as e:  # pragma: no cover - exercised without the extra
        raise ImportError("peeker.AsyncClient needs httpx: pip install 'peeker-sdk[httpx]'") from e
    return httpx


class AsyncClient(Operations):
    """``async with AsyncClient("pk_test_...", base_url=...) as client:`` then
    ``await client.send(client.create_order(...))``. The named builders are the
    :class:`Client`'s (they return a :class:`Request`); ``send`` follows the
    core's retry advice like :meth:`Client.send`, each attempt within
    ``timeout`` seconds, at most ``max_attempts`` attempts. Pass ``http`` (your
    ``httpx.AsyncClient``) to reuse one; it is then not closed by
    :meth:`aclose`."""

    def __init__(self, api_key: str, *, base_url: Optional[str] = None, user_agent: Optional[str] = None,
                 timeout: float = _DEFAULT_TIMEOUT, max_attempts: int = _DEFAULT_MAX_ATTEMPTS,
                 max_wait: float = _DEFAULT_MAX_WAIT,
                 http: Optional["httpx.AsyncClient"] = None) -> None:
        hx = _httpx()
        self._client = Client(api_key, base_url=base_url, user_agent=user_agent)
        self._timeout = float(timeout)
        self._attempts = _int(max_attempts, "max_attempts", 1, 0xFFFFFFFF)
        self._max_wait_ms = int(max(0.0, float(max_wait)) * 1000)
        self._own = http is None
        self._http: httpx.AsyncClient = hx.AsyncClient(follow_redirects=False) if http is None else http

    @property
    def client(self) -> Client:
        """The blocking :class:`Client` that builds and parses (no I/O)."""
        return self._client

    def build(self, operation: str, params: Optional[Mapping[str, Any]] = None) -> Request:
        """:meth:`Client.build`."""
        return self._client.build(operation, params)

    def __repr__(self) -> str:
        return f"AsyncClient({self._client!r})"

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Closes the httpx client this client created (not one you passed)."""
        if self._own:
            await self._http.aclose()

    async def send(self, request: Request, *, sleep: Callable[[float], Any] = asyncio.sleep,
                   jitter: Callable[[], float] = random.random) -> Result[Any]:
        """Sends ``request`` (see :meth:`Client.send` for the retry policy: the
        same core decision). Raises :class:`ApiError`, or the last
        ``httpx.TransportError`` when no response could be had."""
        hx = _httpx()
        _sendable(request)
        attempt = 0
        while True:
            attempt += 1
            try:
                r = await self._http.request(request.method, request.url, headers=dict(request.headers),
                                             content=request.body, timeout=self._timeout)
            except hx.TransportError as e:
                kind = "connect" if isinstance(e, hx.ConnectError) else "timeout"
                out = self._client._step(request, attempt, self._attempts, self._max_wait_ms, float(jitter()),
                                         None, e, kind)
            else:
                out = self._client._step(request, attempt, self._attempts, self._max_wait_ms, float(jitter()),
                                         (r.status_code, list(r.headers.items()), r.content))
            if not isinstance(out, int):
                return out
            await sleep(out / 1000.0)

    async def pages(self, request: Request) -> AsyncIterator[Page[Any]]:
        """``async for page in client.pages(client.list_orders()):``."""
        nxt: Optional[Request] = request
        while nxt is not None:
            page = await self.send(nxt)
            if not isinstance(page, Page):
                raise _type_error("request", "a request of a list operation", request)
            yield page
            nxt = page.next_request

    async def wait_for(self, kind: PollKind, id: str, *, interval: Optional[float] = None,
                       poll_timeout: Optional[float] = None, max_polls: Optional[int] = None,
                       sleep: Callable[[float], Any] = asyncio.sleep,
                       clock: Callable[[], float] = time.monotonic) -> Result[Any]:
        """:meth:`Client.wait_for` with ``await``: the same core :class:`Poller`."""
        poller = Poller(kind, interval=interval, poll_timeout=poll_timeout, max_polls=max_polls)
        request = self.build(poller.operation, {"id": id})
        while True:
            result = await self.send(request, sleep=sleep)
            wait = poller.next(clock(), result, id)
            if wait is None:
                return result
            await sleep(wait)

    async def wait_for_import(self, id: str, *, job: bool = False, **options: Any) -> Result[ImportJob]:
        """:meth:`wait_for` an import (``job=True``: an async import job)."""
        return await self.wait_for("import_job" if job else "import", id, **options)

    async def wait_for_order(self, id: str, **options: Any) -> Result[Order]:
        """:meth:`wait_for` an order."""
        return await self.wait_for("order", id, **options)
