// Two people on one fiche: the form was opened on one version (`base`), the user typed `mine`,
// and someone else saved `theirs` meanwhile. A field only one side changed takes that side's
// value; a field both changed, differently, is the user's choice.
import type { StructureForm } from "./draft";

export const FIELD_LABELS: Record<keyof StructureForm, string> = {
  name: "Nom",
  kind: "Type",
  member: "Adhérente",
  member_since: "Adhérente depuis",
  caf_approval_start: "Agrément CAF : début",
  caf_approval_end: "Agrément CAF : fin",
  address: "Adresse",
  postal_code: "Code postal",
  commune: "Commune",
  insee: "Code INSEE",
  area: "Milieu",
  qpv: "Quartier prioritaire",
  siret: "SIRET",
  rna: "RNA",
  phone: "Téléphone",
  email: "E-mail",
  website: "Site web",
  social_networks: "Réseaux sociaux",
  employees: "Salariés",
  volunteers: "Bénévoles",
  notes: "Notes",
  tags: "Étiquettes",
};

export type FieldKey = keyof StructureForm;

export interface FieldConflict {
  field: FieldKey;
  label: string;
  mine: StructureForm[FieldKey];
  theirs: StructureForm[FieldKey];
}

export interface Comparison {
  /** Fields both changed, differently: the user chooses. */
  conflicts: FieldConflict[];
  /** Fields only the other person changed: taken as they saved them. */
  theirsOnly: FieldKey[];
  /** Fields only this user changed. */
  mineOnly: FieldKey[];
}

const same = (a: unknown, b: unknown) => a === b;

export function compare(base: StructureForm, mine: StructureForm, theirs: StructureForm): Comparison {
  const result: Comparison = { conflicts: [], theirsOnly: [], mineOnly: [] };
  for (const field of Object.keys(FIELD_LABELS) as FieldKey[]) {
    const iChanged = !same(mine[field], base[field]);
    const theyChanged = !same(theirs[field], base[field]);
    if (iChanged && theyChanged && !same(mine[field], theirs[field])) {
      result.conflicts.push({ field, label: FIELD_LABELS[field], mine: mine[field], theirs: theirs[field] });
    } else if (theyChanged && !iChanged) {
      result.theirsOnly.push(field);
    } else if (iChanged && !theyChanged) {
      result.mineOnly.push(field);
    }
  }
  return result;
}

/** The merged fiche: their changes, mine, and for each field both changed the side chosen. */
export function merge(mine: StructureForm, theirs: StructureForm, comparison: Comparison, keepMine: Set<FieldKey>): StructureForm {
  const merged = { ...theirs } as Record<FieldKey, unknown>;
  for (const field of comparison.mineOnly) merged[field] = mine[field];
  for (const c of comparison.conflicts) merged[c.field] = keepMine.has(c.field) ? mine[c.field] : theirs[c.field];
  return merged as unknown as StructureForm;
}

/** A value as the dialog shows it. */
export function shown(value: StructureForm[FieldKey]): string {
  if (typeof value === "boolean") return value ? "oui" : "non";
  if (value === null || value === "") return "(vide)";
  return String(value);
}
