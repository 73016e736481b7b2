// Typed calls to Fabrique's Tauri commands. Argument names are camelCase here; Tauri maps them to the
// snake_case parameters of the Rust commands in src-tauri/src/commands.rs.
import { invoke } from "@tauri-apps/api/core";
import type {
  ApiError,
  AppInfo,
  Commune,
  DirectoryPage,
  Erasure,
  ErasureSummary,
  Field,
  ImportPreview,
  ImportResult,
  Person,
  PersonDraft,
  ReplaceResult,
  RestoreResult,
  SavedDraft,
  StalePerson,
  Structure,
  StructureDetail,
  StructureDraft,
  StructureQuery,
  Visit,
  VisitDraft,
  DossierContent,
  DossierHeader,
  DossierOptions,
  DossierRow,
  DossierVersion,
  DossierView,
  FederationRecord,
  NewDossier,
  Template,
  LinkRow,
  QuestionDetail,
  QuestionKind,
  SplitBy,
  SurveyImportPreview,
  SurveyImportResult,
  SurveyView,
  AssessmentDraft,
  RgpdCentre,
  RgpdDashboard,
  Checklist,
} from "./bindings";

export type * from "./bindings";

/** Every command failure carries a stable code and a French message to show as it is. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  searchStructures: (query: StructureQuery) => invoke<DirectoryPage>("search_structures", { query }),
  structureDetail: (id: number) => invoke<StructureDetail>("structure_detail", { id }),
  createStructure: (draft: StructureDraft) => invoke<Structure>("create_structure", { draft }),
  updateStructure: (id: number, draft: StructureDraft) => invoke<Structure>("update_structure", { id, draft }),
  deleteStructure: (id: number) => invoke<void>("delete_structure", { id }),
  restoreStructure: (id: number) => invoke<void>("restore_structure", { id }),
  savePerson: (structureId: number, id: number | null, draft: PersonDraft) =>
    invoke<Person>("save_person", { structureId, id, draft }),
  deletePerson: (id: number) => invoke<void>("delete_person", { id }),
  saveVisit: (structureId: number, id: number | null, draft: VisitDraft) =>
    invoke<Visit>("save_visit", { structureId, id, draft }),
  deleteVisit: (id: number) => invoke<void>("delete_visit", { id }),
  suggestCommunes: (query: string) => invoke<Commune[]>("suggest_communes", { query }),
  /** Opens the native file dialog; null when the user cancels. */
  pickImportFile: () => invoke<ImportPreview | null>("pick_import_file"),
  previewImport: (path: string, mapping: (Field | null)[]) => invoke<ImportPreview>("preview_import", { path, mapping }),
  applyImport: (path: string, mapping: (Field | null)[]) => invoke<ImportResult>("apply_import", { path, mapping }),
  /** Opens the save dialog (.csv or .xlsx) and writes the structures matching the query; null when cancelled. */
  exportStructures: (query: StructureQuery) => invoke<string | null>("export_structures", { query }),
  backupDatabase: () => invoke<string | null>("backup_database"),
  restoreDatabase: () => invoke<RestoreResult | null>("restore_database"),
  /** Only for a base that could not be opened: a backup (dialog) or an empty base in its place. */
  replaceDatabase: (fromBackup: boolean) => invoke<ReplaceResult | null>("replace_database", { fromBackup }),
  loadDemo: () => invoke<number>("load_demo"),
  exportPerson: (id: number) => invoke<string | null>("export_person", { id }),
  erasurePreview: (id: number) => invoke<ErasureSummary>("erasure_preview", { id }),
  erasePerson: (id: number) => invoke<ErasureSummary>("erase_person", { id }),
  markPersonReviewed: (id: number) => invoke<void>("mark_person_reviewed", { id }),
  stalePeople: () => invoke<StalePerson[]>("stale_people"),
  erasures: () => invoke<Erasure[]>("erasures"),
  /** Tells the window whether closing it must first ask about unsaved changes. */
  setUnsavedChanges: (unsaved: boolean) => invoke<void>("set_unsaved_changes", { unsaved }),
  quit: () => invoke<void>("quit"),
  /** Opens a website or an e-mail address with the system's browser or mail program. */
  openLink: (target: string) => invoke<void>("open_link", { target }),
  /** Autosave of a form's content (JSON text), until it is saved or discarded. */
  saveFormDraft: (key: string, content: string) => invoke<void>("save_form_draft", { key, content }),
  formDraft: (key: string) => invoke<SavedDraft | null>("form_draft", { key }),
  discardFormDraft: (key: string) => invoke<void>("discard_form_draft", { key }),

  dossierOptions: () => invoke<DossierOptions>("dossier_options"),
  listDossiers: () => invoke<DossierRow[]>("list_dossiers"),
  createDossier: (input: NewDossier) => invoke<DossierView>("create_dossier", { new: input }),
  openDossier: (id: number) => invoke<DossierView>("open_dossier", { id }),
  saveDossierContent: (id: number, content: DossierContent) =>
    invoke<DossierView>("save_dossier_content", { id, content }),
  /** `surveyFormId`: the survey form the dossier quotes; null or left out keeps the one it has. */
  updateDossierHeader: (id: number, header: DossierHeader, surveyFormId: number | null = null) =>
    invoke<DossierView>("update_dossier_header", { id, header, surveyFormId }),
  dossierVersions: (id: number) => invoke<DossierVersion[]>("dossier_versions", { id }),
  saveDossierVersion: (id: number, label: string) => invoke<DossierVersion>("save_dossier_version", { id, label }),
  restoreDossierVersion: (id: number, versionId: number) =>
    invoke<DossierView>("restore_dossier_version", { id, versionId }),
  duplicateDossier: (id: number, year: number) => invoke<DossierView>("duplicate_dossier", { id, year }),
  deleteDossier: (id: number) => invoke<void>("delete_dossier", { id }),
  exportDossierPdf: (id: number) => invoke<string | null>("export_dossier_pdf", { id }),
  chooseDossierLogo: (id: number) => invoke<DossierView | null>("choose_dossier_logo", { id }),
  removeDossierLogo: (id: number) => invoke<DossierView>("remove_dossier_logo", { id }),
  saveTemplate: (template: Template) => invoke<Template>("save_template", { template }),
  exportTemplate: (name: string) => invoke<string | null>("export_template", { name }),
  importTemplate: () => invoke<Template | null>("import_template"),
  federation: () => invoke<FederationRecord>("federation"),
  saveFederation: (record: FederationRecord) => invoke<void>("save_federation", { record }),

  /** The view of a form's wave; a form asked for is the one the next start shows. */
  surveyView: (formId: number | null, waveId: number | null, includeDrafts: boolean) =>
    invoke<SurveyView | null>("survey_view", { formId, waveId, includeDrafts }),
  pickSurveyFile: () => invoke<SurveyImportPreview | null>("pick_survey_file"),
  importSurvey: (path: string, wave: string) => invoke<SurveyImportResult>("import_survey", { path, wave }),
  questionDetail: (
    formId: number,
    waveId: number,
    key: string,
    includeDrafts: boolean,
    splitBy: SplitBy | null,
    compareWaveId: number | null,
  ) => invoke<QuestionDetail | null>("question_detail", { formId, waveId, key, includeDrafts, splitBy, compareWaveId }),
  setQuestionKind: (formId: number, key: string, kind: QuestionKind) =>
    invoke<void>("set_question_kind", { formId, key, kind }),
  setQuestionTheme: (formId: number, key: string, theme: string | null) =>
    invoke<void>("set_question_theme", { formId, key, theme }),
  addSurveyTheme: (formId: number, name: string) => invoke<void>("add_survey_theme", { formId, name }),
  surveyLinks: (formId: number, waveId: number) => invoke<LinkRow[]>("survey_links", { formId, waveId }),
  setLinkQuestions: (formId: number, nameKey: string | null, communeKey: string | null) =>
    invoke<number>("set_link_questions", { formId, nameKey, communeKey }),
  setSubmissionLink: (submissionId: number, structureId: number | null) =>
    invoke<void>("set_submission_link", { submissionId, structureId }),
  exportSurveyReport: (formId: number, waveId: number, includeDrafts: boolean) =>
    invoke<string | null>("export_survey_report", { formId, waveId, includeDrafts }),
  exportSurveyFigures: (formId: number, waveId: number, includeDrafts: boolean) =>
    invoke<string | null>("export_survey_figures", { formId, waveId, includeDrafts }),

  rgpdDashboard: () => invoke<RgpdDashboard>("rgpd_dashboard"),
  rgpdChecklist: () => invoke<Checklist>("rgpd_checklist"),
  saveRgpdChecklist: (checklist: Checklist) => invoke<Checklist>("save_rgpd_checklist", { checklist }),
  rgpdCentre: (structureId: number) => invoke<RgpdCentre>("rgpd_centre", { structureId }),
  setRgpdAssessment: (structureId: number, itemId: string, draft: AssessmentDraft) =>
    invoke<RgpdCentre>("set_rgpd_assessment", { structureId, itemId, draft }),
  addRgpdEvidence: (structureId: number, itemId: string) =>
    invoke<RgpdCentre | null>("add_rgpd_evidence", { structureId, itemId }),
  saveRgpdEvidence: (id: number) => invoke<string | null>("save_rgpd_evidence", { id }),
  deleteRgpdEvidence: (structureId: number, id: number) =>
    invoke<RgpdCentre>("delete_rgpd_evidence", { structureId, id }),
  exportRgpdReport: (structureId: number) => invoke<string | null>("export_rgpd_report", { structureId }),
  exportRgpdSummary: () => invoke<string | null>("export_rgpd_summary"),
  exportActionPlan: (structureId: number | null) => invoke<string | null>("export_action_plan", { structureId }),
};
