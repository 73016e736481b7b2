//! The RGPD view's commands: the federation's dashboard, a centre's checklist, ratings, evidence
//! files, and the reports.

use fabrique_api::rgpd::{RgpdCentre, RgpdDashboard};
use fabrique_core::rgpd::{AssessmentDraft, Checklist};
use fabrique_core::StructureId;
use fabrique_store::files;
use fabrique_usecases::rgpd;
use tauri::State;

use super::{save_as, today};
use crate::dialogs::{ANY_FILE, EXPORTS, PDF};
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn rgpd_dashboard(state: State<'_, AppState>) -> CommandResult<RgpdDashboard> {
    state.run(|s| Ok(rgpd::dashboard(&mut s.store, today())?)).await
}

/// Saves an edited checklist as a new version: reworded items get a new revision, removed ones
/// are retired (old assessments keep their meaning).
#[tauri::command]
pub async fn save_rgpd_checklist(state: State<'_, AppState>, checklist: Checklist) -> CommandResult<Checklist> {
    state.run(move |s| Ok(s.store.save_rgpd_checklist(checklist)?)).await
}

#[tauri::command]
pub async fn rgpd_checklist(state: State<'_, AppState>) -> CommandResult<Checklist> {
    state.run(|s| Ok(s.store.rgpd_checklist()?)).await
}

#[tauri::command]
pub async fn rgpd_centre(state: State<'_, AppState>, structure_id: StructureId) -> CommandResult<RgpdCentre> {
    state.run(move |s| Ok(rgpd::centre(&s.store, structure_id, today())?)).await
}

#[tauri::command]
pub async fn set_rgpd_assessment(
    state: State<'_, AppState>,
    structure_id: StructureId,
    item_id: String,
    draft: AssessmentDraft,
    opened: Option<AssessmentDraft>,
) -> CommandResult<RgpdCentre> {
    state.run(move |s| Ok(rgpd::rate(&mut s.store, structure_id, &item_id, &draft, opened.as_ref(), today())?)).await
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
        .run(move |s| match dialogs.open_file("Joindre une pièce justificative", &ANY_FILE) {
            Some(path) => Ok(Some(rgpd::add_evidence(&mut s.store, structure_id, &item_id, &path, today())?)),
            None => Ok(None),
        })
        .await
}

/// Saves a copy of an evidence file where the user chooses.
#[tauri::command]
pub async fn save_rgpd_evidence(state: State<'_, AppState>, id: i64) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let (name, bytes) = s.store.rgpd_evidence_content(id)?;
            save_as(&*dialogs, "Enregistrer la pièce jointe", &name, &ANY_FILE, |path| {
                files::write_document(path, &bytes)?;
                Ok(())
            })
        })
        .await
}

#[tauri::command]
pub async fn delete_rgpd_evidence(
    state: State<'_, AppState>,
    structure_id: StructureId,
    id: i64,
) -> CommandResult<RgpdCentre> {
    state.run(move |s| Ok(rgpd::delete_evidence(&mut s.store, structure_id, id, today())?)).await
}

#[tauri::command]
pub async fn export_rgpd_report(
    state: State<'_, AppState>,
    structure_id: StructureId,
) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let structure = s.store.structure_detail(structure_id)?.structure;
            let default_name =
                format!("rgpd-{}.pdf", fabrique_core::text::file_stem(&structure.draft.name, "structure"));
            save_as(&*dialogs, "Exporter le rapport RGPD", &default_name, &PDF, |path| {
                files::write_document(path, &rgpd::centre_report_pdf(&s.store, structure_id, today())?)?;
                Ok(())
            })
        })
        .await
}

#[tauri::command]
pub async fn export_rgpd_summary(state: State<'_, AppState>) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            save_as(&*dialogs, "Exporter la synthèse RGPD", "rgpd-synthese.pdf", &PDF, |path| {
                files::write_document(path, &rgpd::federation_summary_pdf(&s.store, today())?)?;
                Ok(())
            })
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
            save_as(&*dialogs, "Exporter le plan d'action", "plan-action-rgpd.xlsx", &EXPORTS, |path| {
                rgpd::write_action_plan(&s.store, structure_id, path, today())?;
                Ok(())
            })
        })
        .await
}
