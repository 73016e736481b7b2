import type { Field } from "../../lib/bindings";

/** Gives column `index` the field, freeing any other column that fed it: each field comes from one column. */
export function assignField(mapping: (Field | null)[], index: number, field: Field | null): (Field | null)[] {
  return mapping.map((f, i) => (i === index ? field : field !== null && f === field ? null : f));
}

/** Spreadsheet column letter: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The first non-blank values of a column in the sample rows, for the mapping table. */
export function sampleValues(sample: string[][], index: number, max = 3): string[] {
  return sample
    .map((row) => (row[index] ?? "").trim())
    .filter((v) => v !== "")
    .slice(0, max);
}
