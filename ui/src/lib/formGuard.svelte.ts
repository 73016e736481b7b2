// Wires a form into the app: unsaved-change tracking, Escape to cancel and Ctrl/Cmd+S to save.
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
export function guardForm(name: string, isDirty: () => boolean, save: () => void, cancel: () => void): FormGuard {
  const key = `${name}-${++counter}`;
  $effect(() => {
    app.setDirty(key, isDirty());
  });
  $effect(() => {
    const offEscape = app.onEscape(cancel, "annuaire");
    const offSave = app.onSave(save, "annuaire");
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
