#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard's headless browser test (test/actors/gateway/dashboard.test.ts).
# Idempotent: a no-op when /usr/bin/chromium exists, so `.ci/run` can call it on every run at no cost.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ci-install-chromium: /usr/bin/chromium is missing and we are not root (no sudo); the browser test will skip" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [ ! -x /usr/bin/chromium ]; then
  echo "ci-install-chromium: apt-get finished but /usr/bin/chromium is still missing" >&2
  exit 1
fi
echo "ci-install-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
