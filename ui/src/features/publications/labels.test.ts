import { describe, expect, it } from "vitest";
import { fromInput, mondayOf, monthGrid, movedTo, moveNeeds, plannedLabel, toInput, weekDays, weekName } from "./labels";

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

  it("shows a week from Monday to Sunday, named in French", () => {
    expect(mondayOf("2026-12-07")).toBe("2026-12-07");
    expect(mondayOf("2026-12-13")).toBe("2026-12-07");
    expect(mondayOf("2027-01-01")).toBe("2026-12-28");
    expect(weekDays("2026-12-28")).toEqual(["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]);
    expect(weekName("2026-12-07")).toBe("du 7 au 13 décembre 2026");
    expect(weekName("2026-11-30")).toBe("du 30 novembre au 6 décembre 2026");
    expect(weekName("2026-12-28")).toBe("du 28 décembre 2026 au 3 janvier 2027");
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
