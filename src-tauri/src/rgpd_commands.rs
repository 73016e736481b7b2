//! The RGPD view's commands: the federation's dashboard, a centre's checklist, ratings, evidence
//! files, and the reports.

use fabrique_api::rgpd::{EvidenceInfo, RgpdCentre, RgpdCentreInput, RgpdDashboard};
use fabrique_api::ApiError;
use fabrique_core::rgpd::{action_plan, action_plan_rows, survey_hints, AssessmentDraft};
use fabrique_core::StructureId;
use fabrique_store::{files, Store};
use tauri::State;

use crate::dialogs::{ANY_FILE, EXPORTS, PDF};
use crate::state::{api_error, AppState};

type CommandResult<T> = Result<T, ApiError>;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn centre(store: &Store, structure_id: StructureId) -> CommandResult<RgpdCentre> {
    let structure = store.structure_detail(structure_id).map_err(api_error)?.structure;
    let checklist = store.rgpd_checklist().map_err(api_error)?;
    let hints = match store.survey_answers_of(structure_id).map_err(api_error)? {
        Some((wave, answers)) => survey_hints(&checklist, &wave, &answers),
        None => Vec::new(),
    };
    let evidence = store
        .rgpd_evidence_files(structure_id)
        .map_err(api_error)?
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
        assessments: store.rgpd_assessments(Some(structure_id)).map_err(api_error)?,
        history: store.rgpd_history(structure_id).map_err(api_error)?,
        checklist,
        evidence,
        hints,
        today: today(),
    }))
}

#[tauri::command]
pub async fn rgpd_dashboard(state: State<'_, AppState>) -> CommandResult<RgpdDashboard> {
    state
        .run(|s| {
            let checklist = s.store.rgpd_checklist().map_err(api_error)?;
            let assessments = s.store.rgpd_assessments(None).map_err(api_error)?;
            let trend = s.store.rgpd_progress_log().map_err(api_error)?;
            let structures = s.structures().map_err(api_error)?.to_vec();
            Ok(RgpdDashboard::new(&checklist, &structures, &assessments, trend, today()))
        })
        .await
}

/// Saves an edited checklist as a new version: reworded items get a new revision, removed ones
/// are retired (old assessments keep their meaning).
#[tauri::command]
pub async fn save_rgpd_checklist(
    state: State<'_, AppState>,
    checklist: fabrique_core::rgpd::Checklist,
) -> CommandResult<fabrique_core::rgpd::Checklist> {
    state.run(move |s| s.store.save_rgpd_checklist(checklist).map_err(api_error)).await
}

#[tauri::command]
pub async fn rgpd_checklist(state: State<'_, AppState>) -> CommandResult<fabrique_core::rgpd::Checklist> {
    state.run(|s| s.store.rgpd_checklist().map_err(api_error)).await
}

#[tauri::command]
pub async fn rgpd_centre(state: State<'_, AppState>, structure_id: StructureId) -> CommandResult<RgpdCentre> {
    state.run(move |s| centre(&s.store, structure_id)).await
}

#[tauri::command]
pub async fn set_rgpd_assessment(
    state: State<'_, AppState>,
    structure_id: StructureId,
    item_id: String,
    draft: AssessmentDraft,
) -> CommandResult<RgpdCentre> {
    state
        .run(move |s| {
            s.store.set_rgpd_assessment(structure_id, &item_id, &draft, today()).map_err(api_error)?;
            centre(&s.store, structure_id)
        })
        .await
}

/// Asks for a file and keeps it with the item, in the base. `None`: the user cancelled.
#[tauri::command]
pub async fn add_rgpd_evidence(
    state: State<'_, AppState>,
    structure_id: StructureId,
    item_id: String,
) -> CommandResult<Option<RgpdCentre>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let Some(path) = dialogs.open_file("Joindre une pièce justificative", &ANY_FILE) else {
                return Ok(None);
            };
            let bytes = files::read_attachment(&path, fabrique_store::rgpd::MAX_EVIDENCE_BYTES).map_err(api_error)?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "pièce".into());
            s.store.add_rgpd_evidence_file(structure_id, &item_id, &name, &bytes).map_err(api_error)?;
            centre(&s.store, structure_id).map(Some)
        })
        .await
}

/// Saves a copy of an evidence file where the user chooses.
#[tauri::command]
pub async fn save_rgpd_evidence(state: State<'_, AppState>, id: i64) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let (name, bytes) = s.store.rgpd_evidence_content(id).map_err(api_error)?;
            let Some(path) = dialogs.save_file("Enregistrer la pièce jointe", &name, &ANY_FILE) else {
                return Ok(None);
            };
            files::write_document(&path, &bytes).map_err(api_error)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

#[tauri::command]
pub async fn delete_rgpd_evidence(
    state: State<'_, AppState>,
    structure_id: StructureId,
    id: i64,
) -> CommandResult<RgpdCentre> {
    state
        .run(move |s| {
            s.store.delete_rgpd_evidence_file(id).map_err(api_error)?;
            centre(&s.store, structure_id)
        })
        .await
}

#[tauri::command]
pub async fn export_rgpd_report(
    state: State<'_, AppState>,
    structure_id: StructureId,
) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let structure = s.store.structure_detail(structure_id).map_err(api_error)?.structure;
            let default_name = format!("rgpd-{}.pdf", crate::dialogs::file_stem(&structure.draft.name));
            let Some(path) = dialogs.save_file("Exporter le rapport RGPD", &default_name, &PDF) else {
                return Ok(None);
            };
            let document = fabrique_reports::rgpd::centre_report(
                &structure.draft.name,
                structure_id,
                &s.store.rgpd_checklist().map_err(api_error)?,
                &s.store.rgpd_assessments(Some(structure_id)).map_err(api_error)?,
                &s.store.rgpd_history(structure_id).map_err(api_error)?,
                today(),
            );
            let bytes = fabrique_reports::render(&document).map_err(|e| ApiError::new("pdf", e.to_string()))?;
            files::write_document(&path, &bytes).map_err(api_error)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

#[tauri::command]
pub async fn export_rgpd_summary(state: State<'_, AppState>) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let Some(path) = dialogs.save_file("Exporter la synthèse RGPD", "rgpd-synthese.pdf", &PDF) else {
                return Ok(None);
            };
            let checklist = s.store.rgpd_checklist().map_err(api_error)?;
            let assessments = s.store.rgpd_assessments(None).map_err(api_error)?;
            let trend = s.store.rgpd_progress_log().map_err(api_error)?;
            let structures = s.structures().map_err(api_error)?.to_vec();
            let dashboard = RgpdDashboard::new(&checklist, &structures, &assessments, trend.clone(), today());
            let centres: Vec<(String, _)> = dashboard
                .rows
                .iter()
                .filter(|r| r.progress.assessed > 0)
                .map(|r| (r.name.clone(), r.progress.clone()))
                .collect();
            let overdue: Vec<(String, _)> =
                dashboard.overdue.iter().map(|o| (o.structure.clone(), o.action.clone())).collect();
            let document =
                fabrique_reports::rgpd::federation_report(&centres, &overdue, dashboard.overall, &trend, today());
            let bytes = fabrique_reports::render(&document).map_err(|e| ApiError::new("pdf", e.to_string()))?;
            files::write_document(&path, &bytes).map_err(api_error)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

/// The action plan of one centre, or of every centre, as CSV or XLSX.
#[tauri::command]
pub async fn export_action_plan(
    state: State<'_, AppState>,
    structure_id: Option<StructureId>,
) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let Some(path) = dialogs.save_file("Exporter le plan d'action", "plan-action-rgpd.xlsx", &EXPORTS) else {
                return Ok(None);
            };
            let checklist = s.store.rgpd_checklist().map_err(api_error)?;
            let assessments = s.store.rgpd_assessments(structure_id).map_err(api_error)?;
            let structures = s.structures().map_err(api_error)?.to_vec();
            let plan: Vec<(String, _)> = structures
                .iter()
                .filter(|st| structure_id.is_none_or(|id| id == st.id))
                .filter(|st| structure_id.is_some() || assessments.iter().any(|a| a.structure_id == st.id))
                .flat_map(|st| {
                    action_plan(&checklist, st.id, &assessments, today())
                        .into_iter()
                        .map(|a| (st.draft.name.clone(), a))
                })
                .collect();
            let (headers, rows) = action_plan_rows(&plan);
            files::write_table(&path, &headers, &rows).map_err(api_error)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}
