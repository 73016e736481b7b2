// Typed calls to the application's own Tauri commands (src-tauri/src/commands/app.rs), and how their errors read.
// Argument names are camelCase here; Tauri maps them to the snake_case parameters of the Rust commands.
// Each feature's commands have their typed calls in its folder, ui/src/features/<feature>/api.ts.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError, AppInfo, ReplaceResult, RestoreResult, SavedDraft } from "./bindings";

export type * from "./bindings";

/** Every command failure carries a stable code and a French message to show as it is. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  changeToken: () => invoke<string>("change_token"),
  backupDatabase: () => invoke<string | null>("backup_database"),
  restoreDatabase: () => invoke<RestoreResult | null>("restore_database"),
  /** Only for a base that could not be opened: a backup (dialog) or an empty base in its place. */
  replaceDatabase: (fromBackup: boolean) => invoke<ReplaceResult | null>("replace_database", { fromBackup }),
  /** Tells the window whether closing it must first ask about unsaved changes. */
  setUnsavedChanges: (unsaved: boolean) => invoke<void>("set_unsaved_changes", { unsaved }),
  quit: () => invoke<void>("quit"),
  /** Opens a website or an e-mail address with the system's browser or mail program. */
  openLink: (target: string) => invoke<void>("open_link", { target }),
  openDataFolder: () => invoke<void>("open_data_folder"),
  /** Autosave of a form's content (JSON text), until it is saved or discarded. */
  saveFormDraft: (key: string, content: string) => invoke<void>("save_form_draft", { key, content }),
  formDraft: (key: string) => invoke<SavedDraft | null>("form_draft", { key }),
  discardFormDraft: (key: string) => invoke<void>("discard_form_draft", { key }),
};
