#!/usr/bin/env bash
# Install zoneprofile with its test dependencies (system packages included), then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --extras test --no-brief
exec .venv/bin/python -m pytest "$@"
