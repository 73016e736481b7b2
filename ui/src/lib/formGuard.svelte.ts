// Wires a form into the app: unsaved-change tracking, Escape to cancel and Ctrl/Cmd+S to save.
import { errorMessage, isApiError } from "./api";
import { app } from "./app.svelte";

let counter = 0;

export interface FormGuard {
  readonly key: string;
  /** Forgets the unsaved state, after a save that closes the form. */
  clean(): void;
}

/**
 * Call during component initialisation. `isDirty` is read reactively; `save` and `cancel` answer
 * Ctrl/Cmd+S and Escape while this form is the most recently opened one.
 */
export function guardForm(
  name: string,
  isDirty: () => boolean,
  save: () => void,
  cancel: () => void,
  /** For a form kept by autosave: writes its pending content now. */
  flushAutosave?: () => Promise<void>,
): FormGuard {
  const key = `${name}-${++counter}`;
  $effect(() => {
    app.setDirty(key, isDirty(), flushAutosave);
  });
  $effect(() => {
    const offEscape = app.onEscape(cancel, "directory");
    const offSave = app.onSave(save, "directory");
    return () => {
      offEscape();
      offSave();
      app.setDirty(key, false);
    };
  });
  return {
    key,
    clean() {
      app.setDirty(key, false);
    },
  };
}

/**
 * The save/cancel cycle of a small form inside the detail (a person, a visit): one save at a
 * time, a French message kept beside the form when saving fails, and a question before
 * dropping unsaved changes. A save the base could not answer (the team base's server down) is
 * made again by itself when the base answers. Create it during component initialisation.
 */
export class InlineForm {
  saving = $state(false);
  error = $state<string | null>(null);
  private guard: FormGuard;
  private cancelRetry = () => {};

  constructor(
    name: string,
    private isDirty: () => boolean,
    /** Writes the form; a rejection's message is shown and the form stays open. */
    private write: () => Promise<unknown>,
    private ondone: (saved: boolean) => void,
    /** A problem to fix before writing, or null. */
    private check: () => string | null = () => null,
  ) {
    this.guard = guardForm(name, isDirty, () => void this.save(), () => void this.cancel());
    $effect(() => () => this.cancelRetry());
  }

  async save(): Promise<void> {
    if (this.saving) return;
    const problem = this.check();
    if (problem) {
      this.error = problem;
      return;
    }
    this.saving = true;
    this.error = null;
    this.cancelRetry();
    try {
      await this.write();
      this.guard.clean();
      this.ondone(true);
    } catch (e) {
      if (isApiError(e) && e.code === "server_unreachable") {
        this.error = "La base ne répond pas : ce que vous avez tapé reste ici et sera enregistré dès qu'elle répondra.";
        this.cancelRetry = app.whenBaseIsBack(() => void this.save());
      } else {
        this.error = errorMessage(e);
      }
    } finally {
      this.saving = false;
    }
  }

  async cancel(): Promise<void> {
    if (this.isDirty() && !(await app.askDiscard())) return;
    this.cancelRetry();
    this.guard.clean();
    this.ondone(false);
  }

  onsubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    void this.save();
  };
}
