#!/usr/bin/env bash
# Install with the test tools, then run lint, types and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# The model tests reuse the model the install step rebuilt (instead of rebuilding per run).
export GROEPENWIJZER_MODEL_CACHE="${GROEPENWIJZER_MODEL_CACHE:-$HOME/.cache/groepenwijzer}"
scripts/install.sh --test
. .venv/bin/activate
ruff check .
ruff format --check .
mypy catalogue matcher bot web
python -m pytest -n 2 -p no:cacheprovider "$@"
