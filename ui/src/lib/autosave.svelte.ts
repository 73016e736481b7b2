// Autosave: a form's content is kept in the base while it differs from what is stored, so that
// closing or killing the app never loses what was typed.
import { api } from "./api";
import { debounce } from "./debounce";

export class Autosave<F extends object> {
  /** When the content now in the form was last kept (ISO date), or null. */
  keptAt = $state<string | null>(null);
  /** The kept content could not be written: shown beside the form, which still saves normally. */
  failed = $state(false);
  private loaded = false;
  /** A draft of this form is in the base (read at load, or written since). */
  private stored = false;
  private pending: Promise<void> = Promise.resolve();

  // Writes go one after the other, so the base always ends with the last one.
  private write = debounce((content: string | null) => {
    this.pending = this.pending.then(async () => {
      if (content === null && !this.stored) return;
      try {
        if (content === null) await api.discardFormDraft(this.key);
        else await api.saveFormDraft(this.key, content);
        this.failed = false;
        this.stored = content !== null;
        this.keptAt = content === null ? null : new Date().toISOString();
      } catch (e) {
        console.warn("Saisie non mise de côté", e);
        this.failed = true;
      }
    });
  }, 300);

  constructor(private key: string) {}

  /** The content kept for this form, if any; until it is read, changes are not tracked. */
  async load(): Promise<{ content: F; savedAt: string } | null> {
    try {
      const draft = await api.formDraft(this.key);
      if (!draft) return null;
      this.stored = true;
      return { content: JSON.parse(draft.content) as F, savedAt: draft.saved_at };
    } catch (e) {
      console.warn("Saisie mise de côté illisible", e);
      return null;
    } finally {
      this.loaded = true;
    }
  }

  /** Call on every change: keeps the content while it differs from the stored record. */
  track(content: F, dirty: boolean): void {
    if (!this.loaded) return;
    this.write(dirty ? JSON.stringify(content) : null);
  }

  /** Writes now what is waiting for the delay. */
  async flush(): Promise<void> {
    this.write.flush();
    await this.pending;
  }

  /** The form was saved, or its changes abandoned: nothing to keep any more. */
  async discard(): Promise<void> {
    this.write.cancel();
    // A write already sent must land before the discard, or it would bring the draft back.
    await this.pending;
    this.keptAt = null;
    if (!this.stored) return;
    this.stored = false;
    await api.discardFormDraft(this.key).catch((e) => console.warn("Saisie mise de côté non effacée", e));
  }
}
