"""The API client: requests built by the core, responses parsed by the core, and
a small optional transport over ``urllib.request``.

Every method of :class:`Client` is one call of the core's operation table
(``peeker_client_build`` with the operation name and JSON parameters); every
response goes through ``peeker_client_parse``. This module only translates Python
values to JSON and back, and C handles to dataclasses.
"""
from __future__ import annotations

import http.client
import json
import platform
import random
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import (
    Any,
    Callable,
    Dict,
    Generic,
    Iterator,
    List,
    Mapping,
    Optional,
    Tuple,
    TypeVar,
    Union,
)

from . import _api
from ._api import (
    HeadersLike,
    _buf,
    _c_str,
    _check,
    _headers,
    _int,
    _invalid,
    _json_bytes,
    _text_or_bytes,
    _type_error,
    _utf8,
)
from ._errors import ResponseError
from ._generated import (
    _DEFAULT_MAX_ATTEMPTS,
    _DEFAULT_MAX_WAIT,
    _DEFAULT_TIMEOUT,
    _LIST_OPERATIONS,
    ApiErrorCode,
    ImportJob,
    Order,
    PollKind,
    RetryAdvice,
)
from ._native import ffi, lib
from ._operations import Operations
from ._poll import Poller

__all__ = [
    "OPERATIONS",
    "ApiError",
    "Client",
    "Page",
    "Request",
    "Result",
    "backoff_delay_ms",
    "retry_decision",
    "operation_retry_safe",
]

T = TypeVar("T")

OPERATIONS: Tuple[str, ...] = tuple(
    _api._c_str(lib.peeker_operation_name(i)) or "" for i in range(int(lib.peeker_operation_count()))
)
"""Every operation the core knows, in the order of the API reference (from libpeeker)."""


# ---------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=True)
class Request:
    """A request built (and validated) by the core, ready to send with any HTTP
    client: ``method``, full ``url`` (query encoded), ``headers`` (including
    ``Authorization: Bearer <key>``) and the JSON ``body`` bytes, or None.

    ``repr()`` never shows the API key or the body (an order body carries the
    Smartlead password)."""

    method: str
    """``"GET"``, ``"POST"``, ``"PATCH"`` or ``"DELETE"``."""
    url: str
    headers: Dict[str, str] = field(repr=False)
    """Header name -> value; pass it as is to ``urllib.request.Request``,
    ``requests`` or ``httpx``."""
    body: Optional[bytes] = field(repr=False)
    """The JSON body exactly as it must be sent, or None."""
    operation: str = ""
    """The operation that built it: :meth:`Client.parse` / :meth:`Client.send`
    parse the response with it."""
    retry_safe: bool = False
    """Whether the SDK may send it again on its own after a timeout or a 5xx
    answer (the core's rule: every GET, ``check_availability``, ``create_order``,
    ``import_domains``, ``create_import_job``, ``update_forwarding``; not swaps,
    bundles or ``cancel_order``). :func:`retry_decision` takes it."""

    def json(self) -> Any:
        """The body parsed from JSON (None without a body), to inspect it."""
        return None if self.body is None else json.loads(self.body)

    def to_urllib(self) -> urllib.request.Request:
        """This request as a ``urllib.request.Request``."""
        return urllib.request.Request(self.url, data=self.body, headers=dict(self.headers), method=self.method)

    def __repr__(self) -> str:
        shown = {k: _redacted_value(k) or v for k, v in self.headers.items()}
        body = "None" if self.body is None else f"<{len(self.body)} bytes>"
        return (
            f"Request(operation={self.operation!r}, method={self.method!r}, url={self.url!r}, "
            f"headers={shown!r}, body={body})"
        )

    def __hash__(self) -> int:
        return hash((self.method, self.url, self.body, tuple(self.headers.items())))

    def __reduce__(self) -> Any:
        # The values only, not the native handle (kept for Client.order_dedupe_key).
        return (Request, (self.method, self.url, dict(self.headers), self.body, self.operation, self.retry_safe))


# ---------------------------------------------------------------------------
# Results and API errors
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Result(Generic[T]):
    """A successful response, parsed into its typed model by the core."""

    operation: str
    status: int
    """The HTTP status (2xx)."""
    request_id: Optional[str]
    """``Peeker-Request-Id``: log it; support looks calls up by it."""
    data: T
    """The resource: a ``TypedDict`` of :mod:`peeker` (``Order``, ``ImportJob``...)."""


@dataclass(frozen=True)
class Page(Result[List[T]]):
    """One page of a list endpoint."""

    next_request: Optional[Request] = None
    """The request for the next page, built from ``links.next``; None on the
    last page. Never build a ``page_token`` by hand."""
    meta: Optional[Dict[str, Any]] = None
    """``meta`` as sent (``path``, ``per_page``, ``returned``...); None when absent."""
    first: Optional[str] = None
    """``links.first``: the URL of the list's first page; None when absent."""

    @property
    def items(self) -> List[T]:
        """The rows of this page."""
        return self.data

    @property
    def is_last(self) -> bool:
        return self.next_request is None


class ApiError(ResponseError):
    """The API answered with an error (non-2xx). ``.code`` is ``"api_error"``;
    the API's own code is :attr:`api_code`.

    Attributes:
        status: the HTTP status.
        api_code: the API's ``error.code``: an :class:`ApiErrorCode` when
            documented, the string as sent otherwise, None when the body was
            not the error envelope (HTML from a proxy, empty, truncated).
        message: the one message of an API error in every Peeker SDK (the core's
            wording): status, API code and message, field, request id and retry
            advice. For people; never branch on it.
        api_message: the API's own ``error.message``, or None.
        field: the API's ``error.field``, the offending input.
        details: ``error.details``, parsed from JSON, or None.
        request_id: ``Peeker-Request-Id``.
        retry: ``"never"`` (fix the request), ``"after"`` (wait
            :attr:`retry_after_seconds`) or ``"backoff"`` (5xx; see
            :func:`backoff_delay_ms`).
        retry_after_seconds: the wait for ``"after"``.
    """

    status: int
    api_code: Union[ApiErrorCode, str, None]
    api_message: Optional[str]
    details: Any
    request_id: Optional[str]
    retry: RetryAdvice
    retry_after_seconds: Optional[int]

    def __init__(
        self,
        status: int,
        api_code: Optional[str],
        message: Optional[str],
        field: Optional[str],
        details: Any,
        request_id: Optional[str],
        retry: RetryAdvice,
        retry_after_seconds: Optional[int],
        summary: Optional[str] = None,
    ) -> None:
        known: Union[ApiErrorCode, str, None] = api_code
        if api_code is not None:
            try:
                known = ApiErrorCode(api_code)
            except ValueError:
                known = api_code
        # The core words the message (peeker_response_error_summary); an ApiError made
        # by hand without it falls back to the API's message.
        text = summary or message or f"HTTP {status}"
        super().__init__("api_error", text, None, field, int(lib.PEEKER_STATUS_API_ERROR))
        self.status = status
        self.api_message = message
        self.api_code = known
        self.details = details
        self.request_id = request_id
        self.retry = retry
        self.retry_after_seconds = retry_after_seconds

    def __reduce__(self) -> Any:
        return (
            ApiError,
            (self.status, None if self.api_code is None else str(self.api_code), self.api_message, self.field,
             self.details, self.request_id, self.retry, self.retry_after_seconds, self.message),
        )

    def __repr__(self) -> str:
        return (
            f"ApiError(status={self.status!r}, api_code={None if self.api_code is None else str(self.api_code)!r}, "
            f"message={self.message!r}, field={self.field!r}, request_id={self.request_id!r}, "
            f"retry={self.retry!r}, retry_after_seconds={self.retry_after_seconds!r})"
        )


def backoff_delay_ms(attempt: int, jitter: float) -> int:
    """The core's suggested delay, in milliseconds, before retry number
    ``attempt`` (1-based) of a 5xx / transport failure, for a caller-supplied
    ``jitter`` in [0, 1] (e.g. ``random.random()``): exponential from 0.5 s,
    capped at 30 s, "equal jitter"."""
    a = _int(attempt, "attempt", 0, 2**32 - 1)
    if isinstance(jitter, bool) or not isinstance(jitter, (int, float)):
        raise _type_error("jitter", "a float in [0, 1]", jitter)
    return int(lib.peeker_backoff_delay_ms(a, float(jitter)))


# ---------------------------------------------------------------------------
# Translation helpers
# ---------------------------------------------------------------------------


def _sendable(request: Any) -> None:
    """What both clients' ``send`` check first: a :class:`Request` one of their
    methods built (it names its operation)."""
    if not isinstance(request, Request):
        raise _type_error("request", "a peeker.Request", request)
    if not request.operation:
        raise _invalid("request.operation is empty: build requests with a Client method.", "request")


def _redacted_value(name: str) -> Optional[str]:
    """What a printed request shows instead of header ``name``'s value (the core's
    rule: the Authorization value), or None to show it."""
    b = name.encode("utf-8", "surrogatepass")
    return _c_str(lib.peeker_redacted_header_value(_buf(b), len(b)))


def _user_agent_suffix(user_agent: Optional[str]) -> str:
    base = f"python/{platform.python_version()}"
    if user_agent is None:
        return base
    if not isinstance(user_agent, str):
        raise _type_error("user_agent", "a str", user_agent)
    return f"{base} {user_agent}"


def _request_from_handle(h: Any, operation: str, keep: bool) -> Request:
    """A :class:`Request` from a ``PeekerRequest*`` (kept, for
    :meth:`Client.order_dedupe_key`, when ``keep``)."""
    body_n = ffi.new("size_t *")
    body_p = lib.peeker_request_body(h, body_n)
    headers: Dict[str, str] = {}
    for i in range(int(lib.peeker_request_header_count(h))):
        headers[_api._borrowed(lib.peeker_request_header_name, h, i) or ""] = (
            _api._borrowed(lib.peeker_request_header_value, h, i) or ""
        )
    r = Request(
        method=_api._borrowed(lib.peeker_request_method, h) or "",
        url=_api._borrowed(lib.peeker_request_url, h) or "",
        headers=headers,
        body=None if body_p == ffi.NULL else bytes(ffi.unpack(body_p, body_n[0])),
        operation=operation,
        retry_safe=bool(lib.peeker_request_retry_safe(h)),
    )
    if keep:
        object.__setattr__(r, "_handle", h)
    return r


# ---------------------------------------------------------------------------
# The client
# ---------------------------------------------------------------------------


class Client(Operations):
    """Builds the request of every API operation and parses its response.

    ``Client("pk_test_...")`` checks the key's form (``pk_live_...`` or
    ``pk_test_...``; :class:`RequestError` ``invalid_api_key``); ``base_url``
    overrides ``https://api.peeker.ai/partner/v1`` (the offline sandbox, a proxy;
    ``invalid_base_url``); ``user_agent`` is appended to the SDK's User-Agent
    (e.g. ``"acme-portal/2.1"``).

    The client does no I/O: each method returns a :class:`Request` to send with
    any HTTP client; :meth:`parse` turns the response into a :class:`Result` or
    raises :class:`ApiError`. :meth:`send` is an optional transport over
    ``urllib.request`` that follows the core's retry advice.

    Thread-safe: a client can be shared by threads. ``repr()`` never shows the key.
    """

    __slots__ = ("_handle", "__weakref__")

    _handle: Any

    def __init__(self, api_key: str, *, base_url: Optional[str] = None, user_agent: Optional[str] = None) -> None:
        # No key (None) is the core's invalid_api_key ("An API key is required: ..."), as in Node.
        key = b"" if api_key is None else _utf8(api_key, "api_key")
        base = b"" if base_url is None else _utf8(base_url, "base_url")
        ua = _utf8(_user_agent_suffix(user_agent), "user_agent")
        out = ffi.new("PeekerClient **")
        _check(lib.peeker_client_new(_buf(key), len(key), _buf(base), len(base), _buf(ua), len(ua), out))
        self._handle = ffi.gc(out[0], lib.peeker_client_free)

    # -- information ---------------------------------------------------------

    @property
    def environment(self) -> str:
        """``"live"`` or ``"test"``, from the key's prefix."""
        return _api._c_str(lib.peeker_client_environment_name(self._handle)) or ""

    @property
    def base_url(self) -> str:
        """The base URL requests are built against."""
        return _api._borrowed(lib.peeker_client_base_url, self._handle) or ""

    @property
    def user_agent(self) -> str:
        """The User-Agent header sent."""
        return _api._borrowed(lib.peeker_client_user_agent, self._handle) or ""

    def __repr__(self) -> str:
        return f"Client(environment={self.environment!r}, base_url={self.base_url!r})"

    # -- the two generic entry points ----------------------------------------

    def build(self, operation: str, params: Optional[Mapping[str, Any]] = None) -> Request:
        """The request of ``operation`` (one of :data:`Operation`) from its
        parameters, as the core's table takes them: ``id``, ``domains``,
        ``body``, ``filters`` (a dict), ``per_page``, ``next``. The named
        methods (:meth:`get_order`, ...) call this.

        Raises :class:`RequestError` ``invalid_request`` (``.field`` names the
        offending input, e.g. ``"personas[0].profile_picture_url"``),
        :class:`DomainError` for a domain that is not a root domain (``.field``
        ``"domains[1]"``, ``.suggestion``), ``too_many_domains``,
        ``unsupported_number``, or :class:`ArgumentError` ``invalid_argument``
        (unknown operation, wrong parameter types)."""
        op = _utf8(operation, "operation")
        if params is not None and not isinstance(params, Mapping):
            raise _type_error("params", "a dict", params)
        pj = _json_bytes(dict(params or {}), "params", "params is nested too deeply to be sent as JSON.",
                         "params cannot be sent as JSON", allow_nan=False)
        out = ffi.new("PeekerRequest **")
        _check(lib.peeker_client_build(self._handle, _buf(op), len(op), _buf(pj), len(pj), out))
        h = ffi.gc(out[0], lib.peeker_request_free)
        return _request_from_handle(h, operation, keep=True)

    def _parse(self, operation: str, status: int, headers: HeadersLike, body: Union[bytes, str],
               retry: Optional[Tuple[bool, int, int, float, int]]) -> Union[Result[Any], int]:
        """Parses the response of ``operation``: status, headers (a mapping or
        pairs; ``Peeker-Request-Id`` found case-insensitively) and the raw body.

        Returns a :class:`Result` whose ``data`` is the typed model (a
        ``TypedDict``), or for list operations a :class:`Page` with ``items``
        and ``next_request`` (None on the last page).

        Raises :class:`ApiError` for a non-2xx response (with the retry advice),
        :class:`ResponseError` ``unexpected_response`` for a 2xx body that is
        not the documented shape. With ``retry``, the milliseconds to wait instead
        when the core says to send the request again."""
        op = _utf8(operation, "operation")
        st = _int(status, "status", 0, 65535)
        b = _text_or_bytes(body, "body")
        harr, hcount, hkeep = _headers(headers)
        out = ffi.new("PeekerResponse **")
        _check(lib.peeker_client_parse(self._handle, _buf(op), len(op), st, harr, hcount, _buf(b), len(b), out))
        h = out[0]
        try:
            if retry is not None:
                safe, attempt, attempts, jit, max_wait_ms = retry
                wait = ffi.new("uint64_t *")
                if lib.peeker_retry_decide(safe, attempt, attempts, h, lib.PEEKER_NETWORK_ERROR_NONE, jit,
                                           max_wait_ms, wait):
                    return int(wait[0])
            return _result_from_handle(h, operation)
        finally:
            lib.peeker_response_free(h)

    def order_dedupe_key(self, request: Request) -> str:
        """The order dedupe key of a ``create_order`` request's body, keyed with
        this client's API key (see :func:`peeker.order_dedupe_key`): the same
        order gives the same key, so store it to spot a re-sent order."""
        h = getattr(request, "_handle", None) if isinstance(request, Request) else None
        if h is None:
            raise _type_error("request", "a peeker.Request built by this package's Client", request)
        return _api._take_str(lib.peeker_request_dedupe_key, self._handle, h) or ""

    # -- optional transport ---------------------------------------------------------

    def send(
        self,
        request: Request,
        *,
        timeout: float = _DEFAULT_TIMEOUT,
        max_attempts: int = _DEFAULT_MAX_ATTEMPTS,
        max_wait: float = _DEFAULT_MAX_WAIT,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        opener: Optional[urllib.request.OpenerDirector] = None,
    ) -> Result[Any]:
        """Sends ``request`` with ``urllib.request`` and parses the response with
        :meth:`parse` (using ``request.operation``), following the retry advice
        the core gives each response, for at most ``max_attempts`` attempts (the
        same policy as the Rust SDK's ``ureq`` transport: :func:`retry_decision`),
        each attempt within ``timeout`` seconds:

        - 429: waits ``retry_after_seconds`` plus ``jitter()`` seconds, unless
          that is longer than ``max_wait`` or the API says
          ``details.reason == "cloudflare_account_capacity"`` (the remedy is
          :meth:`create_import_job`, not a retry): then raises at once;
        - 5xx, a timeout or a broken connection (the request may have been
          carried out): waits :func:`backoff_delay_ms` ``(attempt, jitter())``
          only when ``request.retry_safe``; a swap, a bundle or a cancellation
          is sent once;
        - a connection that could not be opened (refused, unknown host): retried
          after the backoff (nothing was sent);
        - other statuses: raises at once.

        Redirects are not followed (the API does not redirect, and following one
        could send the API key to another host). Raises :class:`ApiError`, or the
        last ``OSError`` (``urllib.error.URLError``, ``TimeoutError``...) when no
        response could be had. ``sleep``, ``jitter`` and ``opener`` are there
        for tests."""
        _sendable(request)
        attempts = _int(max_attempts, "max_attempts", 1, 0xFFFFFFFF)
        opener = opener or _NO_REDIRECT_OPENER
        max_wait_ms = int(max(0.0, float(max_wait)) * 1000)
        attempt = 0
        while True:
            attempt += 1
            try:
                response = _urllib_send(opener, request, timeout)
            except (OSError, http.client.HTTPException) as e:  # URLError, TimeoutError, broken connections
                out = self._step(request, attempt, attempts, max_wait_ms, float(jitter()), None, e, _network_error(e))
            else:
                out = self._step(request, attempt, attempts, max_wait_ms, float(jitter()), response)
            if not isinstance(out, int):
                return out
            sleep(out / 1000.0)

    def _step(self, request: Request, attempt: int, attempts: int, max_wait_ms: int, jitter: float,
              response: Optional[Tuple[int, HeadersLike, bytes]], error: Optional[BaseException] = None,
              network_error: str = "timeout") -> Union[Result[Any], int]:
        """One attempt's outcome, decided by the core (peeker_retry_decide) for
        both transports (:meth:`send`, ``AsyncClient.send``): the parsed
        :class:`Result` (or :class:`ApiError` raised) or the milliseconds to wait;
        without a response, ``error`` (the transport's) is raised again when it is
        final. A request that surely was not sent is retried; one that may have
        been carried out only when retry-safe."""
        if response is None:
            delay = retry_decision(request.retry_safe, attempt, network_error=network_error,
                                   max_attempts=attempts, max_wait=max_wait_ms / 1000.0, jitter=jitter)
            if delay is None:
                assert error is not None
                raise error
            return delay
        status, headers, body = response
        return self._parse(request.operation, status, headers, body,
                           (request.retry_safe, attempt, attempts, jitter, max_wait_ms))

    def pages(self, request: Request, **send_options: Any) -> Iterator[Page[Any]]:
        """Sends ``request`` (a list operation) and each following page, yielding
        the :class:`Page` s: ``for page in client.pages(client.list_orders()):``.
        ``send_options`` go to :meth:`send`."""
        nxt: Optional[Request] = request
        while nxt is not None:
            page = self.send(nxt, **send_options)
            if not isinstance(page, Page):
                raise _type_error("request", "a request of a list operation", request)
            yield page
            nxt = page.next_request

    def wait_for(self, kind: PollKind, id: str, **options: Any) -> Result[Any]:
        """Polls an import (``kind`` ``"import"``), import job (``"import_job"``)
        or order (``"order"``) with :meth:`send` until the core's poller ends the
        wait (any status but ``in_progress``: ``completed``, ``failed``,
        ``action_required``...) and returns the last :class:`Result`. Options:
        ``interval`` (seconds between polls, default the documented 60),
        ``poll_timeout`` (seconds) and ``max_polls`` (give up: :class:`PollTimeout`),
        ``sleep`` and ``clock`` (yours; default ``time.sleep``, ``time.monotonic``),
        and :meth:`send`'s."""
        poller = Poller(kind, interval=options.pop("interval", None), poll_timeout=options.pop("poll_timeout", None),
                        max_polls=options.pop("max_polls", None))
        sleep = options.pop("sleep", time.sleep)
        clock = options.pop("clock", time.monotonic)
        request = self.build(poller.operation, {"id": id})
        while True:
            result = self.send(request, sleep=sleep, **options)
            wait = poller.next(clock(), result, id)
            if wait is None:
                return result
            sleep(wait)

    def wait_for_import(self, id: str, *, job: bool = False, **options: Any) -> Result[ImportJob]:
        """:meth:`wait_for` an import (``job=True``: an async import job)."""
        return self.wait_for("import_job" if job else "import", id, **options)

    def wait_for_order(self, id: str, **options: Any) -> Result[Order]:
        """:meth:`wait_for` an order."""
        return self.wait_for("order", id, **options)


def _result_from_handle(h: Any, operation: str) -> Result[Any]:
    status = int(lib.peeker_response_status(h))
    if not lib.peeker_response_ok(h):
        raise ApiError(
            status=status,
            api_code=_api._borrowed(lib.peeker_response_error_code, h),
            summary=_api._borrowed(lib.peeker_response_error_summary, h),
            **_api._error_fields(h),
        )
    request_id = _api._borrowed(lib.peeker_response_request_id, h)
    data = json.loads(_api._borrowed(lib.peeker_response_data_json, h) or "null")
    if operation in _LIST_OPERATIONS and isinstance(data, list):
        nh = lib.peeker_response_next(h)  # borrowed from the result: copied, not kept
        # The next page is parsed as the same list operation (typed rows).
        nxt = None if nh == ffi.NULL else _request_from_handle(nh, operation, keep=False)
        meta = _api._borrowed(lib.peeker_response_meta_json, h)
        return Page(operation=operation, status=status, request_id=request_id, data=data, next_request=nxt,
                    meta=None if meta is None else json.loads(meta), first=_api._borrowed(lib.peeker_response_first, h))
    return Result(operation=operation, status=status, request_id=request_id, data=data)


# ---------------------------------------------------------------------------
# urllib transport
# ---------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        return None  # urllib then raises HTTPError with the 3xx, which parse() classifies


_NO_REDIRECT_OPENER = urllib.request.build_opener(_NoRedirect())


def _network_error(e: BaseException) -> str:
    """``"connect"`` when the connection could not even be opened (nothing was
    sent), else ``"timeout"`` (the request may have been carried out)."""
    reason = e.reason if isinstance(e, urllib.error.URLError) else e
    return "connect" if isinstance(reason, (ConnectionRefusedError, socket.gaierror)) else "timeout"




def operation_retry_safe(operation: str) -> bool:
    """Whether an operation's requests are retry-safe (the
    :attr:`Request.retry_safe` of every request it builds), by name; an unknown
    name raises ``ArgumentError`` ``invalid_argument`` (field ``operation``)."""
    op = _utf8(operation, "operation")
    out = ffi.new("bool *")
    _check(lib.peeker_operation_retry_safe(_buf(op), len(op), out))
    return bool(out[0])


def retry_decision(
    retry_safe: bool,
    attempt: int,
    *,
    status: Optional[int] = None,
    headers: Optional[HeadersLike] = None,
    body: Union[bytes, str, None] = None,
    network_error: Optional[str] = None,
    max_attempts: int = _DEFAULT_MAX_ATTEMPTS,
    max_wait: Optional[float] = None,
    jitter: Optional[float] = None,
) -> Optional[int]:
    """The core's retry decision after attempt number ``attempt`` (1-based) of a
    request that is ``retry_safe`` (:attr:`Request.retry_safe`): milliseconds to
    wait before sending it again, or None to stop. The outcome is a response
    (``status``, ``headers``, raw ``body``) or ``network_error`` ``"connect"``
    (nothing was sent) / ``"timeout"`` (no answer in time: it may have been
    carried out). 2xx and 4xx other than 429: None; a 429 for
    ``cloudflare_account_capacity``: None; another 429: ``retry_after_seconds``
    (5 when absent) × 1000 + ``jitter`` × 1000; a 5xx or a timeout: the backoff
    only when ``retry_safe``; a connect failure: the backoff; None once
    ``attempt >= max_attempts`` or when the wait is longer than ``max_wait``
    seconds (None: no limit). ``jitter`` in [0, 1) defaults to
    ``random.random()``. :meth:`Client.send` follows it; use it in your own
    transport."""
    if not isinstance(retry_safe, bool):
        raise _type_error("retry_safe", "a bool", retry_safe)
    a = _int(attempt, "attempt", 1, 0xFFFFFFFF)
    m = _int(max_attempts, "max_attempts", 1, 0xFFFFFFFF)
    j = random.random() if jitter is None else float(jitter)
    mw = 0xFFFFFFFFFFFFFFFF if max_wait is None else int(max(0.0, float(max_wait)) * 1000)
    wait = ffi.new("uint64_t *")
    if network_error is not None:
        kind = ffi.new("PeekerNetworkError *")
        n = _utf8(network_error, "network_error")
        _check(lib.peeker_network_error_parse(_buf(n), len(n), kind))
        ok = lib.peeker_retry_decide(retry_safe, a, m, ffi.NULL, kind[0], j, mw, wait)
        return int(wait[0]) if ok else None
    if status is None:
        raise _invalid("pass the response's status (and headers, body) or network_error.", "status",
                       code="null_argument")
    h = _api._classify(status, {} if headers is None else headers, b"" if body is None else body)
    try:
        ok = lib.peeker_retry_decide(retry_safe, a, m, h, lib.PEEKER_NETWORK_ERROR_NONE, j, mw, wait)
        return int(wait[0]) if ok else None
    finally:
        lib.peeker_response_free(h)


def _urllib_send(
    opener: urllib.request.OpenerDirector, request: Request, timeout: float
) -> Tuple[int, List[Tuple[str, str]], bytes]:
    try:
        with opener.open(request.to_urllib(), timeout=timeout) as resp:
            return int(resp.status), list(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as e:  # 4xx / 5xx / 3xx: still a response
        try:
            body = e.read()
        finally:
            e.close()
        return int(e.code), list(e.headers.items()) if e.headers is not None else [], body
