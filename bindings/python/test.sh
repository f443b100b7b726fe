#!/usr/bin/env bash
# Builds and installs the `peeker` Python package into target/venv (created if
# missing), checks it with ruff and mypy --strict, and runs its pytest suite.
# Usage: bash bindings/python/test.sh [pytest args]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/target/venv"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    echo "test.sh: creating $venv" >&2
    "$python" -m venv "$venv"
fi
# pip always rebuilds and reinstalls a local directory; cargo reuses the
# workspace target directory, so only changed crates are recompiled.
echo "test.sh: building and installing peeker (cargo build --release -p peeker-ffi; minutes when cold)" >&2
# Test-only dependencies (the package itself needs only cffi; httpx is the extra
# peeker-sdk[httpx] for peeker.AsyncClient): the webhook
# recipes in examples/ run under their real servers, the storage recipes against
# SQLite and PostgreSQL (psycopg 3); ruff and mypy check the package.
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet "$here" \
    "pytest>=7,<10" "httpx>=0.27,<1" "flask>=3,<4" "fastapi>=0.110,<1" "uvicorn>=0.29,<1" "psycopg[binary]>=3.1,<4" \
    "ruff>=0.6,<1" "mypy>=1.10,<3"
cd "$here"
# Lint (rules in pyproject.toml) the sources, and type-check the installed package
# (it has the build-time module _cdef.py) strictly, as its users' checkers see it.
echo "test.sh: ruff check python/peeker; mypy --strict -p peeker" >&2
"$venv/bin/python" -m ruff check --quiet python/peeker
"$venv/bin/python" -m mypy --strict --no-error-summary -p peeker
# Users' code: a typical use, and an import of every public name, type-check.
"$venv/bin/python" -c 'import peeker; print("from peeker import (\n" + "".join(f"    {n},\n" for n in peeker.__all__) + ")")' \
    > "$root/target/peeker_public_names.py"
"$venv/bin/python" -m mypy --strict --no-error-summary tests/typing/user_code.py "$root/target/peeker_public_names.py"
# One private PostgreSQL server for the whole run (tests/postgres/server.sh; it
# installs Debian's postgresql when missing), stopped and removed at the end.
pg_dir=$(bash "$root/tests/postgres/server.sh" start)
trap 'bash "$root/tests/postgres/server.sh" stop "$pg_dir"' EXIT
PEEKER_PG_DSN=$(cat "$pg_dir/dsn") "$venv/bin/python" -m pytest -q tests "$@"
