//! RGPD compliance, centre by centre: the reference checklist (versioned, [`checklist`]), each
//! centre's assessment of its items and what a new checklist changes for it ([`assessment`]), the
//! part of a centre's progress the base keeps ([`tally`]), progress and the action plan
//! ([`progress`]), and the survey answers shown beside an item ([`hints`]). Dependencies go one
//! way: checklist ← assessment ← tally ← progress, checklist ← hints.

pub mod assessment;
pub mod checklist;
pub mod hints;
pub mod progress;
pub mod tally;
#[cfg(test)]
mod testing;

pub use assessment::{
    changes, changes_for_centre, Assessment, AssessmentChange, AssessmentDraft, HistoryEntry, Rated, RatingState,
    Status, VersionChange,
};
pub use checklist::{shipped_checklist, Checklist, ChecklistItem, Step};
pub use hints::{survey_hints, SurveyHint};
pub use progress::{
    action_plan, action_plan_rows, assessments_by_structure, assessments_of, centre_progress, mean_progress, Action,
};
pub use tally::{overdue_count, CentreProgress, CentreTally, Progresses, StepProgress, StepTally};
