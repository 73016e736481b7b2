// Typed calls to the commands of the directory: structures, their people and visits, communes, the list's import and export.
// They mirror src-tauri/src/commands/directory.rs.
import { invoke } from "@tauri-apps/api/core";
import type {
  Commune,
  DirectoryPage,
  Field,
  FieldProblem,
  ImportPreview,
  ImportResult,
  Person,
  PersonDraft,
  Structure,
  StructureDetail,
  StructureDraft,
  StructureQuery,
  Visit,
  VisitDraft,
} from "../../lib/bindings";

export const directoryApi = {
  searchStructures: (query: StructureQuery) => invoke<DirectoryPage>("search_structures", { query }),
  structureDetail: (id: number) => invoke<StructureDetail>("structure_detail", { id }),
  checkStructure: (draft: StructureDraft) => invoke<FieldProblem[]>("check_structure", { draft }),
  createStructure: (draft: StructureDraft) => invoke<Structure>("create_structure", { draft }),
  /** `openedVersion`: the version the form was opened on; a fiche changed since is refused (code "conflict"). */
  updateStructure: (id: number, draft: StructureDraft, openedVersion: number | null) =>
    invoke<Structure>("update_structure", { id, draft, openedVersion }),
  deleteStructure: (id: number) => invoke<void>("delete_structure", { id }),
  restoreStructure: (id: number) => invoke<void>("restore_structure", { id }),
  /** `openedVersion`: the version the form was opened on; a person changed since is refused (`conflict`). */
  savePerson: (structureId: number, id: number | null, draft: PersonDraft, openedVersion: number | null = null) =>
    invoke<Person>("save_person", { structureId, id, draft, openedVersion }),
  deletePerson: (id: number) => invoke<void>("delete_person", { id }),
  saveVisit: (structureId: number, id: number | null, draft: VisitDraft, openedVersion: number | null = null) =>
    invoke<Visit>("save_visit", { structureId, id, draft, openedVersion }),
  deleteVisit: (id: number) => invoke<void>("delete_visit", { id }),
  suggestCommunes: (query: string) => invoke<Commune[]>("suggest_communes", { query }),
  /** Opens the native file dialog; null when the user cancels. */
  pickImportFile: () => invoke<ImportPreview | null>("pick_import_file"),
  previewImport: (path: string, mapping: (Field | null)[]) => invoke<ImportPreview>("preview_import", { path, mapping }),
  applyImport: (path: string, mapping: (Field | null)[]) => invoke<ImportResult>("apply_import", { path, mapping }),
  /** Opens the save dialog (.csv or .xlsx) and writes the structures matching the query; null when cancelled. */
  exportStructures: (query: StructureQuery) => invoke<string | null>("export_structures", { query }),
  loadDemo: () => invoke<number>("load_demo"),
};
