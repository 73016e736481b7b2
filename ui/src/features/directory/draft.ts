import type {
  Area,
  FieldProblem,
  Person,
  PersonDraft,
  Structure,
  StructureDraft,
  StructureKind,
  Visit,
  VisitDraft,
} from "../../lib/bindings";
import { compareDatesDesc, normalizeDateInput } from "../../lib/dates";
import { fold } from "../../lib/text";

export function emptyDraft(): StructureDraft {
  return {
    name: "",
    kind: null,
    member: false,
    member_since: null,
    caf_approval_start: null,
    caf_approval_end: null,
    address: "",
    postal_code: "",
    commune: "",
    insee: null,
    area: null,
    qpv: false,
    siret: null,
    rna: null,
    phone: "",
    email: "",
    website: "",
    social_networks: "",
    employees: null,
    volunteers: null,
    notes: "",
    tags: [],
  };
}

/** The editable part of a stored structure. */
export function draftOf(s: Structure): StructureDraft {
  const draft = emptyDraft();
  for (const key of Object.keys(draft) as (keyof StructureDraft)[]) {
    (draft as Record<string, unknown>)[key] = s[key];
  }
  draft.tags = [...s.tags];
  return draft;
}

/** What the form inputs hold: text for numbers, dates and tags so nothing typed is ever lost. */
export interface StructureForm {
  name: string;
  kind: StructureKind | null;
  member: boolean;
  member_since: string;
  caf_approval_start: string;
  caf_approval_end: string;
  address: string;
  postal_code: string;
  commune: string;
  insee: string;
  area: Area | null;
  qpv: boolean;
  siret: string;
  rna: string;
  phone: string;
  email: string;
  website: string;
  social_networks: string;
  employees: string;
  volunteers: string;
  notes: string;
  tags: string;
}

const numberText = (n: number | null) => (n === null ? "" : String(n));

export function formFromDraft(d: StructureDraft): StructureForm {
  return {
    name: d.name,
    kind: d.kind,
    member: d.member,
    member_since: numberText(d.member_since),
    caf_approval_start: d.caf_approval_start ?? "",
    caf_approval_end: d.caf_approval_end ?? "",
    address: d.address,
    postal_code: d.postal_code,
    commune: d.commune,
    insee: d.insee ?? "",
    area: d.area,
    qpv: d.qpv,
    siret: d.siret ?? "",
    rna: d.rna ?? "",
    phone: d.phone,
    email: d.email,
    website: d.website,
    social_networks: d.social_networks,
    employees: numberText(d.employees),
    volunteers: numberText(d.volunteers),
    notes: d.notes,
    tags: d.tags.join(", "),
  };
}

/** "Jeunesse, numérique ; Jeunesse" → ["Jeunesse", "numérique"]: trimmed, without blanks or duplicates. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const tag = raw.trim().replace(/\s+/g, " ");
    const key = fold(tag);
    if (tag && !seen.has(key)) {
      seen.add(key);
      tags.push(tag);
    }
  }
  return tags;
}

const optional = (text: string): string | null => (text.trim() === "" ? null : text.trim());
const optionalDate = (text: string): string | null => normalizeDateInput(text) || null;

/** A whole number ≥ 0 from an input, null when blank, undefined when it is not one. */
export function parseCount(text: string | number | null | undefined): number | null | undefined {
  if (text === null || text === undefined) return null;
  const t = String(text).trim().replace(/\s/g, "");
  if (t === "") return null;
  if (!/^\d+$/.test(t)) return undefined;
  return Number(t);
}

/** What only the form can check: values typed that are not yet a year, a date or a number. The
 * rules of a structure (name, type, SIRET, phone, website…) are the back end's `check_structure`,
 * the same that saving applies. */
export function formProblems(f: StructureForm): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, label: string, message: string) => problems.push({ field, label, message });
  if (f.member && parseCount(f.member_since) === undefined) {
    add("member_since", "Adhérente depuis", "indiquez une année sur quatre chiffres (ex. 2015).");
  }
  for (const [key, label] of [
    ["caf_approval_start", "Début d'agrément CAF"],
    ["caf_approval_end", "Fin d'agrément CAF"],
  ] as const) {
    if (normalizeDateInput(f[key]) === null) add(key, label, "la date est incomplète ou invalide (jj/mm/aaaa).");
  }
  if (parseCount(f.employees) === undefined) add("employees", "Salariés", "indiquez un nombre entier.");
  if (parseCount(f.volunteers) === undefined) add("volunteers", "Bénévoles", "indiquez un nombre entier.");
  return problems;
}

/** The form's problems then the back end's, one per field (the form's first: it knows why). */
export function mergeProblems(form: FieldProblem[], backEnd: FieldProblem[]): FieldProblem[] {
  const seen = new Set(form.map((p) => p.field));
  return [...form, ...backEnd.filter((p) => !seen.has(p.field))];
}

/** The draft to send (values the form cannot read are sent as blank). */
export function draftFromForm(f: StructureForm): StructureDraft {
  return {
    name: f.name.trim(),
    kind: f.kind,
    member: f.member,
    member_since: f.member ? (parseCount(f.member_since) ?? null) : null,
    caf_approval_start: optionalDate(f.caf_approval_start),
    caf_approval_end: optionalDate(f.caf_approval_end),
    address: f.address.trim(),
    postal_code: f.postal_code.trim(),
    commune: f.commune.trim(),
    insee: optional(f.insee),
    area: f.area,
    qpv: f.qpv,
    siret: optional(f.siret),
    rna: optional(f.rna),
    phone: f.phone.trim(),
    email: f.email.trim(),
    website: f.website.trim(),
    social_networks: f.social_networks.trim(),
    employees: parseCount(f.employees) ?? null,
    volunteers: parseCount(f.volunteers) ?? null,
    notes: f.notes,
    tags: parseTags(f.tags),
  };
}

/** True when the two forms would not save the same thing (number inputs may hold numbers or text). */
export function formsDiffer<T extends object>(a: T, b: T): boolean {
  const norm = (f: T) =>
    JSON.stringify(Object.entries(f).map(([k, v]) => [k, typeof v === "number" ? String(v) : v ?? null]));
  return norm(a) !== norm(b);
}

// People and visits.

export function emptyPersonDraft(today: string): PersonDraft {
  return {
    first_name: "",
    last_name: "",
    role: "",
    email: "",
    phone: "",
    collected_from: "",
    collected_on: today,
    reviewed_on: null,
  };
}

export function personDraftOf(p: Person): PersonDraft {
  return {
    first_name: p.first_name,
    last_name: p.last_name,
    role: p.role,
    email: p.email,
    phone: p.phone,
    collected_from: p.collected_from,
    collected_on: p.collected_on,
    reviewed_on: p.reviewed_on,
  };
}

export function fullName(p: { first_name: string; last_name: string }): string {
  return `${p.first_name.trim()} ${p.last_name.trim()}`.trim() || "Personne sans nom";
}

/** Dates from <input type="date"> arrive as "" when blank; the back end wants null. */
export function cleanPersonDraft(d: PersonDraft): PersonDraft {
  return {
    first_name: d.first_name.trim(),
    last_name: d.last_name.trim(),
    role: d.role.trim(),
    email: d.email.trim(),
    phone: d.phone.trim(),
    collected_from: d.collected_from.trim(),
    collected_on: normalizeDateInput(d.collected_on ?? "") || null,
    reviewed_on: normalizeDateInput(d.reviewed_on ?? "") || null,
  };
}

export function emptyVisitDraft(today: string): VisitDraft {
  return { date: today, delegate: "", met: "", notes: "" };
}

export function visitDraftOf(v: Visit): VisitDraft {
  return { date: v.date, delegate: v.delegate, met: v.met, notes: v.notes };
}

export function cleanVisitDraft(d: VisitDraft): VisitDraft {
  return { date: normalizeDateInput(d.date ?? "") || null, delegate: d.delegate.trim(), met: d.met.trim(), notes: d.notes.trim() };
}

/** Newest visit first, undated ones last, most recently added first among equals. */
export function sortVisits(visits: Visit[]): Visit[] {
  return [...visits].sort((a, b) => compareDatesDesc(a.date, b.date) || b.id - a.id);
}

export const SUGGESTED_ROLES = [
  "Direction",
  "Présidence",
  "Référent·e numérique",
  "Référent·e RGPD",
  "Accueil",
  "Coordination",
  "Animation",
  "Trésorerie",
] as const;
