#!/usr/bin/env bash
# Install zoneprofile with its test dependencies (system packages included), then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --extras test --no-brief

# The preview's browser tests drive Debian's Chromium through Playwright (no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing chromium for the browser tests"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
