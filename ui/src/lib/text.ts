/** Lower-cases, strips accents and turns punctuation into single spaces, like the Rust `fold`. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/œ/gi, "oe")
    .replace(/æ/gi, "ae")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** « text », with the non-breaking spaces French typography asks for. */
export function quote(text: string): string {
  return `«\u00a0${text}\u00a0»`;
}

/** "1 structure", "2 structures", "0 structure": French uses the singular for 0 and 1. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n > 1 ? pluralForm : singular}`;
}
