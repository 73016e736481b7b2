// Typed calls to the commands of « Partenaires »: partners, meetings and their follow-ups,
// « À venir / en retard ». They mirror src-tauri/src/commands/partners.rs.
import { invoke } from "@tauri-apps/api/core";
import type { Agenda, MeetingDraft, MeetingRow, PartnerDetail, PartnerDraft, PartnerRow, PersonDraft } from "../../lib/bindings";

export const partnersApi = {
  rows: () => invoke<PartnerRow[]>("partner_rows"),
  detail: (id: number) => invoke<PartnerDetail>("partner_detail", { id }),
  create: (draft: PartnerDraft) => invoke<PartnerDetail>("create_partner", { draft }),
  /** Saved against `openedVersion`: a partner changed since it was opened is refused. */
  save: (id: number, draft: PartnerDraft, openedVersion: number) => invoke<PartnerDetail>("save_partner", { id, draft, openedVersion }),
  remove: (id: number) => invoke<void>("delete_partner", { id }),
  /** A partner's contact created (`person` null) or changed, against `openedVersion`. */
  saveContact: (partner: number, person: number | null, draft: PersonDraft, openedVersion: number | null) =>
    invoke<PartnerDetail>("save_partner_contact", { partner, person, draft, openedVersion }),
  meetings: () => invoke<MeetingRow[]>("meeting_rows"),
  createMeeting: (draft: MeetingDraft) => invoke<MeetingRow>("create_meeting", { draft }),
  saveMeeting: (id: number, draft: MeetingDraft, openedVersion: number) => invoke<MeetingRow>("save_meeting", { id, draft, openedVersion }),
  removeMeeting: (id: number) => invoke<void>("delete_meeting", { id }),
  setFollowUpDone: (id: number, done: boolean) => invoke<MeetingRow>("set_follow_up_done", { id, done }),
  agenda: () => invoke<Agenda>("agenda"),
  exportMinutes: (id: number) => invoke<string | null>("export_meeting_pdf", { id }),
};
