import { describe, expect, it } from "vitest";
import type { Letter } from "../../lib/bindings";
import { addEntry, changeEntry, moveEntry, moveToSection, removeEntry, savable } from "./letterEdit";

const entry = (title: string) => ({ title, text: "", link: null, date: null, origin: "" });
const letter = (): Letter => ({
  title: "Lettre du réseau — décembre 2026",
  intro: "Bonjour",
  sections: [
    { title: "Actualités du réseau", entries: [entry("A"), entry("B"), entry("C")] },
    { title: "Numérique", entries: [] },
  ],
});
const titles = (l: Letter, s: number) => l.sections[s].entries.map((e) => e.title);

describe("the letter's editor", () => {
  it("moves an article within its section, and not past either end", () => {
    expect(titles(moveEntry(letter(), 0, 1, -1), 0)).toEqual(["B", "A", "C"]);
    expect(titles(moveEntry(letter(), 0, 2, 1), 0)).toEqual(["A", "B", "C"]);
    expect(titles(moveEntry(letter(), 0, 0, -1), 0)).toEqual(["A", "B", "C"]);
  });

  it("moves an article to the end of another section", () => {
    const moved = moveToSection(letter(), 0, 1, 1);
    expect(titles(moved, 0)).toEqual(["A", "C"]);
    expect(titles(moved, 1)).toEqual(["B"]);
  });

  it("changes a copy, never the letter it was given", () => {
    const original = letter();
    const changed = changeEntry(removeEntry(original, 0, 0), 0, 0, { title: "B bis" });
    expect(titles(changed, 0)).toEqual(["B bis", "C"]);
    expect(titles(original, 0)).toEqual(["A", "B", "C"]);
  });

  it("saves an article only once something is typed in it", () => {
    const added = addEntry(letter(), 1);
    expect(savable(added).sections[1].entries).toEqual([]);
    const typed = changeEntry(added, 1, 0, { text: "Un texte", link: "  " });
    expect(savable(typed).sections[1].entries).toEqual([{ ...entry(""), text: "Un texte" }]);
  });
});
