// Typed calls to the commands of « Communication »: the publications' board, writing, moves,
// comments and exports. They mirror src-tauri/src/commands/publications.rs.
import { invoke } from "@tauri-apps/api/core";
import type { PublicationBoard, PublicationDetail, PublicationDraft, StatusMove } from "../../lib/bindings";

export const publicationsApi = {
  board: () => invoke<PublicationBoard>("publication_board"),
  /** How many days a publication may wait for validation before it is pointed out. */
  setWaitingDays: (days: number) => invoke<PublicationBoard>("set_publication_waiting_days", { days }),
  detail: (id: number) => invoke<PublicationDetail>("publication_detail", { id }),
  create: (draft: PublicationDraft) => invoke<PublicationDetail>("create_publication", { draft }),
  /** Saved against `openedVersion`: a publication changed since it was opened is refused. */
  save: (id: number, draft: PublicationDraft, openedVersion: number) =>
    invoke<PublicationDetail>("save_publication", { id, draft, openedVersion }),
  move: (id: number, step: StatusMove) => invoke<PublicationDetail>("move_publication", { id, step }),
  comment: (id: number, text: string) => invoke<PublicationDetail>("comment_publication", { id, text }),
  remove: (id: number) => invoke<void>("delete_publication", { id }),
  /** Asks for a picture and adds it; `null`: cancelled. */
  addImage: (id: number) => invoke<PublicationDetail | null>("add_publication_image", { id }),
  imageData: (image: number) => invoke<string>("publication_image_data", { image }),
  removeImage: (image: number) => invoke<PublicationDetail>("delete_publication_image", { image }),
  exportImage: (image: number, name: string) => invoke<string | null>("export_publication_image", { image, name }),
  exportIcs: () => invoke<string | null>("export_publications_ics"),
  exportCsv: () => invoke<string | null>("export_publications_csv"),
};
