#!/usr/bin/env bash
# Playwright cannot download browsers here, so the specs drive Debian's Chromium.
# Installs it only when missing so repeated runs stay fast and offline.
set -euo pipefail

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$CHROMIUM_PATH" ]; then
  echo "chromium present at $CHROMIUM_PATH"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
else
  SUDO=""
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-liberation
"$CHROMIUM_PATH" --version
