#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian 12 machine, then run lint and the tests.
# Extra arguments go to pytest (for example: scripts/test.sh tests/test_money.py --update-golden).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# What the app needs (packages.txt: wkhtmltopdf, fonts, WeasyPrint's Pango, poppler-utils),
# and for the tests Chromium (driven by the playwright package, never `playwright install`)
# and LibreOffice (to prove the Word files open).
apt_install_missing $(cat packages.txt) chromium libreoffice-writer-nogui
ensure_venv
# The locked versions (requirements-test.txt, see scripts/lock.sh), then the project itself without resolving again.
.venv/bin/pip install -q -r requirements-test.txt
.venv/bin/pip install -q --no-deps -e .
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy  # the core, as configured in pyproject.toml
.venv/bin/pytest "$@"
