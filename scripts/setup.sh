#!/usr/bin/env bash
# Create .venv and install the pinned requirements. Safe to re-run: pip skips what is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
# Prepare the CJK font for exports once per machine (extract + subset; see exports/fonts.py).
.venv/bin/python cli.py prepare-fonts >/dev/null
