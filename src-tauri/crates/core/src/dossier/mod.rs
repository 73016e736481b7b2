//! Subsidy dossiers: templates, placeholders, the project budget and the completeness check.
//!
//! A dossier copies its template's sections when it is created, so later edits of the template
//! never change a dossier already written; placeholders stay in the text and are filled each time
//! the dossier is previewed or printed, so they follow the directory.

pub mod budget;
pub mod demo;
pub mod life;
mod merge;
pub mod placeholders;
pub mod template;

pub use merge::{ContentChanges, MergedContent, SectionConflict, TWO_VERSIONS_MARK};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::model::StructureId;
use budget::{Budget, BudgetSummary, Funder};
use placeholders::{fill, Filled, TemplateSyntaxError};
use template::{SectionKind, Template};

pub type DossierId = i64;

/// A stored dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dossier {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: DossierId,
    pub header: DossierHeader,
    pub template_name: String,
    pub template_revision: u32,
    pub content: DossierContent,
    /// A logo is printed on the title page (its bytes stay in the store).
    #[serde(default)]
    pub has_logo: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    /// Moves with each change of the header: the header dialog saves with the one it opened on.
    /// (The text has no such version: it is merged section by section.)
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub header_version: i64,
}

/// A copy of a dossier's content kept in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DossierVersion {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// RFC 3339, UTC.
    pub saved_at: String,
    /// Given by the writer, or by the app ("Avant restauration"); empty for the periodic copies.
    pub label: String,
}

/// What the app knows around a dossier, which its placeholders draw on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierFacts {
    pub applicant: placeholders::Applicant,
    pub federation: placeholders::FederationRecord,
    pub member_count: usize,
    pub survey: Option<placeholders::SurveyFigures>,
    pub rgpd_progress: Option<u8>,
    pub today: chrono::NaiveDate,
}

/// A dossier with everything computed from it: filled sections, budget totals, completeness.
pub struct Prepared<'a> {
    pub dossier: &'a Dossier,
    pub facts: &'a DossierFacts,
    pub summary: BudgetSummary,
    pub sections: Vec<FilledSection<'a>>,
    pub completeness: Completeness,
    /// Every field's value for this dossier (empty when the app has none), for the editor's chips.
    pub values: BTreeMap<&'static str, String>,
}

pub fn prepare<'a>(dossier: &'a Dossier, facts: &'a DossierFacts) -> Prepared<'a> {
    let summary = dossier.content.budget.summarize(dossier.header.funder);
    let values = placeholders::values(&placeholders::Sources {
        applicant: &facts.applicant,
        federation: &facts.federation,
        member_count: facts.member_count,
        title: &dossier.header.title,
        project: &dossier.header.project,
        year: dossier.header.year,
        funder: dossier.header.funder,
        budget: &summary,
        survey: facts.survey.as_ref(),
        rgpd_progress: facts.rgpd_progress,
        today: facts.today,
    });
    let sections = fill_sections(&dossier.content, &values);
    let completeness = completeness(&sections, &summary);
    Prepared { dossier, facts, summary, sections, completeness, values }
}

/// Marks the writing prompts templates leave in a section ("*À compléter : …*").
pub const WRITING_PROMPT: &str = "À compléter";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DossierSection {
    pub key: String,
    pub title: String,
    pub guidance: String,
    pub required: bool,
    #[serde(default)]
    pub kind: SectionKind,
    /// Markdown with `{{ placeholders }}`, as the writer left it.
    pub body: String,
}

/// What the writer edits: the sections' text and the budget. Saved and versioned as one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DossierContent {
    pub sections: Vec<DossierSection>,
    pub budget: Budget,
}

/// What a dossier is about, chosen when it is created and editable afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DossierHeader {
    /// The applying structure; `None` when the federation applies for itself.
    pub structure_id: Option<StructureId>,
    pub title: String,
    pub project: String,
    pub year: i32,
    /// The funder the dossier is addressed to; its lines in account 74 make the requested amount.
    pub funder: Funder,
}

impl DossierHeader {
    pub fn validate(&self) -> Result<()> {
        if self.title.trim().is_empty() {
            return Err(CoreError::invalid("titre", "donnez un titre au dossier.".to_string()));
        }
        if !(2000..=2100).contains(&self.year) {
            return Err(CoreError::invalid("année", format!("{} n'est pas une année de projet plausible.", self.year)));
        }
        Ok(())
    }
}

impl DossierContent {
    pub fn from_template(template: &Template) -> DossierContent {
        DossierContent {
            sections: template
                .sections
                .iter()
                .map(|s| DossierSection {
                    key: s.key.clone(),
                    title: s.title.clone(),
                    guidance: s.guidance.clone(),
                    required: s.required,
                    kind: s.kind,
                    body: s.body.clone(),
                })
                .collect(),
            budget: Budget::default(),
        }
    }

    pub fn validate(&self) -> Result<()> {
        self.budget.validate()
    }

    pub fn has_budget_section(&self) -> bool {
        self.sections.iter().any(|s| s.kind == SectionKind::Budget)
    }
}

/// One section with its placeholders filled, or the syntax problem that stopped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilledSection<'a> {
    pub section: &'a DossierSection,
    pub filled: std::result::Result<Filled, TemplateSyntaxError>,
}

impl FilledSection<'_> {
    /// The text to show: filled, or as typed when it could not be filled.
    pub fn text(&self) -> &str {
        match &self.filled {
            Ok(f) => &f.text,
            Err(_) => &self.section.body,
        }
    }
}

pub fn fill_sections<'a>(
    content: &'a DossierContent,
    values: &BTreeMap<&'static str, String>,
) -> Vec<FilledSection<'a>> {
    content.sections.iter().map(|section| FilledSection { section, filled: fill(&section.body, values) }).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    EmptySection,
    WritingPrompt,
    Unresolved,
    Syntax,
    BudgetEmpty,
    BudgetUnbalanced,
    InKindUnbalanced,
    /// A merge left both people's versions of a passage for the writer to choose between.
    TwoVersions,
}

/// Something still missing, with where to go to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Gap {
    pub kind: GapKind,
    /// The section to jump to.
    pub section_key: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Completeness {
    /// Share of the checks passed, rounded down: 100 only when nothing is missing.
    pub percent: u8,
    pub gaps: Vec<Gap>,
}

/// Checks: each required section written (not empty, no writing prompt left); each section free of
/// unresolved placeholders and syntax errors; with a budget section, a budget that is not empty,
/// balances, and balances its contributions in kind.
pub fn completeness(filled: &[FilledSection], budget: &BudgetSummary) -> Completeness {
    let mut checks = 0u32;
    let mut gaps = Vec::new();
    let mut check = |gap: Option<Gap>| {
        checks += 1;
        gaps.extend(gap);
    };
    let mut budget_section = None;
    for FilledSection { section, filled } in filled {
        let gap = |kind, message: String| Gap { kind, section_key: section.key.clone(), message };
        if section.kind == SectionKind::Budget {
            budget_section = Some(section.key.clone());
        }
        if section.required {
            let written = if section.body.trim().is_empty() {
                Some(gap(GapKind::EmptySection, format!("« {} » est vide.", section.title)))
            } else if section.body.contains(WRITING_PROMPT) {
                Some(gap(
                    GapKind::WritingPrompt,
                    format!("« {} » contient encore « {WRITING_PROMPT} ».", section.title),
                ))
            } else {
                None
            };
            check(written);
        }
        check(match filled {
            Err(e) => Some(gap(GapKind::Syntax, format!("« {} », {e}", section.title))),
            Ok(f) if !f.unresolved.is_empty() => {
                Some(gap(GapKind::Unresolved, unresolved_message(&section.title, &f.unresolved)))
            }
            Ok(_) if section.body.contains(TWO_VERSIONS_MARK) => Some(gap(
                GapKind::TwoVersions,
                format!("« {} » garde encore deux versions d'un passage : choisissez-en une.", section.title),
            )),
            Ok(_) => None,
        });
    }
    if let Some(key) = budget_section {
        let amount = crate::french::format_amount;
        let budget_checks = [
            (budget.charges_cents == 0, GapKind::BudgetEmpty, "le budget n'a encore aucune charge.".to_string()),
            (
                !budget.balanced,
                GapKind::BudgetUnbalanced,
                format!(
                    "le budget n'est pas équilibré : charges {} ≠ produits {}.",
                    amount(budget.charges_cents),
                    amount(budget.products_cents)
                ),
            ),
            (
                !budget.in_kind_balanced,
                GapKind::InKindUnbalanced,
                format!(
                    "les contributions en nature ne s'équilibrent pas : 86 = {} ≠ 87 = {}.",
                    amount(budget.in_kind_uses_cents),
                    amount(budget.in_kind_contributions_cents)
                ),
            ),
        ];
        for (failed, kind, message) in budget_checks {
            check(failed.then(|| Gap { kind, section_key: key.clone(), message }));
        }
    }
    let passed = checks - gaps.len() as u32;
    let percent = if checks == 0 { 100 } else { crate::french::whole_percent(passed.into(), checks.into()) };
    Completeness { percent, gaps }
}

/// What is wrong with the fields of a section: known fields without a value (to fill in the
/// directory or the dossier's header), and names that are no field at all, with the field meant.
fn unresolved_message(title: &str, names: &[String]) -> String {
    let (unknown, empty): (Vec<&String>, Vec<&String>) =
        names.iter().partition(|name| !placeholders::CATALOGUE.iter().any(|(known, _)| known == name));
    let mut parts = Vec::new();
    if !empty.is_empty() {
        let list: Vec<&str> = empty.iter().map(|n| n.as_str()).collect();
        parts.push(format!("champ{} sans valeur : {}", plural(empty.len()), list.join(", ")));
    }
    for name in unknown {
        parts.push(match placeholders::closest_known(name) {
            Some(meant) => format!("champ inconnu « {name} », vouliez-vous dire « {meant} » ?"),
            None => format!("champ inconnu « {name} » (choisissez-le dans « Insérer un champ »)"),
        });
    }
    let text = parts.join(" ; ");
    let end = if text.ends_with('?') { "" } else { "." };
    format!("« {title} » : {text}{end}")
}

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// A copy of a dossier for another year: the same texts and budget lines, to be updated.
pub fn duplicate_for_year(
    header: &DossierHeader,
    content: &DossierContent,
    year: i32,
) -> (DossierHeader, DossierContent) {
    let previous = header.year.to_string();
    let next = year.to_string();
    let title = if header.title.contains(&previous) {
        header.title.replace(&previous, &next)
    } else {
        format!("{} ({next})", header.title)
    };
    (DossierHeader { title, year, ..header.clone() }, content.clone())
}

#[cfg(test)]
mod tests {
    use super::budget::BudgetLine;
    use super::*;

    fn content() -> DossierContent {
        let mut content = DossierContent::from_template(&template::shipped_templates()[0]);
        for section in &mut content.sections {
            section.body = "Texte rédigé.".to_string();
        }
        content
    }

    fn values() -> BTreeMap<&'static str, String> {
        BTreeMap::from([("structure.nom", "Centre social Les Pins".to_string())])
    }

    fn balanced_budget() -> Budget {
        let line = |account: &str, cents, funder| BudgetLine {
            account: account.into(),
            label: "x".into(),
            amount_cents: cents,
            funder,
        };
        Budget {
            lines: vec![
                line("60", 1000, None),
                line("74", 1000, Some(Funder::Departement)),
                line("86", 5, None),
                line("87", 5, None),
            ],
        }
    }

    #[test]
    fn a_complete_dossier_scores_100_and_each_gap_lowers_it() {
        let mut content = content();
        content.budget = balanced_budget();
        let summary = content.budget.summarize(Funder::Departement);
        let done = completeness(&fill_sections(&content, &values()), &summary);
        assert_eq!(done, Completeness { percent: 100, gaps: vec![] });

        let required = content.sections.iter().position(|s| s.required).unwrap();
        content.sections[required].body = "  ".into();
        content.sections[required + 1].body = format!("*{WRITING_PROMPT} : décrivez*\n{{{{ structure.siret }}}}");
        content.budget.lines.pop();
        let summary = content.budget.summarize(Funder::Departement);
        let result = completeness(&fill_sections(&content, &values()), &summary);
        let kinds: Vec<_> = result.gaps.iter().map(|g| g.kind).collect();
        assert!(kinds.contains(&GapKind::EmptySection), "{kinds:?}");
        assert!(kinds.contains(&GapKind::Unresolved), "{kinds:?}");
        assert!(kinds.contains(&GapKind::InKindUnbalanced), "{kinds:?}");
        assert!(!kinds.contains(&GapKind::BudgetUnbalanced), "{kinds:?}");
        assert_eq!(
            result.gaps.iter().find(|g| g.kind == GapKind::EmptySection).unwrap().section_key,
            content.sections[required].key
        );
        assert!(result.percent < 100 && result.percent > 50, "{}", result.percent);
        let unresolved = result.gaps.iter().find(|g| g.kind == GapKind::Unresolved).unwrap();
        assert!(unresolved.message.contains("structure.siret"), "{}", unresolved.message);
    }

    #[test]
    fn a_misspelt_field_is_named_with_the_field_meant() {
        let names = vec!["structure.rna".to_string(), "structure.sirt".to_string()];
        assert_eq!(
            unresolved_message("Le porteur", &names),
            "« Le porteur » : champ sans valeur : structure.rna ; \
             champ inconnu « structure.sirt », vouliez-vous dire « structure.siret » ?"
        );
        assert_eq!(
            unresolved_message("Le porteur", &["zzz".to_string()]),
            "« Le porteur » : champ inconnu « zzz » (choisissez-le dans « Insérer un champ »)."
        );
    }

    #[test]
    fn an_untouched_template_is_far_from_complete() {
        let content = DossierContent::from_template(&template::shipped_templates()[0]);
        let result = completeness(&fill_sections(&content, &values()), &content.budget.summarize(Funder::Departement));
        assert!(result.percent < 50, "{}", result.percent);
        assert!(result.gaps.iter().any(|g| g.kind == GapKind::BudgetEmpty));
    }

    #[test]
    fn a_syntax_error_is_a_gap_and_the_text_is_kept() {
        let mut content = content();
        content.sections[0].body = "Bonjour {{ structure.nom".into();
        let filled = fill_sections(&content, &values());
        assert_eq!(filled[0].text(), "Bonjour {{ structure.nom");
        let result = completeness(&filled, &BudgetSummary::default());
        assert_eq!(result.gaps[0].kind, GapKind::Syntax);
        assert!(result.gaps[0].message.contains("ligne 1"), "{}", result.gaps[0].message);
    }

    #[test]
    fn both_versions_of_a_merged_passage_left_in_the_text_are_a_gap() {
        let mut content = content();
        content.budget = balanced_budget();
        content.sections[0].body = format!("Avant.\n\n{TWO_VERSIONS_MARK}\n\nUn.\n\n⟪ Leur version ⟫\n\nDeux.");
        let summary = content.budget.summarize(Funder::Departement);
        let result = completeness(&fill_sections(&content, &values()), &summary);
        let [gap] = result.gaps.as_slice() else { panic!("{:?}", result.gaps) };
        assert_eq!((gap.kind, gap.section_key.as_str()), (GapKind::TwoVersions, content.sections[0].key.as_str()));
        assert!(gap.message.contains("deux versions"), "{}", gap.message);
    }

    #[test]
    fn duplicating_moves_the_year_in_the_title() {
        let header = DossierHeader {
            structure_id: Some(3),
            title: "AILDS 2026 — numérique".into(),
            project: "P".into(),
            year: 2026,
            funder: Funder::Departement,
        };
        let (next, copy) = duplicate_for_year(&header, &content(), 2027);
        assert_eq!((next.title.as_str(), next.year, next.structure_id), ("AILDS 2027 — numérique", 2027, Some(3)));
        assert_eq!(copy, content());
        let (other, _) = duplicate_for_year(&DossierHeader { title: "Sans année".into(), ..header }, &content(), 2027);
        assert_eq!(other.title, "Sans année (2027)");
    }
}
