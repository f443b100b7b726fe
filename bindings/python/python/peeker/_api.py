"""The public functions and types, over libpeeker's C ABI.

This module only translates: Python values to pointer + length arguments, C
statuses and the per-thread last error to exceptions, handles to frozen
dataclasses. Every rule (validation, normalisation, signatures, classification,
canonical JSON, hashing) is in the Rust core.
"""
from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Type,
    Union,
)

from ._errors import ArgumentError, PeekerError, PeekerTypeError, error_class
from ._generated import BatchLimit, KeyEncoding, RetryAdvice, WebhookScheme
from ._native import ffi, lib

__all__ = [
    "Classified",
    "DomainSet",
    "Event",
    "HeadersLike",
    "IndexedError",
    "PSL_COMMIT",
    "PSL_VERSION",
    "RootDomain",
    "WEBHOOK_DEFAULT_TOLERANCE",
    "WEBHOOK_MAX_BODY_BYTES",
    "VERSION",
    "Verifier",
    "WebhookDiagnosis",
    "classify_response",
    "diagnose_webhook",
    "normalize_domain_set",
    "normalize_root_domain",
    "order_dedupe_key",
    "public_suffix",
    "registrable_domain",
    "sign_webhook",
    "verify_webhook",
    "verify_webhook_ignoring_timestamp",
]

BytesLike = Union[bytes, bytearray, memoryview]
HeadersLike = Union[
    Mapping[str, str],
    Mapping[bytes, bytes],
    Iterable[Tuple[Union[str, bytes], Union[str, bytes]]],
]
"""HTTP headers: a mapping (``request.headers``, a dict) or (name, value) pairs
(e.g. ASGI's raw ``scope["headers"]``); names and values as ``str`` or ``bytes``."""

_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1
_U64_MAX = 2**64 - 1


# ---------------------------------------------------------------------------
# Translation helpers
# ---------------------------------------------------------------------------


def _c_str(p: Any) -> Optional[str]:
    """A NUL-terminated C string (static or borrowed) as str; None for NULL."""
    if p == ffi.NULL:
        return None
    raw: bytes = ffi.string(p)
    return raw.decode("utf-8", "replace")


def _status_number(name: str) -> int:
    return int(getattr(lib, "PEEKER_STATUS_" + name.upper()))


def _invalid(
    message: str, field: str, cls: Type[PeekerError] = ArgumentError, code: str = "invalid_argument"
) -> PeekerError:
    """The exception (``cls``, ``code`` and its number) for an argument this
    package refuses before calling libpeeker."""
    return cls(code, message, None, field, _status_number(code))


def _type_error(name: str, expected: str, value: Any) -> PeekerError:
    if value is None:
        return _invalid(f"{name} is None; expected {expected}.", name, PeekerTypeError, "null_argument")
    return _invalid(f"{name} must be {expected}, not {type(value).__name__}.", name, PeekerTypeError)


def _utf8(value: Any, name: str, expected: str = "a str") -> bytes:
    """Text argument -> UTF-8 bytes. Refuses non-str (TypeError) and text that
    is not valid Unicode, such as lone surrogates (invalid_utf8)."""
    if not isinstance(value, str):
        raise _type_error(name, expected, value)
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise _invalid(
            f"{name} is not valid Unicode text: it contains {value[e.start]!r} (a lone surrogate) "
            f"at index {e.start}, which cannot be encoded as UTF-8.",
            name,
            code="invalid_utf8",
        ) from None


def _raw_bytes(value: Any, name: str, expected: str = "bytes") -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise _type_error(name, expected, value)


def _text_or_bytes(value: Any, name: str, expected: str = "bytes or str") -> bytes:
    return _utf8(value, name) if isinstance(value, str) else _raw_bytes(value, name, expected)


def _list_arg(
    value: Any, name: str, kind: str, refuse: Tuple[type, ...] = (str, bytes, bytearray, memoryview)
) -> List[Any]:
    """An iterable argument as a list; a single string (or another ``refuse``
    type) or a non-iterable raises :class:`PeekerTypeError`."""
    if value is None or isinstance(value, refuse):
        raise _type_error(name, f"{kind} (not a single string)", value)
    try:
        return list(value)
    except TypeError:
        raise _type_error(name, kind, value) from None


def _int(value: Any, name: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error(name, "an int", value)
    if not lo <= value <= hi:
        raise _invalid(f"{name}: {value} is out of range ({lo}..{hi}).", name)
    return value


def _buf(b: bytes) -> Any:
    """A `const uint8_t *` view of `b` (kept alive by the returned cdata)."""
    return ffi.from_buffer("uint8_t[]", b)


def _last_error(status: int) -> PeekerError:
    """The exception for a failed call, from this thread's last error."""
    code = _c_str(lib.peeker_last_error_code()) or _c_str(lib.peeker_status_code(status)) or f"status_{status}"
    message = _c_str(lib.peeker_last_error_message()) or f"libpeeker returned status {status} ({code})."
    suggestion = _c_str(lib.peeker_last_error_suggestion())
    fld = _c_str(lib.peeker_last_error_field())
    return error_class(status)(code, message, suggestion, fld, status)


def _code_error(code: str, message: str, suggestion: Optional[str], field: Optional[str]) -> PeekerError:
    """The exception of ``code`` (number 0 for a code this libpeeker does not know)."""
    num = _status_number(code) if hasattr(lib, "PEEKER_STATUS_" + code.upper()) else 0
    return error_class(num)(code, message, suggestion, field, num)


def _check(status: int) -> None:
    if status != lib.PEEKER_STATUS_OK:
        raise _last_error(status)


def _borrowed(fn: Callable[..., Any], *args: Any) -> Optional[str]:
    """Reads a borrowed (pointer, length) string accessor of a handle."""
    n = ffi.new("size_t *")
    p = fn(*args, n)
    if p == ffi.NULL:
        return None
    raw: bytes = ffi.unpack(p, n[0])
    return raw.decode("utf-8", "replace")


def _take_str(fn: Callable[..., int], *args: Any) -> Optional[str]:
    """Calls ``fn(*args, char **out)``, raises for a failed status, and takes the
    string libpeeker wrote (copied, then freed); None for NULL."""
    out = ffi.new("char **")
    _check(fn(*args, out))
    p = out[0]
    if p == ffi.NULL:
        return None
    try:
        raw: bytes = ffi.string(p)
        return raw.decode("utf-8", "replace")
    finally:
        lib.peeker_string_free(p)


def _headers(headers: Any, name: str = "headers") -> Tuple[Any, int, List[Any]]:
    """Headers -> (PeekerHeader[] cdata, count, the buffer views it points into,
    to keep alive). A plain ``dict`` of ``str`` to ``str`` (the usual ``request.headers``
    copy) takes a loop without per-pair checks; any other shape, or text that does
    not encode, the checked loop. Both hand the core the same name/value bytes."""
    rows: List[Any] = []
    keep: List[Any] = []
    if type(headers) is dict:
        for k, v in headers.items():
            if type(k) is not str or type(v) is not str:
                break
            try:
                kb, vb = k.encode("utf-8"), v.encode("utf-8")
            except UnicodeEncodeError:
                break
            kp, vp = _buf(kb), _buf(vb)
            keep += [kp, vp]
            rows.append((kp, len(kb), vp, len(vb)))
        else:
            return ffi.new("PeekerHeader[]", rows or 1), len(rows), keep
        rows, keep = [], []
    if headers is None or isinstance(headers, (str, bytes, bytearray, memoryview)):
        raise _type_error(name, "a mapping or (name, value) pairs", headers)
    items = headers.items() if hasattr(headers, "items") else headers
    try:
        pairs = list(items)
    except TypeError:
        raise _type_error(name, "a mapping or (name, value) pairs", headers) from None
    for i, pair in enumerate(pairs):
        try:
            k, v = pair
        except (TypeError, ValueError):
            raise _type_error(f"{name}[{i}]", "a (name, value) pair", pair) from None
        kb = _text_or_bytes(k, f"{name}[{i}].name", "str or bytes")
        vb = _text_or_bytes(v, f"{name}[{i}].value", "str or bytes")
        kp, vp = _buf(kb), _buf(vb)
        keep += [kp, vp]
        rows.append((kp, len(kb), vp, len(vb)))
    return ffi.new("PeekerHeader[]", rows or 1), len(rows), keep


def _str_array(values: Sequence[bytes]) -> Tuple[Any, List[Any]]:
    arr = ffi.new("PeekerStr[]", max(len(values), 1))
    keep: List[Any] = []
    for i, b in enumerate(values):
        p = _buf(b)
        keep.append(p)
        arr[i].ptr, arr[i].len = p, len(b)
    return arr, keep


# Arguments of the named request builders (peeker._operations, generated).


def _domains_arg(domains: Any, name: str = "domains") -> List[Any]:
    return _list_arg(domains, name, "a list of str", (str, bytes, bytearray, memoryview, Mapping))


def _id_arg(value: Any, name: str = "id") -> str:
    if not isinstance(value, str):
        raise _type_error(name, "a str id", value)
    return value


def _body_arg(value: Any, name: str = "body") -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _type_error(name, "a dict (the JSON object to send)", value)
    return value


def _list_params(filters: Mapping[str, Any], per_page: Optional[int]) -> Dict[str, Any]:
    p: Dict[str, Any] = {"filters": {k: v for k, v in filters.items() if v is not None}}
    if per_page is not None:
        p["per_page"] = per_page
    return p


# ---------------------------------------------------------------------------
# Library information
# ---------------------------------------------------------------------------

VERSION: str = _c_str(lib.peeker_version()) or ""
"""The version of libpeeker (equal to the package version)."""

PSL_VERSION: str = _c_str(lib.peeker_psl_version()) or ""
"""Version of the compiled-in Public Suffix List, e.g. ``"2026-10-22_08-36-41_UTC"``."""

PSL_COMMIT: str = _c_str(lib.peeker_psl_commit()) or ""
"""Commit of the Public Suffix List repository the compiled-in copy comes from."""

WEBHOOK_DEFAULT_TOLERANCE: int = int(lib.PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS)
"""Default tolerance between ``Peeker-Timestamp`` and now, in seconds."""

WEBHOOK_MAX_BODY_BYTES: int = int(lib.PEEKER_WEBHOOK_MAX_BODY_BYTES)
"""Largest webhook body accepted, in bytes (1 MiB)."""


# ---------------------------------------------------------------------------
# Root domains
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RootDomain:
    """A validated root (registrable) domain. ``str(d)`` is ``d.ascii``."""

    ascii: str
    """Lower-case A-label form, e.g. ``"xn--bcher-kva.de"``: what the API takes."""
    unicode: str
    """Unicode form, e.g. ``"bücher.de"``: what to show people."""

    def __str__(self) -> str:
        return self.ascii


def normalize_root_domain(domain: str) -> RootDomain:
    """Normalises one user-typed domain and checks that it is a root domain that
    can be imported or ordered (white space and one trailing dot removed, case
    folded, UTS #46, Public Suffix List).

    Raises :class:`DomainError` with ``.code`` ``empty``, ``not_a_domain``,
    ``invalid_idna``, ``too_long``, ``ip_address``, ``public_suffix``,
    ``unknown_tld`` or ``subdomain`` (``.suggestion`` is the root domain where
    there is one); :class:`PeekerTypeError` for a non-``str``;
    :class:`ArgumentError` ``invalid_utf8`` for lone surrogates.
    """
    b = _utf8(domain, "domain")
    out = ffi.new("PeekerDomain **")
    _check(lib.peeker_root_domain(_buf(b), len(b), out))
    h = out[0]
    try:
        return RootDomain(
            ascii=_borrowed(lib.peeker_domain_ascii, h) or "",
            unicode=_borrowed(lib.peeker_domain_unicode, h) or "",
        )
    finally:
        lib.peeker_domain_free(h)


def registrable_domain(host: str) -> Optional[str]:
    """The registrable domain of a host name by the whole Public Suffix List and
    its default ``*`` rule, in A-label form (``"www.Example.COM"`` ->
    ``"example.com"``); None for a public suffix or a name that is not a valid
    host name."""
    b = _utf8(host, "host")
    return _take_str(lib.peeker_registrable_domain, _buf(b), len(b))


def public_suffix(host: str) -> Optional[str]:
    """The public suffix of a host name in A-label form (``"a.example.co.uk"`` ->
    ``"co.uk"``); None when the input is not a valid host name."""
    b = _utf8(host, "host")
    return _take_str(lib.peeker_public_suffix, _buf(b), len(b))


# ---------------------------------------------------------------------------
# Domain sets
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedError:
    """The error of one entry of a :class:`DomainSet`."""

    index: int
    """Position of the entry in the input list."""
    code: str
    """Stable code, as for :func:`normalize_root_domain` (e.g. ``"subdomain"``)."""
    message: str
    suggestion: Optional[str]
    field: Optional[str]
    """The request field, ``"domains[<index>]"``."""

    def to_exception(self) -> PeekerError:
        """This error as the exception :func:`normalize_root_domain` raises."""
        return _code_error(self.code, self.message, self.suggestion, self.field)


class DomainSet:
    """A list of domains normalised as one import request: every entry through
    :func:`normalize_root_domain`, duplicates removed, sorted by A-label form.

    Invalid entries do not raise: they are in :attr:`errors` (in input order).
    Use :meth:`check` before sending the set in a request.
    """

    __slots__ = ("_handle", "domains", "errors", "key")

    _handle: Any  # PeekerDomainSet *, freed by ffi.gc
    domains: Tuple[RootDomain, ...]
    """Valid entries, unique, sorted by A-label form."""
    errors: Tuple[IndexedError, ...]
    """Invalid entries with their input index, in input order."""
    key: Optional[str]
    """The import-set key (lower-case hex SHA-256 of the sorted A-labels joined
    with ``\\n``), or None while any entry is invalid."""

    def __init__(self, domains: Iterable[str]) -> None:
        items = _list_arg(domains, "domains", "a list of str")
        encoded = [_utf8(d, f"domains[{i}]") for i, d in enumerate(items)]
        arr, keep = _str_array(encoded)
        out = ffi.new("PeekerDomainSet **")
        _check(lib.peeker_domain_set(arr, len(encoded), out))
        h = ffi.gc(out[0], lib.peeker_domain_set_free)
        object.__setattr__(self, "_handle", h)
        n = lib.peeker_domain_set_count(h)
        doms = tuple(
            RootDomain(
                ascii=_borrowed(lib.peeker_domain_set_ascii, h, i) or "",
                unicode=_borrowed(lib.peeker_domain_set_unicode, h, i) or "",
            )
            for i in range(n)
        )
        errs = tuple(
            IndexedError(
                index=int(lib.peeker_domain_set_error_index(h, i)),
                code=_c_str(lib.peeker_domain_set_error_code(h, i)) or "",
                message=_borrowed(lib.peeker_domain_set_error_message, h, i) or "",
                suggestion=_borrowed(lib.peeker_domain_set_error_suggestion, h, i),
                field=_borrowed(lib.peeker_domain_set_error_field, h, i),
            )
            for i in range(lib.peeker_domain_set_error_count(h))
        )
        object.__setattr__(self, "domains", doms)
        object.__setattr__(self, "errors", errs)
        object.__setattr__(self, "key", _borrowed(lib.peeker_domain_set_key, h))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"DomainSet is immutable (cannot set {name!r})")

    @property
    def ascii(self) -> List[str]:
        """The A-label forms, sorted: what to send as ``domains``."""
        return [d.ascii for d in self.domains]

    @property
    def ok(self) -> bool:
        """True when no entry is invalid."""
        return not self.errors

    def check(self, limit: BatchLimit) -> None:
        """Checks that the set can be sent in one request to the endpoint of
        ``limit`` (``"import"`` 25, ``"import_job"`` 500, ``"availability"`` 50,
        ``"forwarding"`` 25): raises :class:`DomainError` ``invalid_domains``
        (field and suggestion of the first invalid entry), ``no_domains`` or
        ``too_many_domains``; :class:`ArgumentError` ``invalid_argument`` for an
        unknown limit name."""
        b = _utf8(limit, "limit")
        _check(lib.peeker_domain_set_check(self._handle, _buf(b), len(b)))

    def __len__(self) -> int:
        return len(self.domains)

    def __iter__(self) -> Iterator[RootDomain]:
        return iter(self.domains)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DomainSet):
            return NotImplemented
        return (self.domains, self.errors) == (other.domains, other.errors)

    def __hash__(self) -> int:
        return hash((self.domains, self.errors))

    def __repr__(self) -> str:
        return f"DomainSet(domains={list(self.ascii)!r}, errors={list(self.errors)!r}, key={self.key!r})"


def normalize_domain_set(domains: Iterable[str]) -> DomainSet:
    """Same as ``DomainSet(domains)``."""
    return DomainSet(domains)


# ---------------------------------------------------------------------------
# Webhooks
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """A verified webhook event."""

    id: str
    """``evt_...``, stable per logical event: dedupe on it."""
    type: str
    """The type as sent, e.g. ``"order.completed"`` (unknown types are kept)."""
    created_at: Optional[str]
    """When the event was created (RFC 3339), if sent."""
    data: Any
    """The resource, parsed from JSON (dicts, lists, str, int, float, None)."""
    json: str = dataclasses.field(default="", repr=False, compare=False)
    """The whole envelope as compact JSON text."""
    secret_index: Optional[int] = dataclasses.field(default=None, compare=False)
    """Which configured secret matched: its 0-based index in the secrets given to the
    :class:`Verifier` (the lowest index among those matching any ``v1`` entry), e.g.
    to tell a sandbox delivery from a live one. ``None`` if not verified."""

    def __reduce__(self) -> Any:
        # Pickle the values only (not the native handle kept for Tracker.apply).
        return (Event, (self.id, self.type, self.created_at, self.data, self.json, self.secret_index))


def _secrets(secret: Any) -> List[bytes]:
    if isinstance(secret, str):
        return [_utf8(secret, "secret")]
    if secret is None or isinstance(secret, (bytes, bytearray, memoryview)) or not hasattr(secret, "__iter__"):
        raise _type_error("secret", "a str or a list of str", secret)
    return [_utf8(s, f"secret[{i}]", "a str") for i, s in enumerate(secret)]


def _webhook_body(body: Any) -> bytes:
    if isinstance(body, (str, dict, list)):
        raise _invalid(
            f"body must be the raw request body as bytes, not {type(body).__name__}: the signature "
            "covers the exact bytes received, and parsed or re-encoded text will not verify. "
            "Pass e.g. request.body (Django), request.get_data() (Flask) or await request.body() "
            "(Starlette/FastAPI).",
            "body",
            PeekerTypeError,
        )
    return _raw_bytes(body, "body", "bytes (the raw request body)")


def _event_from_handle(h: Any) -> Event:
    """An :class:`Event` from a new ``PeekerEvent*`` (which it keeps, for
    :meth:`Tracker.apply`, and frees when collected)."""
    h = ffi.gc(h, lib.peeker_event_free)
    data_json = _borrowed(lib.peeker_event_data_json, h) or "null"
    index = int(lib.peeker_event_secret_index(h))
    ev = Event(
        id=_borrowed(lib.peeker_event_id, h) or "",
        type=_borrowed(lib.peeker_event_type, h) or "",
        created_at=_borrowed(lib.peeker_event_created_at, h),
        data=json.loads(data_json),
        json=_borrowed(lib.peeker_event_json, h) or "",
        secret_index=index if index >= 0 else None,
    )
    # Not a dataclass field: invisible to ==, repr, asdict; dropped by pickle.
    object.__setattr__(ev, "_handle", h)
    return ev


class Verifier:
    """Verifies webhook deliveries: make one (at start-up, or when the secrets
    change) and call :meth:`verify` for every delivery. The secrets are keyed
    once, in the core; the verifier is immutable and safe to share between threads.

    Args:
        secret: the webhook secret, or several during a rotation (one match is
            enough).
        tolerance: how far ``Peeker-Timestamp`` may be from ``now``, in seconds
            (default :data:`WEBHOOK_DEFAULT_TOLERANCE`).
        max_body_bytes: the largest body accepted (default
            :data:`WEBHOOK_MAX_BODY_BYTES`).

    Raises :class:`WebhookError` ``invalid_secret`` for no secret or an empty
    one; :class:`PeekerTypeError` for wrong types.
    """

    __slots__ = ("_handle", "tolerance", "max_body_bytes")

    def __init__(
        self,
        secret: Union[str, Sequence[str]],
        *,
        tolerance: int = WEBHOOK_DEFAULT_TOLERANCE,
        max_body_bytes: Optional[int] = None,
    ) -> None:
        secrets = _secrets(secret)
        tol = _int(tolerance, "tolerance", 0, _U64_MAX)
        limit = 0 if max_body_bytes is None else _int(max_body_bytes, "max_body_bytes", 1, 2**63 - 1)
        sarr, skeep = _str_array(secrets)
        options = ffi.new(
            "PeekerVerifierOptions *",
            {"secrets": sarr, "secret_count": len(secrets), "tolerance_secs": tol, "max_body_bytes": limit},
        )
        out = ffi.new("PeekerVerifier **")
        _check(lib.peeker_verifier_new(options, out))
        self._handle = ffi.gc(out[0], lib.peeker_verifier_free)
        self.tolerance: int = tol
        """The tolerance, in seconds."""
        self.max_body_bytes: int = limit or WEBHOOK_MAX_BODY_BYTES
        """The largest body accepted, in bytes."""

    def __repr__(self) -> str:
        return f"Verifier(tolerance={self.tolerance}, max_body_bytes={self.max_body_bytes})"

    def __reduce__(self) -> Any:
        raise TypeError("a peeker.Verifier holds keyed secrets and cannot be pickled; make one where it is used")

    def verify(self, body: BytesLike, headers: HeadersLike, *, now: Optional[int] = None) -> Event:
        """Verifies one delivery and returns its event.

        Args:
            body: the RAW request body bytes, exactly as received.
            headers: the request headers (all of them is fine); ``Peeker-Signature``,
                ``Peeker-Timestamp`` and ``Peeker-Event-Id`` are found
                case-insensitively.
            now: the current Unix time in seconds (default: ``time.time()``).

        Raises :class:`WebhookError` with ``.code`` ``missing_header``,
        ``malformed_header``, ``timestamp_out_of_tolerance``, ``signature_mismatch``,
        ``invalid_payload`` or ``payload_too_large``; :class:`PeekerTypeError` for a
        ``str``/``dict`` body or other wrong types.
        """
        b = _webhook_body(body)
        now_i = int(time.time()) if now is None else _int(now, "now", _I64_MIN, _I64_MAX)
        harr, hcount, hkeep = _headers(headers)
        out = ffi.new("PeekerEvent **")
        _check(lib.peeker_verifier_verify(self._handle, harr, hcount, b, len(b), now_i, out))
        return _event_from_handle(out[0])

    def verify_ignoring_timestamp(self, body: BytesLike, headers: HeadersLike) -> Event:
        """:meth:`verify` WITHOUT checking ``Peeker-Timestamp`` against the clock:
        only for re-processing deliveries you stored on purpose, and for tests.
        Never for live traffic (a captured delivery would verify forever).

        The timestamp header must still be present and well-formed (it is part of
        the signed message); never raises ``timestamp_out_of_tolerance``."""
        b = _webhook_body(body)
        harr, hcount, hkeep = _headers(headers)
        out = ffi.new("PeekerEvent **")
        _check(lib.peeker_verifier_verify_ignoring_timestamp(self._handle, harr, hcount, b, len(b), out))
        return _event_from_handle(out[0])


# The one-call functions keep the verifier of their last secrets and options (a
# handler passes the same ones every time): keyed once, not per delivery.
_last_verifier: Optional[Tuple[Any, Verifier]] = None


def _verifier_for(secret: Any, tolerance: Any, max_body_bytes: Any) -> Verifier:
    global _last_verifier
    if isinstance(secret, str):
        sk: Any = secret
    elif type(secret) in (list, tuple) and all(type(x) is str for x in secret):
        sk = tuple(secret)
    else:
        sk = None
    cacheable = sk is not None and type(tolerance) is int and (max_body_bytes is None or type(max_body_bytes) is int)
    key = (sk, tolerance, max_body_bytes)
    last = _last_verifier
    if cacheable and last is not None and last[0] == key:
        return last[1]
    v = Verifier(secret, tolerance=tolerance, max_body_bytes=max_body_bytes)
    if cacheable:
        _last_verifier = (key, v)
    return v


def verify_webhook(
    body: BytesLike,
    headers: HeadersLike,
    secret: Union[str, Sequence[str]],
    *,
    now: Optional[int] = None,
    tolerance: int = WEBHOOK_DEFAULT_TOLERANCE,
    max_body_bytes: Optional[int] = None,
) -> Event:
    """Verifies one webhook delivery and returns its event: the same as
    ``Verifier(secret, tolerance=..., max_body_bytes=...).verify(body, headers,
    now=now)`` (the verifier of the last secret and options is kept).

    Args:
        body: the RAW request body bytes, exactly as received.
        headers: the request headers (all of them is fine); ``Peeker-Signature``,
            ``Peeker-Timestamp`` and ``Peeker-Event-Id`` are found
            case-insensitively.
        secret: the webhook secret, or several during a rotation.
        now: the current Unix time in seconds (default: ``time.time()``).
        tolerance: how far ``Peeker-Timestamp`` may be from ``now``, in seconds.
        max_body_bytes: the largest body accepted (default
            :data:`WEBHOOK_MAX_BODY_BYTES`).

    Raises :class:`WebhookError` with ``.code`` ``missing_header``,
    ``malformed_header``, ``timestamp_out_of_tolerance``, ``signature_mismatch``,
    ``invalid_payload``, ``payload_too_large`` or ``invalid_secret``;
    :class:`PeekerTypeError` for a ``str``/``dict`` body or other wrong types.
    """
    # The body first: a parsed body is the usual mistake, reported as such.
    _webhook_body(body)
    return _verifier_for(secret, tolerance, max_body_bytes).verify(body, headers, now=now)


def verify_webhook_ignoring_timestamp(
    body: BytesLike,
    headers: HeadersLike,
    secret: Union[str, Sequence[str]],
    *,
    max_body_bytes: Optional[int] = None,
) -> Event:
    """Verifies a delivery's signature WITHOUT checking ``Peeker-Timestamp``
    against the clock: only for re-processing deliveries you stored on purpose,
    and for tests. Never for live traffic (a captured delivery would verify
    forever); live handlers call :func:`verify_webhook`. The same as
    ``Verifier(secret, ...).verify_ignoring_timestamp(body, headers)``.

    The timestamp header must still be present and well-formed (it is part of
    the signed message). Raises :class:`WebhookError` like
    :func:`verify_webhook` (never ``timestamp_out_of_tolerance``)."""
    _webhook_body(body)
    return _verifier_for(secret, WEBHOOK_DEFAULT_TOLERANCE, max_body_bytes).verify_ignoring_timestamp(body, headers)


def sign_webhook(body: BytesLike, secret: str, timestamp: int) -> str:
    """Signs ``body`` as Peeker does, for tests of your own webhook handler.
    Returns the ``Peeker-Signature`` value ``"v1=<hex>"``; send ``timestamp`` as
    ``Peeker-Timestamp``. Raises :class:`WebhookError` ``invalid_secret`` for an
    empty secret."""
    b = _webhook_body(body)
    s = _utf8(secret, "secret")
    ts = _int(timestamp, "timestamp", _I64_MIN, _I64_MAX)
    return _take_str(lib.peeker_webhook_sign, _buf(b), len(b), _buf(s), len(s), ts) or ""


@dataclass(frozen=True)
class WebhookDiagnosis:
    """What :func:`diagnose_webhook` found about one captured delivery.
    ``str(diagnosis)`` is the readable report."""

    scheme: Optional[WebhookScheme]
    """The signed message that matched: ``"timestamp.body"`` (the scheme this
    library verifies), ``"body"`` or ``"id.timestamp.body"``; None when none did."""
    key: Optional[KeyEncoding]
    """How the secret became the HMAC key: ``"utf8"`` or ``"base64"`` (the part
    after ``whsec_``, decoded); None when nothing matched."""
    age_seconds: Optional[int]
    """``now - Peeker-Timestamp`` (negative: in the future); None when absent."""
    verifies: bool
    """The scheme and key this library verifies with matched."""
    causes: Tuple[Tuple[str, str], ...]
    """The likely causes of a failed verification, as ``(code, message)``:
    ``other_scheme``, ``secret_whitespace``, ``body_not_raw``, ``environment``,
    ``clock_skew``."""
    report: str
    """The findings as readable lines."""

    def __str__(self) -> str:
        return self.report


def diagnose_webhook(
    body: BytesLike, headers: HeadersLike, secret: str, *, now: Optional[int] = None
) -> WebhookDiagnosis:
    """Says which signed message and key encoding a captured delivery was signed
    with, and how old its timestamp is: for setting up an endpoint, never for
    accepting a delivery (use :func:`verify_webhook`). A delivery that matches
    nothing is reported, not refused. Raises :class:`WebhookError`
    ``invalid_secret`` for an empty secret."""
    b = _webhook_body(body)
    s = _utf8(secret, "secret")
    now_i = int(time.time()) if now is None else _int(now, "now", _I64_MIN, _I64_MAX)
    harr, hcount, hkeep = _headers(headers)
    text = _take_str(lib.peeker_webhook_diagnose, _buf(s), len(s), harr, hcount, _buf(b), len(b), now_i)
    d = json.loads(text or "{}")
    return WebhookDiagnosis(
        scheme=d["scheme"],
        key=d["key"],
        age_seconds=d["age_seconds"],
        verifies=d["verifies"],
        causes=tuple((c["code"], c["message"]) for c in d["causes"]),
        report=d["report"],
    )


# ---------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Classified:
    """One classified API response: success or the error envelope, the request
    id, and what to do next."""

    ok: bool
    """2xx."""
    status: int
    """The HTTP status."""
    error_code: Optional[str]
    """The API's ``error.code`` (e.g. ``"rate_limited"``); None for a success or
    an error body that is not the documented envelope."""
    message: Optional[str]
    """The API's ``error.message`` (for people; never branch on it)."""
    field: Optional[str]
    """The API's ``error.field``, the offending input."""
    details: Any
    """The API's ``error.details``, parsed from JSON, or None."""
    retry: RetryAdvice
    """``"never"`` (fix the request), ``"after"`` (wait
    :attr:`retry_after_seconds`) or ``"backoff"`` (exponential backoff)."""
    retry_after_seconds: Optional[int]
    """Seconds to wait when :attr:`retry` is ``"after"``."""
    request_id: Optional[str]
    """``Peeker-Request-Id``: log it; support looks calls up by it."""
    json: str = dataclasses.field(default="", repr=False, compare=False)
    """The whole classification as compact JSON text."""


def classify_response(status: int, headers: HeadersLike, body: Union[BytesLike, str]) -> Classified:
    """Classifies one raw HTTP response of the Partner API.

    Never raises for what the server sent (HTML from a proxy, an empty or
    truncated body still classify); raises :class:`PeekerTypeError` /
    :class:`ArgumentError` only for arguments of the wrong type or range.
    ``body`` is the raw bytes (a ``str`` is encoded as UTF-8).
    """
    h = _classify(status, headers, body)
    try:
        return Classified(
            ok=bool(lib.peeker_response_ok(h)),
            status=int(lib.peeker_response_status(h)),
            error_code=_borrowed(lib.peeker_response_error_code, h),
            json=_borrowed(lib.peeker_response_json, h) or "",
            **_error_fields(h),
        )
    finally:
        lib.peeker_response_free(h)


def _classify(status: Any, headers: Any, body: Any) -> Any:
    """A new ``PeekerResponse*`` (the caller frees it) for a raw response."""
    st = _int(status, "status", 0, 65535)
    b = _text_or_bytes(body, "body")
    harr, hcount, hkeep = _headers(headers)
    out = ffi.new("PeekerResponse **")
    _check(lib.peeker_response_classify(st, harr, hcount, _buf(b), len(b), out))
    return out[0]


def _error_fields(h: Any) -> Dict[str, Any]:
    """What :class:`Classified` and :class:`ApiError` both read of a ``PeekerResponse*``."""
    secs = ffi.new("uint64_t *")
    details = _borrowed(lib.peeker_response_error_details_json, h)
    return {
        "message": _borrowed(lib.peeker_response_error_message, h),
        "field": _borrowed(lib.peeker_response_error_field, h),
        "details": None if details is None else json.loads(details),
        "retry": _c_str(lib.peeker_response_retry_name(h)) or "never",
        "retry_after_seconds": int(secs[0]) if lib.peeker_response_retry_after_seconds(h, secs) else None,
        "request_id": _borrowed(lib.peeker_response_request_id, h),
    }


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------


def order_dedupe_key(api_key: str, body: Union[Mapping[str, Any], str, BytesLike]) -> str:
    """The order dedupe key: lower-case hex HMAC-SHA256, keyed with the API key,
    of the RFC 8785 canonical form of the order body. The same order (any key
    order, any white space) gives the same key.

    ``body`` is the order body as a dict (serialised with ``json.dumps``; the core
    canonicalises it), or as JSON text (``str`` or UTF-8 ``bytes``).

    Raises :class:`RequestError` ``invalid_api_key`` (empty key; the key never
    appears in messages), ``invalid_json`` or ``unsupported_number`` (floats,
    integers beyond 2^53; ``.field`` names the place).
    """
    key = _utf8(api_key, "api_key")
    if isinstance(body, Mapping):
        b = _json_bytes(body, "body", "body: nested too deeply to be serialised as JSON.",
                        "body cannot be serialised as JSON")
    else:
        b = _text_or_bytes(body, "body", "a dict, or JSON text as str or bytes")
    return _take_str(lib.peeker_order_dedupe_key, _buf(key), len(key), _buf(b), len(b)) or ""


def _json_bytes(value: Any, name: str, too_deep: str, unserialisable: str, allow_nan: bool = True) -> bytes:
    """``value`` as UTF-8 JSON text for the core (which validates it); refuses
    what ``json.dumps`` cannot serialise with the messages given."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=allow_nan)
    except RecursionError:
        raise _invalid(too_deep, name) from None
    except (TypeError, ValueError) as e:
        raise _invalid(f"{unserialisable}: {e}", name, PeekerTypeError) from None
    return _utf8(text, name)
