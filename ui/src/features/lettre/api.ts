// Typed calls to the commands of « Lettre »: the month's letter, proposed or written, its
// saves, its duplication and its exports. They mirror src-tauri/src/commands/lettre.rs.
import { invoke } from "@tauri-apps/api/core";
import type { Letter, LetterMonth, Newsletter } from "../../lib/bindings";

export const lettreApi = {
  month: (year: number, month: number) => invoke<LetterMonth>("lettre_month", { year, month }),
  start: (year: number, month: number) => invoke<LetterMonth>("start_lettre", { year, month }),
  duplicate: (from: number, year: number, month: number) => invoke<LetterMonth>("duplicate_lettre", { from, year, month }),
  /** Saved against `openedVersion`: a letter changed since it was opened is refused. */
  save: (id: number, letter: Letter, openedVersion: number) => invoke<Newsletter>("save_lettre", { id, letter, openedVersion }),
  addFresh: (id: number, openedVersion: number) => invoke<LetterMonth>("add_fresh_to_lettre", { id, openedVersion }),
  markSent: (id: number, sent: boolean) => invoke<LetterMonth>("mark_lettre_sent", { id, sent }),
  discard: (id: number) => invoke<LetterMonth>("discard_lettre", { id }),
  /** The month's letter as the e-mail it will be, in a window of its own. */
  showEmail: (year: number, month: number) => invoke<void>("show_lettre_email", { year, month }),
  /** The month's letter, as the HTML of an e-mail or as a PDF. */
  exportAs: (kind: "html" | "pdf", year: number, month: number) =>
    invoke<string | null>(kind === "html" ? "export_lettre_html" : "export_lettre_pdf", { year, month }),
};
