#!/usr/bin/env bash
# Set up, then check the articles/ corpus and write reports/index.html, report.json and claims.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/factcheck check articles/ --out reports "$@"
