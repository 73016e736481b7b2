// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p fabrique-api`. Do not edit by hand.

export type StructureKind = "centre_social" | "evs";

export type Area = "urbain" | "rural";

export type Territory = { 
/**
 * SIREN of the intercommunality (EPCI), when the commune is known.
 */
epci_code: string | null, epci_name: string | null, 
/**
 * True inside Bordeaux Métropole.
 */
metropole: boolean, };

export type StructureDraft = { name: string, kind: StructureKind | null, member: boolean, 
/**
 * Year the structure joined the federation.
 */
member_since: number | null, caf_approval_start: string | null, caf_approval_end: string | null, address: string, postal_code: string, commune: string, 
/**
 * INSEE code of the commune, filled from the official list when the commune is recognised.
 */
insee: string | null, area: Area | null, 
/**
 * In a "quartier prioritaire de la politique de la ville".
 */
qpv: boolean, siret: string | null, rna: string | null, phone: string, email: string, website: string, social_networks: string, employees: number | null, volunteers: number | null, notes: string, tags: Array<string>, };

export type Structure = { id: number, territory: Territory, 
/**
 * RFC 3339 time of the last change.
 */
updated_at: string, name: string, kind: StructureKind | null, member: boolean, 
/**
 * Year the structure joined the federation.
 */
member_since: number | null, caf_approval_start: string | null, caf_approval_end: string | null, address: string, postal_code: string, commune: string, 
/**
 * INSEE code of the commune, filled from the official list when the commune is recognised.
 */
insee: string | null, area: Area | null, 
/**
 * In a "quartier prioritaire de la politique de la ville".
 */
qpv: boolean, siret: string | null, rna: string | null, phone: string, email: string, website: string, social_networks: string, employees: number | null, volunteers: number | null, notes: string, tags: Array<string>, };

export type PersonDraft = { first_name: string, last_name: string, role: string, email: string, phone: string, 
/**
 * Where the data was collected (a visit, a form, an email…), as the RGPD asks the federation to know.
 */
collected_from: string, collected_on: string | null, 
/**
 * Last time someone checked the data is still accurate and needed.
 */
reviewed_on: string | null, };

export type Person = { id: number, structure_id: number, first_name: string, last_name: string, role: string, email: string, phone: string, 
/**
 * Where the data was collected (a visit, a form, an email…), as the RGPD asks the federation to know.
 */
collected_from: string, collected_on: string | null, 
/**
 * Last time someone checked the data is still accurate and needed.
 */
reviewed_on: string | null, };

export type VisitDraft = { date: string | null, 
/**
 * The federation's delegate(s) who went.
 */
delegate: string, 
/**
 * Whom they met at the structure.
 */
met: string, notes: string, };

export type Visit = { id: number, structure_id: number, date: string | null, 
/**
 * The federation's delegate(s) who went.
 */
delegate: string, 
/**
 * Whom they met at the structure.
 */
met: string, notes: string, };

export type StructureDetail = { structure: Structure, people: Array<Person>, visits: Array<Visit>, };

export type SortKey = "name" | "commune" | "kind" | "member_since" | "caf_approval_end" | "updated_at";

export type TerritoryFilter = "metropole" | "hors_metropole";

export type StructureQuery = { 
/**
 * Words to find in the name, commune, postal code, tags, SIRET, RNA or notes; every word must match.
 */
text: string, kind: StructureKind | null, member: boolean | null, territory: TerritoryFilter | null, area: Area | null, qpv: boolean | null, tag: string | null, 
/**
 * Keeps structures whose CAF approval ends between today and today + N months (or has ended).
 */
caf_ending_within_months: number | null, sort: SortKey, descending: boolean, };

export type DirectoryCounts = { total: number, members: number, non_members: number, centres_sociaux: number, evs: number, };

export type Commune = { insee: string, name: string, postal_codes: Array<string>, population: number | null, 
/**
 * For a commune déléguée, the INSEE code of the commune nouvelle it belongs to.
 */
delegated_to: string | null, epci_code: string | null, epci_name: string | null, metropole: boolean, };

export type Field = "name" | "kind" | "member" | "member_since" | "caf_approval_start" | "caf_approval_end" | "address" | "postal_code" | "commune" | "insee" | "area" | "qpv" | "siret" | "rna" | "phone" | "email" | "website" | "social_networks" | "employees" | "volunteers" | "notes" | "tags";

export type ImportAction = { "action": "create" } | { "action": "update", id: number, existing_name: string, } | { "action": "refuse", reason: string, };

export type ImportItem = { line: number, name: string, commune: string, } & ({ "action": "create" } | { "action": "update", id: number, existing_name: string, } | { "action": "refuse", reason: string, });

export type ImportPlan = { items: Array<ImportItem>, created: number, updated: number, refused: number, };

export type StalePerson = { person_id: number, structure_id: number, structure_name: string, full_name: string, role: string, 
/**
 * The last review, else the collection date; None when neither is known.
 */
last_checked: string | null, };

export type ApiError = { code: string, message: string, };

export type StructureRow = { id: number, name: string, kind: StructureKind | null, member: boolean, member_since: number | null, commune: string, insee: string | null, 
/**
 * "Bordeaux Métropole" or the name of the other intercommunality.
 */
territory: string, metropole: boolean, qpv: boolean, caf_approval_end: string | null, tags: Array<string>, };

export type DirectoryPage = { rows: Array<StructureRow>, 
/**
 * Counts over the rows shown.
 */
counts: DirectoryCounts, 
/**
 * Counts over the whole directory.
 */
all_counts: DirectoryCounts, 
/**
 * "34 adhérentes, 15 non adhérentes" for the rows shown.
 */
summary: string, 
/**
 * Every tag in use, for the tag filter.
 */
tags: Array<string>, };

export type AppInfo = { version: string, db_path: string, schema_version: number, 
/**
 * True when the directory has never held a structure: the app then offers the demo data.
 */
empty: boolean, 
/**
 * Why the database file could not be opened, if it could not: the app then offers to
 * restore a backup in its place or to start an empty base (the file is set aside).
 */
problem: ApiError | null, };

export type FieldOption = { field: Field, label: string, };

export type ImportPreview = { path: string, file_name: string, headers: Array<string>, mapping: Array<Field | null>, fields: Array<FieldOption>, 
/**
 * The first rows, as read, so the user can check the mapping.
 */
sample: Array<Array<string>>, plan: ImportPlan, };

export type ImportResult = { created: number, updated: number, };

export type Erasure = { erased_at: string, structure_id: number | null, };

export type RestoreResult = { path: string, erased_again: number, };

export type ReplaceResult = { set_aside: string | null, };

export type SavedDraft = { content: string, 
/**
 * RFC 3339, UTC.
 */
saved_at: string, };

export type MenuAction = "new_structure" | "import" | "export" | "backup" | "restore" | "demo" | "find" | "quit";
