// Typed calls to the commands of RGPD compliance: the checklist, each centre's assessments and evidence, reports.
// They mirror src-tauri/src/commands/rgpd.rs.
import { invoke } from "@tauri-apps/api/core";
import type {
  AssessmentDraft,
  RgpdCentre,
  RgpdDashboard,
  Checklist,
} from "../../lib/bindings";

export const rgpdApi = {
  rgpdDashboard: () => invoke<RgpdDashboard>("rgpd_dashboard"),
  rgpdChecklist: () => invoke<Checklist>("rgpd_checklist"),
  saveRgpdChecklist: (checklist: Checklist) => invoke<Checklist>("save_rgpd_checklist", { checklist }),
  rgpdCentre: (structureId: number) => invoke<RgpdCentre>("rgpd_centre", { structureId }),
  /** `opened`: the item as the window showed it; only the fields changed since are written. */
  setRgpdAssessment: (structureId: number, itemId: string, draft: AssessmentDraft, opened: AssessmentDraft) =>
    invoke<RgpdCentre>("set_rgpd_assessment", { structureId, itemId, draft, opened }),
  addRgpdEvidence: (structureId: number, itemId: string) =>
    invoke<RgpdCentre | null>("add_rgpd_evidence", { structureId, itemId }),
  saveRgpdEvidence: (id: number) => invoke<string | null>("save_rgpd_evidence", { id }),
  deleteRgpdEvidence: (structureId: number, id: number) =>
    invoke<RgpdCentre>("delete_rgpd_evidence", { structureId, id }),
  exportRgpdReport: (structureId: number) => invoke<string | null>("export_rgpd_report", { structureId }),
  exportRgpdSummary: () => invoke<string | null>("export_rgpd_summary"),
  exportActionPlan: (structureId: number | null) => invoke<string | null>("export_action_plan", { structureId }),
};
