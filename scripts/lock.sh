#!/usr/bin/env bash
# Refresh the dependency lock from the ranges in pyproject.toml, for Python 3.11 on Linux:
#   requirements-test.txt  the runtime dependencies and the `test` extra, resolved together;
#   requirements.txt       the runtime part of it (Streamlit Community Cloud and scripts/app.sh install this).
# Pins already in the files are kept wherever they still fit, so a plain run only adds or drops what
# pyproject.toml changed. Extra arguments go to `uv pip compile`, for example:
#   scripts/lock.sh --upgrade                      # everything to the newest versions allowed
#   scripts/lock.sh --upgrade-package streamlit    # one package (and whatever it then needs)
# Then run scripts/test.sh (it installs from the new lock) and commit both files.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_venv
UV_VERSION=0.13.9 # the resolver; only installed when .venv has none
[ -x .venv/bin/uv ] || .venv/bin/python -m pip install -q "uv==$UV_VERSION"

options=("$@")

# lock OUTPUT [uv pip compile arguments...] <<<HEADER: resolve into OUTPUT (its current pins are the
# preferred versions, the options given to this script are added), then put on top the header read from
# stdin and the command that made the file.
lock() {
  local output=$1 header
  shift
  header=$(cat)
  local command=(uv pip compile pyproject.toml --python-version 3.11 --python-platform linux "$@"
    --annotation-style line --no-header -o "$output")
  .venv/bin/"${command[@]}" ${options[@]+"${options[@]}"} --quiet
  {
    echo "$header"
    echo "# Refresh with scripts/lock.sh (scripts/lock.sh --upgrade for the newest versions), then run"
    echo "# scripts/test.sh. Resolved by: ${command[*]}"
    cat "$output"
  } >"$output.new"
  mv "$output.new" "$output"
}

lock requirements-test.txt --extra test <<'EOF2'
# Generated from pyproject.toml by scripts/lock.sh: do not edit by hand.
# What scripts/test.sh installs: the runtime dependencies and the `test` extra, every one pinned.
EOF2
lock requirements.txt -c requirements-test.txt <<'EOF2'
# Generated from pyproject.toml by scripts/lock.sh: do not edit by hand.
# What Streamlit Community Cloud and scripts/app.sh install: the runtime dependencies, every one pinned,
# at the versions of requirements-test.txt (which the tests ran with). Community Cloud runs app.py from
# the repository root, so contract_builder/ and webapp/ import from there.
EOF2
echo "locked: $(grep -c '==' requirements.txt) packages in requirements.txt, $(grep -c '==' requirements-test.txt) in requirements-test.txt"
