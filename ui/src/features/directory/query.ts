import type { Area, SortKey, StructureKind, StructureQuery, TerritoryFilter } from "../../lib/bindings";

/** The list as it opens: everything, by name. */
export function defaultQuery(): StructureQuery {
  return {
    text: "",
    kind: null,
    member: null,
    territory: null,
    area: null,
    qpv: null,
    tag: null,
    caf_ending_within_months: null,
    sort: "name",
    descending: false,
  };
}

/** True when a filter other than the search text is set. */
export function hasFilters(q: StructureQuery): boolean {
  return (
    q.kind !== null ||
    q.member !== null ||
    q.territory !== null ||
    q.area !== null ||
    q.qpv !== null ||
    (q.tag !== null && q.tag !== "") ||
    q.caf_ending_within_months !== null
  );
}

/** True when the list may hide structures: search text or any filter. */
export function isFiltered(q: StructureQuery): boolean {
  return q.text.trim() !== "" || hasFilters(q);
}

/** Clears the text and filters, keeps the sort order. */
export function clearFilters(q: StructureQuery): StructureQuery {
  return { ...defaultQuery(), sort: q.sort, descending: q.descending };
}

export interface Choice<T> {
  value: T;
  label: string;
}

export const KIND_CHOICES: Choice<StructureKind | null>[] = [
  { value: null, label: "Tous les types" },
  { value: "centre_social", label: "Centres sociaux" },
  { value: "evs", label: "EVS" },
];

export const MEMBER_CHOICES: Choice<boolean | null>[] = [
  { value: null, label: "Adhésion : toutes" },
  { value: true, label: "Adhérentes" },
  { value: false, label: "Non adhérentes" },
];

export const TERRITORY_CHOICES: Choice<TerritoryFilter | null>[] = [
  { value: null, label: "Tout le territoire" },
  { value: "metropole", label: "Bordeaux Métropole" },
  { value: "hors_metropole", label: "Hors métropole" },
];

export const AREA_CHOICES: Choice<Area | null>[] = [
  { value: null, label: "Urbain et rural" },
  { value: "urbain", label: "Urbain" },
  { value: "rural", label: "Rural" },
];

export const QPV_CHOICES: Choice<boolean | null>[] = [
  { value: null, label: "QPV : tous" },
  { value: true, label: "QPV : oui" },
  { value: false, label: "QPV : non" },
];

export const CAF_CHOICES: Choice<number | null>[] = [
  { value: null, label: "Agrément CAF : tous" },
  { value: 3, label: "CAF : fin sous 3 mois" },
  { value: 6, label: "CAF : fin sous 6 mois" },
  { value: 12, label: "CAF : fin sous 12 mois" },
];

export const SORT_CHOICES: Choice<SortKey>[] = [
  { value: "name", label: "Nom" },
  { value: "commune", label: "Commune" },
  { value: "kind", label: "Type" },
  { value: "member_since", label: "Adhérente depuis" },
  { value: "caf_approval_end", label: "Fin d'agrément" },
  { value: "updated_at", label: "Dernière modification" },
];

/** Label of the ascending/descending toggle for the current sort. */
export function sortDirectionLabel(sort: SortKey, descending: boolean): string {
  const dated = sort === "member_since" || sort === "caf_approval_end" || sort === "updated_at";
  if (dated) return descending ? "Plus récent d'abord" : "Plus ancien d'abord";
  return descending ? "Ordre décroissant (Z → A)" : "Ordre croissant (A → Z)";
}
