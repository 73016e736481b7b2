#!/usr/bin/env bash
# cargo's runner for x86_64-pc-windows-gnu (CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER): runs a
# Windows program under Wine, in a private prefix prepared on first use. Also usable by hand:
#   .ci/windows/wine-run.sh target/x86_64-pc-windows-gnu/debug/fabrique-cli.exe demo
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export WINEPREFIX="${FABRIQUE_WINEPREFIX:-${CARGO_TARGET_DIR:-$here/../../target}/wine-prefix}"
export WINEDEBUG=-all
# No desktop integration, no Mono or Gecko installer dialogs: the prefix is for tests only.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
wine=/usr/lib/wine/wine64
stand_in="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
if [ ! -f "$stand_in" ]; then
  mkdir -p "$WINEPREFIX"
  (
    flock 9
    if [ ! -f "$stand_in" ]; then
      "$wine" wineboot --init >/dev/null 2>&1
      /usr/lib/wine/wineserver -w
      x86_64-w64-mingw32-gcc -O2 -shared -o "$stand_in.tmp" "$here/processprng.c" -ladvapi32
      mv "$stand_in.tmp" "$stand_in"
    fi
  ) 9>"$WINEPREFIX/.prepare.lock"
fi
# `--server start|stop`: keeps one wineserver alive for a whole test run, so that no test program
# connects to a server that is shutting down between two programs.
if [ "${1:-}" = "--server" ]; then
  case "${2:-}" in
    start) exec /usr/lib/wine/wineserver -p </dev/null >/dev/null 2>&1 ;;
    stop) exec /usr/lib/wine/wineserver -k ;;
  esac
fi
case "${1:-}" in
  */deps/*.exe)
    # A test program. In the whole suite, Wine itself has now and then failed to run one (status 1,
    # sometimes « wine client error … Connection reset by peer »), never when run again or alone.
    # Rust's test harness reports failed tests with status 101, so status 1 is Wine's own failure:
    # the program is run once more, and the first attempt stays in the log.
    status=0
    "$wine" "$@" || status=$?
    if [ "$status" -eq 1 ]; then
      echo "wine-run.sh : Wine n'a pas pu exécuter $(basename "$1") (statut 1) ; second essai." >&2
      status=0
      "$wine" "$@" || status=$?
    fi
    exit "$status"
    ;;
esac
exec "$wine" "$@"
