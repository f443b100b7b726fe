"""Build script of the `peeker-sdk` Python package (import name `peeker`) (metadata is in pyproject.toml).

At build time (`pip install ./bindings/python`, or `pip wheel`):
1. `cargo build --release -p peeker-ffi` builds libpeeker (the C ABI of the Rust
   core) in the workspace's target directory;
2. the shared library is copied into the package (`peeker/libpeeker.so`, or
   `.dylib` / `peeker.dll`);
3. the cffi declarations are derived from the committed header
   `ffi/include/peeker.h` (see cdef_from_header.py), checked by parsing them with
   cffi, and written to `peeker/_cdef.py`.

At run time `peeker/_native.py` loads the library with cffi in ABI mode: no C
compiler is involved, and every declaration comes from the header.

Environment: CARGO (cargo executable, default `cargo`), PEEKER_CARGO_PROFILE
(`release` by default; `dev` for a faster, unoptimised build), PEEKER_FFI_HEADER
(another header, for work on an uncommitted C ABI only), and cargo's own
variables (CARGO_TARGET_DIR, ...).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel  # type: ignore[no-redef]

HERE = os.path.dirname(os.path.abspath(__file__))
# In the repository the Rust workspace is two levels up; an sdist carries the crates it
# needs in rust/ (tests/release/build puts them there).
ROOT = os.path.join(HERE, "rust") if os.path.isfile(os.path.join(HERE, "rust", "Cargo.toml")) \
    else os.path.normpath(os.path.join(HERE, "..", ".."))
FFI_MANIFEST = os.path.join(ROOT, "ffi", "Cargo.toml")
# PEEKER_FFI_HEADER overrides the header, for work on an uncommitted C ABI only.
HEADER = os.environ.get("PEEKER_FFI_HEADER") or os.path.join(ROOT, "ffi", "include", "peeker.h")
CRATE = "peeker-ffi"
LIB_TARGET = "peeker"  # [lib] name of the crate

sys.path.insert(0, HERE)
from cdef_from_header import cdef_from_header, check_with_cffi  # noqa: E402


def _fail(msg: str) -> "NoReturn":  # type: ignore[name-defined]
    sys.stderr.write(f"\npeeker build: {msg}\n\n")
    raise SystemExit(1)


def workspace_version() -> str:
    """The version of the Rust workspace, so Python and Rust releases agree."""
    try:
        with open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8") as f:
            text = f.read()
    except OSError:
        _fail(
            f"cannot read {os.path.join(ROOT, 'Cargo.toml')}: build from a checkout of the "
            "repository (pip install ./bindings/python), with pip >= 21.3 (in-tree builds)."
        )
    m = re.search(r"^\[workspace\.package\][^\[]*?^version\s*=\s*\"([^\"]+)\"", text, re.M | re.S)
    if not m:
        _fail("no version in [workspace.package] of Cargo.toml")
    return m.group(1)


def shared_library_name() -> str:
    if sys.platform == "darwin":
        return f"lib{LIB_TARGET}.dylib"
    if sys.platform == "win32":
        return f"{LIB_TARGET}.dll"
    return f"lib{LIB_TARGET}.so"


def cargo_build() -> str:
    """Builds libpeeker and returns the path of the shared library (PEEKER_LIBPEEKER: a prebuilt one)."""
    if os.environ.get("PEEKER_LIBPEEKER"):
        return os.environ["PEEKER_LIBPEEKER"]
    cargo = os.environ.get("CARGO", "cargo")
    profile = os.environ.get("PEEKER_CARGO_PROFILE", "release")
    cmd = [
        cargo, "build", "--manifest-path", FFI_MANIFEST, "-p", CRATE, "--lib",
        "--profile", profile, "--message-format=json-render-diagnostics",
    ]
    sys.stderr.write("peeker build: " + " ".join(cmd) + "\n")
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, cwd=ROOT, check=False)
    except FileNotFoundError:
        _fail(f"{cargo!r} not found: the Rust toolchain is needed to build this package (https://rustup.rs).")
    if proc.returncode != 0:
        _fail(f"cargo build failed (exit {proc.returncode}); see the messages above.")
    wanted = shared_library_name()
    found = None
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("reason") != "compiler-artifact" or msg.get("target", {}).get("name") != LIB_TARGET:
            continue
        for path in msg.get("filenames", []):
            if os.path.basename(path) == wanted:
                found = path
    if not found or not os.path.isfile(found):
        _fail(f"cargo did not report {wanted}; is crate-type \"cdylib\" still in ffi/Cargo.toml?")
    return found


def generated_cdef() -> str:
    try:
        with open(HEADER, encoding="utf-8") as f:
            header = f.read()
    except OSError as e:
        _fail(f"cannot read the C header {HEADER}: {e}")
    cdef = cdef_from_header(header)
    functions = check_with_cffi(cdef)  # raises if cffi cannot parse it
    if "peeker_version" not in functions:
        _fail(f"{HEADER} declares no peeker_version(); is it the libpeeker header?")
    return cdef


class BuildPyWithLibpeeker(build_py):
    """build_py, plus libpeeker and the cffi declarations."""

    def run(self) -> None:
        pkg = os.path.join(self.build_lib, "peeker")
        # build/ is reused between builds: drop files of modules removed since.
        shutil.rmtree(pkg, ignore_errors=True)
        super().run()
        if self.dry_run:
            return
        os.makedirs(pkg, exist_ok=True)
        lib = cargo_build()
        dest = os.path.join(pkg, shared_library_name())
        shutil.copyfile(lib, dest)
        os.chmod(dest, 0o755)
        cdef = generated_cdef()
        with open(os.path.join(pkg, "_cdef.py"), "w", encoding="utf-8") as f:
            f.write(
                '"""GENERATED at build time from ffi/include/peeker.h by '
                'bindings/python/cdef_from_header.py: do not edit."""\n'
                f"LIBRARY = {shared_library_name()!r}\n"
                f"CDEF = {cdef!r}\n"
            )


class BdistWheelPy3None(bdist_wheel):
    """cffi in ABI mode: one wheel for every Python 3 of a platform (py3-none-PLATFORM)."""

    def get_tag(self) -> "tuple[str, str, str]":
        return ("py3", "none", super().get_tag()[2])


class BinaryDistribution(Distribution):
    """The wheel carries a native library: platform-specific, installed to platlib."""

    def has_ext_modules(self) -> bool:  # type: ignore[override]
        return True


setup(
    version=workspace_version(),
    cmdclass={"build_py": BuildPyWithLibpeeker, "bdist_wheel": BdistWheelPy3None},
    distclass=BinaryDistribution,
)
