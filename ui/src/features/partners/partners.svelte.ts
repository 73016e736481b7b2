// The « Partenaires » view's state: its tab, the partners, the meetings, « À venir / en retard »,
// and the partner or meeting open in its dialog.
import type { Agenda, MeetingRow, PartnerDetail, PartnerKind, PartnerRow, StructureRow } from "../../lib/api";
import { app } from "../../lib/app.svelte";
import { directoryApi } from "../directory/api";
import { defaultQuery } from "../directory/query";
import { partnersApi } from "./api";


export const KIND_LABELS: Record<PartnerKind, string> = {
  financeur: "Financeur",
  institution: "Institution",
  collectivite: "Collectivité",
  association: "Association",
  reseau: "Réseau",
};

class PartnersState {
  mode = $state<"agenda" | "partners" | "meetings">("agenda");
  rows = $state.raw<PartnerRow[]>([]);
  meetings = $state.raw<MeetingRow[]>([]);
  agenda = $state.raw<Agenda | null>(null);
  /** The directory's structures, for a meeting's « concerne ». */
  structures = $state.raw<StructureRow[]>([]);
  search = $state("");
  /** The partner open in its dialog; `"new"` while one is being created. */
  openPartner = $state.raw<PartnerDetail | "new" | null>(null);
  /** The meeting open in its dialog; `"new"` while one is being created (with whom it concerns). */
  openMeeting = $state.raw<MeetingRow | { partnerId?: number } | null>(null);

  readonly shown = $derived.by(() => {
    const words = this.search.trim().toLocaleLowerCase("fr").split(/\s+/).filter(Boolean);
    return this.rows.filter((r) => {
      const text = [r.partner.name, KIND_LABELS[r.partner.kind], ...r.partner.themes].join(" ").toLocaleLowerCase("fr");
      return words.every((w) => text.includes(w));
    });
  });

  async refresh(): Promise<void> {
    const [rows, meetings, agenda, structures] = await Promise.all([
      app.attempt(partnersApi.rows()),
      app.attempt(partnersApi.meetings()),
      app.attempt(partnersApi.agenda()),
      app.attempt(directoryApi.searchStructures(defaultQuery())),
    ]);
    if (rows.ok) this.rows = rows.value;
    if (meetings.ok) this.meetings = meetings.value;
    if (agenda.ok) this.agenda = agenda.value;
    if (structures.ok) this.structures = structures.value.rows;
  }

  async showPartner(id: number): Promise<void> {
    const r = await app.attempt(partnersApi.detail(id));
    if (r.ok) this.openPartner = r.value;
  }

  showMeeting(id: number): void {
    const row = this.meetings.find((m) => m.meeting.id === id);
    if (row) this.openMeeting = row;
  }

  partnerName(id: number): string {
    return this.rows.find((r) => r.partner.id === id)?.partner.name ?? `Partenaire n° ${id}`;
  }

  structureName(id: number): string {
    return this.structures.find((s) => s.id === id)?.name ?? `Structure n° ${id}`;
  }

  async closeFollowUp(id: number, done: boolean): Promise<void> {
    const r = await app.attempt(partnersApi.setFollowUpDone(id, done));
    if (r.ok) {
      app.toast(done ? "Suite marquée comme faite." : "Suite rouverte.");
      if (this.openMeeting && "meeting" in this.openMeeting && this.openMeeting.meeting.id === r.value.meeting.id) this.openMeeting = r.value;
      await this.refresh();
    }
  }
}

export const partners = new PartnersState();
