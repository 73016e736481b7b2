import { describe, expect, it } from "vitest";
import type { DossierContent, DossierSection } from "../../lib/bindings";
import { changesBetween, takeOthersWriting } from "./contentChanges";

const section = (key: string, body: string): DossierSection => ({
  key,
  title: key,
  guidance: "",
  required: false,
  kind: "text",
  body,
});

const content = (a: string, b: string, c = "c"): DossierContent => ({
  sections: [section("a", a), section("b", b), section("c", c)],
  budget: { lines: [] },
});

describe("a dossier written from two windows", () => {
  it("saves only the sections this window changed", () => {
    const opened = content("a", "b");
    expect(changesBetween(opened, content("A", "b"))).toEqual({ sections: ["a"], budget: false });
    expect(changesBetween(opened, opened)).toEqual({ sections: [], budget: false });
    const budget = { ...opened, budget: { lines: [{}] } } as unknown as DossierContent;
    expect(changesBetween(opened, budget).budget).toBe(true);
  });

  it("takes the other window's sections, not the ones typed in since the save", () => {
    const sent = content("A", "b");
    const stored = content("A", "B (l'autre poste)", "C (l'autre poste)");
    // Typed in c meanwhile: kept; b untouched since the save: the other's.
    const editing = content("A", "b", "c tapé depuis");
    takeOthersWriting(editing, sent, stored);
    expect(editing.sections.map((s) => s.body)).toEqual(["A", "B (l'autre poste)", "c tapé depuis"]);
  });
});
