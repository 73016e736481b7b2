import { describe, expect, it } from "vitest";
import type { ActivityEntry } from "../../lib/api";
import { byDay } from "./days";

function entry(at: string): ActivityEntry {
  return { at, author: "marie", kind: "visit", structure_id: null, structure_name: null, summary: "Visite enregistrée" };
}

describe("byDay", () => {
  it("groups entries by local day, today and yesterday by name, and keeps their order", () => {
    const now = new Date(2026, 11, 6, 15, 0);
    const groups = byDay(
      [
        entry(new Date(2026, 11, 6, 14, 0).toISOString()),
        entry(new Date(2026, 11, 6, 9, 0).toISOString()),
        entry(new Date(2026, 11, 5, 18, 0).toISOString()),
        entry(new Date(2026, 10, 28, 10, 0).toISOString()),
        entry("pas une date"),
      ],
      now,
    );
    expect(groups.map((g) => [g.day, g.entries.length])).toEqual([
      ["Aujourd'hui", 2],
      ["Hier", 1],
      ["samedi 28 novembre 2026", 1],
      ["Date inconnue", 1],
    ]);
  });
});
