// Typed calls to the commands of the news watch (« veille »). They mirror
// src-tauri/src/commands/veille.rs.
import { invoke } from "@tauri-apps/api/core";
import type { FetchReport, Item, ItemMarks, Source, VeilleView } from "../../lib/bindings";

export const veilleApi = {
  view: () => invoke<VeilleView>("veille_view"),
  addFeed: (url: string) => invoke<Source>("add_veille_feed", { url }),
  deleteFeed: (id: number) => invoke<void>("delete_veille_feed", { id }),
  fetch: () => invoke<FetchReport[]>("fetch_veille"),
  addLink: (url: string, title: string, note: string) => invoke<Item>("add_veille_link", { url, title, note }),
  mark: (id: number, marks: ItemMarks) => invoke<Item>("mark_veille_item", { id, marks }),
};
