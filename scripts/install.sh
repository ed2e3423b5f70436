#!/usr/bin/env bash
# Install everything zoneprofile needs on Debian/Ubuntu (system packages included),
# then write output/brief.pdf from seeds/ and profiles/.
#
#   bash scripts/install.sh                       install, then write the brief
#   bash scripts/install.sh --extras test --no-brief   what scripts/test.sh uses
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
brief=1
while [ $# -gt 0 ]; do
  case "$1" in
    --extras) extras="[$2]"; shift 2 ;;
    --no-brief) brief=0; shift ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# 1. System packages: a CJK font, HarfBuzz-subset (fast PDF fonts), Pango, fontconfig, venv.
packages="fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fontconfig python3-venv"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing system packages:$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# 2. Python 3.11+ in a virtual environment at .venv
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "install.sh: zoneprofile needs Python 3.11 or newer" >&2; exit 1; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"

# 3. The brief
if [ "$brief" -eq 1 ]; then
  .venv/bin/zoneprofile brief
  echo "done: output/brief.pdf (run .venv/bin/zoneprofile --help for more)"
fi
