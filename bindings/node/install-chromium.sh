#!/usr/bin/env bash
# Installs Chromium from the distribution's packages, for the browser tests
# (playwright-core drives it through executablePath /usr/bin/chromium).
# Never runs `npx playwright install`: the browser comes from apt.
set -euo pipefail
CHROMIUM="${PEEKER_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  SUDO="sudo"
fi
echo "install-chromium: $CHROMIUM not found; installing the Debian package 'chromium'" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
if [ ! -x "$CHROMIUM" ]; then
  echo "install-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
"$CHROMIUM" --version >&2 || true
