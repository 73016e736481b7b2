// Typed calls to the commands of personal data: people to review, a person's data exported or erased.
// They mirror src-tauri/src/commands/privacy.rs.
import { invoke } from "@tauri-apps/api/core";
import type {
  Erasure,
  ErasureSummary,
  StalePerson,
} from "../../lib/bindings";

export const privacyApi = {
  exportPerson: (id: number) => invoke<string | null>("export_person", { id }),
  erasurePreview: (id: number) => invoke<ErasureSummary>("erasure_preview", { id }),
  erasePerson: (id: number) => invoke<ErasureSummary>("erase_person", { id }),
  markPersonReviewed: (id: number) => invoke<void>("mark_person_reviewed", { id }),
  stalePeople: () => invoke<StalePerson[]>("stale_people"),
  erasures: () => invoke<Erasure[]>("erasures"),
};
