#!/usr/bin/env bash
# Installs what the tests need on Debian: Chromium (driven by playwright-core) and fonts for
# readable screenshots. Idempotent: a second run does nothing. Needs root (or passwordless sudo)
# only when something is missing.
set -euo pipefail
need=()
for p in chromium fonts-liberation; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
[ -x /usr/bin/chromium ] || need+=(chromium)
((${#need[@]})) || exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else
  echo "setup-test-tools: please install these Debian packages: ${need[*]} (needs root)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "setup-test-tools: installing ${need[*]}" >&2
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
