//! The shapes Fabrique's interface receives and sends, and the TypeScript they generate.
//!
//! The shell (Tauri commands) and the command line both serialise these types; `ui/src/lib/bindings.ts`
//! is generated from them (`UPDATE_BINDINGS=1 cargo test -p fabrique-api`) and a test fails when the
//! committed file drifts from the Rust types.

use chrono::NaiveDate;
use fabrique_core::communes::Commune;
use fabrique_core::import::{ColumnMapping, Field, ImportPlan, Table};
use fabrique_core::search::{all_tags, DirectoryCounts, PeopleText, SearchIndex, StructureQuery};
use fabrique_core::{Structure, StructureId, StructureKind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod dossiers;
mod lettre;
mod meetings;
mod partners;
mod publications;
pub mod rgpd;
pub mod survey;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod veille;
pub use dossiers::{
    DossierLifeView, DossierOptions, DossierRow, DossierSaved, DossierView, FunderOption, LifeFacts, NewDossier,
    PartnerOption, PlaceholderOption, PreviewSection,
};
pub use lettre::LetterMonth;
pub use meetings::{Agenda, MeetingRow, OverdueFollowUp};
pub use partners::{PartnerDetail, PartnerRow};
pub use publications::{PublicationBoard, PublicationCard, PublicationDetail, PublicationRow};
pub use veille::{FetchReport, VeilleView};

/// Every failed command answers `{code, message}`: a stable code to switch on, a French message to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: fabrique_core::ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: fabrique_core::ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into() }
    }
}

impl From<fabrique_core::CoreError> for ApiError {
    fn from(e: fabrique_core::CoreError) -> Self {
        ApiError::new(e.code(), e.to_string())
    }
}

/// One line of the directory list (and of `fabrique-cli structures list --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StructureRow {
    pub id: StructureId,
    pub name: String,
    pub kind: Option<StructureKind>,
    pub member: bool,
    pub member_since: Option<i32>,
    pub commune: String,
    pub insee: Option<String>,
    /// "Bordeaux Métropole" or the name of the other intercommunality.
    pub territory: String,
    pub metropole: bool,
    pub qpv: bool,
    pub caf_approval_end: Option<NaiveDate>,
    pub tags: Vec<String>,
}

impl From<&Structure> for StructureRow {
    fn from(s: &Structure) -> Self {
        StructureRow {
            id: s.id,
            name: s.draft.name.clone(),
            kind: s.draft.kind,
            member: s.draft.member,
            member_since: s.draft.member_since,
            commune: s.draft.commune.clone(),
            insee: s.draft.insee.clone(),
            territory: s.territory.label().to_string(),
            metropole: s.territory.metropole,
            qpv: s.draft.qpv,
            caf_approval_end: s.draft.caf_approval_end,
            tags: s.draft.tags.clone(),
        }
    }
}

/// What the directory screen shows for a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DirectoryPage {
    pub rows: Vec<StructureRow>,
    /// Counts over the rows shown.
    pub counts: DirectoryCounts,
    /// Counts over the whole directory.
    pub all_counts: DirectoryCounts,
    /// "34 adhérentes, 15 non adhérentes" for the rows shown.
    pub summary: String,
    /// Every tag in use, for the tag filter.
    pub tags: Vec<String>,
}

impl DirectoryPage {
    /// The list screen for one query: matching rows, their counts, and the whole directory's.
    pub fn for_query(structures: &[Structure], people: &PeopleText, query: &StructureQuery, today: NaiveDate) -> Self {
        let hits = SearchIndex::new(structures, people).query(query, today);
        let counts = DirectoryCounts::of(hits.iter().map(|&i| &structures[i]));
        DirectoryPage {
            rows: hits.iter().map(|&i| StructureRow::from(&structures[i])).collect(),
            summary: counts.summary(),
            counts,
            all_counts: DirectoryCounts::of(structures),
            tags: all_tags(structures),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    /// The base's file, or a team base's address (without its password).
    pub db_path: String,
    /// Which base is open, shown at all times in the window.
    pub base: BaseShown,
    pub schema_version: u32,
    /// True when the directory has never held a structure: the app then offers the demo data.
    pub empty: bool,
    /// Why the database file could not be opened, if it could not: the app then offers to
    /// restore a backup in its place or to start an empty base (the file is set aside).
    pub problem: Option<ApiError>,
}

/// The base the window works on, as its badge shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BaseShown {
    /// A team base on the federation's server, rather than a file on this computer.
    pub team: bool,
    /// `base · serveur` for a team base, the file's name for a local one.
    pub name: String,
}

/// A team base as the « Base d'équipe » screen asks for it (never its password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamServerFields {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// The federation's own certificate authority (a .pem or .crt file), when its server has one.
    pub ca_file: Option<String>,
}

/// What the « Base d'équipe » screen shows when it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamBaseSettings {
    /// The team base last connected to (or the one open), to connect again without retyping.
    pub server: Option<TeamServerFields>,
    /// True when its password is in the system's keychain.
    pub password_kept: bool,
    /// The local file the window goes back to.
    pub local_file: String,
}

/// The window now on a team base: its badge, and what could not be done beside (keychain…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamConnected {
    pub base: BaseShown,
    pub password_kept: bool,
    /// French sentences to show, for what failed beside the connection itself.
    pub warnings: Vec<String>,
}

/// A database that could not be opened, replaced: where the old file was set aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplaceResult {
    pub set_aside: Option<String>,
}

/// A field a column can be mapped to, with its French label, for the mapping screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldOption {
    pub field: Field,
    pub label: String,
}

pub fn field_options() -> Vec<FieldOption> {
    Field::ALL.iter().map(|&field| FieldOption { field, label: field.label().to_string() }).collect()
}

/// The import screen: the file's columns, their mapping, a sample, and what the import would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub path: String,
    pub file_name: String,
    pub headers: Vec<String>,
    pub mapping: ColumnMapping,
    pub fields: Vec<FieldOption>,
    /// The first rows, as read, so the user can check the mapping.
    pub sample: Vec<Vec<String>>,
    pub plan: ImportPlan,
}

impl ImportPreview {
    pub fn new(path: &std::path::Path, table: &Table, mapping: ColumnMapping, plan: ImportPlan) -> Self {
        ImportPreview {
            path: path.display().to_string(),
            file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            headers: table.headers.clone(),
            mapping,
            fields: field_options(),
            sample: table.rows.iter().take(5).map(|r| r.to_vec()).collect(),
            plan,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportResult {
    pub created: u32,
    pub updated: u32,
}

/// A restore carried out: from which file, and how many people erased since that backup was made
/// were erased again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoreResult {
    pub path: String,
    pub erased_again: u32,
    /// On a team base: the file the replaced base was copied to first.
    pub kept: Option<String>,
}

/// A form's unsaved content, kept by autosave: the JSON the interface wrote, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SavedDraft {
    pub content: String,
    /// RFC 3339, UTC.
    pub saved_at: String,
}

/// An item of the native menu bar, sent to the window as the payload of the "menu" event. The
/// interface runs the same action as its own button, so both paths behave alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MenuAction {
    /// "Nouveau": what the screen in view lists (a structure in the directory, a dossier…).
    New,
    Import,
    Export,
    Backup,
    Restore,
    Demo,
    /// "Base d'équipe…": the screen to connect to the team base or go back to the local one.
    TeamBase,
    /// "Rechercher": the search of the screen in view.
    Find,
    Shortcuts,
    About,
    /// "Quitter" asks the window first, so unsaved changes are never dropped without a question.
    Quit,
}

impl MenuAction {
    pub const ALL: [MenuAction; 11] = [
        MenuAction::New,
        MenuAction::Import,
        MenuAction::Export,
        MenuAction::Backup,
        MenuAction::Restore,
        MenuAction::Demo,
        MenuAction::TeamBase,
        MenuAction::Find,
        MenuAction::Shortcuts,
        MenuAction::About,
        MenuAction::Quit,
    ];

    /// The menu item's identifier, the same string the interface receives.
    pub fn id(self) -> &'static str {
        match self {
            MenuAction::New => "new",
            MenuAction::Import => "import",
            MenuAction::Export => "export",
            MenuAction::Backup => "backup",
            MenuAction::Restore => "restore",
            MenuAction::Demo => "demo",
            MenuAction::TeamBase => "team_base",
            MenuAction::Find => "find",
            MenuAction::Shortcuts => "shortcuts",
            MenuAction::About => "about",
            MenuAction::Quit => "quit",
        }
    }

    pub fn from_id(id: &str) -> Option<MenuAction> {
        MenuAction::ALL.into_iter().find(|action| action.id() == id)
    }
}

/// The communes offered while typing, from the official list.
pub type CommuneSuggestion = Commune;

/// Every declaration, in dependency order, as the text of `ui/src/lib/bindings.ts`.
pub fn typescript_bindings() -> String {
    use fabrique_core::communes::Commune;
    use fabrique_core::import::{ImportAction, ImportItem};
    use fabrique_core::privacy::StalePerson;
    use fabrique_core::search::{SortKey, StructureQuery, TerritoryFilter};
    use fabrique_core::validate::FieldProblem;
    use fabrique_core::*;
    // Identifiers are i64 in Rust but stay far below 2^53: plain numbers in TypeScript, as serde_json sends them.
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        StructureKind::decl(&cfg),
        Area::decl(&cfg),
        Territory::decl(&cfg),
        StructureDraft::decl(&cfg),
        FieldProblem::decl(&cfg),
        Structure::decl(&cfg),
        PersonDraft::decl(&cfg),
        Person::decl(&cfg),
        VisitDraft::decl(&cfg),
        Visit::decl(&cfg),
        StructureDetail::decl(&cfg),
        SortKey::decl(&cfg),
        TerritoryFilter::decl(&cfg),
        StructureQuery::decl(&cfg),
        DirectoryCounts::decl(&cfg),
        Commune::decl(&cfg),
        Field::decl(&cfg),
        ImportAction::decl(&cfg),
        ImportItem::decl(&cfg),
        ImportPlan::decl(&cfg),
        StalePerson::decl(&cfg),
        fabrique_core::ErrorCode::decl(&cfg),
        ApiError::decl(&cfg),
        StructureRow::decl(&cfg),
        DirectoryPage::decl(&cfg),
        fabrique_core::activity::ActivityKind::decl(&cfg),
        fabrique_core::activity::ActivityEntry::decl(&cfg),
        BaseShown::decl(&cfg),
        TeamServerFields::decl(&cfg),
        TeamBaseSettings::decl(&cfg),
        TeamConnected::decl(&cfg),
        AppInfo::decl(&cfg),
        FieldOption::decl(&cfg),
        ImportPreview::decl(&cfg),
        ImportResult::decl(&cfg),
        Erasure::decl(&cfg),
        ErasureSummary::decl(&cfg),
        RestoreResult::decl(&cfg),
        ReplaceResult::decl(&cfg),
        SavedDraft::decl(&cfg),
        MenuAction::decl(&cfg),
        dossier::budget::AccountSide::decl(&cfg),
        dossier::budget::Account::decl(&cfg),
        dossier::budget::Funder::decl(&cfg),
        dossier::budget::BudgetLine::decl(&cfg),
        dossier::budget::Budget::decl(&cfg),
        dossier::budget::AccountTotal::decl(&cfg),
        dossier::budget::FunderTotal::decl(&cfg),
        dossier::budget::BudgetSummary::decl(&cfg),
        dossier::template::SectionKind::decl(&cfg),
        dossier::template::TemplateSection::decl(&cfg),
        dossier::template::Template::decl(&cfg),
        dossier::placeholders::FederationRecord::decl(&cfg),
        dossier::DossierSection::decl(&cfg),
        dossier::DossierContent::decl(&cfg),
        dossier::ContentChanges::decl(&cfg),
        dossier::SectionConflict::decl(&cfg),
        dossier::DossierHeader::decl(&cfg),
        dossier::Dossier::decl(&cfg),
        dossier::DossierVersion::decl(&cfg),
        dossier::GapKind::decl(&cfg),
        dossier::Gap::decl(&cfg),
        dossier::Completeness::decl(&cfg),
        fabrique_pdf::Align::decl(&cfg),
        fabrique_pdf::Span::decl(&cfg),
        fabrique_pdf::Table::decl(&cfg),
        fabrique_pdf::Block::decl(&cfg),
        fabrique_core::dossier::life::DossierStatus::decl(&cfg),
        fabrique_core::dossier::life::DossierOutcome::decl(&cfg),
        fabrique_core::dossier::life::StatusChange::decl(&cfg),
        fabrique_core::dossier::life::Payment::decl(&cfg),
        fabrique_core::dossier::life::ReportReminder::decl(&cfg),
        fabrique_core::dossier::life::Totals::decl(&cfg),
        PartnerOption::decl(&cfg),
        DossierLifeView::decl(&cfg),
        fabrique_core::partners::PartnerKind::decl(&cfg),
        fabrique_core::partners::PartnerDraft::decl(&cfg),
        fabrique_core::partners::Partner::decl(&cfg),
        PartnerRow::decl(&cfg),
        PartnerDetail::decl(&cfg),
        DossierRow::decl(&cfg),
        fabrique_core::meetings::FollowUp::decl(&cfg),
        fabrique_core::meetings::MeetingDraft::decl(&cfg),
        fabrique_core::meetings::Meeting::decl(&cfg),
        MeetingRow::decl(&cfg),
        OverdueFollowUp::decl(&cfg),
        Agenda::decl(&cfg),
        PreviewSection::decl(&cfg),
        DossierView::decl(&cfg),
        DossierSaved::decl(&cfg),
        fabrique_core::publications::Channel::decl(&cfg),
        fabrique_core::publications::PublicationStatus::decl(&cfg),
        fabrique_core::publications::PublicationDraft::decl(&cfg),
        fabrique_core::publications::Publication::decl(&cfg),
        fabrique_core::publications::PublicationComment::decl(&cfg),
        fabrique_core::publications::PublicationMove::decl(&cfg),
        fabrique_core::publications::PublicationImage::decl(&cfg),
        fabrique_core::publications::StatusMove::decl(&cfg),
        fabrique_core::publications::Flag::decl(&cfg),
        PublicationCard::decl(&cfg),
        PublicationBoard::decl(&cfg),
        PublicationDetail::decl(&cfg),
        PublicationRow::decl(&cfg),
        fabrique_core::veille::Source::decl(&cfg),
        fabrique_core::veille::Item::decl(&cfg),
        fabrique_core::veille::ItemMarks::decl(&cfg),
        VeilleView::decl(&cfg),
        fabrique_core::lettre::LetterEntry::decl(&cfg),
        fabrique_core::lettre::LetterSection::decl(&cfg),
        fabrique_core::lettre::Letter::decl(&cfg),
        fabrique_core::lettre::edit::Newsletter::decl(&cfg),
        fabrique_core::lettre::edit::NewsletterSummary::decl(&cfg),
        LetterMonth::decl(&cfg),
        FetchReport::decl(&cfg),
        NewDossier::decl(&cfg),
        FunderOption::decl(&cfg),
        PlaceholderOption::decl(&cfg),
        DossierOptions::decl(&cfg),
        survey::QuestionKind::decl(&cfg),
        survey::LinkState::decl(&cfg),
        survey::WaveInfo::decl(&cfg),
        survey::SurveyForm::decl(&cfg),
        survey::link::LinkCandidate::decl(&cfg),
        survey::stats::OptionCount::decl(&cfg),
        survey::stats::NumberSummary::decl(&cfg),
        survey::stats::DateSummary::decl(&cfg),
        survey::stats::GridRowStats::decl(&cfg),
        survey::stats::QuestionStats::decl(&cfg),
        survey::stats::SplitGroup::decl(&cfg),
        survey::stats::ThemeSummary::decl(&cfg),
        survey::stats::OptionChange::decl(&cfg),
        survey::stats::QuestionComparison::decl(&cfg),
        survey::chart::Bar::decl(&cfg),
        survey::chart::BarChart::decl(&cfg),
        crate::survey::SurveyImportPreview::decl(&cfg),
        crate::survey::SurveyImportResult::decl(&cfg),
        crate::survey::SplitBy::decl(&cfg),
        crate::survey::QuestionRow::decl(&cfg),
        crate::survey::ThemeBlock::decl(&cfg),
        crate::survey::SurveyView::decl(&cfg),
        crate::survey::QuestionDetail::decl(&cfg),
        crate::survey::LinkRow::decl(&cfg),
        rgpd::Step::decl(&cfg),
        rgpd::Status::decl(&cfg),
        rgpd::ChecklistItem::decl(&cfg),
        rgpd::Checklist::decl(&cfg),
        rgpd::Assessment::decl(&cfg),
        rgpd::AssessmentDraft::decl(&cfg),
        rgpd::HistoryEntry::decl(&cfg),
        rgpd::StepProgress::decl(&cfg),
        rgpd::CentreProgress::decl(&cfg),
        rgpd::Action::decl(&cfg),
        rgpd::VersionChange::decl(&cfg),
        rgpd::SurveyHint::decl(&cfg),
        crate::rgpd::DashboardRow::decl(&cfg),
        crate::rgpd::StepInfo::decl(&cfg),
        crate::rgpd::OverdueAction::decl(&cfg),
        crate::rgpd::TrendPoint::decl(&cfg),
        crate::rgpd::RgpdDashboard::decl(&cfg),
        crate::rgpd::EvidenceInfo::decl(&cfg),
        crate::rgpd::RgpdCentre::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p fabrique-api`. Do not edit by hand.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// What erasing a person removes, one French line per place: shown before confirming, and
/// again once it is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ErasureSummary {
    pub full_name: String,
    pub removed: Vec<String>,
}

impl From<fabrique_core::privacy::erasure::ErasureReport> for ErasureSummary {
    fn from(report: fabrique_core::privacy::erasure::ErasureReport) -> Self {
        ErasureSummary { removed: report.lines(), full_name: report.full_name }
    }
}

/// A trace that an erasure happened, without what was erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Erasure {
    pub erased_at: String,
    pub structure_id: Option<StructureId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_bindings_match_the_rust_types() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../ui/src/lib/bindings.ts");
        let generated = typescript_bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/lib/bindings.ts is out of date: run `UPDATE_BINDINGS=1 cargo test -p fabrique-api` and commit it"
        );
    }

    #[test]
    fn menu_ids_are_what_serde_sends() {
        for action in MenuAction::ALL {
            assert_eq!(serde_json::to_value(action).unwrap(), serde_json::json!(action.id()));
            assert_eq!(MenuAction::from_id(action.id()), Some(action));
        }
        assert_eq!(MenuAction::from_id("inconnu"), None);
    }

    #[test]
    fn row_serialises_the_fields_scripts_rely_on() {
        let s = Structure {
            id: 3,
            draft: fabrique_core::StructureDraft {
                name: "EVS La Ruche".into(),
                kind: Some(StructureKind::Evs),
                commune: "Mérignac".into(),
                insee: Some("33281".into()),
                ..Default::default()
            },
            territory: fabrique_core::Territory { metropole: true, ..Default::default() },
            updated_at: String::new(),
            version: 1,
        };
        let json = serde_json::to_value(StructureRow::from(&s)).unwrap();
        for key in ["id", "name", "kind", "member", "commune", "insee", "territory"] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        assert_eq!(json["kind"], "evs");
        assert_eq!(json["territory"], "Bordeaux Métropole");
    }
}
