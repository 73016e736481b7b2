import type {
  Commune,
  DirectoryPage,
  ImportPlan,
  ImportResult,
  StructureKind,
  Area,
} from "./bindings";
import { plural } from "./text";

export function kindLabel(kind: StructureKind | null): string {
  if (kind === "centre_social") return "Centre social";
  if (kind === "evs") return "Espace de vie sociale";
  return "Type non précisé";
}

export function kindShort(kind: StructureKind | null): string {
  if (kind === "centre_social") return "CS";
  if (kind === "evs") return "EVS";
  return "?";
}

export function areaLabel(area: Area | null): string {
  if (area === "urbain") return "Urbain";
  if (area === "rural") return "Rural";
  return "";
}

/** "3 structures affichées sur 49" when the list is filtered, null otherwise. */
export function shownLine(page: DirectoryPage, filtered: boolean): string | null {
  if (!filtered) return null;
  const n = page.counts.total;
  return `${n} ${n > 1 ? "structures affichées" : "structure affichée"} sur ${page.all_counts.total}`;
}

/** "2 à créer, 1 à mettre à jour, 0 refusée". */
export function importPlanSummary(plan: ImportPlan): string {
  return `${plan.created} à créer, ${plan.updated} à mettre à jour, ${plural(plan.refused, "refusée")}`;
}

/** "12 structures créées, 3 mises à jour". */
export function importResultMessage(r: ImportResult): string {
  return `${plural(r.created, "structure créée", "structures créées")}, ${plural(r.updated, "mise à jour", "mises à jour")}`;
}

export function erasuresLabel(n: number): string {
  return n === 0 ? "Aucun effacement tracé" : plural(n, "effacement tracé", "effacements tracés");
}

/** "123 456 789 00012": a SIRET grouped as it is printed. */
export function formatSiret(siret: string | null): string {
  if (!siret) return "";
  const d = siret.replace(/\s/g, "");
  return /^\d{14}$/.test(d) ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 9)} ${d.slice(9)}` : siret;
}

export interface CommuneOption {
  /** "Mérignac (33700)" */
  label: string;
  name: string;
  postal_code: string;
  insee: string;
  territory: string;
}

/** One option per postal code of each commune, as the commune field offers them. */
export function communeOptions(communes: Commune[], limit = 10): CommuneOption[] {
  const options: CommuneOption[] = [];
  for (const c of communes) {
    const codes = c.postal_codes.length ? c.postal_codes : [""];
    const territory = c.metropole ? "Bordeaux Métropole" : (c.epci_name ?? "");
    for (const code of codes) {
      options.push({
        label: code ? `${c.name} (${code})` : c.name,
        name: c.name,
        postal_code: code,
        insee: c.insee,
        territory,
      });
      if (options.length >= limit) return options;
    }
  }
  return options;
}
