from ._native import ffi, lib
__version__ = ffi.string(lib.peeker_version()).decode()
