#!/usr/bin/env bash
# Set up (first time) and run every check: lint, format, and all tests, browser tests included.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
# Browser tests use Debian's Chromium (Playwright never downloads a browser here).
if [ -z "${YREB_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# The scale-out test runs Debian's nginx in front of two replicas (deploy/scale_out.sh).
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
