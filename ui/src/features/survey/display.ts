// What the survey view writes about a form, a wave or a date question, and how it lists the questions,
// kept apart from the components so it is tested without a window.
import type { QuestionRow, SurveyForm, SurveyView } from "../../lib/bindings";
import { plural } from "../../lib/text";

const MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

/** "2021-06-01" → "1er juin 2021"; anything else is given back as it is. */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return iso;
  return `${day === 1 ? "1er" : day} ${MONTHS[month - 1]} ${year}`;
}

/** The span of a date question's answers: "du 1er juin 2021 au 27 juin 2021", or "le 14 juin 2021". */
export function dateSpan(first: string, last: string): string {
  return first === last ? `le ${longDate(first)}` : `du ${longDate(first)} au ${longDate(last)}`;
}

/** A form in the selector: its title and its waves, "Titre — vagues 2021, 2023". */
export function formLabel(form: SurveyForm): string {
  const waves = form.waves.map((w) => w.name);
  if (waves.length === 0) return form.title;
  return `${form.title} — ${waves.length > 1 ? "vagues" : "vague"} ${waves.join(", ")}`;
}

/** A form a dossier can quote, by the wave it quotes (its latest): "Titre — vague 2021 (33 réponses)". */
export function citedFormLabel(form: SurveyForm): string {
  const latest = form.waves[form.waves.length - 1];
  return latest ? `${form.title} — vague ${waveLabel(latest)}` : form.title;
}

/** A wave in the selector: "2021 (33 réponses)". */
export function waveLabel(wave: { name: string; responses: number }): string {
  return `${wave.name} (${plural(wave.responses, "réponse")})`;
}

/** Each question keeps its own search in the free-text answers, so opening another question
 *  never filters it by what was typed for the first. */
export class TextSearches {
  private byQuestion = new Map<string, string>();

  get(form: number | null | undefined, key: string | null | undefined): string {
    return this.byQuestion.get(`${form ?? ""}\u0000${key ?? ""}`) ?? "";
  }

  set(form: number | null | undefined, key: string | null | undefined, value: string): void {
    const k = `${form ?? ""}\u0000${key ?? ""}`;
    if (value === "") this.byQuestion.delete(k);
    else this.byQuestion.set(k, value);
  }
}

/** The answers containing `search`, ignoring case (French rules); all of them for an empty search. */
export function filterTexts(texts: string[], search: string): string[] {
  const needle = search.trim().toLocaleLowerCase("fr");
  if (!needle) return texts;
  return texts.filter((t) => t.toLocaleLowerCase("fr").includes(needle));
}

/** The group of the questions without a theme, listed after the themes; the PDF report names it alike. */
export const NO_THEME = "Autres questions";

export interface QuestionGroup<Q> {
  theme: string;
  questions: Q[];
}

/** The questions as the list draws them: by theme in the themes' order, empty themes left out, then
 *  the questions without a theme (or with a theme since removed) under {@link NO_THEME}. */
export function questionGroups<Q extends Pick<QuestionRow, "theme">>(view: { themes: string[]; questions: Q[] }): QuestionGroup<Q>[] {
  const groups: QuestionGroup<Q>[] = view.themes.map((theme) => ({ theme, questions: [] }));
  const others: Q[] = [];
  for (const q of view.questions) {
    const g = groups.find((x) => x.theme === q.theme);
    if (g) g.questions.push(q);
    else others.push(q);
  }
  const shown = groups.filter((g) => g.questions.length > 0);
  if (others.length > 0) shown.push({ theme: NO_THEME, questions: others });
  return shown;
}

/** The question listed first, as the list draws them. */
export function firstListed(view: Pick<SurveyView, "themes" | "questions">): string | null {
  return questionGroups(view)[0]?.questions[0]?.key ?? null;
}

/** A share of respondents, as the survey view prints it: "42,5 %". */
export function percent(value: number): string {
  return `${value.toLocaleString("fr-FR", { maximumFractionDigits: 1 })}\u00a0%`;
}
