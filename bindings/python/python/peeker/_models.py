"""Names kept for compatibility. The typed shapes of the API's JSON (the response
models, the request bodies and filters, the enumerations) are generated from the
Rust core into :mod:`peeker._generated` and re-exported by :mod:`peeker`.
"""
from __future__ import annotations

from ._generated import MeKey

__all__ = ["ApiKeyInfo"]

ApiKeyInfo = MeKey
"""``GET /me`` -> ``api_key`` (the former name of :class:`MeKey`)."""
