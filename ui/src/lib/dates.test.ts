import { describe, expect, it } from "vitest";
import {
  addMonths,
  compareDatesDesc,
  deadlineStatus,
  formatDate,
  formatDateTime,
  isDueWithin,
  normalizeDateInput,
  parseIsoDate,
  todayIso,
} from "./dates";

describe("formatDate", () => {
  it("shows ISO dates as dd/mm/yyyy", () => {
    expect(formatDate("2026-03-05")).toBe("05/03/2026");
    expect(formatDate("1999-12-31")).toBe("31/12/1999");
  });
  it("gives the fallback for blank or invalid dates", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate("", "—")).toBe("—");
    expect(formatDate("2026-02-30", "?")).toBe("?");
    expect(formatDate("05/03/2026", "?")).toBe("?");
  });
});

describe("formatDateTime", () => {
  it("shows a local time with the French « à »", () => {
    expect(formatDateTime("2026-03-05T14:02:00")).toBe("05/03/2026 à 14:02");
    expect(formatDateTime("pas une date", "inconnue")).toBe("inconnue");
  });
});

describe("parseIsoDate and todayIso", () => {
  it("accepts leap days only in leap years", () => {
    expect(parseIsoDate("2028-02-29")).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseIsoDate("2027-02-29")).toBeNull();
  });
  it("uses the local calendar date", () => {
    expect(todayIso(new Date(2026, 0, 7, 23, 59))).toBe("2026-01-07");
  });
});

describe("addMonths", () => {
  it("clamps to the end of shorter months, like chrono", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-11-28", 6)).toBe("2027-05-28");
    expect(addMonths("2026-11-28", -36)).toBe("2023-11-28");
  });
});

describe("deadlineStatus", () => {
  const today = "2026-11-28";
  it("classifies past, soon and later deadlines", () => {
    expect(deadlineStatus("2026-11-27", today)).toBe("past");
    expect(deadlineStatus("2026-11-28", today)).toBe("soon");
    expect(deadlineStatus("2027-05-28", today)).toBe("soon");
    expect(deadlineStatus("2027-05-29", today)).toBe("later");
    expect(deadlineStatus("2027-02-28", today, 3)).toBe("soon");
    expect(deadlineStatus("2027-03-01", today, 3)).toBe("later");
    expect(deadlineStatus(null, today)).toBe("none");
  });
  it("highlights past and soon ones only", () => {
    expect(isDueWithin("2020-01-01", today)).toBe(true);
    expect(isDueWithin("2027-02-01", today, 6)).toBe(true);
    expect(isDueWithin("2029-01-01", today, 6)).toBe(false);
    expect(isDueWithin(null, today)).toBe(false);
  });
});

describe("compareDatesDesc", () => {
  it("puts the newest first and undated last", () => {
    const dates = ["2025-01-01", null, "2026-06-01", "2024-03-03"];
    expect([...dates].sort(compareDatesDesc)).toEqual(["2026-06-01", "2025-01-01", "2024-03-03", null]);
  });
});

describe("normalizeDateInput", () => {
  it("keeps ISO dates and blanks, converts French dates, rejects the rest", () => {
    expect(normalizeDateInput("2027-06-30")).toBe("2027-06-30");
    expect(normalizeDateInput("  ")).toBe("");
    expect(normalizeDateInput("30/06/2027")).toBe("2027-06-30");
    expect(normalizeDateInput("1/2/2027")).toBe("2027-02-01");
    expect(normalizeDateInput("31/02/2027")).toBeNull();
    expect(normalizeDateInput("juin 2027")).toBeNull();
  });
});
