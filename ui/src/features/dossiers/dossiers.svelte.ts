// The Dossiers view's state: the list, the open dossier and its autosave.
//
// Every change of text or budget is written to the base after a short pause, in order, so killing
// the app loses at most that pause. The answer carries the recomputed preview, budget totals and
// completeness; the text being typed stays the one in the editor.
//
// When the base does not answer (the team base's server down, the network cut), what was typed is
// kept on this computer and written by itself once the base answers again; a dossier opened later
// with such kept text newer than the stored one gets it back and writes it.
import type { DossierContent, DossierOptions, DossierRow, DossierView } from "../../lib/api";
import { dossiersApi } from "./api";
import { changesBetween, takeOthersWriting } from "./contentChanges";
import { app } from "../../lib/app.svelte";
import { isApiError } from "../../lib/api";
import { Autosave } from "../../lib/autosave.svelte";
import { debounce } from "../../lib/debounce";

/** `waiting`: the base did not answer; the text is kept on this computer until it does. */
export type SaveState = "saved" | "pending" | "saving" | "failed" | "waiting";

const DIRTY_KEY = "dossier";

class DossiersState {
  rows = $state.raw<DossierRow[]>([]);
  loaded = $state(false);
  options = $state.raw<DossierOptions | null>(null);
  /** The open dossier as last computed by the back end. */
  view = $state.raw<DossierView | null>(null);
  /** What the writer edits; the parts changed since the last save are saved. */
  content = $state<DossierContent | null>(null);
  /** Each dossier's content as this window last opened or saved it: what its next save compares against. */
  private saved = new Map<number, DossierContent>();
  /** The section shown in the editor. */
  section = $state<string | null>(null);
  saveState = $state<SaveState>("saved");
  savedAt = $state<string | null>(null);

  private writes: Promise<void> = Promise.resolve();
  private queued = 0;
  private write = debounce(() => this.persist(), 400);
  /** The open dossier's text kept on this computer while the base does not answer. */
  private kept: Autosave<DossierContent> | null = null;
  private cancelRetry = () => {};

  async refresh(): Promise<void> {
    const [rows, options] = await Promise.all([
      app.attempt(dossiersApi.listDossiers()),
      this.options ? Promise.resolve({ ok: true as const, value: this.options }) : app.attempt(dossiersApi.dossierOptions()),
    ]);
    if (rows.ok) this.rows = rows.value;
    if (options.ok) this.options = options.value;
    this.loaded = true;
  }

  async reloadOptions(): Promise<void> {
    const r = await app.attempt(dossiersApi.dossierOptions());
    if (r.ok) this.options = r.value;
  }

  show(view: DossierView, section?: string): void {
    const reopened = this.view?.dossier.id === view.dossier.id;
    this.view = view;
    this.content = structuredClone(view.dossier.content);
    this.saved.set(view.dossier.id, structuredClone(view.dossier.content));
    this.section = section ?? view.dossier.content.sections[0]?.key ?? null;
    this.saveState = "saved";
    this.savedAt = view.dossier.updated_at;
    if (!reopened) void this.takeBackKept(view);
  }

  /** Text typed while the base did not answer, kept here since: written now if newer than the stored. */
  private async takeBackKept(view: DossierView): Promise<void> {
    this.cancelRetry();
    const kept = new Autosave<DossierContent>(`dossier:${view.dossier.id}`);
    this.kept = kept;
    const found = await kept.load();
    if (!found || this.kept !== kept || this.view?.dossier.id !== view.dossier.id) return;
    // Kept in the same second as the last save counts as newer: taking back a copy costs nothing.
    if (found.savedAt < view.dossier.updated_at) {
      await kept.discard();
      return;
    }
    this.content = found.content;
    app.toast("Le texte tapé quand la base ne répondait pas a été repris et enregistré.", { duration: 8000 });
    this.edited();
  }

  async open(id: number): Promise<void> {
    await this.flush();
    const r = await app.attempt(dossiersApi.openDossier(id));
    if (r.ok) this.show(r.value);
  }

  async close(): Promise<void> {
    await this.flush();
    this.view = null;
    this.content = null;
    this.section = null;
    await this.refresh();
  }

  /** Call after every change of `content`. */
  edited(): void {
    if (!this.view) return;
    this.saveState = "pending";
    app.setDirty(DIRTY_KEY, true, () => this.flush());
    this.write();
  }

  /** Writes now what is waiting for the pause, and waits for every write sent. */
  async flush(): Promise<void> {
    this.write.flush();
    await this.writes;
  }

  /** The back end answered with a new view of the same dossier (header edited, version restored). */
  replace(view: DossierView): void {
    const section = this.section ?? undefined;
    this.show(view, view.dossier.content.sections.some((s) => s.key === section) ? section : undefined);
  }

  private persist(): void {
    const view = this.view;
    const content = this.content;
    if (!view || !content) return;
    const id = view.dossier.id;
    this.queued++;
    this.writes = this.writes.then(async () => {
      this.saveState = "saving";
      // Taken when sent, after the saves before it have brought in what others wrote.
      const snapshot = $state.snapshot(content) as DossierContent;
      try {
        const base = this.saved.get(id) ?? snapshot;
        const fresh = await dossiersApi.saveDossierContent(id, snapshot, changesBetween(base, snapshot));
        this.saved.set(id, structuredClone(fresh.dossier.content));
        // Another window may have written other sections meanwhile: shown here, unless typed in since.
        takeOthersWriting(content, snapshot, fresh.dossier.content);
        if (this.view?.dossier.id === id) {
          this.view = fresh;
          this.savedAt = fresh.dossier.updated_at;
        }
        if (this.queued === 1 && !this.write.pending()) {
          this.saveState = "saved";
          app.setDirty(DIRTY_KEY, false);
          await this.kept?.discard();
        }
      } catch (e) {
        if (isApiError(e) && e.code === "server_unreachable") {
          // The window's banner already says the base does not answer: no error box per pause.
          this.saveState = "waiting";
          this.kept?.track(snapshot, true);
          await this.kept?.flush();
          this.cancelRetry();
          this.cancelRetry = app.whenBaseIsBack(() => {
            if (this.view?.dossier.id === id && this.saveState === "waiting") this.edited();
          });
        } else {
          this.saveState = "failed";
          app.error(e);
        }
      } finally {
        this.queued--;
      }
    });
  }

}

export const dossiers = new DossiersState();
