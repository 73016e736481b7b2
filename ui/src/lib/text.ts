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

/** « text », in French guillemets (plain spaces, like the messages of the Rust side). */
export function quote(text: string): string {
  return `« ${text} »`;
}

/** "1 structure", "2 structures", "0 structure": French uses the singular for 0 and 1. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n > 1 ? pluralForm : singular}`;
}
