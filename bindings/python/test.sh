#!/usr/bin/env bash
# Builds and installs the `peeker` Python package into target/venv (created if
# missing) and runs its pytest suite. Usage: bash bindings/python/test.sh [pytest args]
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
# Test-only dependencies (the package itself needs only cffi): the webhook
# recipes in examples/ run under their real servers.
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet "$here" \
    "pytest>=7,<10" "flask>=3,<4" "fastapi>=0.110,<1" "uvicorn>=0.29,<1"
cd "$here"
exec "$venv/bin/python" -m pytest -q tests "$@"
