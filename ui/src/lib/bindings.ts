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

export type FieldProblem = { field: string, label: string, message: string, };

export type Structure = { id: number, territory: Territory, 
/**
 * RFC 3339 time of the last change.
 */
updated_at: string, 
/**
 * Moves with each change: a form saved against an older version is refused as a conflict.
 */
version: number, name: string, kind: StructureKind | null, member: boolean, 
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

export type Person = { id: number, 
/**
 * The structure of the directory the person works in, or…
 */
structure_id: number | null, 
/**
 * …the partner they are a contact of (exactly one of the two).
 */
partner_id: number | null, 
/**
 * Moves with each change: a form saves with the version it was opened on.
 */
version: number, first_name: string, last_name: string, role: string, email: string, phone: string, 
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

export type Visit = { id: number, structure_id: number, 
/**
 * The meeting's object: « Visite » for one recorded on the fiche.
 */
title: string, 
/**
 * Moves with each correction: a form saves with the version it was opened on.
 */
version: number, date: string | null, 
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
 * Words to find in the name, commune, postal code, tags, SIRET, RNA, notes, or the names,
 * e-mails and roles of its people; every word must match.
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

export type StalePerson = { person_id: number, structure_id: number | null, partner_id: number | null, 
/**
 * The structure's or the partner's name.
 */
organisation_name: string, full_name: string, role: string, 
/**
 * The last review, else the collection date; None when neither is known.
 */
last_checked: string | null, };

export type ErrorCode = "invalid_field" | "invalid_link" | "not_found" | "not_empty" | "draft_too_large" | "file_unreadable" | "unsupported_format" | "missing_column" | "import_refused" | "newer_schema" | "older_schema" | "not_a_fabrique_database" | "migration_failed" | "damaged_data" | "database_open" | "busy" | "database" | "server_unreachable" | "authentication_failed" | "permission_denied" | "not_on_team_base_yet" | "conflict" | "keychain_unavailable" | "disk_full" | "read_only" | "io" | "open_failed" | "pdf" | "internal";

export type ApiError = { code: ErrorCode, message: string, };

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

export type ActivityKind = "rgpd" | "dossier" | "visit" | "erasure" | "import";

export type ActivityEntry = { 
/**
 * RFC 3339, UTC.
 */
at: string, 
/**
 * The account (team base) or the computer's user (local base); empty for what was recorded
 * before authors were (schema 10).
 */
author: string, kind: ActivityKind, structure_id: number | null, 
/**
 * The structure's name, when the change concerns one.
 */
structure_name: string | null, 
/**
 * What changed, in French.
 */
summary: string, };

export type BaseShown = { 
/**
 * A team base on the federation's server, rather than a file on this computer.
 */
team: boolean, 
/**
 * `base · serveur` for a team base, the file's name for a local one.
 */
name: string, };

export type TeamServerFields = { host: string, port: number, database: string, user: string, 
/**
 * The federation's own certificate authority (a .pem or .crt file), when its server has one.
 */
ca_file: string | null, };

export type TeamBaseSettings = { 
/**
 * The team base last connected to (or the one open), to connect again without retyping.
 */
server: TeamServerFields | null, 
/**
 * True when its password is in the system's keychain.
 */
password_kept: boolean, 
/**
 * The local file the window goes back to.
 */
local_file: string, };

export type TeamConnected = { base: BaseShown, password_kept: boolean, 
/**
 * French sentences to show, for what failed beside the connection itself.
 */
warnings: Array<string>, };

export type AppInfo = { version: string, 
/**
 * The base's file, or a team base's address (without its password).
 */
db_path: string, 
/**
 * Which base is open, shown at all times in the window.
 */
base: BaseShown, schema_version: number, 
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

export type ErasureSummary = { full_name: string, removed: Array<string>, };

export type RestoreResult = { path: string, erased_again: number, 
/**
 * On a team base: the file the replaced base was copied to first.
 */
kept: string | null, };

export type ReplaceResult = { set_aside: string | null, };

export type SavedDraft = { content: string, 
/**
 * RFC 3339, UTC.
 */
saved_at: string, };

export type MenuAction = "new" | "import" | "export" | "backup" | "restore" | "demo" | "team_base" | "find" | "shortcuts" | "about" | "quit";

export type AccountSide = "charge" | "product" | "in_kind_use" | "in_kind_contribution";

export type Account = { code: string, label: string, side: AccountSide, };

export type Funder = "etat" | "region" | "departement" | "intercommunalite" | "commune" | "caf" | "europe" | "asp" | "autre_public" | "prive";

export type BudgetLine = { 
/**
 * Two-digit account of [`ACCOUNTS`].
 */
account: string, label: string, amount_cents: number, 
/**
 * Who pays, for a subsidy (account 74).
 */
funder: Funder | null, };

export type Budget = { lines: Array<BudgetLine>, };

export type AccountTotal = { account: string, label: string, total_cents: number, };

export type FunderTotal = { funder: Funder, total_cents: number, };

export type BudgetSummary = { charges_cents: number, products_cents: number, in_kind_uses_cents: number, in_kind_contributions_cents: number, by_account: Array<AccountTotal>, by_funder: Array<FunderTotal>, 
/**
 * What the dossier asks of the funder it is addressed to.
 */
requested_cents: number, 
/**
 * The requested amount over the project's charges, in thousandths (385 = 38,5 %).
 */
requested_share_permille: number | null, 
/**
 * Charges = products.
 */
balanced: boolean, 
/**
 * 86 = 87.
 */
in_kind_balanced: boolean, };

export type SectionKind = "text" | "budget";

export type TemplateSection = { 
/**
 * Stable identifier within the template, used to carry text over between revisions and years.
 */
key: string, title: string, guidance: string, 
/**
 * Markdown with `{{ placeholders }}`.
 */
body: string, required: boolean, kind: SectionKind, };

export type Template = { 
/**
 * Stable identifier ("ailds"); revisions share it.
 */
name: string, title: string, revision: number, description: string, sections: Array<TemplateSection>, };

export type FederationRecord = { name: string, address: string, postal_code: string, commune: string, siret: string, rna: string, representative: string, representative_role: string, phone: string, email: string, website: string, employees: number | null, volunteers: number | null, };

export type DossierSection = { key: string, title: string, guidance: string, required: boolean, kind: SectionKind, 
/**
 * Markdown with `{{ placeholders }}`, as the writer left it.
 */
body: string, };

export type DossierContent = { sections: Array<DossierSection>, budget: Budget, };

export type ContentChanges = { sections: Array<string>, budget: boolean, 
/**
 * The content as this window last saved or opened it. Without it, the parts named are
 * written as they are, whatever was stored meanwhile.
 */
since?: DossierContent | null, };

export type SectionConflict = { key: string, title: string, 
/**
 * What this window wrote.
 */
mine: string, 
/**
 * What is stored: the other person's text.
 */
theirs: string, 
/**
 * Both texts merged, each passage changed on both sides given twice between marks.
 */
merged: string, };

export type DossierHeader = { 
/**
 * The applying structure; `None` when the federation applies for itself.
 */
structure_id: number | null, title: string, project: string, year: number, 
/**
 * The funder the dossier is addressed to; its lines in account 74 make the requested amount.
 */
funder: Funder, };

export type Dossier = { id: number, header: DossierHeader, template_name: string, template_revision: number, content: DossierContent, 
/**
 * A logo is printed on the title page (its bytes stay in the store).
 */
has_logo: boolean, 
/**
 * RFC 3339, UTC.
 */
created_at: string, updated_at: string, 
/**
 * Moves with each change of the header: the header dialog saves with the one it opened on.
 * (The text has no such version: it is merged section by section.)
 */
header_version: number, };

export type DossierVersion = { id: number, 
/**
 * RFC 3339, UTC.
 */
saved_at: string, 
/**
 * Given by the writer, or by the app ("Avant restauration"); empty for the periodic copies.
 */
label: string, };

export type GapKind = "empty_section" | "writing_prompt" | "unresolved" | "syntax" | "budget_empty" | "budget_unbalanced" | "in_kind_unbalanced" | "two_versions";

export type Gap = { kind: GapKind, 
/**
 * The section to jump to.
 */
section_key: string, message: string, };

export type Completeness = { 
/**
 * Share of the checks passed, rounded down: 100 only when nothing is missing.
 */
percent: number, gaps: Array<Gap>, };

export type Align = "left" | "right" | "center";

export type Span = { text: string, bold: boolean, italic: boolean, link: string | null, 
/**
 * An unresolved template placeholder: printed so that it stands out on paper.
 */
missing: boolean, };

export type Table = { header: Array<Array<Span>>, rows: Array<Array<Array<Span>>>, 
/**
 * Relative column widths; measured from the content when absent (or of the wrong length).
 */
widths: Array<number> | null, 
/**
 * Per column; a missing entry means left.
 */
align: Array<Align>, 
/**
 * The last row is a total: bold, with a rule above it.
 */
total_row: boolean, 
/**
 * Background colours (RGB) of body cells, by row then column, for a heatmap; a cell without
 * one (or beyond the list) has none.
 */
fills: Array<Array<[number, number, number] | null>>, };

export type Block = { "type": "heading", level: number, spans: Array<Span>, } | { "type": "paragraph", spans: Array<Span>, } | { "type": "list", ordered: boolean, start: number, items: Array<Array<Block>>, } | { "type": "table" } & Table | { "type": "note", spans: Array<Span>, } | { "type": "page_break" } | { "type": "rule" } | { "type": "bar_chart" } & BarChart;

export type DossierStatus = "preparation" | "envoye" | "accorde" | "refuse" | "sans_suite";

export type DossierOutcome = { status: DossierStatus, 
/**
 * The partner it is addressed to.
 */
funder_partner_id: number | null, sent_on: string | null, decided_on: string | null, granted_cents: number | null, conditions: string, refusal_reason: string, 
/**
 * When the financial report is owed.
 */
report_due_on: string | null, report_sent_on: string | null, };

export type StatusChange = { to: DossierStatus, 
/**
 * The day it was sent, or decided.
 */
date: string | null, granted_cents: number | null, conditions: string, reason: string, };

export type Payment = { id: number, received_on: string, amount_cents: number, note: string, };

export type ReportReminder = "due_soon" | "overdue";

export type Totals = { year: number, funder: string, dossiers: number, 
/**
 * Asked in the dossiers sent (those still in preparation are not asked yet).
 */
asked_cents: number, granted_cents: number, received_cents: number, };

export type PartnerOption = { id: number, name: string, };

export type DossierLifeView = { id: number, asked_cents: number, outcome: DossierOutcome, payments: Array<Payment>, received_cents: number, moves: Array<DossierStatus>, reminder: ReportReminder | null, partners: Array<PartnerOption>, };

export type PartnerKind = "financeur" | "institution" | "collectivite" | "association" | "reseau";

export type PartnerDraft = { name: string, kind: PartnerKind, address: string, website: string, 
/**
 * « inclusion numérique », « parentalité »…, in the order given.
 */
themes: Array<string>, 
/**
 * « Relancer tous les N mois »; `None`: no rhythm set.
 */
follow_up_months: number | null, notes: string, };

export type Partner = { id: number, 
/**
 * Moves with each change: a form saves with the version it was opened on.
 */
version: number, name: string, kind: PartnerKind, address: string, website: string, 
/**
 * « inclusion numérique », « parentalité »…, in the order given.
 */
themes: Array<string>, 
/**
 * « Relancer tous les N mois »; `None`: no rhythm set.
 */
follow_up_months: number | null, notes: string, };

export type PartnerRow = { partner: Partner, 
/**
 * The last meeting with it, if any.
 */
last_contact: string | null, 
/**
 * When to get back to it (« relancer tous les N mois »), if a rhythm is set.
 */
contact_due: string | null, 
/**
 * The due date has come.
 */
to_contact: boolean, 
/**
 * Dossiers addressed to it.
 */
dossiers: number, };

export type PartnerDetail = { row: PartnerRow, 
/**
 * By last name; the same records and RGPD duties as the directory's people.
 */
contacts: Array<Person>, dossiers: Array<DossierRow>, };

export type DossierRow = { id: number, title: string, 
/**
 * `null` when the federation applies for itself.
 */
structure_id: number | null, applicant: string, 
/**
 * The template's identifier ("ailds").
 */
template: string, template_title: string, year: number, funder: Funder, 
/**
 * 0 to 100.
 */
completeness: number, updated_at: string, 
/**
 * What the budget asks of its funder (account 74), in cents.
 */
asked_cents: number, 
/**
 * What happened once it was sent.
 */
outcome: DossierOutcome, 
/**
 * The partner it is addressed to, by name.
 */
funder_name: string | null, received_cents: number, reminder: ReportReminder | null, };

export type FollowUp = { 
/**
 * Set once stored.
 */
id: number | null, what: string, who: string, due_on: string | null, done_on: string | null, };

export type MeetingDraft = { title: string, held_on: string | null, 
/**
 * `HH:MM`, if known.
 */
starts_at: string | null, duration_minutes: number | null, place: string, 
/**
 * Held by video call (« visio »).
 */
online: boolean, 
/**
 * The federation's side, one name per entry.
 */
ours: Array<string>, 
/**
 * The other side.
 */
theirs: Array<string>, structure_ids: Array<number>, partner_ids: Array<number>, notes: string, decisions: string, follow_ups: Array<FollowUp>, };

export type Meeting = { id: number, version: number, title: string, held_on: string | null, 
/**
 * `HH:MM`, if known.
 */
starts_at: string | null, duration_minutes: number | null, place: string, 
/**
 * Held by video call (« visio »).
 */
online: boolean, 
/**
 * The federation's side, one name per entry.
 */
ours: Array<string>, 
/**
 * The other side.
 */
theirs: Array<string>, structure_ids: Array<number>, partner_ids: Array<number>, notes: string, decisions: string, follow_ups: Array<FollowUp>, };

export type MeetingRow = { meeting: Meeting, structures: Array<string>, partners: Array<string>, 
/**
 * « 14 h 30, 1 h 30, visio ».
 */
when_and_where: string, open_follow_ups: number, overdue_follow_ups: number, };

export type OverdueFollowUp = { follow_up: FollowUp, meeting_id: number, meeting_title: string, held_on: string | null, };

export type Agenda = { 
/**
 * Meetings from today on, the soonest first.
 */
upcoming: Array<MeetingRow>, 
/**
 * Follow-ups past their date, the oldest first.
 */
overdue: Array<OverdueFollowUp>, 
/**
 * Partners whose « relancer tous les N mois » has come.
 */
to_contact: Array<PartnerRow>, 
/**
 * Dossiers whose financial report is due within a month, or late.
 */
reports: Array<DossierRow>, };

export type PreviewSection = { key: string, title: string, blocks: Array<Block>, };

export type DossierView = { dossier: Dossier, applicant: string, template_title: string, summary: BudgetSummary, completeness: Completeness, preview: Array<PreviewSection>, 
/**
 * The survey form whose figures `{{ enquete.* }}` quote (chosen, or the first form); `null`
 * before any survey is imported.
 */
survey_form_id: number | null, 
/**
 * The value each field has in this dossier, as typed (fields without a value are absent):
 * the editor shows it when the pointer rests on a field.
 */
field_values: { [key in string]: string }, };

export type DossierSaved = { view: DossierView, conflicts: Array<SectionConflict>, budget_conflict: boolean, };

export type Channel = "facebook" | "linkedin" | "site" | "lettre";

export type PublicationStatus = "idee" | "redaction" | "a_valider" | "validee" | "refusee" | "programmee" | "publiee";

export type PublicationDraft = { title: string, text: string, channels: Array<Channel>, 
/**
 * The structures of the directory it concerns.
 */
structure_ids: number[], 
/**
 * The partners it concerns, by name (until partners have their own records).
 */
partners: Array<string>, 
/**
 * When it should go out, local time (`AAAA-MM-JJTHH:MM`).
 */
planned_at: string | null, };

export type Publication = { id: number, status: PublicationStatus, 
/**
 * Who created it (on a team base, the account, written by the server).
 */
author: string, 
/**
 * Who validated or refused it.
 */
validator: string, 
/**
 * Why it was refused (kept when it goes back to writing, until it is validated).
 */
refusal_reason: string, 
/**
 * Where it was published.
 */
link: string, 
/**
 * When it was last sent for validation (RFC 3339, UTC), for the « waiting too long » flag.
 */
asked_at: string | null, updated_at: string, 
/**
 * Moves with each change: a form saves with the version it was opened on.
 */
version: number, title: string, text: string, channels: Array<Channel>, 
/**
 * The structures of the directory it concerns.
 */
structure_ids: number[], 
/**
 * The partners it concerns, by name (until partners have their own records).
 */
partners: Array<string>, 
/**
 * When it should go out, local time (`AAAA-MM-JJTHH:MM`).
 */
planned_at: string | null, };

export type PublicationComment = { id: number, author: string, written_at: string, text: string, };

export type PublicationMove = { at: string, author: string, before: PublicationStatus, after: PublicationStatus, 
/**
 * The refusal's reason or the publication's link.
 */
note: string, };

export type PublicationImage = { id: number, 
/**
 * The file's name, as chosen.
 */
name: string, 
/**
 * `image/jpeg` or `image/png`.
 */
media_type: string, width: number, height: number, 
/**
 * Bytes stored.
 */
size: number, };

export type StatusMove = { to: PublicationStatus | null, 
/**
 * Required to refuse.
 */
reason: string, 
/**
 * Required to mark as published.
 */
link: string, 
/**
 * Who validates or refuses, on a single desktop (on a team base, the account connected).
 */
validator: string, };

export type Flag = "waiting_too_long" | "date_passed";

export type PublicationCard = { publication: Publication, flags: Array<Flag>, 
/**
 * Where it may move from its status, in the board's order.
 */
moves: Array<PublicationStatus>, };

export type PublicationBoard = { cards: Array<PublicationCard>, 
/**
 * Days a publication may wait for validation before it is flagged.
 */
waiting_days: number, 
/**
 * On a team base the account connected validates; on a single desktop a name is asked.
 */
team: boolean, 
/**
 * Who is working: the author of what is created here.
 */
who: string, };

export type PublicationDetail = { card: PublicationCard, comments: Array<PublicationComment>, 
/**
 * Newest first.
 */
history: Array<PublicationMove>, 
/**
 * In the order they were added.
 */
images: Array<PublicationImage>, };

export type PublicationRow = { id: number, title: string, status: PublicationStatus, channels: Array<Channel>, 
/**
 * Local time, `AAAA-MM-JJTHH:MM`.
 */
planned_at: string | null, author: string, flags: Array<Flag>, };

export type Source = { id: number, url: string, title: string, 
/**
 * RFC 3339, UTC; `None` before the first fetch.
 */
fetched_at: string | null, 
/**
 * Why the last fetch failed, in French; empty when it worked.
 */
error: string, };

export type Item = { id: number, 
/**
 * `None` for an item added by hand.
 */
source_id: number | null, link: string, title: string, 
/**
 * Plain text.
 */
summary: string, published_at: string | null, found_at: string, read: boolean, share: boolean, 
/**
 * The editorial note for the newsletter.
 */
note: string, tags: Array<string>, };

export type ItemMarks = { read: boolean, share: boolean, note: string, tags: Array<string>, };

export type VeilleView = { sources: Array<Source>, items: Array<Item>, 
/**
 * The suggested tags, then those already used.
 */
tags: Array<string>, };

export type LetterEntry = { title: string, text: string, link: string | null, 
/**
 * « 12 décembre », for the agenda.
 */
date: string | null, 
/**
 * What the entry was made from, `veille:12` or `publication:4`; empty for one written by
 * hand. An origin already in the letter is not offered again as new.
 */
origin: string, };

export type LetterSection = { 
/**
 * One of [`SECTIONS`].
 */
title: string, entries: Array<LetterEntry>, };

export type Letter = { 
/**
 * « Lettre du réseau — décembre 2026 ».
 */
title: string, intro: string, 
/**
 * Every section of [`SECTIONS`], in that order, even empty ones (the editor offers them
 * all; what is drawn leaves the empty ones out).
 */
sections: Array<LetterSection>, };

export type Newsletter = { id: number, 
/**
 * `AAAA-MM`.
 */
month: string, letter: Letter, 
/**
 * The day it was sent (`AAAA-MM-JJ`), once a delegate said so.
 */
sent_on: string | null, 
/**
 * Who started it (on a team base, the account, written by the server).
 */
author: string, updated_at: string, version: number, };

export type NewsletterSummary = { id: number, month: string, title: string, entries: number, sent_on: string | null, };

export type LetterMonth = { 
/**
 * `AAAA-MM`.
 */
month: string, written: Newsletter | null, 
/**
 * The month composed now from the shared items and the publications.
 */
proposal: Letter, 
/**
 * Titles of what the proposal has that the written letter does not (nothing without one).
 */
fresh: Array<string>, 
/**
 * Every written letter, the latest month first.
 */
past: Array<NewsletterSummary>, };

export type FetchReport = { source_id: number, url: string, title: string, new_items: number, 
/**
 * Why it failed, in French; `null` when it worked.
 */
error: string | null, };

export type NewDossier = { template: string, header: DossierHeader, 
/**
 * The survey form the dossier quotes; absent or `null`: the first form imported.
 */
survey_form_id: number | null, };

export type FunderOption = { code: Funder, label: string, };

export type PlaceholderOption = { name: string, description: string, };

export type DossierOptions = { templates: Array<Template>, funders: Array<FunderOption>, accounts: Array<Account>, placeholders: Array<PlaceholderOption>, 
/**
 * The survey forms a dossier can quote (« Enquête citée »), the first imported first: the
 * default. Each quotes its latest wave.
 */
survey_forms: Array<SurveyForm>, };

export type QuestionKind = "single" | "multi" | "number" | "text" | "grid" | "date";

export type LinkState = "none" | "proposed" | "confirmed" | "rejected";

export type WaveInfo = { id: number, name: string, imported_at: string, 
/**
 * Finished submissions.
 */
responses: number, drafts: number, 
/**
 * Finished submissions linked to a structure (confirmed or proposed).
 */
linked: number, };

export type SurveyForm = { id: number, title: string, link_name_key: string | null, link_commune_key: string | null, waves: Array<WaveInfo>, };

export type LinkCandidate = { structure_id: number, name: string, commune: string, 
/**
 * 0 to 1.
 */
score: number, };

export type OptionCount = { label: string, count: number, 
/**
 * Share of the respondents who answered the question (of the grid row, for a grid), 0 to 100.
 */
percent: number, };

export type NumberSummary = { mean: number, 
/**
 * The middle value; the mean of the two middle values for an even count.
 */
median: number, min: number, max: number, };

export type DateSummary = { first: string, last: string, };

export type GridRowStats = { row: string, 
/**
 * Percentages of the respondents who answered this row.
 */
options: Array<OptionCount>, };

export type QuestionStats = { key: string, label: string, kind: QuestionKind, 
/**
 * Submissions with an answer to this question.
 */
answered: number, 
/**
 * Submissions counted that did not answer.
 */
non_responses: number, 
/**
 * Single: the distinct answers given, in the order they first appear among the submissions.
 * Multi: the form's option columns in column order, then « Autre » when the question has an
 * 'other' text (the respondents who typed one), then the labels of compact answers that are
 * not among the columns, in the order they first appear. Date: the months, oldest first.
 */
options: Array<OptionCount>, 
/**
 * Multi: the typed 'other' texts, in submission order (counted by the « Autre » option).
 */
other_answers: Array<string>, 
/**
 * Number: the summary (None when nobody answered).
 */
number: NumberSummary | null, 
/**
 * Text: the non-empty answers, in submission order.
 */
texts: Array<string>, 
/**
 * Grid: one entry per row (the form's rows, then rows only the answers name).
 */
grid: Array<GridRowStats>, 
/**
 * Date: the earliest and latest dates given (None when no answer reads as a date); the
 * counts by month are in `options`, oldest first.
 */
dates: DateSummary | null, };

export type SplitGroup = { label: string, stats: QuestionStats, };

export type ThemeSummary = { theme: string, questions: number, 
/**
 * The mean, over the theme's questions, of the share of respondents who answered it (0 to 100).
 */
answered_rate: number, 
/**
 * The most chosen option of each choice question, named after its question ("Outils de
 * communication utilisés — Facebook : 78 %"), and the mean of each number question ("Nombre de
 * salariés : moyenne 12,5").
 */
highlights: Array<string>, };

export type OptionChange = { label: string, 
/**
 * Percent of the wave's respondents; None when the option did not exist in that wave.
 */
before: number | null, after: number | null, 
/**
 * `after − before`, in percentage points, when both are known.
 */
change: number | null, };

export type QuestionComparison = { key: string, label: string, before_answered: number, after_answered: number, 
/**
 * The later wave's options in its order, then the options only the earlier wave had.
 */
options: Array<OptionChange>, mean_before: number | null, mean_after: number | null, };

export type Bar = { label: string, 
/**
 * The bar's length on the chart's scale (0..=max). For grouped bars: the largest of the group.
 */
value: number, 
/**
 * Printed at the end of the bar ("78 %", "12,5"). For grouped bars: a note about the group (a
 * comparison's change, "+12 pts"), possibly empty; each series' value is printed as a percentage.
 */
display: string, };

export type BarChart = { title: string, 
/**
 * E.g. "32 répondants · plusieurs réponses possibles".
 */
subtitle: string | null, bars: Array<Bar>, 
/**
 * The value of a full-length bar (100 for percentages).
 */
max: number, 
/**
 * Empty for one series; the series' names for grouped bars.
 */
series: Array<string>, 
/**
 * Per bar, one value per series, when `series` is not empty.
 */
grouped: Array<Array<number>>, };

export type SurveyImportPreview = { path: string, file_name: string, form_title: string, 
/**
 * A form of that title is already in the base: its question model will be reused.
 */
known_form: boolean, waves: Array<string>, questions: number, submissions: number, drafts: number, dropped_columns: Array<string>, 
/**
 * A name for the wave: the year of the latest submission.
 */
suggested_wave: string, };

export type SurveyImportResult = { wave: string, form_title: string, imported: number, updated: number, unchanged: number, drafts: number, dropped_columns: Array<string>, new_questions: number, 
/**
 * Responses of the file linked to a structure by the import's matching pass.
 */
proposed_links: number, };

export type SplitBy = { "by": "membership" } | { "by": "kind" } | { "by": "territory" } | { "by": "question", key: string, };

export type QuestionRow = { key: string, label: string, kind: QuestionKind, kind_corrected: boolean, theme: string | null, answered: number, non_responses: number, 
/**
 * "Facebook : 78 %", or the mean of a number question.
 */
summary: string, };

export type ThemeBlock = { theme: string, summary: ThemeSummary, };

export type SurveyView = { forms: Array<SurveyForm>, form_id: number, wave_id: number, include_drafts: boolean, responses: number, themes: Array<string>, questions: Array<QuestionRow>, theme_summaries: Array<ThemeBlock>, theme_chart: BarChart, 
/**
 * Structures in the directory, for the response rate.
 */
directory_size: number, linked: number, 
/**
 * Labels of the form's questions this wave's exports did not contain (asked in other waves
 * only): neither listed nor counted here.
 */
not_asked: Array<string>, };

export type QuestionDetail = { stats: QuestionStats, chart: BarChart | null, 
/**
 * Per group, the figures of the question: every group lists the question's options (a grid's rows
 * and columns) in the question's order.
 */
split: Array<SplitGroup>, split_chart: BarChart | null, 
/**
 * The split as a table, as the PDF prints it: per option the share of each group (per group and
 * row for a grid); per group the respondents, mean, median, minimum and maximum of a number.
 */
split_table: Table | null, comparison: QuestionComparison | null, comparison_chart: BarChart | null, };

export type LinkRow = { submission_id: number, sid: number, draft: boolean, given_name: string, given_commune: string, structure_id: number | null, structure_name: string | null, state: LinkState, candidates: Array<LinkCandidate>, };

export type Step = "gouvernance" | "recenser" | "trier" | "transparence" | "droits" | "securite";

export type Status = "a_faire" | "en_cours" | "conforme" | "non_applicable";

export type ChecklistItem = { 
/**
 * Stable across versions ("gouv-referent").
 */
id: string, step: Step, 
/**
 * Raised when the item is reworded: an assessment answered an older revision.
 */
revision: number, title: string, explanation: string, why: string, how: string, reference: string, 
/**
 * Words that, in a survey question's label, make its answer a hint for this item.
 */
survey_keywords: Array<string>, 
/**
 * Retired items stay in the checklist so old assessments keep their meaning.
 */
retired: boolean, 
/**
 * The checklist version that introduced the item.
 */
since_version: number, };

export type Checklist = { version: number, title: string, items: Array<ChecklistItem>, };

export type Assessment = { structure_id: number, item_id: string, status: Status, note: string, 
/**
 * Why the item does not apply (required for « non applicable »).
 */
reason: string, evidence: string, owner: string, due: string | null, 
/**
 * The item revision this assessment answered.
 */
item_revision: number, 
/**
 * The checklist version in force when it was answered.
 */
checklist_version: number, 
/**
 * RFC 3339, UTC.
 */
updated_at: string, };

export type AssessmentDraft = { status: Status | null, note: string, reason: string, evidence: string, owner: string, due: string | null, };

export type HistoryEntry = { item_id: string, 
/**
 * "statut", "note", "responsable", "échéance", "raison", "preuve", "pièce jointe".
 */
field: string, before: string, after: string, at: string, };

export type StepProgress = { step: Step, label: string, 
/**
 * None when no item of the step applies.
 */
progress: number | null, applicable: number, compliant: number, };

export type CentreProgress = { structure_id: number, progress: number, steps: Array<StepProgress>, overdue: number, assessed: number, };

export type Action = { structure_id: number, item_id: string, step: Step, title: string, status: Status, owner: string, due: string | null, 
/**
 * Past its due date and still not compliant.
 */
overdue: boolean, note: string, };

export type VersionChange = { item_id: string, title: string, 
/**
 * "nouveau", "modifié", "retiré".
 */
change: string, };

export type SurveyHint = { item_id: string, wave: string, question: string, answer: string, };

export type DashboardRow = { structure_id: number, name: string, commune: string, kind: StructureKind | null, member: boolean, metropole: boolean, progress: CentreProgress, };

export type StepInfo = { step: Step, label: string, };

export type OverdueAction = { structure: string, action: Action, };

export type TrendPoint = { day: string, progress: number, };

export type RgpdDashboard = { checklist_version: number, steps: Array<StepInfo>, rows: Array<DashboardRow>, 
/**
 * Mean progress of the centres that have started.
 */
overall: number, started: number, trend: Array<TrendPoint>, overdue: Array<OverdueAction>, };

export type EvidenceInfo = { id: number, item_id: string, file_name: string, size: number, added_at: string, };

export type RgpdCentre = { structure_id: number, name: string, checklist: Checklist, assessments: Array<Assessment>, progress: CentreProgress, plan: Array<Action>, history: Array<HistoryEntry>, changes: Array<VersionChange>, evidence: Array<EvidenceInfo>, hints: Array<SurveyHint>, };
