"""The one exception type of the package, and its per-area subclasses."""
from __future__ import annotations

from typing import Dict, Optional, Type

from ._native import lib

__all__ = ["ArgumentError", "DomainError", "PeekerError", "PeekerTypeError", "RequestError", "ResponseError",
           "WebhookError"]


class PeekerError(Exception):
    """A failure with a stable code.

    Attributes:
        code: the stable string code, e.g. ``"subdomain"`` (the same in every
            Peeker SDK; branch on it, never on the message).
        message: a sentence a person can read. Never contains a secret.
        suggestion: a corrected value to offer (e.g. the root domain
            ``"acme.co.uk"`` for the input ``"mail.acme.co.uk"``), or None.
        field: the request field or argument the error is about
            (``"domains[1]"``, ``"secret"``), or None.
        number: the stable number of the code (the C ABI status, 4710..4799).
    """

    code: str
    message: str
    suggestion: Optional[str]
    field: Optional[str]
    number: int

    def __init__(
        self,
        code: str,
        message: str,
        suggestion: Optional[str] = None,
        field: Optional[str] = None,
        number: int = 0,
    ) -> None:
        super().__init__(code, message, suggestion, field, number)
        self.code = code
        self.message = message
        self.suggestion = suggestion
        self.field = field
        self.number = number

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __repr__(self) -> str:
        parts = [f"code={self.code!r}", f"message={self.message!r}"]
        if self.suggestion is not None:
            parts.append(f"suggestion={self.suggestion!r}")
        if self.field is not None:
            parts.append(f"field={self.field!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


class DomainError(PeekerError):
    """A domain or domain set was refused (codes ``empty`` .. ``subdomain``,
    ``too_many_domains``, ``no_domains``, ``invalid_domains``)."""


class WebhookError(PeekerError):
    """A webhook delivery was refused (``missing_header``, ``malformed_header``,
    ``timestamp_out_of_tolerance``, ``signature_mismatch``, ``invalid_payload``,
    ``payload_too_large``, ``invalid_secret``)."""


class RequestError(PeekerError):
    """A request value was refused (``invalid_request``, ``invalid_api_key``,
    ``invalid_base_url``, ``unsupported_number``, ``invalid_json``)."""


class ResponseError(PeekerError):
    """An API response is an error or of an unexpected shape (``api_error``,
    ``unexpected_response``)."""


class ArgumentError(PeekerError, ValueError):
    """An argument value the library cannot take at all (``invalid_utf8``, e.g. a
    ``str`` with a lone surrogate; ``invalid_argument``, e.g. an unknown batch
    limit or a number out of range; ``null_argument``)."""


class PeekerTypeError(PeekerError, TypeError):
    """An argument of the wrong Python type (None, bytes where text is needed, a
    ``str`` body for a webhook, ...). Code ``null_argument`` for None, else
    ``invalid_argument``. Also a ``TypeError``, so both ``except TypeError`` and
    ``except PeekerError`` catch it."""


# The core groups code numbers by area (peeker_core::Area, peeker_status_area);
# unknown future codes of an area still get the area's class.
_AREA_CLASSES: Dict[int, Type[PeekerError]] = {
    int(lib.PEEKER_ERROR_AREA_DOMAIN): DomainError,
    int(lib.PEEKER_ERROR_AREA_WEBHOOK): WebhookError,
    int(lib.PEEKER_ERROR_AREA_REQUEST): RequestError,
    int(lib.PEEKER_ERROR_AREA_RESPONSE): ResponseError,
    int(lib.PEEKER_ERROR_AREA_ARGUMENT): ArgumentError,
}


def error_class(number: int) -> Type[PeekerError]:
    return _AREA_CLASSES.get(int(lib.peeker_status_area(number)), PeekerError)
