// Extracts the communes of Gironde (département 33) and their intercommunality from Etalab's
// open data (npm package @etalab/decoupage-administratif, MIT licence) into communes-gironde.json.
// Run from ui/ after `npm ci`: node ../src-tauri/crates/core/data/extract-communes.mjs
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(join(process.cwd(), "package.json"));
const communes = require("@etalab/decoupage-administratif/data/communes.json");
const epcis = require("@etalab/decoupage-administratif/data/epci.json");
const version = require("@etalab/decoupage-administratif/package.json").version;

const epciOf = new Map();
for (const epci of epcis) {
  for (const member of epci.membres) epciOf.set(member.code, epci);
}

const gironde = communes.filter((c) => c.departement === "33");
const byCode = new Map(gironde.filter((c) => c.type === "commune-actuelle").map((c) => [c.code, c]));
const rows = gironde.map((c) => {
  // A commune déléguée belongs to the intercommunality of its commune nouvelle (chefLieu).
  const parent = c.type === "commune-actuelle" ? c : byCode.get(c.chefLieu) ?? c;
  const epci = epciOf.get(parent.code);
  return {
    insee: c.code,
    name: c.nom,
    postal_codes: c.codesPostaux ?? parent.codesPostaux ?? [],
    population: c.population ?? null,
    delegated_to: c.type === "commune-actuelle" ? null : parent.code,
    epci_code: epci?.code ?? null,
    epci_name: epci?.nom ?? null,
    metropole: epci?.type === "METRO",
  };
});
rows.sort((a, b) => a.insee.localeCompare(b.insee) || a.name.localeCompare(b.name));
const out = join(dirname(fileURLToPath(import.meta.url)), "communes-gironde.json");
writeFileSync(out, JSON.stringify({ source: `@etalab/decoupage-administratif ${version}`, communes: rows }, null, 0) + "\n");
console.log(`${rows.length} communes de Gironde écrites dans ${out}`);
