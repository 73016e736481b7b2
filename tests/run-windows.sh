#!/usr/bin/env bash
# The Windows build and its tests, from Linux: cross-compiles `fabrique.exe` and `fabrique-cli.exe`
# for x86_64-pc-windows-gnu with mingw-w64, then runs under Wine the Rust tests of every crate
# that needs no webview and the command-line tests against `fabrique-cli.exe`. Run by
# tests/run-all.sh; alone: `bash tests/run-windows.sh`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../.ci/setup.sh"
cd "$FABRIQUE_ROOT"
source .ci/windows/setup.sh

# fabrique.exe embeds the built interface.
if [ ! -f ui/dist/index.html ]; then
  stage "Interface : construction"
  (cd ui && npm run --silent build)
fi

stage "Windows : construction de fabrique.exe et fabrique-cli.exe, et des tests (x86_64-pc-windows-gnu)"
# The window's own crate is built (fabrique.exe) but its tests are not run: they need WebView2,
# which Wine lacks. Every other crate's tests, and the command-line tests, run below.
cargo build --locked --target "$WINDOWS_TARGET" --workspace --bins --tests

stage "Windows : lints du code propre à Windows (clippy)"
cargo clippy --locked --target "$WINDOWS_TARGET" --quiet -p fabrique-store -p fabrique-tests --all-targets -- -D warnings

# A Wine prefix of this run's own: no wineserver left by another run (or by hand) can be shared,
# nor stopped under our feet. Preparing it takes about 15 s.
FABRIQUE_WINEPREFIX="$(mktemp -d)/wine-prefix"
export FABRIQUE_WINEPREFIX
stop_wine() {
  .ci/windows/wine-run.sh --server stop || true
  rm -rf "$(dirname "$FABRIQUE_WINEPREFIX")"
}
trap stop_wine EXIT
stage "Windows : préfixe Wine de ce passage"
.ci/windows/wine-run.sh --server start

stage "Windows : tests sous Wine (noyau, stockage, PDF, rapports, cas d'usage, ligne de commande)"
FABRIQUE_FUZZ_SECONDS="${FABRIQUE_FUZZ_SECONDS:-10}" \
  cargo test --locked --target "$WINDOWS_TARGET" --workspace --exclude fabrique

stage "Windows : tout est passé"
