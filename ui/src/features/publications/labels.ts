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
