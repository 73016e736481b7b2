import { describe, expect, it } from "vitest";
import { fromInput, monthGrid, movedTo, moveNeeds, plannedLabel, toInput } from "./labels";

describe("the communication calendar", () => {
  it("shows whole weeks from Monday", () => {
    // December 2026 starts on a Tuesday and ends on a Thursday.
    const days = monthGrid(2026, 12);
    expect(days.length % 7).toBe(0);
    expect(days[0]).toEqual({ day: "2026-11-30", inMonth: false });
    expect(days.find((d) => d.day === "2026-12-01")?.inMonth).toBe(true);
    expect(days[days.length - 1]).toEqual({ day: "2027-01-03", inMonth: false });
    // A month starting on a Monday begins on its first day.
    expect(monthGrid(2027, 2)[0]).toEqual({ day: "2027-02-01", inMonth: true });
  });

  it("moves a date to another day and keeps its time", () => {
    expect(movedTo("2026-12-10T18:30:00", "2026-12-12")).toBe("2026-12-12T18:30:00");
    expect(movedTo(null, "2026-12-12")).toBe("2026-12-12T09:00:00");
    expect(fromInput("2026-12-10T18:30")).toBe("2026-12-10T18:30:00");
    expect(fromInput("")).toBeNull();
    expect(toInput("2026-12-10T18:30:00")).toBe("2026-12-10T18:30");
    expect(plannedLabel("2026-12-10T18:30:00")).toMatch(/^jeu\.? 10 déc\.?, 18:30$/);
  });

  it("asks a validator's name only on a single desktop, a reason to refuse, a link to publish", () => {
    expect(moveNeeds("refusee", false)).toEqual({ validator: true, reason: true, link: false });
    expect(moveNeeds("validee", true)).toEqual({ validator: false, reason: false, link: false });
    expect(moveNeeds("publiee", true)).toEqual({ validator: false, reason: false, link: true });
  });
});
