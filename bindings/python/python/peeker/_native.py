"""Loads libpeeker (bundled in this package) with cffi in ABI mode.

The declarations (`_cdef.CDEF`) were derived at build time from the committed C
header ffi/include/peeker.h; nothing here is written by hand.
"""
from __future__ import annotations

import os

from cffi import FFI

from ._cdef import CDEF, LIBRARY

ffi = FFI()
ffi.cdef(CDEF)
lib = ffi.dlopen(os.path.join(os.path.dirname(os.path.abspath(__file__)), LIBRARY))

__all__ = ["ffi", "lib"]
