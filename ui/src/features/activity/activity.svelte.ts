// The « Activité » view's state: the latest changes, read again when the base changes (live).
import type { ActivityEntry, ActivityKind } from "../../lib/api";
import { app } from "../../lib/app.svelte";
import { activityApi } from "./api";

class Activity {
  entries = $state.raw<ActivityEntry[] | null>(null);
  author = $state("");
  kind = $state<ActivityKind | "">("");

  readonly authors = $derived([...new Set((this.entries ?? []).map((e) => e.author).filter((a) => a !== ""))].sort());

  readonly shown = $derived(
    (this.entries ?? []).filter((e) => (this.author === "" || e.author === this.author) && (this.kind === "" || e.kind === this.kind)),
  );

  async refresh(): Promise<void> {
    const r = await app.attempt(activityApi.latest());
    if (r.ok) this.entries = r.value;
  }
}

export const activity = new Activity();
