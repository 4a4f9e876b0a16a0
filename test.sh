#!/usr/bin/env bash
# Set up (first time) and run every check: lint, format, and all tests.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
