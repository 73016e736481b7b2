// Typed calls to the commands of the survey: Framaforms waves, questions, themes, links to structures, reports.
// They mirror src-tauri/src/commands/survey.rs.
import { invoke } from "@tauri-apps/api/core";
import type {
  LinkRow,
  QuestionDetail,
  QuestionKind,
  SplitBy,
  SurveyImportPreview,
  SurveyImportResult,
  SurveyView,
} from "../../lib/bindings";

export const surveyApi = {
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
};
