// Moving the window to another base: what was typed is kept or confirmed first, then the window
// starts again on the new base (every screen reads it afresh), and says what happened.
import { app } from "../../lib/app.svelte";

const NOTE_KEY = "fabrique.base-switched";

/** Asks about unsaved changes before a switch; false when the user keeps typing. */
export async function readyToLeaveBase(): Promise<boolean> {
  if (app.onlyAutosavedChanges) {
    await app.flushAutosaves();
    return true;
  }
  return app.confirmDiscard();
}

/** The window starts again on the base just opened; `note` is shown once it has. */
export async function restartOnNewBase(note: string): Promise<void> {
  sessionStorage.setItem(NOTE_KEY, note);
  app.forgetUnsavedChanges();
  window.location.reload();
}

/** The note of a switch just made, once. */
export function takeSwitchNote(): string | null {
  const note = sessionStorage.getItem(NOTE_KEY);
  sessionStorage.removeItem(NOTE_KEY);
  return note;
}
