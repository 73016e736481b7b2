#!/usr/bin/env bash
# Builds the portable Windows edition, `dist/Fabrique-<version>-windows-x64.zip`: fabrique.exe (the
# window), fabrique-cli.exe (the command line), WebView2Loader.dll (which the window loads to find
# the WebView2 runtime of Windows 10 and 11), the licences and a French « Lisez-moi ». Built on
# Linux with mingw-w64; the command line of the zip is tried under Wine before the zip is written.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../.ci/setup.sh"
cd "$FABRIQUE_ROOT"
source .ci/windows/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$FABRIQUE_ROOT/target}"

version=$(cargo metadata --format-version 1 --no-deps --locked \
  | python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "fabrique"))')
name="Fabrique-$version-windows-x64"
release="$CARGO_TARGET_DIR/$WINDOWS_TARGET/release"

stage "Interface : construction"
(cd ui && npm run --silent build)

stage "fabrique.exe et fabrique-cli.exe en version optimisée ($WINDOWS_TARGET)"
# custom-protocol: the window serves the built interface from inside the program.
cargo build --release --locked --target "$WINDOWS_TARGET" -p fabrique --features tauri/custom-protocol
cargo build --release --locked --target "$WINDOWS_TARGET" -p fabrique-cli

stage "Essai de fabrique-cli.exe sous Wine"
trial=$(mktemp -d)
trap 'rm -rf "$trial"' EXIT
"$CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER" "$release/fabrique-cli.exe" --db "Z:$trial/essai.sqlite" demo
"$CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER" "$release/fabrique-cli.exe" --version | grep -qx "fabrique-cli $version"

stage "Dossier $name"
folder="$trial/$name"
mkdir -p "$folder"
cp "$release/fabrique.exe" "$release/fabrique-cli.exe" "$release/WebView2Loader.dll" "$folder/"
python3 packaging/third_party_licences.py "$WINDOWS_TARGET" "$folder/LICENCES-TIERS.txt"
cp LICENSE "$folder/LICENCE.txt"
sed "s/@VERSION@/$version/g" packaging/LISEZ-MOI.txt > "$folder/LISEZ-MOI.txt"
# Windows' own tools: CRLF line ends, and a BOM so that every Notepad reads the accents as UTF-8.
for text in "$folder"/*.txt; do
  python3 - "$text" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read().replace("\r\n", "\n").replace("\n", "\r\n")
open(path, "w", encoding="utf-8-sig", newline="").write(text)
PY
done

stage "Archive dist/$name.zip"
mkdir -p dist
rm -f "dist/$name.zip"
# Python's zipfile rather than the zip program, which a fresh machine may lack.
python3 - "$trial" "$name" "$FABRIQUE_ROOT/dist/$name.zip" <<'PY'
import pathlib, sys, zipfile
root, name, out = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for path in sorted((root / name).iterdir()):
        archive.write(path, f"{name}/{path.name}")
PY
python3 -m zipfile -l "dist/$name.zip"
stage "Terminé : dist/$name.zip"
