//! The RGPD follow-up of the centres: a centre's checklist and ratings, the federation's dashboard,
//! evidence files, the reports and the action plan.

use std::path::Path;

use chrono::NaiveDate;
use fabrique_api::rgpd::{EvidenceInfo, RgpdCentre, RgpdCentreInput, RgpdDashboard, StatusJson};
use fabrique_core::rgpd::{
    action_plan, action_plan_rows, centre_progress, survey_hints, Assessment, AssessmentChange, AssessmentDraft,
    CentreProgress, Checklist, Progresses,
};
use fabrique_core::StructureId;
use fabrique_store::rgpd_tallies::Tallies;
use fabrique_store::{files, Store};

use crate::Result;

/// A centre's page: its checklist with ratings, history, evidence and the hints its survey
/// answers give.
pub fn centre(store: &Store, structure_id: StructureId, today: NaiveDate) -> Result<RgpdCentre> {
    let structure = store.structure_detail(structure_id)?.structure;
    let checklist = store.rgpd_checklist()?;
    let hints = match store.survey_answers_of(structure_id)? {
        Some((wave, answers)) => survey_hints(&checklist, &wave, &answers),
        None => Vec::new(),
    };
    let evidence = store
        .rgpd_evidence_files(structure_id)?
        .into_iter()
        .map(|f| EvidenceInfo {
            id: f.id,
            item_id: f.item_id,
            file_name: f.file_name,
            size: f.size,
            added_at: f.added_at,
        })
        .collect();
    Ok(RgpdCentre::new(RgpdCentreInput {
        structure: &structure,
        assessments: store.rgpd_assessments(Some(structure_id))?,
        history: store.rgpd_history(structure_id)?,
        checklist,
        evidence,
        hints,
        today,
    }))
}

/// The federation's dashboard: every centre's progress, the overdue actions, the trend. Tallies
/// found stale are kept again first, so only the first view after a change made outside
/// Fabrique (or a new checklist) counts them from the ratings.
pub fn dashboard(store: &mut Store, today: NaiveDate) -> Result<RgpdDashboard> {
    let checklist = store.rgpd_checklist()?;
    let tallies = store.rgpd_tallies(&checklist)?;
    if tallies.recounted > 0 {
        store.refresh_rgpd_tallies(&checklist)?;
    }
    board(store, &checklist, &tallies, today)
}

fn board(store: &Store, checklist: &Checklist, tallies: &Tallies, today: NaiveDate) -> Result<RgpdDashboard> {
    let overdue = store.rgpd_overdue_assessments(today)?;
    let trend = store.rgpd_progress_log()?;
    let structures = store.list_structures()?;
    Ok(RgpdDashboard::new(checklist, &structures, &tallies.by_centre, &overdue, trend, today))
}

/// Every structure's progress, as `fabrique-cli rgpd status` gives it.
pub fn status(store: &Store, today: NaiveDate) -> Result<Vec<StatusJson>> {
    let checklist = store.rgpd_checklist()?;
    let tallies = store.rgpd_tallies(&checklist)?;
    let overdue = store.rgpd_overdue_assessments(today)?;
    let progresses = Progresses::new(&checklist, &tallies.by_centre, &overdue, today);
    Ok(store.list_structures()?.iter().map(|s| StatusJson::new(s, &progresses.of(s.id))).collect())
}

/// Rates an item as the window's form has it (every field), then shows the centre again.
pub fn rate(
    store: &mut Store,
    structure_id: StructureId,
    item_id: &str,
    draft: &AssessmentDraft,
    opened: Option<&AssessmentDraft>,
    today: NaiveDate,
) -> Result<RgpdCentre> {
    store.set_rgpd_assessment(structure_id, item_id, draft, opened, today)?;
    centre(store, structure_id, today)
}

/// Changes only the fields given (the command line's `rgpd set`), and says where the centre stands.
pub fn change(
    store: &mut Store,
    structure_id: StructureId,
    item_id: &str,
    change: &AssessmentChange,
    today: NaiveDate,
) -> Result<(Assessment, CentreProgress)> {
    let saved = store.change_rgpd_assessment(structure_id, item_id, change, today)?;
    let checklist = store.rgpd_checklist()?;
    let all = store.rgpd_assessments(Some(structure_id))?;
    Ok((saved, centre_progress(&checklist, structure_id, &all, today)))
}

/// Keeps a file with the item, in the base.
pub fn add_evidence(
    store: &mut Store,
    structure_id: StructureId,
    item_id: &str,
    path: &Path,
    today: NaiveDate,
) -> Result<RgpdCentre> {
    let bytes = files::read_attachment(path, fabrique_store::rgpd::MAX_EVIDENCE_BYTES)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "pièce".into());
    store.add_rgpd_evidence_file(structure_id, item_id, &name, &bytes)?;
    centre(store, structure_id, today)
}

pub fn delete_evidence(store: &mut Store, structure_id: StructureId, id: i64, today: NaiveDate) -> Result<RgpdCentre> {
    store.delete_rgpd_evidence_file(id)?;
    centre(store, structure_id, today)
}

/// A centre's report as a PDF.
pub fn centre_report_pdf(store: &Store, structure_id: StructureId, today: NaiveDate) -> Result<Vec<u8>> {
    let structure = store.structure_detail(structure_id)?.structure;
    let document = fabrique_reports::rgpd::centre_report(
        &structure.draft.name,
        structure_id,
        &store.rgpd_checklist()?,
        &store.rgpd_assessments(Some(structure_id))?,
        &store.rgpd_history(structure_id)?,
        today,
    );
    Ok(fabrique_reports::render(&document)?)
}

/// The federation's summary as a PDF: the centres that have started, the overdue actions, the trend.
pub fn federation_summary_pdf(store: &Store, today: NaiveDate) -> Result<Vec<u8>> {
    let trend = store.rgpd_progress_log()?;
    let checklist = store.rgpd_checklist()?;
    let dashboard = board(store, &checklist, &store.rgpd_tallies(&checklist)?, today)?;
    let centres: Vec<(String, _)> = dashboard
        .rows
        .iter()
        .filter(|r| r.progress.assessed > 0)
        .map(|r| (r.name.clone(), r.progress.clone()))
        .collect();
    let overdue: Vec<(String, _)> = dashboard.overdue.iter().map(|o| (o.structure.clone(), o.action.clone())).collect();
    let document = fabrique_reports::rgpd::federation_report(&centres, &overdue, dashboard.overall, &trend, today);
    Ok(fabrique_reports::render(&document)?)
}

/// The action plan of one centre, or of every centre that has started, written as CSV or XLSX.
pub fn write_action_plan(
    store: &Store,
    structure_id: Option<StructureId>,
    path: &Path,
    today: NaiveDate,
) -> Result<()> {
    let checklist = store.rgpd_checklist()?;
    let assessments = store.rgpd_assessments(structure_id)?;
    let grouped = fabrique_core::rgpd::assessments_by_structure(&assessments);
    let own = |id| fabrique_core::rgpd::assessments_of(grouped.as_ref(), &assessments, id);
    let plan: Vec<(String, _)> = store
        .list_structures()?
        .iter()
        .filter(|st| structure_id.is_none_or(|id| id == st.id))
        .filter(|st| structure_id.is_some() || own(st.id).iter().any(|a| a.structure_id == st.id))
        .flat_map(|st| {
            action_plan(&checklist, st.id, own(st.id), today).into_iter().map(|a| (st.draft.name.clone(), a))
        })
        .collect();
    let (headers, rows) = action_plan_rows(&plan);
    Ok(files::write_table(path, &headers, &rows)?)
}

#[cfg(test)]
mod tests {
    use fabrique_core::rgpd::{action_plan, centre_progress};
    use fabrique_store::Store;

    use super::*;

    /// The dashboard reads the ratings without their texts, and whole only those of late actions:
    /// it must show exactly what every centre's full ratings give.
    #[test]
    fn the_dashboard_shows_what_every_centres_full_ratings_give() {
        let demo_day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        store.load_demo(demo_day).unwrap();
        let checklist = store.rgpd_checklist().unwrap();
        let full = store.rgpd_assessments(None).unwrap();
        for today in [demo_day, demo_day + chrono::Duration::days(60)] {
            let board = dashboard(&mut store, today).unwrap();
            for row in &board.rows {
                assert_eq!(row.progress, centre_progress(&checklist, row.structure_id, &full, today), "{}", row.name);
            }
            let mut late: Vec<_> = store
                .list_structures()
                .unwrap()
                .iter()
                .flat_map(|s| action_plan(&checklist, s.id, &full, today).into_iter().filter(|a| a.overdue))
                .collect();
            late.sort_by_key(|a| a.due);
            let shown: Vec<_> = board.overdue.iter().map(|o| o.action.clone()).collect();
            assert!(!shown.is_empty());
            assert_eq!(shown, late);
        }
    }
}
