// Two people writing one dossier: each window saves only the sections (and the budget) it changed
// since its last save, with the content it changed them from, so the back end merges them with
// what the other person wrote meanwhile; after each save the window takes the other person's
// sections it has not touched, and keeps aside the ones both changed until the writer chooses.
import type { ContentChanges, DossierContent, DossierSaved, SectionConflict } from "../../lib/bindings";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What `now` changed from `saved` (the content as this window last saved or opened it). */
export function changesBetween(saved: DossierContent, now: DossierContent): ContentChanges {
  const before = new Map(saved.sections.map((s) => [s.key, s]));
  return {
    sections: now.sections.filter((s) => !same(s, before.get(s.key))).map((s) => s.key),
    budget: !same(saved.budget, now.budget),
    since: saved,
  };
}

/** The parts a save left as stored because both people changed them: not to be taken in yet. */
export interface Disputed {
  sections: Set<string>;
  budget: boolean;
}

export const disputedBy = (saved: Pick<DossierSaved, "conflicts" | "budget_conflict">): Disputed => ({
  sections: new Set(saved.conflicts.map((c) => c.key)),
  budget: saved.budget_conflict,
});

/**
 * After a save of `sent` answered with `stored`: every part of the editor's content left as it
 * was sent (nothing typed there since) takes the stored one, where the other person may have
 * written, except the disputed parts, which keep this writer's text until they choose. Changed
 * in place, so the editor and the saves queued keep the same content.
 */
export function takeOthersWriting(
  editing: DossierContent,
  sent: DossierContent,
  stored: DossierContent,
  disputed: Disputed = { sections: new Set(), budget: false },
): void {
  const sentByKey = new Map(sent.sections.map((s) => [s.key, s]));
  const storedByKey = new Map(stored.sections.map((s) => [s.key, s]));
  editing.sections.forEach((s, i) => {
    const theirs = storedByKey.get(s.key);
    if (disputed.sections.has(s.key)) return;
    if (theirs && same(s, sentByKey.get(s.key)) && !same(s, theirs)) editing.sections[i] = structuredClone(theirs);
  });
  if (!disputed.budget && same(editing.budget, sent.budget) && !same(editing.budget, stored.budget)) {
    editing.budget = structuredClone(stored.budget);
  }
}

/**
 * What the next save compares against: the stored content, except the disputed parts, which
 * keep what this window last had, so that saving again reports them again instead of writing
 * over the other person's text.
 */
export function nextBase(previous: DossierContent, stored: DossierContent, disputed: Disputed): DossierContent {
  const before = new Map(previous.sections.map((s) => [s.key, s]));
  return {
    sections: stored.sections.map((s) => structuredClone((disputed.sections.has(s.key) && before.get(s.key)) || s)),
    budget: structuredClone(disputed.budget ? previous.budget : stored.budget),
  };
}

/** How the writer settles one disputed section. */
export type Choice = "mine" | "theirs" | "both";

/** The section's text after the writer's choice: both versions, marked, to sort in the editor. */
export function chosenText(conflict: SectionConflict, choice: Choice): string {
  return choice === "mine" ? conflict.mine : choice === "theirs" ? conflict.theirs : conflict.merged;
}
