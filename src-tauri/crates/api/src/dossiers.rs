//! What the Dossiers view and `fabrique-cli dossier` exchange.

use std::collections::BTreeMap;

use fabrique_core::dossier::budget::{Account, BudgetSummary, Funder, ACCOUNTS};
use fabrique_core::dossier::life::{DossierOutcome, DossierStatus, Payment, ReportReminder};
use fabrique_core::dossier::placeholders::CATALOGUE;
use fabrique_core::dossier::template::Template;
use fabrique_core::dossier::{prepare, Completeness, Dossier, DossierFacts, DossierHeader, SectionConflict};
use fabrique_core::survey::{FormId, SurveyForm};
use fabrique_core::StructureId;
use fabrique_pdf::Block;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One line of the dossier list (and of `fabrique-cli dossier list --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DossierRow {
    pub id: i64,
    pub title: String,
    /// `null` when the federation applies for itself.
    pub structure_id: Option<StructureId>,
    pub applicant: String,
    /// The template's identifier ("ailds").
    pub template: String,
    pub template_title: String,
    pub year: i32,
    pub funder: Funder,
    /// 0 to 100.
    pub completeness: u8,
    pub updated_at: String,
    /// What the budget asks of its funder (account 74), in cents.
    #[ts(type = "number")]
    pub asked_cents: i64,
    /// What happened once it was sent.
    pub outcome: DossierOutcome,
    /// The partner it is addressed to, by name.
    pub funder_name: Option<String>,
    #[ts(type = "number")]
    pub received_cents: i64,
    pub reminder: Option<ReportReminder>,
}

/// A dossier's life after sending, as its row and its « Suivi » panel show it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LifeFacts {
    pub outcome: DossierOutcome,
    pub funder_name: Option<String>,
    pub received_cents: i64,
    pub reminder: Option<ReportReminder>,
}

/// The « Suivi » panel of a dossier: its outcome, payments, the moves it allows, the partners
/// it may be addressed to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DossierLifeView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub asked_cents: i64,
    pub outcome: DossierOutcome,
    pub payments: Vec<Payment>,
    #[ts(type = "number")]
    pub received_cents: i64,
    pub moves: Vec<DossierStatus>,
    pub reminder: Option<ReportReminder>,
    pub partners: Vec<PartnerOption>,
}

/// A partner as a choice in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PartnerOption {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

impl DossierRow {
    pub fn new(dossier: &Dossier, facts: &DossierFacts, template_title: &str, life: LifeFacts) -> Self {
        let prepared = prepare(dossier, facts);
        DossierRow {
            id: dossier.id,
            title: dossier.header.title.clone(),
            structure_id: dossier.header.structure_id,
            applicant: facts.applicant.name.clone(),
            template: dossier.template_name.clone(),
            template_title: template_title.to_string(),
            year: dossier.header.year,
            funder: dossier.header.funder,
            completeness: prepared.completeness.percent,
            updated_at: dossier.updated_at.clone(),
            asked_cents: prepared.summary.requested_cents,
            outcome: life.outcome,
            funder_name: life.funder_name,
            received_cents: life.received_cents,
            reminder: life.reminder,
        }
    }
}

/// A section as the live preview draws it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PreviewSection {
    pub key: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// An open dossier: what the writer edits, and everything computed from it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DossierView {
    pub dossier: Dossier,
    pub applicant: String,
    pub template_title: String,
    pub summary: BudgetSummary,
    pub completeness: Completeness,
    pub preview: Vec<PreviewSection>,
    /// The survey form whose figures `{{ enquete.* }}` quote (chosen, or the first form); `null`
    /// before any survey is imported.
    #[ts(type = "number | null")]
    pub survey_form_id: Option<FormId>,
    /// The value each field has in this dossier, as typed (fields without a value are absent):
    /// the editor shows it when the pointer rests on a field.
    pub field_values: BTreeMap<String, String>,
}

/// The editor's autosave answered: the dossier as stored now, and what this save left as stored
/// because someone else changed the same passage or the budget meanwhile (the writer chooses).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DossierSaved {
    pub view: DossierView,
    pub conflicts: Vec<SectionConflict>,
    pub budget_conflict: bool,
}

impl DossierView {
    pub fn new(dossier: &Dossier, facts: &DossierFacts, template_title: &str, survey_form_id: Option<FormId>) -> Self {
        let prepared = prepare(dossier, facts);
        let preview = prepared
            .sections
            .iter()
            .map(|section| PreviewSection {
                key: section.section.key.clone(),
                title: section.section.title.clone(),
                blocks: fabrique_reports::section_text_blocks(section),
            })
            .collect();
        DossierView {
            dossier: dossier.clone(),
            applicant: facts.applicant.name.clone(),
            template_title: template_title.to_string(),
            summary: prepared.summary,
            completeness: prepared.completeness,
            preview,
            survey_form_id,
            field_values: prepared
                .values
                .iter()
                .filter(|(_, value)| !value.is_empty())
                .map(|(name, value)| (name.to_string(), value.clone()))
                .collect(),
        }
    }
}

/// What creating a dossier needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewDossier {
    pub template: String,
    pub header: DossierHeader,
    /// The survey form the dossier quotes; absent or `null`: the first form imported.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub survey_form_id: Option<FormId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FunderOption {
    pub code: Funder,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlaceholderOption {
    pub name: String,
    pub description: String,
}

/// The fixed vocabularies of the Dossiers view: templates, funders, accounts, placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DossierOptions {
    pub templates: Vec<Template>,
    pub funders: Vec<FunderOption>,
    pub accounts: Vec<Account>,
    pub placeholders: Vec<PlaceholderOption>,
    /// The survey forms a dossier can quote (« Enquête citée »), the first imported first: the
    /// default. Each quotes its latest wave.
    pub survey_forms: Vec<SurveyForm>,
}

impl DossierOptions {
    pub fn new(templates: Vec<Template>, survey_forms: &[SurveyForm]) -> Self {
        DossierOptions {
            templates,
            survey_forms: survey_forms.to_vec(),
            funders: Funder::ALL.iter().map(|&code| FunderOption { code, label: code.label().to_string() }).collect(),
            accounts: ACCOUNTS.to_vec(),
            placeholders: CATALOGUE
                .iter()
                .map(|(name, description)| PlaceholderOption {
                    name: name.to_string(),
                    description: description.to_string(),
                })
                .collect(),
        }
    }
}
