// The letter as the editor changes it: each change returns a new letter (the store keeps the
// sections in their fixed order; an article moves within its section or to another).
import type { Letter, LetterEntry } from "../../lib/bindings";

export const blankEntry = (): LetterEntry => ({ title: "", text: "", link: null, date: null, origin: "" });

function withEntries(letter: Letter, section: number, change: (entries: LetterEntry[]) => LetterEntry[]): Letter {
  return {
    ...letter,
    sections: letter.sections.map((s, i) => (i === section ? { ...s, entries: change([...s.entries]) } : s)),
  };
}

export const addEntry = (letter: Letter, section: number): Letter => withEntries(letter, section, (e) => [...e, blankEntry()]);

export const removeEntry = (letter: Letter, section: number, index: number): Letter =>
  withEntries(letter, section, (e) => e.filter((_, i) => i !== index));

export const changeEntry = (letter: Letter, section: number, index: number, change: Partial<LetterEntry>): Letter =>
  withEntries(letter, section, (e) => e.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));

/** One place up (-1) or down (+1) within its section; nothing at either end. */
export function moveEntry(letter: Letter, section: number, index: number, delta: -1 | 1): Letter {
  const to = index + delta;
  if (to < 0 || to >= letter.sections[section].entries.length) return letter;
  return withEntries(letter, section, (e) => {
    [e[index], e[to]] = [e[to], e[index]];
    return e;
  });
}

/** To the end of another section. */
export function moveToSection(letter: Letter, section: number, index: number, target: number): Letter {
  if (target === section) return letter;
  const entry = letter.sections[section].entries[index];
  return withEntries(removeEntry(letter, section, index), target, (e) => [...e, entry]);
}

/** What is saved: an article still blank (just added) waits until something is typed in it. */
export function savable(letter: Letter): Letter {
  const blank = (e: LetterEntry) => !e.title.trim() && !e.text.trim() && !(e.link ?? "").trim() && !(e.date ?? "").trim();
  return {
    ...letter,
    sections: letter.sections.map((s) => ({
      ...s,
      entries: s.entries.filter((e) => !blank(e)).map((e) => ({ ...e, link: e.link?.trim() ? e.link : null, date: e.date?.trim() ? e.date : null })),
    })),
  };
}

export const entryCount = (letter: Letter): number => letter.sections.reduce((n, s) => n + s.entries.length, 0);
