// How a template field reads on its chip and in the picker; kept apart from the editor's code so
// the picker loads without it.

/** `structure.code_postal` as « structure › code postal », short and plain. */
export function fieldLabel(name: string): string {
  return name.replace(/_/g, " ").replace(/\./g, " › ");
}
