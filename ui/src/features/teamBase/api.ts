// Typed calls to the « Base d'équipe » screen's commands (src-tauri/src/commands/team_base.rs).
import { invoke } from "@tauri-apps/api/core";
import type { BaseShown, TeamBaseSettings, TeamConnected, TeamServerFields } from "../../lib/bindings";

export const teamBaseApi = {
  settings: () => invoke<TeamBaseSettings>("team_base_settings"),
  /** An empty password uses the one kept in the keychain. */
  connect: (server: TeamServerFields, password: string, remember: boolean) =>
    invoke<TeamConnected>("connect_team_base", { server, password, remember }),
  useLocal: () => invoke<BaseShown>("use_local_base"),
  forgetPassword: (server: TeamServerFields) => invoke<void>("forget_team_password", { server }),
  pickCaFile: () => invoke<string | null>("pick_team_ca_file"),
};
