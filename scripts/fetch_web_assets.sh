#!/usr/bin/env bash
# Fetch the maps' browser assets (Leaflet & co.) from the npm registry into
# coverage/ui/static/vendor/ (git-ignored). Idempotent: does nothing when they are there.
# The work is done by fetch_web_assets.py (pinned versions, integrity check, atomic swap).
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-python3}" scripts/fetch_web_assets.py "$@"
