//! Placeholders: `{{ structure.siret }}` in a section's text, filled from what the app knows.
//!
//! Rendering uses minijinja in an empty environment (no loader, no functions, no filters, limited
//! fuel): a template can neither read a file nor reach the network nor loop for ever. A placeholder
//! without a value is never printed blank: it becomes `⟦name⟧`, which the preview and the PDF
//! highlight, and it is listed so the completeness check can point at it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;

use super::budget::{BudgetSummary, Funder};
pub use crate::french::long_date;
use crate::french::{format_amount, format_percent, format_permille};
use crate::model::{Person, Structure};

/// The known field closest to one that does not exist (« structure.sirt » → « structure.siret »),
/// when one is close enough to be what the writer meant.
pub fn closest_known(name: &str) -> Option<&'static str> {
    CATALOGUE
        .iter()
        .map(|(known, _)| (*known, strsim::normalized_damerau_levenshtein(name, known)))
        .filter(|(_, similarity)| *similarity >= 0.7)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(known, _)| known)
}

/// Opens and closes the mark of an unresolved placeholder.
pub const MISSING_OPEN: char = '⟦';
pub const MISSING_CLOSE: char = '⟧';

/// Every placeholder the app fills, with what it holds, for the editor's insert menu.
pub const CATALOGUE: &[(&str, &str)] = &[
    ("structure.nom", "Nom de la structure qui demande"),
    ("structure.type", "Centre social ou espace de vie sociale"),
    ("structure.adresse", "Adresse"),
    ("structure.code_postal", "Code postal"),
    ("structure.commune", "Commune"),
    ("structure.siret", "SIRET"),
    ("structure.rna", "Numéro RNA"),
    ("structure.telephone", "Téléphone"),
    ("structure.courriel", "Adresse e-mail"),
    ("structure.site", "Site web"),
    ("structure.representant", "Représentant·e légal·e"),
    ("structure.representant_qualite", "Qualité du ou de la représentant·e"),
    ("structure.salaries", "Nombre de salarié·es"),
    ("structure.benevoles", "Nombre de bénévoles"),
    ("structure.adherente", "Adhérente à la fédération (oui / non)"),
    ("structure.territoire", "Territoire (Bordeaux Métropole ou intercommunalité)"),
    ("structure.agrement_caf_fin", "Fin de l'agrément CAF"),
    ("structure.qpv", "En quartier prioritaire (oui / non)"),
    ("federation.nom", "Nom de la fédération"),
    ("federation.adresse", "Adresse de la fédération"),
    ("federation.code_postal", "Code postal de la fédération"),
    ("federation.commune", "Commune de la fédération"),
    ("federation.siret", "SIRET de la fédération"),
    ("federation.rna", "RNA de la fédération"),
    ("federation.representant", "Représentant·e de la fédération"),
    ("federation.representant_qualite", "Qualité du ou de la représentant·e de la fédération"),
    ("federation.telephone", "Téléphone de la fédération"),
    ("federation.courriel", "E-mail de la fédération"),
    ("federation.adherentes", "Nombre de structures adhérentes"),
    ("dossier.titre", "Titre du dossier"),
    ("dossier.projet", "Intitulé du projet"),
    ("dossier.annee", "Année du projet"),
    ("dossier.financeur", "Financeur sollicité"),
    ("dossier.montant_demande", "Montant demandé au financeur"),
    ("budget.total_charges", "Total des charges du projet"),
    ("budget.total_produits", "Total des produits du projet"),
    ("budget.part_demandee", "Part du montant demandé dans le budget"),
    ("enquete.repondants", "Nombre de structures ayant répondu à l'enquête"),
    ("enquete.taux_reponse", "Taux de réponse à l'enquête"),
    ("enquete.part_accompagnement_numerique", "Part des structures proposant un accompagnement numérique"),
    ("rgpd.progression", "Avancement RGPD de la structure"),
    ("date.aujourdhui", "Date du jour"),
    ("date.annee", "Année en cours"),
];

/// The federation's own identity, which the directory does not hold (it is not one of its structures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FederationRecord {
    pub name: String,
    pub address: String,
    pub postal_code: String,
    pub commune: String,
    pub siret: String,
    pub rna: String,
    pub representative: String,
    pub representative_role: String,
    pub phone: String,
    pub email: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub employees: Option<u32>,
    #[serde(default)]
    pub volunteers: Option<u32>,
}

/// Whoever applies: a structure of the directory, or the federation itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applicant {
    pub name: String,
    pub kind: String,
    pub address: String,
    pub postal_code: String,
    pub commune: String,
    pub siret: String,
    pub rna: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub representative: String,
    pub representative_role: String,
    pub employees: Option<u32>,
    pub volunteers: Option<u32>,
    pub member: Option<bool>,
    pub territory: String,
    pub caf_approval_end: Option<NaiveDate>,
    pub qpv: Option<bool>,
}

/// Roles that make someone the legal representative, most binding first.
const REPRESENTATIVE_ROLES: [&str; 3] = ["présiden", "co-présiden", "direct"];

impl Applicant {
    pub fn from_structure(structure: &Structure, people: &[Person]) -> Applicant {
        let d = &structure.draft;
        let representative = REPRESENTATIVE_ROLES.iter().find_map(|role| {
            people.iter().find(|p| p.structure_id == Some(structure.id) && p.draft.role.to_lowercase().contains(role))
        });
        Applicant {
            name: d.name.clone(),
            kind: d.kind.map(|k| k.label().to_string()).unwrap_or_default(),
            address: d.address.clone(),
            postal_code: d.postal_code.clone(),
            commune: d.commune.clone(),
            siret: d.siret.clone().unwrap_or_default(),
            rna: d.rna.clone().unwrap_or_default(),
            phone: d.phone.clone(),
            email: d.email.clone(),
            website: d.website.clone(),
            representative: representative.map(Person::full_name).unwrap_or_default(),
            representative_role: representative.map(|p| p.draft.role.clone()).unwrap_or_default(),
            employees: d.employees,
            volunteers: d.volunteers,
            member: Some(d.member),
            territory: if d.insee.is_some() { structure.territory.label().to_string() } else { String::new() },
            caf_approval_end: d.caf_approval_end,
            qpv: Some(d.qpv),
        }
    }

    pub fn from_federation(federation: &FederationRecord) -> Applicant {
        Applicant {
            name: federation.name.clone(),
            kind: "Fédération de centres sociaux".to_string(),
            address: federation.address.clone(),
            postal_code: federation.postal_code.clone(),
            commune: federation.commune.clone(),
            siret: federation.siret.clone(),
            rna: federation.rna.clone(),
            phone: federation.phone.clone(),
            email: federation.email.clone(),
            representative: federation.representative.clone(),
            representative_role: federation.representative_role.clone(),
            website: federation.website.clone(),
            employees: federation.employees,
            volunteers: federation.volunteers,
            ..Applicant::default()
        }
    }
}

/// Survey figures a dossier can quote; absent until a survey wave has been imported.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SurveyFigures {
    pub respondents: u32,
    /// Thousandths, as [`super::budget::format_permille`] prints them.
    pub response_rate_permille: Option<i64>,
    pub digital_support_permille: Option<i64>,
}

/// Everything placeholders are filled from.
pub struct Sources<'a> {
    pub applicant: &'a Applicant,
    pub federation: &'a FederationRecord,
    pub member_count: usize,
    pub title: &'a str,
    pub project: &'a str,
    pub year: i32,
    pub funder: Funder,
    pub budget: &'a BudgetSummary,
    pub survey: Option<&'a SurveyFigures>,
    /// The applicant's RGPD progress in percent, when it has been assessed.
    pub rgpd_progress: Option<u8>,
    pub today: NaiveDate,
}

fn yes_no(value: Option<bool>) -> String {
    value.map(|v| if v { "oui" } else { "non" }.to_string()).unwrap_or_default()
}

fn count(value: Option<u32>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Each placeholder's value; an empty string means "not known", which [`fill`] marks.
pub fn values(s: &Sources) -> BTreeMap<&'static str, String> {
    let a = s.applicant;
    let f = s.federation;
    let permille = |p: Option<i64>| p.map(format_permille).unwrap_or_default();
    let entries: [(&'static str, String); 43] = [
        ("structure.nom", a.name.clone()),
        ("structure.type", a.kind.clone()),
        ("structure.adresse", a.address.clone()),
        ("structure.code_postal", a.postal_code.clone()),
        ("structure.commune", a.commune.clone()),
        ("structure.siret", a.siret.clone()),
        ("structure.rna", a.rna.clone()),
        ("structure.telephone", a.phone.clone()),
        ("structure.courriel", a.email.clone()),
        ("structure.site", a.website.clone()),
        ("structure.representant", a.representative.clone()),
        ("structure.representant_qualite", a.representative_role.clone()),
        ("structure.salaries", count(a.employees)),
        ("structure.benevoles", count(a.volunteers)),
        ("structure.adherente", yes_no(a.member)),
        ("structure.territoire", a.territory.clone()),
        ("structure.agrement_caf_fin", a.caf_approval_end.map(long_date).unwrap_or_default()),
        ("structure.qpv", yes_no(a.qpv)),
        ("federation.nom", f.name.clone()),
        ("federation.adresse", f.address.clone()),
        ("federation.code_postal", f.postal_code.clone()),
        ("federation.commune", f.commune.clone()),
        ("federation.siret", f.siret.clone()),
        ("federation.rna", f.rna.clone()),
        ("federation.representant", f.representative.clone()),
        ("federation.representant_qualite", f.representative_role.clone()),
        ("federation.telephone", f.phone.clone()),
        ("federation.courriel", f.email.clone()),
        ("federation.adherentes", s.member_count.to_string()),
        ("dossier.titre", s.title.to_string()),
        ("dossier.projet", s.project.to_string()),
        ("dossier.annee", s.year.to_string()),
        ("dossier.financeur", s.funder.label().to_string()),
        ("dossier.montant_demande", nonzero_amount(s.budget.requested_cents)),
        ("budget.total_charges", nonzero_amount(s.budget.charges_cents)),
        ("budget.total_produits", nonzero_amount(s.budget.products_cents)),
        ("budget.part_demandee", s.budget.requested_share_label().unwrap_or_default()),
        ("enquete.repondants", s.survey.map(|v| v.respondents.to_string()).unwrap_or_default()),
        ("enquete.taux_reponse", permille(s.survey.and_then(|v| v.response_rate_permille))),
        ("enquete.part_accompagnement_numerique", permille(s.survey.and_then(|v| v.digital_support_permille))),
        ("rgpd.progression", s.rgpd_progress.map(|p| format_percent(f64::from(p))).unwrap_or_default()),
        ("date.aujourdhui", long_date(s.today)),
        ("date.annee", s.today.year().to_string()),
    ];
    entries.into_iter().map(|(k, v)| (k, v.trim().to_string())).collect()
}

fn nonzero_amount(cents: i64) -> String {
    if cents == 0 {
        String::new()
    } else {
        format_amount(cents)
    }
}

/// A section's text with its placeholders filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    pub text: String,
    /// Placeholders without a value, each once, in order of name.
    pub unresolved: Vec<String>,
}

/// A section whose text is not a valid template, with the place of the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ligne {line} : {message}")]
pub struct TemplateSyntaxError {
    pub line: usize,
    pub message: String,
}

/// Limits the work one section can ask of the engine; ordinary text uses a few hundred units.
const FUEL: u64 = 50_000;

pub fn fill(source: &str, values: &BTreeMap<&'static str, String>) -> Result<Filled, TemplateSyntaxError> {
    // Text without a `{` cannot hold a placeholder, and most sections, once written, are plain prose.
    if !source.contains('{') {
        return Ok(Filled { text: source.to_string(), unresolved: Vec::new() });
    }
    let mut env = Environment::empty();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_keep_trailing_newline(true);
    let template = env.template_from_str(source).map_err(syntax_error)?;

    let mut unresolved = BTreeSet::new();
    let mut context: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    for name in template.undeclared_variables(true) {
        let value = values.get(name.as_str()).filter(|v| !v.is_empty());
        let shown = match value {
            // Values are data: typed in the directory, read from a survey, they print as typed.
            Some(v) => escape_markdown(v),
            None => {
                unresolved.insert(name.clone());
                format!("{MISSING_OPEN}{name}{MISSING_CLOSE}")
            }
        };
        let (group, field) = name.split_once('.').unwrap_or(("", name.as_str()));
        context.entry(group.to_string()).or_default().insert(field.to_string(), Value::from(shown));
    }
    let mut root: BTreeMap<String, Value> = BTreeMap::new();
    for (group, fields) in context {
        if group.is_empty() {
            root.extend(fields);
        } else {
            root.insert(group, Value::from_iter(fields));
        }
    }
    let text = template.render(Value::from_iter(root)).map_err(syntax_error)?;
    Ok(Filled { text, unresolved: unresolved.into_iter().collect() })
}

/// A value as Markdown that prints exactly as typed: what would start emphasis, code, a link or
/// an image, raw HTML, an entity, a table cell or a strikethrough is escaped anywhere, and what
/// would start a heading, a quote, a list or a rule is escaped at the start of a line.
pub fn escape_markdown(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for line in value.split_inclusive('\n') {
        let text = line.trim_start_matches([' ', '\t']);
        out.push_str(&line[..line.len() - text.len()]);
        // "12." or "3)" at the start of a line would begin an ordered list.
        let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
        for (i, c) in text.char_indices() {
            let special = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~' | '&')
                || (i == 0 && matches!(c, '-' | '+' | '='))
                || (i == digits && digits > 0 && matches!(c, '.' | ')'));
            if special {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn syntax_error(e: minijinja::Error) -> TemplateSyntaxError {
    let message = match e.kind() {
        minijinja::ErrorKind::OutOfFuel => "le texte demande trop de calculs : simplifiez ses {{ … }}.".to_string(),
        minijinja::ErrorKind::UndefinedError
        | minijinja::ErrorKind::UnknownFunction
        | minijinja::ErrorKind::UnknownFilter => {
            "seuls les champs simples comme {{ structure.nom }} sont acceptés.".to_string()
        }
        _ => format!(
            "« {{{{ » ou « {{% » ouvre un champ qui n'est pas refermé ou mal écrit ({}). \
             Corrigez-le ou retirez-le.",
            e.detail().unwrap_or("syntaxe")
        ),
    };
    TemplateSyntaxError { line: e.line().unwrap_or(1), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BTreeMap<&'static str, String> {
        let federation = FederationRecord { name: "Fédération des centres sociaux".into(), ..Default::default() };
        let applicant = Applicant { name: "Centre social Les Pins".into(), siret: String::new(), ..Default::default() };
        values(&Sources {
            applicant: &applicant,
            federation: &federation,
            member_count: 34,
            title: "Dossier",
            project: "Atelier",
            year: 2027,
            funder: Funder::Departement,
            budget: &BudgetSummary::default(),
            survey: None,
            rgpd_progress: Some(45),
            today: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        })
    }

    #[test]
    fn a_misspelt_field_finds_the_one_meant() {
        assert_eq!(closest_known("structure.sirt"), Some("structure.siret"));
        assert_eq!(closest_known("structure.commmune"), Some("structure.commune"));
        assert_eq!(closest_known("tout.autre.chose"), None);
    }

    #[test]
    fn known_placeholders_are_filled() {
        let filled =
            fill("**{{ structure.nom }}**, le {{ date.aujourdhui }} ({{federation.adherentes}} adhérentes, RGPD {{ rgpd.progression }})", &sample())
                .unwrap();
        assert_eq!(filled.text, "**Centre social Les Pins**, le 1er mai 2026 (34 adhérentes, RGPD 45\u{a0}%)");
        assert!(filled.unresolved.is_empty());
    }

    #[test]
    fn unknown_and_empty_placeholders_are_marked_and_listed_never_blank() {
        let filled = fill("SIRET : {{ structure.siret }}\nRépondants : {{ enquete.repondants }} {{ inconnu.champ }} {{ structure.siret }}", &sample()).unwrap();
        assert_eq!(
            filled.text,
            "SIRET : ⟦structure.siret⟧\nRépondants : ⟦enquete.repondants⟧ ⟦inconnu.champ⟧ ⟦structure.siret⟧"
        );
        assert_eq!(filled.unresolved, ["enquete.repondants", "inconnu.champ", "structure.siret"]);
        assert_eq!(fill("{{ seul }}", &sample()).unwrap().unresolved, ["seul"]);
    }

    #[test]
    fn every_catalogued_placeholder_has_a_value_slot() {
        let values = sample();
        let names: Vec<_> = CATALOGUE.iter().map(|(name, _)| *name).collect();
        assert_eq!(values.keys().copied().collect::<BTreeSet<_>>(), names.iter().copied().collect::<BTreeSet<_>>());
    }

    #[test]
    fn templates_cannot_reach_files_or_loop_for_ever() {
        for source in [
            "{% include '/etc/passwd' %}",
            "{% for i in range(100000000) %}x{% endfor %}",
            "{{ structure.nom | upper }}",
            "{% set x = 1 %}{% for a in [1,2,3,4,5,6,7,8,9,10] %}{% for b in [1,2,3,4,5,6,7,8,9,10] %}{% for c in [1,2,3,4,5,6,7,8,9,10] %}{% for d in [1,2,3,4,5,6,7,8,9,10] %}{% for e in [1,2,3,4,5,6,7,8,9,10] %}x{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
        ] {
            assert!(fill(source, &sample()).is_err(), "{source} must be refused");
        }
    }

    #[test]
    fn a_broken_placeholder_names_its_line() {
        let err = fill("Première ligne\nDeuxième {{ structure.nom\n", &sample()).unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err.to_string().starts_with("ligne 2 :"));
    }

    #[test]
    fn plain_prose_passes_through_untouched() {
        let text = "Une phrase ; avec « guillemets » et 100 % de texte.\n";
        assert_eq!(fill(text, &sample()).unwrap(), Filled { text: text.into(), unresolved: vec![] });
    }
}
