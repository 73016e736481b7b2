// The survey view's state: which form and wave are shown, the open question, the linking screen.
import type { LinkRow, QuestionDetail, QuestionKind, SplitBy, SurveyImportPreview, SurveyView } from "../../lib/api";
import { surveyApi } from "./api";
import { app } from "../../lib/app.svelte";
import { firstListed, TextSearches } from "./display";

export type SurveyTab = "questions" | "themes" | "structures";

class SurveyState {
  view = $state.raw<SurveyView | null>(null);
  loaded = $state(false);
  includeDrafts = $state(false);
  tab = $state<SurveyTab>("questions");
  selectedKey = $state<string | null>(null);
  detail = $state.raw<QuestionDetail | null>(null);
  splitBy = $state.raw<SplitBy | null>(null);
  compareWaveId = $state<number | null>(null);
  links = $state.raw<LinkRow[]>([]);
  preview = $state.raw<SurveyImportPreview | null>(null);
  /** The search typed in the free-text answers, question by question. */
  private searches = new TextSearches();
  /** Bumped when a search changes, so what reads it is drawn again. */
  private searchVersion = $state(0);

  async refresh(formId?: number | null, waveId?: number | null): Promise<void> {
    const r = await app.attempt(
      surveyApi.surveyView(formId ?? this.view?.form_id ?? null, waveId ?? this.view?.wave_id ?? null, this.includeDrafts),
    );
    if (!r.ok) return;
    this.view = r.value;
    this.loaded = true;
    const keys = r.value?.questions.map((q) => q.key) ?? [];
    if (!this.selectedKey || !keys.includes(this.selectedKey)) this.selectedKey = r.value ? firstListed(r.value) : null;
    await Promise.all([this.loadDetail(), this.tab === "structures" ? this.loadLinks() : null]);
  }

  /** Shows another form (remembered by the back end for the next start), at its latest wave. */
  async showForm(formId: number): Promise<void> {
    if (formId === this.view?.form_id) return;
    this.compareWaveId = null;
    // A split by one of the previous form's questions means nothing in this one.
    if (this.splitBy?.by === "question") this.splitBy = null;
    await this.refresh(formId, null);
  }

  async showWave(waveId: number): Promise<void> {
    if (this.compareWaveId === waveId) this.compareWaveId = null;
    await this.refresh(this.view?.form_id, waveId);
  }

  async setIncludeDrafts(value: boolean): Promise<void> {
    this.includeDrafts = value;
    await this.refresh();
  }

  async select(key: string): Promise<void> {
    this.selectedKey = key;
    await this.loadDetail();
  }

  async loadDetail(): Promise<void> {
    const v = this.view;
    if (!v || !this.selectedKey) {
      this.detail = null;
      return;
    }
    const r = await app.attempt(
      surveyApi.questionDetail(v.form_id, v.wave_id, this.selectedKey, this.includeDrafts, this.splitBy, this.compareWaveId),
    );
    if (r.ok) this.detail = r.value;
  }

  async setSplit(split: SplitBy | null): Promise<void> {
    this.splitBy = split;
    await this.loadDetail();
  }

  async setCompare(waveId: number | null): Promise<void> {
    this.compareWaveId = waveId;
    await this.loadDetail();
  }

  async setKind(key: string, kind: QuestionKind): Promise<void> {
    if (!this.view) return;
    const r = await app.attempt(surveyApi.setQuestionKind(this.view.form_id, key, kind));
    if (r.ok) await this.refresh();
  }

  async setTheme(key: string, theme: string | null): Promise<void> {
    if (!this.view) return;
    const r = await app.attempt(surveyApi.setQuestionTheme(this.view.form_id, key, theme));
    if (r.ok) await this.refresh();
  }

  async loadLinks(): Promise<void> {
    const v = this.view;
    if (!v) return;
    const r = await app.attempt(surveyApi.surveyLinks(v.form_id, v.wave_id));
    if (r.ok) this.links = r.value;
  }

  async showTab(tab: SurveyTab): Promise<void> {
    this.tab = tab;
    if (tab === "structures") await this.loadLinks();
  }

  async setLink(submissionId: number, structureId: number | null): Promise<void> {
    const r = await app.attempt(surveyApi.setSubmissionLink(submissionId, structureId));
    if (r.ok) await Promise.all([this.loadLinks(), this.refresh()]);
  }

  async confirmProposals(): Promise<void> {
    const proposed = this.links.filter((l) => l.state === "proposed" && l.structure_id !== null);
    for (const l of proposed) {
      const r = await app.attempt(surveyApi.setSubmissionLink(l.submission_id, l.structure_id));
      if (!r.ok) break;
    }
    await Promise.all([this.loadLinks(), this.refresh()]);
    app.toast(`${proposed.length} lien(s) confirmé(s).`);
  }

  async setLinkQuestions(nameKey: string | null, communeKey: string | null): Promise<void> {
    if (!this.view) return;
    const r = await app.attempt(surveyApi.setLinkQuestions(this.view.form_id, nameKey, communeKey));
    if (r.ok) {
      await Promise.all([this.loadLinks(), this.refresh()]);
      app.toast(`${r.value} réponse(s) rapprochée(s) d'une structure de l'annuaire.`);
    }
  }

  async pickFile(): Promise<void> {
    const r = await app.attempt(surveyApi.pickSurveyFile());
    if (r.ok && r.value) this.preview = r.value;
  }

  async exportReport(): Promise<void> {
    const v = this.view;
    if (!v) return;
    const r = await app.attempt(surveyApi.exportSurveyReport(v.form_id, v.wave_id, this.includeDrafts));
    if (r.ok && r.value) app.toast(`Photographie enregistrée : ${r.value}`);
  }

  async exportFigures(): Promise<void> {
    const v = this.view;
    if (!v) return;
    const r = await app.attempt(surveyApi.exportSurveyFigures(v.form_id, v.wave_id, this.includeDrafts));
    if (r.ok && r.value) app.toast(`Chiffres enregistrés : ${r.value}`);
  }

  /** The search in the open question's free-text answers. */
  get textSearch(): string {
    void this.searchVersion;
    return this.searches.get(this.view?.form_id, this.selectedKey);
  }

  set textSearch(value: string) {
    this.searches.set(this.view?.form_id, this.selectedKey, value);
    this.searchVersion++;
  }

  get form() {
    return this.view?.forms.find((f) => f.id === this.view?.form_id) ?? null;
  }
}

export const survey = new SurveyState();
