// The RGPD view's state: the federation's dashboard and the centre being followed.
import type { AssessmentDraft, RgpdCentre, RgpdDashboard } from "../../lib/api";
import { rgpdApi } from "./api";
import { app } from "../../lib/app.svelte";
import { isApiError } from "../../lib/api";

export type RgpdSort = "name" | "progress" | "overdue" | `step:${number}`;

class RgpdState {
  dashboard = $state.raw<RgpdDashboard | null>(null);
  centre = $state.raw<RgpdCentre | null>(null);
  /** The item whose details are open in the centre view. */
  openItem = $state<string | null>(null);
  search = $state("");
  member = $state<"all" | "member" | "other">("member");
  kind = $state<"all" | "centre_social" | "evs">("all");
  territory = $state<"all" | "metropole" | "other">("all");
  startedOnly = $state(false);
  sort = $state<RgpdSort>("name");
  descending = $state(false);

  async refresh(): Promise<void> {
    const r = await app.attempt(rgpdApi.rgpdDashboard());
    if (r.ok) this.dashboard = r.value;
  }

  async openCentre(structureId: number): Promise<void> {
    const r = await app.attempt(rgpdApi.rgpdCentre(structureId));
    if (r.ok) {
      this.centre = r.value;
      this.openItem = null;
    }
  }

  async closeCentre(): Promise<void> {
    app.setDirty("rgpd-item", false);
    this.centre = null;
    await this.refresh();
  }

  /**
   * Saves what changed since `opened`. `conflict`: someone else changed the same field meanwhile,
   * nothing written, the centre read again; `unreachable`: the base did not answer.
   */
  async save(itemId: string, draft: AssessmentDraft, opened: AssessmentDraft): Promise<"saved" | "conflict" | "unreachable" | "failed"> {
    const c = this.centre;
    if (!c) return "failed";
    try {
      this.centre = await app.call(rgpdApi.setRgpdAssessment(c.structure_id, itemId, draft, opened));
      return "saved";
    } catch (e) {
      if (isApiError(e) && e.code === "server_unreachable") return "unreachable";
      if (isApiError(e) && e.code === "conflict") {
        const r = await app.attempt(rgpdApi.rgpdCentre(c.structure_id));
        if (r.ok && this.centre?.structure_id === c.structure_id) this.centre = r.value;
        return "conflict";
      }
      app.error(e);
      return "failed";
    }
  }

  async addEvidence(itemId: string): Promise<void> {
    const c = this.centre;
    if (!c) return;
    const r = await app.attempt(rgpdApi.addRgpdEvidence(c.structure_id, itemId));
    if (r.ok && r.value) {
      this.centre = r.value;
      app.toast("Pièce jointe ajoutée.");
    }
  }

  async saveEvidence(id: number): Promise<void> {
    const r = await app.attempt(rgpdApi.saveRgpdEvidence(id));
    if (r.ok && r.value) app.toast(`Pièce enregistrée : ${r.value}`);
  }

  async deleteEvidence(id: number, name: string): Promise<void> {
    const c = this.centre;
    if (!c) return;
    const ok = await app.confirm({
      title: "Retirer la pièce jointe ?",
      message: `« ${name} » sera retirée de la base (l'historique garde la trace du retrait).`,
      confirmLabel: "Retirer",
      danger: true,
    });
    if (!ok) return;
    const r = await app.attempt(rgpdApi.deleteRgpdEvidence(c.structure_id, id));
    if (r.ok) this.centre = r.value;
  }

  async exportReport(): Promise<void> {
    const c = this.centre;
    if (!c) return;
    const r = await app.attempt(rgpdApi.exportRgpdReport(c.structure_id));
    if (r.ok && r.value) app.toast(`Rapport enregistré : ${r.value}`);
  }

  async exportSummary(): Promise<void> {
    const r = await app.attempt(rgpdApi.exportRgpdSummary());
    if (r.ok && r.value) app.toast(`Synthèse enregistrée : ${r.value}`);
  }

  async exportPlan(structureId: number | null): Promise<void> {
    const r = await app.attempt(rgpdApi.exportActionPlan(structureId));
    if (r.ok && r.value) app.toast(`Plan d'action enregistré : ${r.value}`);
  }
}

export const rgpd = new RgpdState();

/** A light background from red (0 %) to green (100 %), readable with dark text. */
export function heat(progress: number | null): string {
  if (progress === null) return "transparent";
  const hue = Math.round((progress / 100) * 120);
  return `hsl(${hue} 65% 85%)`;
}
