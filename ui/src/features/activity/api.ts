// Typed calls to the « Activité » commands (src-tauri/src/commands/activity.rs).
import { invoke } from "@tauri-apps/api/core";
import type { ActivityEntry } from "../../lib/bindings";

export const activityApi = {
  /** The latest changes of the base, newest first. */
  latest: () => invoke<ActivityEntry[]>("activity"),
};
