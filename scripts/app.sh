#!/usr/bin/env bash
# Set up the app on a fresh Debian 12 machine and run it on http://127.0.0.1:8501 (this machine only).
# Extra arguments go to `streamlit run` (for example: scripts/app.sh --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
apt_install_missing $(cat packages.txt)
ensure_venv
# The locked versions (requirements.txt, see scripts/lock.sh), then the project itself without resolving again.
.venv/bin/pip install -q -r requirements.txt
.venv/bin/pip install -q --no-deps -e .
# Local use by default: only this machine can open the app. On a server, pass
# --server.address 0.0.0.0 (or the address to serve on).
case " $* " in
  *" --server.address"*) ;;
  *) set -- --server.address 127.0.0.1 "$@" ;;
esac
exec .venv/bin/streamlit run app.py "$@"
