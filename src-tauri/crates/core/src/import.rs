//! Planning an import of structures from a spreadsheet: column mapping, per-row parsing and checks,
//! duplicate detection, and the list of what will be created, updated or refused and why.
//!
//! Reading the file (encodings, CSV, XLSX) is the store's job; this module starts from a [`Table`].

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::communes::CommuneIndex;
use crate::error::{CoreError, Result};
pub use crate::french::parse_date;
use crate::french::DIGIT_SPACES;
use crate::model::{Area, Structure, StructureDraft, StructureId, StructureKind};
use crate::text::{fold, non_empty};
use crate::validate::clean_structure;

/// A spreadsheet's cells as text, with the line each row came from in the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

pub use crate::table_row::{RowBuilder, TableRow};

/// The fields a column can feed. The French label is also the column name used by exports, so an
/// exported file imports back without any mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Kind,
    Member,
    MemberSince,
    CafApprovalStart,
    CafApprovalEnd,
    Address,
    PostalCode,
    Commune,
    Insee,
    Area,
    Qpv,
    Siret,
    Rna,
    Phone,
    Email,
    Website,
    SocialNetworks,
    Employees,
    Volunteers,
    Notes,
    Tags,
}

impl Field {
    pub const ALL: [Field; 22] = [
        Field::Name,
        Field::Kind,
        Field::Member,
        Field::MemberSince,
        Field::CafApprovalStart,
        Field::CafApprovalEnd,
        Field::Address,
        Field::PostalCode,
        Field::Commune,
        Field::Insee,
        Field::Area,
        Field::Qpv,
        Field::Siret,
        Field::Rna,
        Field::Phone,
        Field::Email,
        Field::Website,
        Field::SocialNetworks,
        Field::Employees,
        Field::Volunteers,
        Field::Notes,
        Field::Tags,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Nom",
            Field::Kind => "Type",
            Field::Member => "Adhérente",
            Field::MemberSince => "Adhérente depuis",
            Field::CafApprovalStart => "Agrément CAF début",
            Field::CafApprovalEnd => "Agrément CAF fin",
            Field::Address => "Adresse",
            Field::PostalCode => "Code postal",
            Field::Commune => "Commune",
            Field::Insee => "Code INSEE",
            Field::Area => "Urbain ou rural",
            Field::Qpv => "QPV",
            Field::Siret => "SIRET",
            Field::Rna => "RNA",
            Field::Phone => "Téléphone",
            Field::Email => "E-mail",
            Field::Website => "Site web",
            Field::SocialNetworks => "Réseaux sociaux",
            Field::Employees => "Salariés",
            Field::Volunteers => "Bénévoles",
            Field::Notes => "Notes",
            Field::Tags => "Étiquettes",
        }
    }

    /// Other headers seen in the federation's spreadsheets, folded.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Name => &["nom", "nom de la structure", "structure", "raison sociale", "denomination"],
            Field::Kind => &["type", "type de structure", "nature", "categorie"],
            Field::Member => &["adherente", "adherent", "adhesion", "membre", "adherente federation"],
            Field::MemberSince => &["adherente depuis", "annee d adhesion", "adherent depuis", "depuis"],
            Field::CafApprovalStart => &["agrement caf debut", "debut agrement", "date debut agrement"],
            Field::CafApprovalEnd => &["agrement caf fin", "fin agrement", "date fin agrement", "echeance agrement"],
            Field::Address => &["adresse", "adresse postale", "rue"],
            Field::PostalCode => &["code postal", "cp"],
            Field::Commune => &["commune", "ville", "localite"],
            Field::Insee => &["code insee", "insee"],
            Field::Area => &["urbain ou rural", "milieu", "zone"],
            Field::Qpv => &["qpv", "quartier prioritaire"],
            Field::Siret => &["siret", "n siret", "numero siret"],
            Field::Rna => &["rna", "n rna", "numero rna"],
            Field::Phone => &["telephone", "tel"],
            Field::Email => &["e mail", "email", "courriel", "mail"],
            Field::Website => &["site web", "site internet", "site"],
            Field::SocialNetworks => &["reseaux sociaux", "facebook"],
            Field::Employees => &["salaries", "nombre de salaries", "etp"],
            Field::Volunteers => &["benevoles", "nombre de benevoles"],
            Field::Notes => &["notes", "remarques", "commentaires", "commentaire"],
            Field::Tags => &["etiquettes", "tags", "mots cles"],
        }
    }
}

/// For each column of the file, the field it feeds (None: ignored).
pub type ColumnMapping = Vec<Option<Field>>;

/// Maps headers to fields by name, ignoring accents, case and punctuation; each field once.
pub fn guess_mapping(headers: &[String]) -> ColumnMapping {
    let mut used = Vec::new();
    headers
        .iter()
        .map(|h| {
            let folded = fold(h);
            let field = Field::ALL
                .into_iter()
                .find(|f| !used.contains(f) && (fold(f.label()) == folded || f.aliases().contains(&folded.as_str())));
            if let Some(f) = field {
                used.push(f);
            }
            field
        })
        .collect()
}

/// Spreadsheet-style column letter: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ImportAction {
    Create,
    Update { id: StructureId, existing_name: String },
    Refuse { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportItem {
    pub line: usize,
    pub name: String,
    pub commune: String,
    #[serde(flatten)]
    pub action: ImportAction,
    /// The structure as it will be stored (for a refused row, as far as it could be read).
    #[serde(skip)]
    pub draft: Option<StructureDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPlan {
    pub items: Vec<ImportItem>,
    pub created: u32,
    pub updated: u32,
    pub refused: u32,
}

impl ImportPlan {
    /// The first refusals, as one French sentence for a message box or stderr.
    pub fn refusal_summary(&self, max: usize) -> Option<String> {
        if self.refused == 0 {
            return None;
        }
        let details: Vec<String> = self
            .items
            .iter()
            .filter_map(|i| match &i.action {
                ImportAction::Refuse { reason } => Some(format!("ligne {} : {}", i.line, reason)),
                _ => None,
            })
            .take(max)
            .collect();
        let more = self.refused as usize - details.len();
        let lines = if self.refused > 1 { "lignes refusées" } else { "ligne refusée" };
        Some(format!(
            "{} {lines} — {}{}. Corrigez le fichier puis relancez l'import : rien n'a été enregistré.",
            self.refused,
            details.join(" ; "),
            if more > 0 { format!(" ; et {more} autre(s)") } else { String::new() }
        ))
    }
}

/// Reads every row of `table` through `mapping` and decides, against the `existing` structures,
/// what each row would do. Nothing is refused silently: each refusal says line, column and why.
pub fn plan_import(
    table: &Table,
    mapping: &ColumnMapping,
    existing: &[Structure],
    communes: &CommuneIndex,
) -> Result<ImportPlan> {
    if !mapping.contains(&Some(Field::Name)) {
        return Err(CoreError::MissingColumn { column: Field::Name.label().to_string() });
    }
    let by_siret: HashMap<&str, &Structure> =
        existing.iter().filter_map(|s| s.draft.siret.as_deref().map(|k| (k, s))).collect();
    let by_name_commune: HashMap<(String, String), &Structure> =
        existing.iter().map(|s| ((fold(&s.draft.name), fold(&s.draft.commune)), s)).collect();
    let mut seen_in_file: HashMap<String, usize> = HashMap::new();
    let mut plan = ImportPlan::default();

    for row in &table.rows {
        if row.is_blank() {
            continue;
        }
        let name = cell(row, mapping, Field::Name).unwrap_or_default();
        let commune_text = cell(row, mapping, Field::Commune).unwrap_or_default();
        let mut item = ImportItem {
            line: row.line,
            name: name.clone(),
            commune: commune_text.clone(),
            action: ImportAction::Create,
            draft: None,
        };
        let result = read_row(row, mapping, &table.headers, communes).and_then(|draft| {
            let siret_match = draft.siret.as_deref().and_then(|k| by_siret.get(k).copied());
            let found =
                siret_match.or_else(|| by_name_commune.get(&(fold(&draft.name), fold(&draft.commune))).copied());
            let merged = match found {
                Some(s) => merge(&s.draft, draft, mapping),
                None => draft,
            };
            let clean = clean_structure(merged).map_err(|e| e.to_string())?;
            Ok((clean, found))
        });
        match result {
            Ok((draft, found)) => {
                let key =
                    draft.siret.clone().unwrap_or_else(|| format!("{}|{}", fold(&draft.name), fold(&draft.commune)));
                if let Some(first) = seen_in_file.get(&key) {
                    item.action = ImportAction::Refuse {
                        reason: format!("doublon de la ligne {first} (même SIRET, ou même nom et même commune)"),
                    };
                } else {
                    seen_in_file.insert(key, row.line);
                    item.action = match found {
                        Some(s) => ImportAction::Update { id: s.id, existing_name: s.draft.name.clone() },
                        None => ImportAction::Create,
                    };
                }
                item.name = draft.name.clone();
                item.commune = draft.commune.clone();
                item.draft = Some(draft);
            }
            Err(reason) => item.action = ImportAction::Refuse { reason },
        }
        match item.action {
            ImportAction::Create => plan.created += 1,
            ImportAction::Update { .. } => plan.updated += 1,
            ImportAction::Refuse { .. } => plan.refused += 1,
        }
        plan.items.push(item);
    }
    Ok(plan)
}

fn cell(row: &TableRow, mapping: &ColumnMapping, field: Field) -> Option<String> {
    let index = mapping.iter().position(|f| *f == Some(field))?;
    row.get(index).and_then(non_empty)
}

/// Imported values replace existing ones only for mapped columns with a value: a partial
/// spreadsheet never blanks what the directory already knows.
fn merge(existing: &StructureDraft, imported: StructureDraft, mapping: &ColumnMapping) -> StructureDraft {
    let mapped = |f: Field| mapping.contains(&Some(f));
    let mut out = existing.clone();
    macro_rules! take_text {
        ($field:ident, $f:expr) => {
            if mapped($f) && !imported.$field.is_empty() {
                out.$field = imported.$field.clone();
            }
        };
    }
    macro_rules! take_option {
        ($field:ident, $f:expr) => {
            if mapped($f) && imported.$field.is_some() {
                out.$field = imported.$field.clone();
            }
        };
    }
    take_text!(name, Field::Name);
    take_option!(kind, Field::Kind);
    if mapped(Field::Member) {
        out.member = imported.member;
    }
    take_option!(member_since, Field::MemberSince);
    take_option!(caf_approval_start, Field::CafApprovalStart);
    take_option!(caf_approval_end, Field::CafApprovalEnd);
    take_text!(address, Field::Address);
    take_text!(postal_code, Field::PostalCode);
    if (mapped(Field::Commune) || mapped(Field::Insee)) && imported.insee.is_some() {
        out.commune = imported.commune.clone();
        out.insee = imported.insee.clone();
    }
    take_option!(area, Field::Area);
    if mapped(Field::Qpv) {
        out.qpv = imported.qpv;
    }
    take_option!(siret, Field::Siret);
    take_option!(rna, Field::Rna);
    take_text!(phone, Field::Phone);
    take_text!(email, Field::Email);
    take_text!(website, Field::Website);
    take_text!(social_networks, Field::SocialNetworks);
    take_option!(employees, Field::Employees);
    take_option!(volunteers, Field::Volunteers);
    take_text!(notes, Field::Notes);
    if mapped(Field::Tags) && !imported.tags.is_empty() {
        for t in imported.tags {
            if !out.tags.iter().any(|x| fold(x) == fold(&t)) {
                out.tags.push(t);
            }
        }
    }
    out
}

fn read_row(
    row: &TableRow,
    mapping: &ColumnMapping,
    headers: &[String],
    communes: &CommuneIndex,
) -> std::result::Result<StructureDraft, String> {
    let mut d = StructureDraft::default();
    for (index, field) in mapping.iter().enumerate() {
        let Some(field) = field else { continue };
        let raw = row.get(index).map(|c| c.trim()).unwrap_or("");
        if raw.is_empty() {
            continue;
        }
        let place = || {
            let header = headers.get(index).map(|h| h.trim()).filter(|h| !h.is_empty()).unwrap_or("sans titre");
            format!("colonne {} « {} »", column_letter(index), header)
        };
        let bad = |expected: &str| format!("{} : « {raw} » {expected}", place());
        match field {
            Field::Name => d.name = raw.to_string(),
            Field::Kind => {
                d.kind = Some(parse_kind(raw).ok_or_else(|| bad("n'est pas un type connu (Centre social ou EVS)"))?)
            }
            Field::Member => d.member = parse_bool(raw).ok_or_else(|| bad("devrait valoir oui ou non"))?,
            Field::MemberSince => {
                d.member_since = Some(raw.parse().map_err(|_| bad("n'est pas une année (ex. 2015)"))?);
                if !(1900..=2100).contains(&d.member_since.unwrap_or(0)) {
                    return Err(bad("n'est pas une année plausible"));
                }
            }
            Field::CafApprovalStart => {
                d.caf_approval_start = Some(parse_date(raw).ok_or_else(|| bad("n'est pas une date (JJ/MM/AAAA)"))?)
            }
            Field::CafApprovalEnd => {
                d.caf_approval_end = Some(parse_date(raw).ok_or_else(|| bad("n'est pas une date (JJ/MM/AAAA)"))?)
            }
            Field::Address => d.address = raw.to_string(),
            Field::PostalCode => d.postal_code = raw.to_string(),
            Field::Commune => d.commune = raw.to_string(),
            Field::Insee => d.insee = Some(raw.to_string()),
            Field::Area => d.area = Some(parse_area(raw).ok_or_else(|| bad("devrait valoir urbain ou rural"))?),
            Field::Qpv => d.qpv = parse_bool(raw).ok_or_else(|| bad("devrait valoir oui ou non"))?,
            Field::Siret => {
                d.siret = Some(
                    crate::validate::normalise_siret(raw).map_err(|e| format!("{} : {}", place(), message_of(e)))?,
                )
            }
            Field::Rna => {
                d.rna =
                    Some(crate::validate::normalise_rna(raw).map_err(|e| format!("{} : {}", place(), message_of(e)))?)
            }
            Field::Phone => d.phone = raw.to_string(),
            Field::Email => {
                crate::validate::check_email(raw, "E-mail").map_err(|e| format!("{} : {}", place(), message_of(e)))?;
                d.email = raw.to_string();
            }
            Field::Website => d.website = raw.to_string(),
            Field::SocialNetworks => d.social_networks = raw.to_string(),
            Field::Employees => d.employees = Some(parse_count(raw).ok_or_else(|| bad("n'est pas un nombre entier"))?),
            Field::Volunteers => {
                d.volunteers = Some(parse_count(raw).ok_or_else(|| bad("n'est pas un nombre entier"))?)
            }
            Field::Notes => d.notes = raw.to_string(),
            Field::Tags => d.tags = raw.split([',', ';']).filter_map(non_empty).collect(),
        }
    }
    if d.name.is_empty() {
        let index = mapping.iter().position(|f| *f == Some(Field::Name)).unwrap_or(0);
        return Err(format!("colonne {} « Nom » : le nom de la structure est vide", column_letter(index)));
    }
    resolve_commune(&mut d, communes)?;
    Ok(d)
}

fn message_of(e: CoreError) -> String {
    match e {
        CoreError::InvalidField { message, .. } => message,
        other => other.to_string(),
    }
}

/// Fills the INSEE code and the official spelling from the commune's name or INSEE code.
pub fn resolve_commune(d: &mut StructureDraft, communes: &CommuneIndex) -> std::result::Result<(), String> {
    let found = match d.insee.as_deref() {
        Some(code) => Some(communes.by_insee(code).ok_or_else(|| format!("code INSEE « {code} » inconnu en Gironde"))?),
        None if !d.commune.trim().is_empty() => Some(communes.resolve(&d.commune, &d.postal_code).ok_or_else(|| {
            format!("commune « {} » introuvable dans la liste officielle des communes de Gironde : vérifiez l'orthographe", d.commune.trim())
        })?),
        None => None,
    };
    if let Some(c) = found {
        d.commune = c.name.clone();
        d.insee = Some(c.insee.clone());
        if d.postal_code.is_empty() && c.postal_codes.len() == 1 {
            d.postal_code = c.postal_codes[0].clone();
        }
        if d.area.is_none() && c.metropole {
            d.area = Some(Area::Urbain);
        }
    }
    Ok(())
}

pub fn parse_kind(raw: &str) -> Option<StructureKind> {
    match fold(raw).as_str() {
        "centre social" | "cs" | "centre_social" | "centres sociaux" => Some(StructureKind::CentreSocial),
        "evs" | "espace de vie sociale" | "espace vie sociale" => Some(StructureKind::Evs),
        _ => None,
    }
}

pub fn parse_area(raw: &str) -> Option<Area> {
    match fold(raw).as_str() {
        "urbain" | "urbaine" | "u" => Some(Area::Urbain),
        "rural" | "rurale" | "r" => Some(Area::Rural),
        _ => None,
    }
}

pub fn parse_bool(raw: &str) -> Option<bool> {
    match fold(raw).as_str() {
        "oui" | "o" | "x" | "1" | "vrai" | "true" | "yes" | "adherente" => Some(true),
        "non" | "n" | "0" | "faux" | "false" | "no" | "non adherente" => Some(false),
        _ => None,
    }
}

fn parse_count(raw: &str) -> Option<u32> {
    let t = raw.replace(DIGIT_SPACES, "");
    t.parse::<u32>().ok().or_else(|| t.strip_suffix(".0").or(t.strip_suffix(",0")).and_then(|x| x.parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::communes::gironde;
    use crate::model::Territory;
    use chrono::NaiveDate;

    fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows: rows.iter().enumerate().map(|(i, r)| TableRow::new(i + 2, r.iter())).collect(),
        }
    }

    fn existing() -> Vec<Structure> {
        vec![Structure {
            id: 7,
            draft: StructureDraft {
                name: "Centre social de Beaudésert".into(),
                kind: Some(StructureKind::CentreSocial),
                commune: "Mérignac".into(),
                insee: Some("33281".into()),
                email: "accueil@beaudesert.example".into(),
                ..Default::default()
            },
            territory: Territory::default(),
            updated_at: String::new(),
            version: 1,
        }]
    }

    #[test]
    fn guesses_columns_from_french_headers() {
        let headers: Vec<String> = ["Nom de la structure", "TYPE", "Ville", "Adhérente", "N° SIRET", "Inconnue"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            guess_mapping(&headers),
            vec![
                Some(Field::Name),
                Some(Field::Kind),
                Some(Field::Commune),
                Some(Field::Member),
                Some(Field::Siret),
                None
            ]
        );
    }

    #[test]
    fn column_letters() {
        assert_eq!([column_letter(0), column_letter(25), column_letter(26), column_letter(27)], ["A", "Z", "AA", "AB"]);
    }

    #[test]
    fn plans_creates_updates_and_refusals_with_reasons() {
        let t = table(
            &["Nom", "Type", "Commune", "SIRET", "Adhérente"],
            &[
                &["Centre social de BEAUDESERT", "", "merignac", "", "oui"],
                &["EVS La Passerelle", "EVS", "Libourne", "", "non"],
                &["EVS Sans Ville", "EVS", "Paris", "", "non"],
                &["Mauvais SIRET", "CS", "Pessac", "12345678901234", ""],
                &["EVS La Passerelle", "EVS", "LIBOURNE", "", "non"],
                &["", "", "", "", ""],
            ],
        );
        let mapping = guess_mapping(&t.headers);
        let plan = plan_import(&t, &mapping, &existing(), gironde()).unwrap();
        let actions: Vec<_> = plan.items.iter().map(|i| (i.line, i.action.clone())).collect();
        assert_eq!((plan.created, plan.updated, plan.refused), (1, 1, 3), "{actions:#?}");
        assert_eq!(
            actions[0],
            (2, ImportAction::Update { id: 7, existing_name: "Centre social de Beaudésert".into() })
        );
        let updated = plan.items[0].draft.as_ref().unwrap();
        assert!(updated.member, "mapped column applied");
        assert_eq!(updated.email, "accueil@beaudesert.example", "unmapped field kept");
        assert_eq!(updated.kind, Some(StructureKind::CentreSocial), "empty cell keeps the known kind");
        let created = plan.items[1].draft.as_ref().unwrap();
        assert_eq!((created.commune.as_str(), created.insee.as_deref()), ("Libourne", Some("33243")));
        let reason = |n: usize| match &plan.items[n].action {
            ImportAction::Refuse { reason } => reason.clone(),
            other => panic!("line {} not refused: {other:?}", plan.items[n].line),
        };
        assert!(reason(2).contains("« Paris » introuvable"), "{}", reason(2));
        assert!(reason(3).starts_with("colonne D « SIRET »"), "{}", reason(3));
        assert!(reason(4).contains("doublon de la ligne 3"), "{}", reason(4));
        let summary = plan.refusal_summary(2).unwrap();
        assert!(summary.starts_with("3 lignes refusées — ligne 4 : "), "{summary}");
        assert!(summary.contains("et 1 autre(s)"), "{summary}");
    }

    #[test]
    fn a_new_structure_needs_a_kind_and_the_file_a_name_column() {
        let t = table(&["Nom", "Commune"], &[&["EVS Nouveau", "Pessac"]]);
        let plan = plan_import(&t, &guess_mapping(&t.headers), &[], gironde()).unwrap();
        assert_eq!(plan.refused, 1);
        let t = table(&["Commune"], &[&["Pessac"]]);
        let err = plan_import(&t, &guess_mapping(&t.headers), &[], gironde()).unwrap_err();
        assert!(err.to_string().contains("« Nom »"), "{err}");
    }

    #[test]
    fn parses_french_values() {
        assert_eq!(parse_date("31/12/2027"), NaiveDate::from_ymd_opt(2027, 12, 31));
        assert_eq!(parse_date("2027-12-31T00:00:00"), NaiveDate::from_ymd_opt(2027, 12, 31));
        assert_eq!(parse_date("31/02/2027"), None);
        assert_eq!(parse_bool("OUI"), Some(true));
        assert_eq!(parse_bool("peut-être"), None);
        assert_eq!(parse_kind("Espace de Vie Sociale"), Some(StructureKind::Evs));
        assert_eq!(parse_count("1 200"), Some(1200));
    }
}
