//! The survey view's commands: import an export through the file dialog, read the figures,
//! correct the question model, link responses to structures, export the report and the figures.

use fabrique_api::survey::{LinkRow, QuestionDetail, SplitBy, SurveyImportPreview, SurveyImportResult, SurveyView};
use fabrique_core::survey::{FormId, QuestionKind, SubmissionId, WaveId};
use fabrique_core::StructureId;
use fabrique_store::files;
use fabrique_usecases::survey;
use tauri::State;

use super::{save_as, today};
use crate::dialogs::{PDF, SURVEY_EXPORTS, XLSX};
use crate::error::CommandResult;
use crate::state::AppState;

/// The view of a wave; `None` when nothing has been imported yet. A form asked for is remembered,
/// so the next start shows it again.
#[tauri::command]
pub async fn survey_view(
    state: State<'_, AppState>,
    form_id: Option<FormId>,
    wave_id: Option<WaveId>,
    include_drafts: bool,
) -> CommandResult<Option<SurveyView>> {
    state.run(move |s| Ok(survey::view(&mut s.store, form_id, wave_id, include_drafts)?)).await
}

/// Asks for an export file and reads it (nothing is written): what the import would bring.
#[tauri::command]
pub async fn pick_survey_file(state: State<'_, AppState>) -> CommandResult<Option<SurveyImportPreview>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| match dialogs.open_file("Importer un export Framaforms", &SURVEY_EXPORTS) {
            Some(path) => Ok(Some(survey::preview(&s.store, &path)?)),
            None => Ok(None),
        })
        .await
}

#[tauri::command]
pub async fn import_survey(
    state: State<'_, AppState>,
    path: String,
    wave: String,
) -> CommandResult<SurveyImportResult> {
    state.run(move |s| Ok(survey::import(&mut s.store, std::path::Path::new(&path), &wave)?)).await
}

#[tauri::command]
pub async fn question_detail(
    state: State<'_, AppState>,
    form_id: FormId,
    wave_id: WaveId,
    key: String,
    include_drafts: bool,
    split_by: Option<SplitBy>,
    compare_wave_id: Option<WaveId>,
) -> CommandResult<Option<QuestionDetail>> {
    state
        .run(move |s| {
            let detail = survey::question_detail(
                &s.store,
                form_id,
                wave_id,
                &key,
                include_drafts,
                split_by.as_ref(),
                compare_wave_id,
            )?;
            Ok(detail)
        })
        .await
}

#[tauri::command]
pub async fn set_question_kind(
    state: State<'_, AppState>,
    form_id: FormId,
    key: String,
    kind: QuestionKind,
) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.set_question_kind(form_id, &key, kind)?)).await
}

#[tauri::command]
pub async fn set_question_theme(
    state: State<'_, AppState>,
    form_id: FormId,
    key: String,
    theme: Option<String>,
) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.set_question_theme(form_id, &key, theme.as_deref())?)).await
}

#[tauri::command]
pub async fn add_survey_theme(state: State<'_, AppState>, form_id: FormId, name: String) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.add_survey_theme(form_id, &name)?)).await
}

#[tauri::command]
pub async fn survey_links(state: State<'_, AppState>, form_id: FormId, wave_id: WaveId) -> CommandResult<Vec<LinkRow>> {
    state.run(move |s| Ok(survey::links(&s.store, form_id, wave_id)?)).await
}

#[tauri::command]
pub async fn set_link_questions(
    state: State<'_, AppState>,
    form_id: FormId,
    name_key: Option<String>,
    commune_key: Option<String>,
) -> CommandResult<u32> {
    state
        .run(move |s| {
            Ok(survey::set_link_questions(&mut s.store, form_id, name_key.as_deref(), commune_key.as_deref())?)
        })
        .await
}

#[tauri::command]
pub async fn set_submission_link(
    state: State<'_, AppState>,
    submission_id: SubmissionId,
    structure_id: Option<StructureId>,
) -> CommandResult<()> {
    state.run(move |s| Ok(survey::set_submission_link(&mut s.store, submission_id, structure_id)?)).await
}

#[tauri::command]
pub async fn export_survey_report(
    state: State<'_, AppState>,
    form_id: FormId,
    wave_id: WaveId,
    include_drafts: bool,
) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let wave = survey::wave_name(&s.store, form_id, wave_id)?;
            save_as(&*dialogs, "Exporter la photographie en PDF", &format!("photographie-{wave}.pdf"), &PDF, |path| {
                let bytes = survey::report_pdf(&s.store, form_id, wave_id, include_drafts, today())?;
                files::write_document(path, &bytes)?;
                Ok(())
            })
        })
        .await
}

#[tauri::command]
pub async fn export_survey_figures(
    state: State<'_, AppState>,
    form_id: FormId,
    wave_id: WaveId,
    include_drafts: bool,
) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let wave = survey::wave_name(&s.store, form_id, wave_id)?;
            save_as(&*dialogs, "Exporter les chiffres", &format!("enquete-{wave}.xlsx"), &XLSX, |path| {
                survey::write_figures(&s.store, form_id, wave_id, include_drafts, path)?;
                Ok(())
            })
        })
        .await
}
