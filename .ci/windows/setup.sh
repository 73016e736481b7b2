#!/usr/bin/env bash
# What building for Windows and testing under Wine needs on Debian: mingw-w64, Wine 8 and Rust's
# x86_64-pc-windows-gnu target; sets cargo's runner for that target to Wine. Sourced after
# .ci/setup.sh (for `stage` and `as_root`).
WINDOWS_TARGET=x86_64-pc-windows-gnu
export WINDOWS_TARGET

windows_missing=()
for package in gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || windows_missing+=("$package")
done
if [ "${#windows_missing[@]}" -gt 0 ]; then
  stage "Paquets système pour Windows : ${windows_missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${windows_missing[@]}" >/dev/null
fi
if ! rustup target list --installed | grep -qx "$WINDOWS_TARGET"; then
  stage "Cible Rust $WINDOWS_TARGET"
  rustup target add "$WINDOWS_TARGET"
fi
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$FABRIQUE_ROOT/.ci/windows/wine-run.sh"
