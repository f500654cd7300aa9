#!/usr/bin/env bash
# Set up and run the app on real data: a virtual environment (.venv; see scripts/venv.sh), the
# working dataset (built once, then a no-op while the sources are unchanged), Streamlit.
# Source of the data: --source DIR / $DIGITUKI_SOURCE, else ../shared/data beside the checkout,
# else the official online services (the sync says which it used).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh requirements.txt
PYTHON="$PY" bash scripts/fetch_web_assets.sh
if [ "${1:-}" = "--source" ] && [ -n "${2:-}" ]; then
  "$PY" -m coverage sync --source "$2"
else
  "$PY" -m coverage sync
fi
exec "$PY" -m streamlit run app.py --server.address 127.0.0.1 --server.port "${PORT:-8501}"
