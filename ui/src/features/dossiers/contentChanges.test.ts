import { describe, expect, it } from "vitest";
import type { DossierContent, DossierSection } from "../../lib/bindings";
import { changesBetween, chosenText, nextBase, takeOthersWriting } from "./contentChanges";

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
    expect(changesBetween(opened, content("A", "b"))).toEqual({ sections: ["a"], budget: false, since: opened });
    expect(changesBetween(opened, opened)).toEqual({ sections: [], budget: false, since: opened });
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

  it("keeps this writer's text in a disputed section, and compares the next save with what it had", () => {
    const base = content("a", "b");
    const sent = content("A (moi)", "b");
    const stored = content("A (l'autre)", "B (l'autre)");
    const editing = content("A (moi)", "b");
    const disputed = { sections: new Set(["a"]), budget: false };
    takeOthersWriting(editing, sent, stored, disputed);
    expect(editing.sections.map((s) => s.body)).toEqual(["A (moi)", "B (l'autre)", "c"]);
    // Saving again names section a against its old text, so the back end reports it again.
    const next = nextBase(base, stored, disputed);
    expect(next.sections.map((s) => s.body)).toEqual(["a", "B (l'autre)", "c"]);
    expect(changesBetween(next, editing).sections).toEqual(["a"]);
  });

  it("gives the text the writer chose", () => {
    const conflict = { key: "a", title: "A", mine: "moi", theirs: "l'autre", merged: "⟪ Votre version ⟫\n\nmoi" };
    expect(["mine", "theirs", "both"].map((c) => chosenText(conflict, c as "mine"))).toEqual([
      "moi",
      "l'autre",
      "⟪ Votre version ⟫\n\nmoi",
    ]);
  });
});
