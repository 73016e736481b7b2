// Money typed in the budget, as integer cents: never through floating point, so 0,10 € stays exact.

/** "1 234,5" → 123450; "" → 0; null when the text is not an amount. Mirrors the Rust parser. */
export function parseAmount(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, "");
  if (cleaned === "") return 0;
  const match = /^(\d{0,12})(?:[.,](\d{0,2}))?$/.exec(cleaned);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) return null;
  const euros = match[1] === "" ? 0 : Number(match[1]);
  const cents = Number((match[2] ?? "").padEnd(2, "0"));
  const total = euros * 100 + cents;
  return total > 100_000_000_000 ? null : total;
}

/** 123450 → "1 234,50 €", with narrow no-break spaces between thousands. */
export function formatAmount(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(cents));
  const euros = Math.floor(abs / 100).toString();
  const grouped = euros.replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  return `${sign}${grouped},${(abs % 100).toString().padStart(2, "0")}\u00a0€`;
}

/** The figure as typed in an input: "1234,50" (no spaces, so it can be edited easily). */
export function amountInput(cents: number): string {
  if (cents === 0) return "";
  const euros = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? `${euros}` : `${euros},${rest.toString().padStart(2, "0")}`;
}

/** 385 → "38,5 %", 400 → "40,0 %": always one decimal, as the PDF prints shares side by side. */
export function formatPermille(permille: number): string {
  const units = Math.floor(permille / 10);
  const tenths = permille % 10;
  return `${units},${tenths}\u00a0%`;
}
