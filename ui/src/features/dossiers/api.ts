// Typed calls to the commands of subsidy dossiers: writing, versions, logo, templates, the federation's record.
// They mirror src-tauri/src/commands/dossiers.rs.
import { invoke } from "@tauri-apps/api/core";
import type {
  ContentChanges,
  DossierContent,
  DossierHeader,
  DossierOptions,
  DossierLifeView,
  DossierRow,
  DossierVersion,
  DossierSaved,
  DossierView,
  FederationRecord,
  NewDossier,
  StatusChange,
  Template,
  Totals,
} from "../../lib/bindings";

export const dossiersApi = {
  dossierOptions: () => invoke<DossierOptions>("dossier_options"),
  listDossiers: () => invoke<DossierRow[]>("list_dossiers"),
  createDossier: (input: NewDossier) => invoke<DossierView>("create_dossier", { new: input }),
  openDossier: (id: number) => invoke<DossierView>("open_dossier", { id }),
  /** `changed`: only those sections and the budget are merged over the stored dossier. */
  saveDossierContent: (id: number, content: DossierContent, changed: ContentChanges) =>
    invoke<DossierSaved>("save_dossier_content", { id, content, changed }),
  /**
   * `openedVersion`: the header version the dialog opened (a header changed since is refused);
   * `surveyFormId`: the survey form the dossier quotes; null or left out keeps the one it has.
   */
  updateDossierHeader: (id: number, header: DossierHeader, openedVersion: number | null, surveyFormId: number | null = null) =>
    invoke<DossierView>("update_dossier_header", { id, header, openedVersion, surveyFormId }),
  dossierVersions: (id: number) => invoke<DossierVersion[]>("dossier_versions", { id }),
  saveDossierVersion: (id: number, label: string) => invoke<DossierVersion>("save_dossier_version", { id, label }),
  restoreDossierVersion: (id: number, versionId: number) =>
    invoke<DossierView>("restore_dossier_version", { id, versionId }),
  duplicateDossier: (id: number, year: number) => invoke<DossierView>("duplicate_dossier", { id, year }),
  deleteDossier: (id: number) => invoke<void>("delete_dossier", { id }),
  exportDossierPdf: (id: number) => invoke<string | null>("export_dossier_pdf", { id }),
  chooseDossierLogo: (id: number) => invoke<DossierView | null>("choose_dossier_logo", { id }),
  removeDossierLogo: (id: number) => invoke<DossierView>("remove_dossier_logo", { id }),
  /** Saved against `template.revision`, the one the editor opened: a template saved since is refused. */
  saveTemplate: (template: Template) => invoke<Template>("save_template", { template }),
  exportTemplate: (name: string) => invoke<string | null>("export_template", { name }),
  importTemplate: () => invoke<Template | null>("import_template"),
  /** A dossier's life after it is sent (« Suivi »). */
  life: (id: number) => invoke<DossierLifeView>("dossier_life", { id }),
  setStatus: (id: number, change: StatusChange) => invoke<DossierLifeView>("set_dossier_status", { id, change }),
  setFunder: (id: number, partner: number | null) => invoke<DossierLifeView>("set_dossier_funder", { id, partner }),
  setReport: (id: number, dueOn: string | null, sentOn: string | null) => invoke<DossierLifeView>("set_dossier_report", { id, dueOn, sentOn }),
  addPayment: (id: number, receivedOn: string, amountCents: number, note: string) =>
    invoke<DossierLifeView>("add_dossier_payment", { id, receivedOn, amountCents, note }),
  removePayment: (payment: number) => invoke<DossierLifeView>("delete_dossier_payment", { payment }),
  totals: (year: number) => invoke<Totals[]>("dossier_totals", { year }),
  exportTotals: (year: number) => invoke<string | null>("export_dossier_totals", { year }),
  federation: () => invoke<FederationRecord>("federation"),
  saveFederation: (record: FederationRecord) => invoke<void>("save_federation", { record }),
};
