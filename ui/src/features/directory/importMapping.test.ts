import { describe, expect, it } from "vitest";
import { assignField, columnLetter, sampleValues } from "./importMapping";

describe("assignField", () => {
  it("moves a field to the chosen column and frees the previous one", () => {
    expect(assignField(["name", "commune", null], 2, "commune")).toEqual(["name", null, "commune"]);
  });
  it("ignores a column without touching others", () => {
    expect(assignField(["name", "commune"], 1, null)).toEqual(["name", null]);
  });
  it("does not mutate its input", () => {
    const m: ("name" | null)[] = ["name", null];
    assignField(m, 1, "name");
    expect(m).toEqual(["name", null]);
  });
});

describe("columnLetter", () => {
  it("names columns as spreadsheets do", () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]);
  });
});

describe("sampleValues", () => {
  it("skips blanks and missing cells", () => {
    const sample = [["A", ""], ["B"], ["C", " x "], ["D", "y"], ["E", "z"], ["F", "w"]];
    expect(sampleValues(sample, 1)).toEqual(["x", "y", "z"]);
    expect(sampleValues(sample, 5)).toEqual([]);
  });
});
