// The directory screen's state: query, list, selection and the structure open in the detail pane.
import type { DirectoryPage, Structure, StructureDetail, StructureQuery } from "../../lib/api";
import { directoryApi } from "./api";
import { app } from "../../lib/app.svelte";
import { debounce } from "../../lib/debounce";
import { Latest } from "../../lib/latest";
import { clearFilters, defaultQuery } from "./query";
import { quote } from "../../lib/text";

export type PaneMode = "none" | "view" | "edit" | "create";

class DirectoryState {
  query = $state<StructureQuery>(defaultQuery());
  page = $state.raw<DirectoryPage | null>(null);
  /** The highlighted row (keyboard or mouse). */
  selectedId = $state<number | null>(null);
  /** The structure shown in the detail pane. */
  openId = $state<number | null>(null);
  detail = $state.raw<StructureDetail | null>(null);
  detailLoading = $state(false);
  mode = $state<PaneMode>("none");
  /** Set by the toolbar so shortcuts and the menu can focus it. */
  searchInput: HTMLInputElement | null = null;

  private latestSearch = new Latest();
  private latestDetail = new Latest();

  /** Searches ~80 ms after the last keystroke or filter change. */
  readonly scheduleSearch = debounce(() => void this.refresh(), 80);

  get rows() {
    return this.page?.rows ?? [];
  }

  /** The directory holds no structure at all: the welcome panel replaces the list. */
  get empty(): boolean {
    if (this.page) return this.page.all_counts.total === 0;
    return app.info?.empty ?? false;
  }

  /** Runs the current query now, keeping only the latest answer. */
  async refresh(): Promise<void> {
    this.scheduleSearch.cancel();
    const query = $state.snapshot(this.query);
    try {
      const r = await this.latestSearch.run(app.call(directoryApi.searchStructures(query), { background: true }));
      if (!r.current) return;
      this.page = r.value;
      const rows = r.value.rows;
      if (!rows.some((row) => row.id === this.selectedId)) {
        const openShown = this.openId !== null && rows.some((row) => row.id === this.openId);
        this.selectedId = openShown ? this.openId : (rows[0]?.id ?? null);
      }
    } catch (e) {
      app.error(e);
    }
  }

  resetFilters(): void {
    this.query = clearFilters(this.query);
    void this.refresh();
  }

  focusSearch(): void {
    this.searchInput?.focus();
    this.searchInput?.select();
  }

  // Selection

  move(delta: number): void {
    const rows = this.rows;
    if (rows.length === 0) return;
    const i = rows.findIndex((r) => r.id === this.selectedId);
    const next = i < 0 ? (delta > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, i + delta));
    this.selectedId = rows[next].id;
    this.follow();
  }

  moveTo(edge: "first" | "last"): void {
    const rows = this.rows;
    if (rows.length) this.selectedId = rows[edge === "first" ? 0 : rows.length - 1].id;
    this.follow();
  }

  /** While a structure is open, the highlighted row is the open one: moving opens the next (after
   * asking about unsaved changes; declining puts the highlight back). */
  private follow(): void {
    if (this.mode === "none" || this.selectedId === null || this.selectedId === this.openId) return;
    void this.open(this.selectedId).then(() => {
      if (this.openId !== null && this.mode !== "create") this.selectedId = this.openId;
    });
  }

  openSelected(): void {
    if (this.selectedId !== null) void this.open(this.selectedId);
  }

  // Detail pane

  async open(id: number): Promise<void> {
    if (this.openId === id && this.mode === "view") return;
    if (!(await app.confirmDiscard())) return;
    this.selectedId = id;
    this.openId = id;
    this.mode = "view";
    if (this.detail?.structure.id !== id) this.detail = null;
    await this.loadDetail(id);
  }

  /** Reloads the open structure (after a change to its people or visits). */
  async reloadDetail(): Promise<void> {
    if (this.openId !== null) await this.loadDetail(this.openId);
  }

  private async loadDetail(id: number): Promise<void> {
    this.detailLoading = true;
    try {
      const r = await this.latestDetail.run(app.call(directoryApi.structureDetail(id)));
      if (!r.current) return;
      this.detail = r.value;
      this.detailLoading = false;
    } catch (e) {
      this.detailLoading = false;
      app.error(e);
      if (this.detail === null) this.closeNow();
    }
  }

  /** Closes the pane, asking first if a form there has unsaved changes. */
  async close(): Promise<boolean> {
    if (!(await app.confirmDiscard())) return false;
    this.closeNow();
    return true;
  }

  private closeNow(): void {
    this.latestDetail.invalidate();
    this.mode = "none";
    this.openId = null;
    this.detail = null;
    this.detailLoading = false;
  }

  async startCreate(): Promise<void> {
    if (this.mode === "create") return;
    if (!(await app.confirmDiscard())) return;
    this.latestDetail.invalidate();
    this.openId = null;
    this.detail = null;
    this.mode = "create";
  }

  startEdit(): void {
    if (this.detail) this.mode = "edit";
  }

  /** Leaves the form (its own guard has already asked about unsaved changes). */
  leaveForm(): void {
    if (this.mode === "edit" && this.detail) this.mode = "view";
    else this.closeNow();
  }

  /** Leaves the form for the fiche as stored (another person's version, after a conflict). */
  async showStored(structure: Structure): Promise<void> {
    this.mode = "view";
    this.openId = structure.id;
    await Promise.all([this.loadDetail(structure.id), this.refresh()]);
  }

  async saved(structure: Structure, created: boolean): Promise<void> {
    app.toast(created ? `${quote(structure.name)} créée` : `Modifications de ${quote(structure.name)} enregistrées`);
    this.mode = "view";
    this.openId = structure.id;
    this.selectedId = structure.id;
    await Promise.all([this.loadDetail(structure.id), this.refresh()]);
    if (created && app.info?.empty) void app.loadInfo();
  }

  /** Deletes the open structure, with an 8-second « Annuler » toast (Ctrl/Cmd+Z). */
  async remove(): Promise<void> {
    const s = this.detail?.structure;
    if (!s) return;
    if (!(await app.confirmDiscard())) return;
    const r = await app.attempt(directoryApi.deleteStructure(s.id));
    if (!r.ok) return;
    this.closeNow();
    await this.refresh();
    app.toast(`${quote(s.name)} supprimée`, {
      action: {
        label: "Annuler",
        undo: true,
        run: async () => {
          const back = await app.attempt(directoryApi.restoreStructure(s.id));
          if (!back.ok) return;
          await this.refresh();
          await this.open(s.id);
          app.toast(`${quote(s.name)} restaurée`);
        },
      },
    });
  }

  /** After a database restore or a large import: start again from a clean slate. */
  async reset(): Promise<void> {
    this.closeNow();
    this.selectedId = null;
    await this.refresh();
  }
}

export const directory = new DirectoryState();
