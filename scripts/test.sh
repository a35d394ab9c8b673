#!/usr/bin/env bash
# Set up (with test extras and Debian's chromium for the browser test), check that the pip Python ships installs a
# working factcheck into a fresh venv, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  fi
fi
# axe-core for the browser test's accessibility audit, from the npm registry (nothing is fetched at test time)
if [ ! -f .venv/axe/node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null || true
  fi
  npm install --silent --no-audit --no-fund --prefix .venv/axe axe-core@4.10.3 >/dev/null || true
fi
[ "${FACTCHECK_SKIP_INSTALL_CHECK:-0}" = 1 ] || bash scripts/check_install.sh  # CI always runs it
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
