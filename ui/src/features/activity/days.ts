// How the « Activité » view names and groups its entries.
import type { ActivityEntry, ActivityKind } from "../../lib/api";

export const KIND_LABELS: Record<ActivityKind, string> = {
  rgpd: "RGPD",
  dossier: "Dossier",
  visit: "Visite",
  erasure: "Effacement",
  import: "Import",
};

/** Entries by local calendar day, newest first, each day with its French heading. */
export function byDay(entries: ActivityEntry[], now: Date = new Date()): { day: string; entries: ActivityEntry[] }[] {
  const groups: { day: string; entries: ActivityEntry[] }[] = [];
  const key = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  for (const entry of entries) {
    const at = new Date(entry.at);
    const day = Number.isNaN(at.getTime())
      ? "Date inconnue"
      : key(at) === key(now)
        ? "Aujourd'hui"
        : key(at) === key(yesterday)
          ? "Hier"
          : at.toLocaleDateString("fr-FR", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.entries.push(entry);
    else groups.push({ day, entries: [entry] });
  }
  return groups;
}
