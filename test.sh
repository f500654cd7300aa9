#!/usr/bin/env bash
# Run every test: unit, real data (../shared/data or $DIGITUKI_SOURCE), replay, app and browser.
# Creates and uses the checkout's virtual environment (.venv; see scripts/venv.sh), installs what
# the tests need into it, Debian's Chromium (root only; otherwise it says how) and the app's web
# assets, builds the working dataset (a no-op when it is current), then runs pytest.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh requirements-dev.txt
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "chromium missing: run 'sudo apt-get install -y chromium' (browser tests need it)" >&2
  fi
fi
# The store's tests start a throw-away PostgreSQL + PostGIS cluster (tests/store/conftest.py).
if ! ls /usr/lib/postgresql/15/bin/initdb /usr/share/postgresql/15/extension/postgis.control >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      postgresql-15 postgresql-15-postgis-3) >/dev/null
  else
    echo "PostgreSQL missing: run 'sudo apt-get install -y postgresql-15 postgresql-15-postgis-3'" \
      "(the store's PostgreSQL tests need it)" >&2
  fi
fi
PYTHON="$PY" bash scripts/fetch_web_assets.sh
"$PY" -m coverage sync
exec "$PY" -m pytest -q "$@"
