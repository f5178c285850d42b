#!/usr/bin/env bash
# Set up the app on a fresh Debian 12 machine and run it on http://localhost:8501.
# Extra arguments go to `streamlit run` (for example: scripts/app.sh --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
apt_install_missing $(cat packages.txt)
ensure_venv
.venv/bin/pip install -q -e .
exec .venv/bin/streamlit run app.py "$@"
