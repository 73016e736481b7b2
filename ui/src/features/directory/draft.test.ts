import { describe, expect, it } from "vitest";
import type { Structure, Visit } from "../../lib/bindings";
import {
  cleanPersonDraft,
  draftFromForm,
  draftOf,
  emptyDraft,
  emptyPersonDraft,
  formFromDraft,
  formProblems,
  formsDiffer,
  mergeProblems,
  fullName,
  parseCount,
  parseTags,
  sortVisits,
} from "./draft";

const structure: Structure = {
  ...emptyDraft(),
  id: 7,
  version: 3,
  name: "Centre social du Burck",
  kind: "centre_social",
  member: true,
  member_since: 2004,
  caf_approval_end: "2027-06-30",
  commune: "Mérignac",
  postal_code: "33700",
  insee: "33281",
  employees: 12,
  tags: ["Jeunesse", "Numérique"],
  territory: { epci_code: "243300316", epci_name: "Bordeaux Métropole", metropole: true },
  updated_at: "2026-11-01T10:00:00Z",
};

describe("structure form", () => {
  it("round-trips a stored structure without change", () => {
    const draft = draftOf(structure);
    expect(draft).not.toHaveProperty("id");
    expect(draft).not.toHaveProperty("territory");
    expect(draftFromForm(formFromDraft(draft))).toEqual(draft);
  });

  it("turns blanks into null and text into numbers", () => {
    const form = formFromDraft(draftOf(structure));
    form.employees = "";
    form.volunteers = " 25 ";
    form.siret = "  ";
    form.caf_approval_end = "";
    form.tags = "Jeunesse, ,familles; jeunesse";
    const draft = draftFromForm(form);
    expect(draft.employees).toBeNull();
    expect(draft.volunteers).toBe(25);
    expect(draft.siret).toBeNull();
    expect(draft.caf_approval_end).toBeNull();
    expect(draft.tags).toEqual(["Jeunesse", "familles"]);
  });

  it("drops the membership year of a non-member", () => {
    const form = formFromDraft(draftOf(structure));
    form.member = false;
    expect(draftFromForm(form).member_since).toBeNull();
  });

  it("explains in French what must be fixed before saving", () => {
    const form = formFromDraft(emptyDraft());
    expect(formProblems(form)).toEqual([]);
    form.member = true;
    form.member_since = "deux mille";
    form.employees = "2,5";
    form.caf_approval_end = "31/02/2025";
    expect(formProblems(form).map((p) => p.field)).toEqual(["member_since", "caf_approval_end", "employees"]);
    expect(formProblems(form)[2].message).toBe("indiquez un nombre entier.");
  });

  it("merges the form's problems with the back end's, one per field", () => {
    const form = [{ field: "employees", label: "Salariés", message: "indiquez un nombre entier." }];
    const backEnd = [
      { field: "name", label: "Nom", message: "obligatoire" },
      { field: "employees", label: "Salariés", message: "autre" },
    ];
    expect(mergeProblems(form, backEnd).map((p) => `${p.field}:${p.message}`)).toEqual([
      "employees:indiquez un nombre entier.",
      "name:obligatoire",
    ]);
  });

  it("sees a change only when a value differs", () => {
    const a = formFromDraft(draftOf(structure));
    const b = { ...a };
    expect(formsDiffer(a, b)).toBe(false);
    // A number input bound to the form gives back a number: same value, no change.
    expect(formsDiffer(a, { ...a, employees: 12 as unknown as string })).toBe(false);
    expect(formsDiffer(a, { ...a, phone: "05 56 00 00 00" })).toBe(true);
  });
});

describe("parsing helpers", () => {
  it("parses whole counts only", () => {
    expect(parseCount("")).toBeNull();
    expect(parseCount(null)).toBeNull();
    expect(parseCount("1 200")).toBe(1200);
    expect(parseCount(7)).toBe(7);
    expect(parseCount("-3")).toBeUndefined();
    expect(parseCount("douze")).toBeUndefined();
  });

  it("deduplicates tags ignoring accents and case, keeping the first spelling", () => {
    expect(parseTags("Numérique; numerique, Accès aux droits\nSeniors ,")).toEqual(["Numérique", "Accès aux droits", "Seniors"]);
    expect(parseTags("  ")).toEqual([]);
  });
});

describe("people and visits", () => {
  it("names people and cleans their drafts", () => {
    expect(fullName({ first_name: " Inès ", last_name: "Diallo" })).toBe("Inès Diallo");
    expect(fullName({ first_name: "", last_name: "" })).toBe("Personne sans nom");
    const d = { ...emptyPersonDraft("2026-11-28"), first_name: " Léa ", collected_on: "" };
    expect(cleanPersonDraft(d)).toMatchObject({ first_name: "Léa", collected_on: null, reviewed_on: null });
    expect(emptyPersonDraft("2026-11-28").collected_on).toBe("2026-11-28");
  });

  it("lists visits newest first", () => {
    const v = (id: number, date: string | null): Visit => ({ id, structure_id: 1, title: "Visite", date, delegate: "", met: "", notes: "", version: 1 });
    const sorted = sortVisits([v(1, "2025-03-01"), v(2, null), v(3, "2026-01-15"), v(4, "2025-03-01")]);
    expect(sorted.map((x) => x.id)).toEqual([3, 4, 1, 2]);
  });
});
