import { describe, expect, it } from "vitest";
import {
  citedFormLabel,
  dateSpan,
  filterTexts,
  firstListed,
  formLabel,
  longDate,
  NO_THEME,
  questionGroups,
  TextSearches,
  waveLabel,
} from "./display";

describe("the survey view's wording", () => {
  it("writes dates the French way", () => {
    expect(longDate("2021-06-01")).toBe("1er juin 2021");
    expect(longDate("2021-08-14")).toBe("14 août 2021");
    expect(longDate("14/06/2021")).toBe("14/06/2021");
    expect(dateSpan("2021-06-01", "2021-12-27")).toBe("du 1er juin 2021 au 27 décembre 2021");
    expect(dateSpan("2021-06-14", "2021-06-14")).toBe("le 14 juin 2021");
  });

  it("names a form with its waves and a wave with its responses", () => {
    const wave = (name: string, responses: number) => ({ id: 1, name, imported_at: "", responses, drafts: 0, linked: 0 });
    const form = { id: 1, title: "Pratiques numériques", link_name_key: null, link_commune_key: null, waves: [wave("2021", 33)] };
    expect(formLabel(form)).toBe("Pratiques numériques — vague 2021");
    expect(formLabel({ ...form, waves: [wave("2021", 33), wave("2023", 1)] })).toBe("Pratiques numériques — vagues 2021, 2023");
    expect(formLabel({ ...form, waves: [] })).toBe("Pratiques numériques");
    expect(waveLabel(wave("2021", 33))).toBe("2021 (33 réponses)");
    expect(waveLabel(wave("2023", 1))).toBe("2023 (1 réponse)");
    expect(citedFormLabel({ ...form, waves: [wave("2021", 33), wave("2023", 1)] })).toBe("Pratiques numériques — vague 2023 (1 réponse)");
  });

  it("keeps each question's search to itself", () => {
    const searches = new TextSearches();
    searches.set(1, "besoins", "RGPD");
    expect(searches.get(1, "besoins")).toBe("RGPD");
    expect(searches.get(1, "commentaires")).toBe("");
    expect(searches.get(2, "besoins")).toBe("");
    searches.set(1, "besoins", "");
    expect(searches.get(1, "besoins")).toBe("");
  });

  it("filters free answers ignoring case", () => {
    const texts = ["Former les bénévoles", "Des modèles RGPD", "Un ordinateur"];
    expect(filterTexts(texts, "rgpd")).toEqual(["Des modèles RGPD"]);
    expect(filterTexts(texts, "  ")).toEqual(texts);
    expect(filterTexts(texts, "BÉNÉVOLES")).toEqual(["Former les bénévoles"]);
  });

  it("opens first the question listed first", () => {
    const q = (key: string, theme: string | null) => ({ key, theme }) as never;
    const themes = ["Communication", "Équipements"];
    expect(firstListed({ themes, questions: [q("nom", null), q("ordinateurs", "Équipements"), q("outils", "Communication")] })).toBe("outils");
    expect(firstListed({ themes, questions: [q("nom", null), q("x", "Thème retiré")] })).toBe("nom");
    expect(firstListed({ themes, questions: [] })).toBe(null);
  });

  it("lists the questions by theme, those without one last", () => {
    const q = (key: string, theme: string | null) => ({ key, theme });
    const groups = questionGroups({
      themes: ["Communication", "Équipements", "Vide"],
      questions: [q("nom", null), q("ordinateurs", "Équipements"), q("outils", "Communication"), q("x", "Thème retiré")],
    });
    expect(groups.map((g) => [g.theme, g.questions.map((x) => x.key)])).toEqual([
      ["Communication", ["outils"]],
      ["Équipements", ["ordinateurs"]],
      [NO_THEME, ["nom", "x"]],
    ]);
  });
});
