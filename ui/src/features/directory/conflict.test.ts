import { describe, expect, it } from "vitest";
import { compare, merge, mergePerson, mergeRecord, shown, VISIT_FIELD_LABELS } from "./conflict";
import { emptyDraft, formFromDraft } from "./draft";

const base = { ...formFromDraft(emptyDraft()), name: "Centre social du Lac", phone: "05 56 00 00 00", notes: "Ancienne note" };

describe("compare and merge", () => {
  it("takes each side's own changes and asks only for the fields both changed", () => {
    const mine = { ...base, phone: "05 56 11 11 11", notes: "Ma note", email: "accueil@lac.example" };
    const theirs = { ...base, phone: "05 56 22 22 22", notes: "Ma note", website: "https://lac.example" };
    const c = compare(base, mine, theirs);
    expect(c.conflicts.map((x) => [x.field, x.mine, x.theirs])).toEqual([["phone", "05 56 11 11 11", "05 56 22 22 22"]]);
    expect(c.theirsOnly).toEqual(["website"]);
    expect(c.mineOnly).toEqual(["email"]);

    const keepingMine = merge(mine, theirs, c, new Set(["phone"]));
    expect([keepingMine.phone, keepingMine.email, keepingMine.website, keepingMine.notes]).toEqual([
      "05 56 11 11 11",
      "accueil@lac.example",
      "https://lac.example",
      "Ma note",
    ]);
    expect(merge(mine, theirs, c, new Set()).phone).toBe("05 56 22 22 22");
  });

  it("says empty values and yes/no in French", () => {
    expect([shown(""), shown(null), shown(true), shown(false), shown("x")]).toEqual(["(vide)", "(vide)", "oui", "non", "x"]);
  });
});

describe("a person changed on two desktops", () => {
  const base = {
    first_name: "Élodie",
    last_name: "Lafargue",
    role: "Direction",
    email: "elodie@lac.example",
    phone: "",
    collected_from: "une visite",
    collected_on: "2026-01-10",
    reviewed_on: null,
  };

  it("keeps both when each changed a different field", () => {
    const merged = mergePerson(base, { ...base, phone: "05 56 11 11 11" }, { ...base, role: "Présidence" });
    expect(merged.conflicts).toBe("");
    expect(merged.draft).toEqual({ ...base, phone: "05 56 11 11 11", role: "Présidence" });
  });

  it("names a field both changed, and keeps mine for a second save", () => {
    const merged = mergePerson(base, { ...base, email: "moi@lac.example" }, { ...base, email: "eux@lac.example", phone: "05" });
    expect(merged.conflicts).toBe("E-mail : la vôtre « moi@lac.example », la sienne « eux@lac.example »");
    expect(merged.draft).toEqual({ ...base, email: "moi@lac.example", phone: "05" });
  });
});

describe("a visit corrected on two desktops", () => {
  const base = { date: "2026-11-02", delegate: "Zoé Petit", met: "Direction", notes: "Premier échange" };

  it("keeps both corrections of different fields, and names a field both changed", () => {
    const both = mergeRecord(VISIT_FIELD_LABELS, base, { ...base, met: "Direction et présidence" }, { ...base, notes: "Compte rendu" });
    expect(both).toEqual({ draft: { ...base, met: "Direction et présidence", notes: "Compte rendu" }, conflicts: "" });
    const same = mergeRecord(VISIT_FIELD_LABELS, base, { ...base, notes: "Le mien" }, { ...base, notes: "Le leur" });
    expect(same.conflicts).toBe("Notes : la vôtre « Le mien », la sienne « Le leur »");
    expect(same.draft.notes).toBe("Le mien");
  });
});
