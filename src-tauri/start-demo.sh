#!/usr/bin/env bash
# Builds Fabrique and opens it on the demo data (loaded when the database is empty).
# The database is the user's usual one unless FABRIQUE_DB or --db says otherwise.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../.ci/setup.sh"
cd "$FABRIQUE_ROOT"

stage "Construction de l'interface"
(cd ui && npm run --silent build)
stage "Construction de l'application"
cargo build --locked -p fabrique
stage "Démarrage de Fabrique"
target_dir="${CARGO_TARGET_DIR:-$FABRIQUE_ROOT/target}"
exec "$target_dir/debug/fabrique" --demo "$@"
