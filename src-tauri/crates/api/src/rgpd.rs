//! What the RGPD view and `fabrique-cli rgpd` exchange.

use std::collections::HashMap;

use fabrique_core::rgpd::{
    action_plan, assessments_by_structure, assessments_of, centre_progress, changes_for_centre, mean_progress, Action,
    Assessment, CentreProgress, CentreTally, Checklist, HistoryEntry, Progresses, Step, SurveyHint, VersionChange,
};
use fabrique_core::{Structure, StructureId, StructureKind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `fabrique-cli rgpd status --json`: one object per structure, exactly the documented shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusJson {
    pub structure_id: StructureId,
    pub name: String,
    pub progress: u8,
    pub overdue: u32,
    pub steps: Vec<StepJson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepJson {
    pub step: Step,
    /// 0 to 100; a step with nothing applicable counts as done.
    pub progress: u8,
}

impl StatusJson {
    pub fn new(structure: &Structure, progress: &CentreProgress) -> Self {
        StatusJson {
            structure_id: structure.id,
            name: structure.draft.name.clone(),
            progress: progress.progress,
            overdue: progress.overdue,
            steps: progress
                .steps
                .iter()
                .map(|s| StepJson { step: s.step, progress: s.progress.unwrap_or(100) })
                .collect(),
        }
    }
}

/// One line of the federation's heatmap.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DashboardRow {
    #[ts(type = "number")]
    pub structure_id: StructureId,
    pub name: String,
    pub commune: String,
    pub kind: Option<StructureKind>,
    pub member: bool,
    pub metropole: bool,
    pub progress: CentreProgress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StepInfo {
    pub step: Step,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OverdueAction {
    pub structure: String,
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrendPoint {
    pub day: String,
    pub progress: u8,
}

/// The federation's view: every centre × every step, overall progress, its trend, overdue actions.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RgpdDashboard {
    pub checklist_version: u32,
    pub steps: Vec<StepInfo>,
    pub rows: Vec<DashboardRow>,
    /// Mean progress of the centres that have started.
    pub overall: u8,
    pub started: u32,
    pub trend: Vec<TrendPoint>,
    pub overdue: Vec<OverdueAction>,
}

impl RgpdDashboard {
    /// `tallies`: every centre's tally against `checklist` (a centre without one has rated
    /// nothing); `overdue`: the ratings whose action is overdue, whole, ordered by centre.
    pub fn new(
        checklist: &Checklist,
        structures: &[Structure],
        tallies: &HashMap<StructureId, CentreTally>,
        overdue: &[Assessment],
        trend: Vec<(String, u8)>,
        today: chrono::NaiveDate,
    ) -> Self {
        let progresses = Progresses::new(checklist, tallies, overdue, today);
        let overdue_grouped = assessments_by_structure(overdue);
        let own_overdue = |id| assessments_of(overdue_grouped.as_ref(), overdue, id);
        let rows: Vec<DashboardRow> = structures
            .iter()
            .map(|s| DashboardRow {
                structure_id: s.id,
                name: s.draft.name.clone(),
                commune: s.draft.commune.clone(),
                kind: s.draft.kind,
                member: s.draft.member,
                metropole: s.territory.metropole,
                progress: progresses.of(s.id),
            })
            .collect();
        let started: Vec<&DashboardRow> = rows.iter().filter(|r| r.progress.assessed > 0).collect();
        let overall = mean_progress(started.iter().map(|r| r.progress.progress));
        // Only the centres with overdue actions have their plan drawn up.
        let mut overdue: Vec<OverdueAction> = structures
            .iter()
            .zip(&rows)
            .filter(|(_, row)| row.progress.overdue > 0)
            .flat_map(|(s, _)| {
                action_plan(checklist, s.id, own_overdue(s.id), today)
                    .into_iter()
                    .filter(|a| a.overdue)
                    .map(|action| OverdueAction { structure: s.draft.name.clone(), action })
            })
            .collect();
        overdue.sort_by_key(|o| o.action.due);
        RgpdDashboard {
            checklist_version: checklist.version,
            steps: Step::ALL.iter().map(|&step| StepInfo { step, label: step.label().to_string() }).collect(),
            overall,
            started: started.len() as u32,
            rows,
            trend: trend.into_iter().map(|(day, progress)| TrendPoint { day, progress }).collect(),
            overdue,
        }
    }
}

/// An evidence file's description (its bytes stay in the base).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EvidenceInfo {
    #[ts(type = "number")]
    pub id: i64,
    pub item_id: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub size: i64,
    pub added_at: String,
}

/// One centre's checklist with its assessments, progress, plan, history and survey hints.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RgpdCentre {
    #[ts(type = "number")]
    pub structure_id: StructureId,
    pub name: String,
    pub checklist: Checklist,
    pub assessments: Vec<Assessment>,
    pub progress: CentreProgress,
    pub plan: Vec<Action>,
    pub history: Vec<HistoryEntry>,
    pub changes: Vec<VersionChange>,
    pub evidence: Vec<EvidenceInfo>,
    pub hints: Vec<SurveyHint>,
}

pub struct RgpdCentreInput<'a> {
    pub structure: &'a Structure,
    pub checklist: Checklist,
    pub assessments: Vec<Assessment>,
    pub history: Vec<HistoryEntry>,
    pub evidence: Vec<EvidenceInfo>,
    pub hints: Vec<SurveyHint>,
    pub today: chrono::NaiveDate,
}

impl RgpdCentre {
    pub fn new(input: RgpdCentreInput) -> Self {
        let id = input.structure.id;
        RgpdCentre {
            structure_id: id,
            name: input.structure.draft.name.clone(),
            progress: centre_progress(&input.checklist, id, &input.assessments, input.today),
            plan: action_plan(&input.checklist, id, &input.assessments, input.today),
            changes: changes_for_centre(&input.checklist, id, &input.assessments),
            checklist: input.checklist,
            assessments: input.assessments,
            history: input.history,
            evidence: input.evidence,
            hints: input.hints,
        }
    }
}
