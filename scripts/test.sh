#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian 12 machine, then run lint and the tests.
# Extra arguments go to pytest (for example: scripts/test.sh tests/test_money.py --update-golden).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# Chromium for the browser tests (driven by the playwright package, never `playwright install`),
# and a CJK font so its screenshots show Chinese.
apt_install_missing chromium fonts-wqy-zenhei
ensure_venv
.venv/bin/pip install -q -e '.[test]'
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/pytest "$@"
