#!/usr/bin/env bash
# Run every test: unit, real data (../shared/data or $DIGITUKI_SOURCE), replay, app and browser.
# Installs what the tests need first (Python packages, Debian's Chromium, the app's web assets).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
"$PY" -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
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
bash scripts/fetch_web_assets.sh
"$PY" -m coverage sync
exec "$PY" -m pytest -q "$@"
