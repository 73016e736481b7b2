// Two people writing one dossier: each window saves only the sections (and the budget) it changed
// since its last save, so the other person's sections are not written over; and after each save
// it takes the other person's sections it has not touched meanwhile.
import type { ContentChanges, DossierContent } from "../../lib/bindings";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What `now` changed from `saved` (the content as this window last saved or opened it). */
export function changesBetween(saved: DossierContent, now: DossierContent): ContentChanges {
  const before = new Map(saved.sections.map((s) => [s.key, s]));
  return {
    sections: now.sections.filter((s) => !same(s, before.get(s.key))).map((s) => s.key),
    budget: !same(saved.budget, now.budget),
  };
}

/**
 * After a save of `sent` answered with `stored`: every part of the editor's content left as it
 * was sent (nothing typed there since) takes the stored one, where the other person may have
 * written. Changed in place, so the editor and the saves queued keep the same content.
 */
export function takeOthersWriting(editing: DossierContent, sent: DossierContent, stored: DossierContent): void {
  const sentByKey = new Map(sent.sections.map((s) => [s.key, s]));
  const storedByKey = new Map(stored.sections.map((s) => [s.key, s]));
  editing.sections.forEach((s, i) => {
    const theirs = storedByKey.get(s.key);
    if (theirs && same(s, sentByKey.get(s.key)) && !same(s, theirs)) editing.sections[i] = structuredClone(theirs);
  });
  if (same(editing.budget, sent.budget) && !same(editing.budget, stored.budget)) {
    editing.budget = structuredClone(stored.budget);
  }
}
