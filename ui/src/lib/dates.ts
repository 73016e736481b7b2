// Dates travel as "YYYY-MM-DD" strings (chrono NaiveDate) and are shown as dd/mm/yyyy.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function parseIsoDate(value: string | null | undefined): DateParts | null {
  const m = value ? ISO_DATE.exec(value.trim()) : null;
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(parts: DateParts): string {
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}

/** "2026-03-05" → "05/03/2026"; an empty or invalid value gives `fallback`. */
export function formatDate(value: string | null | undefined, fallback = ""): string {
  const d = parseIsoDate(value);
  return d ? `${pad(d.day)}/${pad(d.month)}/${pad(d.year, 4)}` : fallback;
}

/** An RFC 3339 time shown in local time: "05/03/2026 à 14:02". */
export function formatDateTime(value: string | null | undefined, fallback = ""): string {
  if (!value) return fallback;
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) return fallback;
  return `${pad(t.getDate())}/${pad(t.getMonth() + 1)}/${t.getFullYear()} à ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** The local calendar date of `now`, as "YYYY-MM-DD". */
export function todayIso(now: Date = new Date()): string {
  return isoDate({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
}

/** Adds calendar months, clamping the day to the end of the month (31 Jan + 1 month = 28/29 Feb), like chrono. */
export function addMonths(value: string, months: number): string | null {
  const d = parseIsoDate(value);
  if (!d) return null;
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return isoDate({ year, month, day: Math.min(d.day, daysInMonth(year, month)) });
}

export type Deadline = "past" | "soon" | "later" | "none";

/**
 * Where a deadline stands: "past" once the date is before today, "soon" when it falls within
 * `months` months from today (inclusive), "later" beyond, "none" without a valid date.
 */
export function deadlineStatus(end: string | null | undefined, today: string, months = 6): Deadline {
  const d = parseIsoDate(end);
  const limit = addMonths(today, months);
  if (!d || !limit) return "none";
  const iso = isoDate(d);
  if (iso < today) return "past";
  return iso <= limit ? "soon" : "later";
}

/** True when the deadline has passed or comes within `months` months: what the list highlights. */
export function isDueWithin(end: string | null | undefined, today: string, months = 6): boolean {
  const s = deadlineStatus(end, today, months);
  return s === "past" || s === "soon";
}

/** Newest first, undated last; a stable order for equal dates. */
export function compareDatesDesc(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  return a < b ? 1 : -1;
}

/**
 * What a date input holds, as "YYYY-MM-DD": "" stays "", ISO passes through, and "30/06/2027"
 * (typed where the web view shows a plain text box) is converted. Invalid text gives null.
 */
export function normalizeDateInput(text: string): string | null {
  const t = text.trim();
  if (t === "") return "";
  const iso = parseIsoDate(t);
  if (iso) return isoDate(iso);
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!fr) return null;
  const parts = parseIsoDate(`${fr[3]}-${fr[2].padStart(2, "0")}-${fr[1].padStart(2, "0")}`);
  return parts ? isoDate(parts) : null;
}
