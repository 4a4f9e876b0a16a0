#!/usr/bin/env bash
# Set up (first time) and run the dashboard on the built-in data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py --server.headless true "$@"
