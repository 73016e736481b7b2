import { describe, expect, it } from "vitest";
import type { DirectoryCounts, DirectoryPage } from "./bindings";
import {
  communeOptions,
  erasuresLabel,
  formatSiret,
  importPlanSummary,
  importResultMessage,
  kindLabel,
  kindShort,
  shownLine,
} from "./format";
import { fold, plural, quote } from "./text";

const counts = (total: number): DirectoryCounts => ({ total, members: 0, non_members: total, centres_sociaux: 0, evs: 0 });
const page = (shown: number, all: number): DirectoryPage => ({
  rows: [],
  counts: counts(shown),
  all_counts: counts(all),
  summary: "",
  tags: [],
});

describe("French wording", () => {
  it("agrees in number, singular for 0 and 1", () => {
    expect(plural(0, "structure")).toBe("0 structure");
    expect(plural(2, "structure")).toBe("2 structures");
    expect(importResultMessage({ created: 12, updated: 3 })).toBe("12 structures créées, 3 mises à jour");
    expect(importResultMessage({ created: 1, updated: 0 })).toBe("1 structure créée, 0 mise à jour");
    expect(importPlanSummary({ items: [], created: 2, updated: 1, refused: 3 })).toBe("2 à créer, 1 à mettre à jour, 3 refusées");
    expect(erasuresLabel(0)).toBe("Aucun effacement tracé");
    expect(erasuresLabel(4)).toBe("4 effacements tracés");
  });

  it("says how many structures are shown only when filtering", () => {
    expect(shownLine(page(49, 49), false)).toBeNull();
    expect(shownLine(page(3, 49), true)).toBe("3 structures affichées sur 49");
    expect(shownLine(page(1, 49), true)).toBe("1 structure affichée sur 49");
  });

  it("quotes with French guillemets", () => {
    expect(quote("Bacalan")).toBe("« Bacalan »");
  });

  it("labels kinds", () => {
    expect(kindShort("centre_social")).toBe("CS");
    expect(kindShort("evs")).toBe("EVS");
    expect(kindLabel("evs")).toBe("Espace de vie sociale");
  });

  it("groups SIRET digits and leaves other text alone", () => {
    expect(formatSiret("12345678900012")).toBe("123 456 789 00012");
    expect(formatSiret("W332001234")).toBe("W332001234");
    expect(formatSiret(null)).toBe("");
  });
});

describe("fold", () => {
  it("ignores accents, case and punctuation like the Rust search", () => {
    expect(fold("Saint-Médard-en-Jalles")).toBe("saint medard en jalles");
    expect(fold("  ŒUVRE  ")).toBe("oeuvre");
  });
});

describe("communeOptions", () => {
  it("offers one « Nom (code postal) » option per postal code", () => {
    const options = communeOptions([
      {
        insee: "33063",
        name: "Bordeaux",
        postal_codes: ["33000", "33100"],
        population: 260000,
        delegated_to: null,
        epci_code: "243300316",
        epci_name: "Bordeaux Métropole",
        metropole: true,
      },
      {
        insee: "33236",
        name: "Langon",
        postal_codes: ["33210"],
        population: 7600,
        delegated_to: null,
        epci_code: "200069581",
        epci_name: "CC du Sud Gironde",
        metropole: false,
      },
    ]);
    expect(options.map((o) => o.label)).toEqual(["Bordeaux (33000)", "Bordeaux (33100)", "Langon (33210)"]);
    expect(options[2]).toMatchObject({ name: "Langon", postal_code: "33210", insee: "33236", territory: "CC du Sud Gironde" });
    expect(communeOptions([], 5)).toEqual([]);
  });
});
