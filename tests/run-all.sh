#!/usr/bin/env bash
# Runs every test of Fabrique: interface checks and unit tests, Rust formatting and lints, every
# Rust crate's tests, the command-line tests, the Windows build with its tests under Wine
# (tests/run-windows.sh), and the end-to-end tests of the real window under Xvfb.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../.ci/setup.sh"
cd "$FABRIQUE_ROOT"

if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  stage "Installation de tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0 --quiet
fi

stage "Interface : types, tests unitaires, construction"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build)

stage "Rust : construction de l'espace de travail"
cargo build --workspace --bins --tests --locked

stage "Rust : mise en forme et lints (rustfmt, clippy)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings

stage "Rust : tests (noyau, stockage, commandes, ligne de commande, types TypeScript)"
cargo test --workspace --locked

stage "Windows : construction croisée et tests sous Wine (tests/run-windows.sh)"
bash tests/run-windows.sh

stage "Bout en bout : la vraie fenêtre sous Xvfb via WebDriver"
xvfb-run -a --server-args="-screen 0 1920x1080x24" \
  cargo test --locked -p fabrique-tests --test e2e -- --ignored --test-threads=1

stage "Tous les tests sont passés"
