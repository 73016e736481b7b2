// The Dossiers view's state: the list, the open dossier and its autosave.
//
// Every change of text or budget is written to the base after a short pause, in order, so killing
// the app loses at most that pause. The answer carries the recomputed preview, budget totals and
// completeness; the text being typed stays the one in the editor.
//
// When the base does not answer (the team base's server down, the network cut), what was typed is
// kept on this computer and written by itself once the base answers again; a dossier opened later
// with such kept text newer than the stored one gets it back and writes it.
//
// When someone else changed the same passage or the budget meanwhile, the save leaves theirs
// stored and says so: the writer's text stays in the editor (and on this computer) until they
// choose in the conflict dialog.
import type { DossierContent, DossierOptions, DossierRow, DossierView } from "../../lib/api";
import type { Budget, SectionConflict } from "../../lib/bindings";
import { dossiersApi } from "./api";
import { changesBetween, chosenText, disputedBy, nextBase, takeOthersWriting, type Choice } from "./contentChanges";
import { app } from "../../lib/app.svelte";
import { isApiError } from "../../lib/api";
import { Autosave } from "../../lib/autosave.svelte";
import { debounce } from "../../lib/debounce";

/**
 * `waiting`: the base did not answer; the text is kept on this computer until it does.
 * `conflict`: someone else changed the same passage meanwhile; the writer chooses.
 */
export type SaveState = "saved" | "pending" | "saving" | "failed" | "waiting" | "conflict";

/** What a save left as stored because someone else changed it too. */
export interface DossierConflict {
  dossierId: number;
  sections: SectionConflict[];
  /** The stored budget, when both changed it. */
  theirsBudget: Budget | null;
}

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
  conflict = $state.raw<DossierConflict | null>(null);

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
    this.conflict = null;
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

  /**
   * The writer chose, for each disputed section, their text, the other person's or both (marked,
   * to sort in the editor), and for the budget theirs or mine; then saved over the stored text.
   */
  resolveConflict(choices: Record<string, Choice>, budget: "mine" | "theirs"): void {
    const conflict = this.conflict;
    const content = this.content;
    const base = conflict && this.saved.get(conflict.dossierId);
    if (!conflict || !content || !base || this.view?.dossier.id !== conflict.dossierId) return;
    for (const disputed of conflict.sections) {
      const choice = choices[disputed.key] ?? "mine";
      const editing = content.sections.find((s) => s.key === disputed.key);
      if (editing) editing.body = chosenText(disputed, choice);
      // Compared with the stored text now, the next save writes the choice.
      const before = base.sections.find((s) => s.key === disputed.key);
      if (before) before.body = disputed.theirs;
      if (choice === "both") this.section = disputed.key;
    }
    if (conflict.theirsBudget) {
      base.budget = structuredClone(conflict.theirsBudget);
      if (budget === "theirs") content.budget = structuredClone(conflict.theirsBudget);
    }
    this.conflict = null;
    this.edited();
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
        const stored = fresh.view.dossier.content;
        const disputed = disputedBy(fresh);
        this.saved.set(id, nextBase(base, stored, disputed));
        // Another window may have written other sections meanwhile: shown here, unless typed in since.
        takeOthersWriting(content, snapshot, stored, disputed);
        const conflicted = fresh.conflicts.length > 0 || fresh.budget_conflict;
        if (this.view?.dossier.id === id) {
          this.view = fresh.view;
          this.savedAt = fresh.view.dossier.updated_at;
          this.conflict = conflicted
            ? { dossierId: id, sections: fresh.conflicts, theirsBudget: fresh.budget_conflict ? stored.budget : null }
            : null;
        }
        if (conflicted) {
          // Until the writer chooses, their text is only in the editor: kept on this computer too.
          this.saveState = "conflict";
          this.kept?.track(snapshot, true);
          await this.kept?.flush();
        } else if (this.queued === 1 && !this.write.pending()) {
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
