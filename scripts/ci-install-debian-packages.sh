#!/usr/bin/env bash
# Installs the Debian packages some tests need: chromium (the dashboard's headless browser test) and nats-server
# (the cluster tests start their own servers on loopback). Idempotent: a package whose binary exists is skipped,
# so `.ci/run` calls it on every run at no cost. Fails loudly: a test must never skip for want of a package.
set -euo pipefail

declare -A BINARY=([chromium]=/usr/bin/chromium [nats-server]=/usr/sbin/nats-server)
missing=()
for pkg in "${!BINARY[@]}"; do
  [ -x "${BINARY[$pkg]}" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ci-install-debian-packages: ${missing[*]} missing and we are not root (no sudo): install them with apt-get" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

for pkg in "${missing[@]}"; do
  if [ ! -x "${BINARY[$pkg]}" ]; then
    echo "ci-install-debian-packages: apt-get finished but ${BINARY[$pkg]} ($pkg) is still missing" >&2
    exit 1
  fi
  echo "ci-install-debian-packages: installed $pkg"
done
