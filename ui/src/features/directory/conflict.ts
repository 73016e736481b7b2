// Two people on one fiche: the form was opened on one version (`base`), the user typed `mine`,
// and someone else saved `theirs` meanwhile. A field only one side changed takes that side's
// value; a field both changed, differently, is the user's choice.
import type { PersonDraft, VisitDraft } from "../../lib/api";
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

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The comparison of any record's fields (a structure's, a person's), named by `labels`. */
export interface FieldComparison<F> {
  conflicts: { field: keyof F; label: string; mine: F[keyof F]; theirs: F[keyof F] }[];
  theirsOnly: (keyof F)[];
  mineOnly: (keyof F)[];
}

export function compareFields<F extends object>(
  labels: Record<keyof F, string>,
  base: F,
  mine: F,
  theirs: F,
): FieldComparison<F> {
  const result: FieldComparison<F> = { conflicts: [], theirsOnly: [], mineOnly: [] };
  for (const field of Object.keys(labels) as (keyof F)[]) {
    const iChanged = !same(mine[field], base[field]);
    const theyChanged = !same(theirs[field], base[field]);
    if (iChanged && theyChanged && !same(mine[field], theirs[field])) {
      result.conflicts.push({ field, label: labels[field], mine: mine[field], theirs: theirs[field] });
    } else if (theyChanged && !iChanged) {
      result.theirsOnly.push(field);
    } else if (iChanged && !theyChanged) {
      result.mineOnly.push(field);
    }
  }
  return result;
}

/** The merged record: their changes, mine, and for each field both changed the side chosen. */
export function mergeFields<F extends object>(mine: F, theirs: F, comparison: FieldComparison<F>, keepMine: Set<keyof F>): F {
  const merged = { ...theirs };
  for (const field of comparison.mineOnly) merged[field] = mine[field];
  for (const c of comparison.conflicts) merged[c.field] = keepMine.has(c.field) ? mine[c.field] : theirs[c.field];
  return merged;
}

export function compare(base: StructureForm, mine: StructureForm, theirs: StructureForm): Comparison {
  return compareFields(FIELD_LABELS, base, mine, theirs) as Comparison;
}

/** The merged fiche: their changes, mine, and for each field both changed the side chosen. */
export function merge(mine: StructureForm, theirs: StructureForm, comparison: Comparison, keepMine: Set<FieldKey>): StructureForm {
  return mergeFields(mine, theirs, comparison, keepMine);
}

/** A value as the dialog shows it. */
export function shown(value: StructureForm[FieldKey]): string {
  if (typeof value === "boolean") return value ? "oui" : "non";
  if (value === null || value === "") return "(vide)";
  return String(value);
}

export const PERSON_FIELD_LABELS: Record<keyof PersonDraft, string> = {
  first_name: "Prénom",
  last_name: "Nom",
  role: "Rôle",
  email: "E-mail",
  phone: "Téléphone",
  collected_from: "Données collectées lors de",
  collected_on: "Collectées le",
  reviewed_on: "Vérifiées le",
};

export const VISIT_FIELD_LABELS: Record<keyof VisitDraft, string> = {
  date: "Date",
  delegate: "Délégué·e",
  met: "Personnes rencontrées",
  notes: "Notes",
};

/**
 * A record (a person, a visit) saved against a version someone else changed since: their changes
 * and mine merged. `conflicts` says, in French, each field both changed differently (mine is kept
 * in `draft`, so saving again keeps mine; cancelling keeps theirs); empty when both can be kept.
 */
export function mergeRecord<F extends object>(
  labels: Record<keyof F, string>,
  base: F,
  mine: F,
  theirs: F,
  /** How a value is said, when its stored form is not French (a status code). */
  say: (field: keyof F, value: F[keyof F]) => string = (_, value) => shown((value as string | null) ?? ""),
): { draft: F; conflicts: string } {
  const comparison = compareFields(labels, base, mine, theirs);
  const draft = mergeFields(mine, theirs, comparison, new Set(comparison.conflicts.map((c) => c.field)));
  const conflicts = comparison.conflicts
    .map((c) => `${c.label} : la vôtre « ${say(c.field, c.mine)} », la sienne « ${say(c.field, c.theirs)} »`)
    .join(" ; ");
  return { draft, conflicts };
}

export const mergePerson = (base: PersonDraft, mine: PersonDraft, theirs: PersonDraft) =>
  mergeRecord(PERSON_FIELD_LABELS, base, mine, theirs);
