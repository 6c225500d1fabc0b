#!/usr/bin/env bash
# Install with the test tools, then run lint, types and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --test
. .venv/bin/activate
ruff check .
ruff format --check .
mypy catalogue matcher bot web
python -m pytest -n 2 -p no:cacheprovider "$@"
