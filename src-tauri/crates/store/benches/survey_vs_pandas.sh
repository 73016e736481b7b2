#!/usr/bin/env bash
# Import plus every statistic of a 10,000 × 150 Framaforms export, whole processes from the command
# line, beside pandas reading the same file and counting every column. Release build; wall time and
# peak memory (maximum resident set) of each run, measured in the same run of this script.
#   bash src-tauri/crates/store/benches/survey_vs_pandas.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -c 'import pandas' 2>/dev/null || python3 -m pip install --quiet "pandas==3.1.1"
(cd "$root" && cargo build --release --locked -q -p fabrique-cli)
cli="${CARGO_TARGET_DIR:-$root/target}/release/fabrique-cli"
export_file="$work/resultats.tsv"
python3 "$root/src-tauri/crates/store/tests/fixtures/framaforms/make_fixtures.py" --large "$export_file"
echo "Export : $(du -h "$export_file" | cut -f1), $(wc -l < "$export_file") lignes"

measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null
  read -r seconds kilobytes < "$work/time"
  printf '%s\t%s\t%s\n' "$label" "$seconds" "$((kilobytes / 1024))"
}

{
  for _ in $(seq "$runs"); do
    rm -f "$work"/base.sqlite*
    measure "fabrique : import" "$cli" --db "$work/base.sqlite" survey import "$export_file" --wave 2021
    measure "fabrique : statistiques" "$cli" --db "$work/base.sqlite" survey stats --wave 2021 --json
    measure "pandas : read_csv + value_counts" python3 "$root/src-tauri/crates/store/benches/pandas_counts.py" "$export_file"
  done
} > "$work/results"

python3 - "$work/results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, seconds, mb = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append((float(seconds), int(mb)))
print(f"{'mesure':36} {'durée médiane':>14} {'mémoire max':>12}")
for label, values in rows.items():
    print(f"{label:36} {statistics.median(s for s, _ in values):>12.2f} s {max(m for _, m in values):>9} Mo")
fab = [a + b for (a, _), (b, _) in zip(rows["fabrique : import"], rows["fabrique : statistiques"])]
pan = [s for s, _ in rows["pandas : read_csv + value_counts"]]
print(f"{'fabrique : import + statistiques':36} {statistics.median(fab):>12.2f} s")
print(f"rapport fabrique / pandas : {statistics.median(fab) / statistics.median(pan):.2f}")
PY
