#!/usr/bin/env bash
# Install, then run the embedded default: SQLite + seed data, web on http://127.0.0.1:5000/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/groepenwijzer run "$@"
