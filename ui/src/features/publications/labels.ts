// The French words of « Communication », and the pure helpers its screens share (tested in
// labels.test.ts): what a move asks for, a month's grid, a planned date moved to another day.
import type { Channel, Flag, Publication, PublicationDraft, PublicationStatus } from "../../lib/bindings";

export const STATUS_LABELS: Record<PublicationStatus, string> = {
  idee: "Idée",
  redaction: "Rédaction",
  a_valider: "À valider",
  validee: "Validée",
  refusee: "Refusée",
  programmee: "Programmée",
  publiee: "Publiée",
};

export const STATUSES = Object.keys(STATUS_LABELS) as PublicationStatus[];

export const CHANNEL_LABELS: Record<Channel, string> = {
  facebook: "Page Facebook",
  linkedin: "LinkedIn",
  site: "Site",
  lettre: "Lettre",
};

export const CHANNELS = Object.keys(CHANNEL_LABELS) as Channel[];

export const FLAG_LABELS: Record<Flag, string> = {
  waiting_too_long: "Attend sa validation",
  date_passed: "Date passée sans validation",
};

/** The button that moves a publication to `to`. */
export const MOVE_LABELS: Record<PublicationStatus, string> = {
  idee: "Revenir à l'idée",
  redaction: "Reprendre la rédaction",
  a_valider: "Demander la validation",
  validee: "Valider",
  refusee: "Refuser",
  programmee: "Programmer",
  publiee: "Marquer comme publiée",
};

/** What a move asks before it is made: a validator's name (single desktop), a reason, a link. */
export function moveNeeds(to: PublicationStatus, team: boolean): { validator: boolean; reason: boolean; link: boolean } {
  return {
    validator: !team && (to === "validee" || to === "refusee"),
    reason: to === "refusee",
    link: to === "publiee",
  };
}

export const draftOf = (p: Publication): PublicationDraft => ({
  title: p.title,
  text: p.text,
  channels: [...p.channels],
  structure_ids: [...p.structure_ids],
  partners: [...p.partners],
  planned_at: p.planned_at,
});

export const emptyDraft = (): PublicationDraft => ({
  title: "",
  text: "",
  channels: [],
  structure_ids: [],
  partners: [],
  planned_at: null,
});

/** `AAAA-MM-JJTHH:MM` for `<input type="datetime-local">` from the back end's `…:SS`, and back. */
export const toInput = (at: string | null): string => (at ? at.slice(0, 16) : "");
export const fromInput = (value: string): string | null => (value ? `${value.slice(0, 16)}:00` : null);

/** The planned date moved to `day` (`AAAA-MM-JJ`), keeping its time (9 h for an undated one). */
export function movedTo(at: string | null, day: string): string {
  return `${day}T${at ? at.slice(11, 19) : "09:00:00"}`;
}

/** The days a month's calendar shows: whole weeks from Monday, as `AAAA-MM-JJ`. */
export function monthGrid(year: number, month: number): { day: string; inMonth: boolean }[] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const offset = (first.getUTCDay() + 6) % 7;
  const start = new Date(first);
  start.setUTCDate(1 - offset);
  const days: { day: string; inMonth: boolean }[] = [];
  for (let d = new Date(start); ; d.setUTCDate(d.getUTCDate() + 1)) {
    const inMonth = d.getUTCMonth() === month - 1;
    if (!inMonth && days.length % 7 === 0 && d > first) break;
    days.push({ day: d.toISOString().slice(0, 10), inMonth });
  }
  return days;
}

/** `day` moved by `by` days (`AAAA-MM-JJ`). */
export function shiftedDay(day: string, by: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/** The Monday of `day`'s week. */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
  return shiftedDay(day, -weekday);
}

/** The seven days of the week starting on `monday`. */
export const weekDays = (monday: string): string[] => Array.from({ length: 7 }, (_, i) => shiftedDay(monday, i));

/** « du 7 au 13 décembre 2026 », « du 28 décembre 2026 au 3 janvier 2027 ». */
export function weekName(monday: string): string {
  const sunday = shiftedDay(monday, 6);
  const label = (day: string, parts: Intl.DateTimeFormatOptions) =>
    new Date(`${day}T12:00:00Z`).toLocaleDateString("fr-FR", { ...parts, timeZone: "UTC" });
  const full: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric" };
  if (monday.slice(0, 4) !== sunday.slice(0, 4)) return `du ${label(monday, full)} au ${label(sunday, full)}`;
  if (monday.slice(5, 7) !== sunday.slice(5, 7)) return `du ${label(monday, { day: "numeric", month: "long" })} au ${label(sunday, full)}`;
  return `du ${label(monday, { day: "numeric" })} au ${label(sunday, full)}`;
}

/** « décembre 2026 ». */
export const monthName = (year: number, month: number): string =>
  new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" });

/** « mer. 10 déc., 18:00 ». */
export function plannedLabel(at: string | null): string {
  if (!at) return "Sans date";
  const [date, time] = at.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("fr-FR", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  return `${day}, ${time.slice(0, 5)}`;
}
