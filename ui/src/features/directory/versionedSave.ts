// A small form of the fiche (a person, a visit) saved against the version it was opened on. When
// someone else saved the record meanwhile, changes to different fields are both kept (saved again
// at once); a field both changed is named with both values and the form keeps mine, so saving
// again keeps mine and cancelling keeps theirs.
import { isApiError } from "../../lib/api";
import { app } from "../../lib/app.svelte";
import { mergeRecord } from "./conflict";

export interface Versioned<D> {
  draft: D;
  version: number;
}

export class VersionedSave<D extends object, R> {
  constructor(
    private labels: Record<keyof D, string>,
    /** « cette personne », « cette visite ». */
    private what: string,
    /** The record as the form opened it; null for a new one. */
    private opened: Versioned<D> | null,
    private write: (draft: D, openedVersion: number | null) => Promise<R>,
    /** The record as stored now, or null if it is gone. */
    private reload: () => Promise<Versioned<D> | null>,
    /** Puts the merged values back in the form. */
    private retype: (draft: D) => void,
  ) {}

  async save(mine: D): Promise<R> {
    const opened = this.opened;
    try {
      return await this.write(mine, opened?.version ?? null);
    } catch (e) {
      if (!opened || !isApiError(e) || e.code !== "conflict") throw e;
      const theirs = await this.reload();
      if (!theirs) throw e;
      const merged = mergeRecord(this.labels, opened.draft, mine, theirs.draft);
      this.opened = theirs;
      if (!merged.conflicts) {
        app.toast(`Quelqu'un d'autre avait changé d'autres champs de ${this.what} : ses changements et les vôtres sont gardés.`, {
          duration: 8000,
        });
        return await this.write(merged.draft, theirs.version);
      }
      this.retype(merged.draft);
      throw new Error(
        `Quelqu'un d'autre a changé ${this.what} entre-temps (${merged.conflicts}). ` +
          "Ses autres changements sont repris ci-dessus. Enregistrez de nouveau pour garder vos valeurs, ou annulez pour garder les siennes.",
      );
    }
  }
}
