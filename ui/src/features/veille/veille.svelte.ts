// The news watch's state: the feeds and items, the filters, and the fetch made on demand and
// every few hours while the app runs.
import type { Item, ItemMarks, VeilleView } from "../../lib/api";
import { app } from "../../lib/app.svelte";
import { fold } from "../../lib/text";
import { veilleApi } from "./api";
import { plural } from "../../lib/text";

/** Feeds are fetched again this often while the app runs. */
const EVERY_MS = 3 * 60 * 60 * 1000;

class VeilleState {
  view = $state.raw<VeilleView | null>(null);
  search = $state("");
  show = $state<"all" | "unread" | "share">("all");
  tag = $state("");
  fetching = $state(false);

  readonly items = $derived(
    (this.view?.items ?? []).filter((i) => {
      if (this.show === "unread" && i.read) return false;
      if (this.show === "share" && !i.share) return false;
      if (this.tag && !i.tags.includes(this.tag)) return false;
      const needle = fold(this.search.trim());
      return !needle || fold(`${i.title} ${i.summary} ${i.note}`).includes(needle);
    }),
  );

  async refresh(): Promise<void> {
    const r = await app.attempt(veilleApi.view());
    if (r.ok) this.view = r.value;
  }

  /** Fetches every feed; each one's failure is shown beside it and stops none of the others. */
  async fetch(quiet = false): Promise<void> {
    if (this.fetching) return;
    this.fetching = true;
    try {
      const r = await app.attempt(veilleApi.fetch());
      if (r.ok) {
        const added = r.value.reduce((n, report) => n + report.new_items, 0);
        const failed = r.value.filter((report) => report.error).length;
        if (!quiet || added > 0) {
          app.toast(
            `Veille relevée : ${plural(added, "nouvel article", "nouveaux articles")}` +
              (failed > 0 ? ` ; ${plural(failed, "flux en erreur", "flux en erreur")} (voir la liste des flux).` : "."),
          );
        }
      }
      await this.refresh();
    } finally {
      this.fetching = false;
    }
  }

  async mark(item: Item, change: Partial<ItemMarks>): Promise<void> {
    const marks: ItemMarks = { read: item.read, share: item.share, note: item.note, tags: item.tags, ...change };
    const r = await app.attempt(veilleApi.mark(item.id, marks));
    if (r.ok && this.view) {
      this.view = { ...this.view, items: this.view.items.map((i) => (i.id === item.id ? r.value : i)) };
    }
  }

  /** Fetches every few hours while the app runs (on demand otherwise). Returns how to stop. */
  startAutoFetch(): () => void {
    const run = async () => {
      await this.refresh();
      if ((this.view?.sources.length ?? 0) > 0) await this.fetch(true);
    };
    const timer = setInterval(() => void run(), EVERY_MS);
    return () => clearInterval(timer);
  }
}

export const veille = new VeilleState();
