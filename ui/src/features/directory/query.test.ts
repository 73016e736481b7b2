import { describe, expect, it } from "vitest";
import { clearFilters, defaultQuery, hasFilters, isFiltered, SORT_CHOICES, sortDirectionLabel } from "./query";

describe("query defaults", () => {
  it("starts unfiltered, sorted by name ascending", () => {
    const q = defaultQuery();
    expect(q.sort).toBe("name");
    expect(q.descending).toBe(false);
    expect(isFiltered(q)).toBe(false);
    expect(hasFilters(q)).toBe(false);
  });

  it("returns a fresh object each time", () => {
    const a = defaultQuery();
    a.text = "bègles";
    expect(defaultQuery().text).toBe("");
  });

  it("counts text and every filter, but not the sort, as filtering", () => {
    expect(isFiltered({ ...defaultQuery(), text: "  " })).toBe(false);
    expect(isFiltered({ ...defaultQuery(), text: "lormont" })).toBe(true);
    expect(hasFilters({ ...defaultQuery(), member: false })).toBe(true);
    expect(hasFilters({ ...defaultQuery(), qpv: false })).toBe(true);
    expect(hasFilters({ ...defaultQuery(), tag: "" })).toBe(false);
    expect(hasFilters({ ...defaultQuery(), caf_ending_within_months: 6 })).toBe(true);
    expect(isFiltered({ ...defaultQuery(), sort: "commune", descending: true })).toBe(false);
  });

  it("clearing keeps the sort order", () => {
    const q = { ...defaultQuery(), text: "cenon", kind: "evs" as const, territory: "metropole" as const, sort: "commune" as const, descending: true };
    expect(clearFilters(q)).toEqual({ ...defaultQuery(), sort: "commune", descending: true });
  });

  it("offers every sort key of the back end, in French", () => {
    expect(SORT_CHOICES.map((c) => c.value)).toEqual(["name", "commune", "kind", "member_since", "caf_approval_end", "updated_at"]);
    expect(SORT_CHOICES.find((c) => c.value === "caf_approval_end")?.label).toBe("Fin d'agrément");
    expect(sortDirectionLabel("name", false)).toContain("A → Z");
    expect(sortDirectionLabel("updated_at", true)).toBe("Plus récent d'abord");
  });
});
