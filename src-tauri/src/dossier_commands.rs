//! The Dossiers view's commands. Like the directory's, each one runs on a blocking thread, calls
//! the store (and the pure preparation of a dossier), and maps the error to `{code, message}`.

use fabrique_api::{ApiError, DossierOptions, DossierRow, DossierView, NewDossier};
use fabrique_core::dossier::placeholders::FederationRecord;
use fabrique_core::dossier::template::{self, Template};
use fabrique_core::dossier::{prepare, DossierContent, DossierHeader, DossierId, DossierVersion};
use fabrique_core::survey::FormId;
use fabrique_store::{files, Store};
use tauri::State;

use crate::dialogs::{JSON, PDF, PNG};
use crate::state::{api_error, AppState};

type CommandResult<T> = Result<T, ApiError>;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The open dossier as the view draws it: text, budget, preview and completeness, its survey
/// figures from the form it cites.
fn view(store: &Store, id: DossierId) -> CommandResult<DossierView> {
    let (dossier, facts, template_title) = store.cited_dossier_bundle(id, today()).map_err(api_error)?;
    let form = store.cited_survey_form(id).map_err(api_error)?;
    Ok(DossierView::new(&dossier, &facts, &template_title, form))
}

/// Refuses a survey form that is not in the base before anything is written.
fn check_survey_form(store: &Store, form_id: Option<FormId>) -> CommandResult<()> {
    let Some(id) = form_id else { return Ok(()) };
    if store.survey_forms().map_err(api_error)?.iter().any(|f| f.id == id) {
        Ok(())
    } else {
        Err(ApiError::new(
            "not_found",
            "Cette enquête n'est plus dans la base : choisissez-en une autre dans la liste.",
        ))
    }
}

#[tauri::command]
pub async fn dossier_options(state: State<'_, AppState>) -> CommandResult<DossierOptions> {
    state
        .run(|s| {
            let forms = s.store.survey_forms().map_err(api_error)?;
            Ok(DossierOptions::new(s.store.templates().map_err(api_error)?, &forms))
        })
        .await
}

#[tauri::command]
pub async fn list_dossiers(state: State<'_, AppState>) -> CommandResult<Vec<DossierRow>> {
    state
        .run(|s| {
            let dossiers = s.store.dossiers().map_err(api_error)?;
            dossiers
                .iter()
                .map(|d| {
                    let (dossier, facts, title) = s.store.cited_dossier_bundle(d.id, today()).map_err(api_error)?;
                    Ok(DossierRow::new(&dossier, &facts, &title))
                })
                .collect()
        })
        .await
}

#[tauri::command]
pub async fn create_dossier(state: State<'_, AppState>, new: NewDossier) -> CommandResult<DossierView> {
    state
        .run(move |s| {
            check_survey_form(&s.store, new.survey_form_id)?;
            let dossier = s.store.create_dossier(&new.template, new.header).map_err(api_error)?;
            if new.survey_form_id.is_some() {
                s.store.set_dossier_survey_form(dossier.id, new.survey_form_id).map_err(api_error)?;
            }
            view(&s.store, dossier.id)
        })
        .await
}

#[tauri::command]
pub async fn open_dossier(state: State<'_, AppState>, id: DossierId) -> CommandResult<DossierView> {
    state.run(move |s| view(&s.store, id)).await
}

/// Autosave of the editor: every change of text or budget, debounced by the interface.
#[tauri::command]
pub async fn save_dossier_content(
    state: State<'_, AppState>,
    id: DossierId,
    content: DossierContent,
) -> CommandResult<DossierView> {
    state
        .run(move |s| {
            s.store.save_dossier_content(id, &content).map_err(api_error)?;
            view(&s.store, id)
        })
        .await
}

/// Changes what the dossier is about and, when `survey_form_id` is given, the survey form it
/// quotes (left as it is otherwise).
#[tauri::command]
pub async fn update_dossier_header(
    state: State<'_, AppState>,
    id: DossierId,
    header: DossierHeader,
    survey_form_id: Option<FormId>,
) -> CommandResult<DossierView> {
    state
        .run(move |s| {
            check_survey_form(&s.store, survey_form_id)?;
            s.store.update_dossier_header(id, header).map_err(api_error)?;
            if survey_form_id.is_some() && s.store.dossier_survey_form(id).map_err(api_error)? != survey_form_id {
                s.store.set_dossier_survey_form(id, survey_form_id).map_err(api_error)?;
            }
            view(&s.store, id)
        })
        .await
}

#[tauri::command]
pub async fn dossier_versions(state: State<'_, AppState>, id: DossierId) -> CommandResult<Vec<DossierVersion>> {
    state.run(move |s| s.store.dossier_versions(id).map_err(api_error)).await
}

#[tauri::command]
pub async fn save_dossier_version(
    state: State<'_, AppState>,
    id: DossierId,
    label: String,
) -> CommandResult<DossierVersion> {
    state.run(move |s| s.store.save_dossier_version(id, &label).map_err(api_error)).await
}

#[tauri::command]
pub async fn restore_dossier_version(
    state: State<'_, AppState>,
    id: DossierId,
    version_id: i64,
) -> CommandResult<DossierView> {
    state
        .run(move |s| {
            s.store.restore_dossier_version(id, version_id).map_err(api_error)?;
            view(&s.store, id)
        })
        .await
}

#[tauri::command]
pub async fn duplicate_dossier(state: State<'_, AppState>, id: DossierId, year: i32) -> CommandResult<DossierView> {
    state
        .run(move |s| {
            let copy = s.store.duplicate_dossier(id, year).map_err(api_error)?;
            // Next year's dossier quotes the same survey as this one.
            let form = s.store.dossier_survey_form(id).map_err(api_error)?;
            if form.is_some() {
                s.store.set_dossier_survey_form(copy.id, form).map_err(api_error)?;
            }
            view(&s.store, copy.id)
        })
        .await
}

#[tauri::command]
pub async fn delete_dossier(state: State<'_, AppState>, id: DossierId) -> CommandResult<()> {
    state.run(move |s| s.store.delete_dossier(id).map_err(api_error)).await
}

/// Asks where to write the PDF, then writes it whole or not at all. `None`: the user cancelled.
#[tauri::command]
pub async fn export_dossier_pdf(state: State<'_, AppState>, id: DossierId) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let (dossier, facts, template_title) = s.store.cited_dossier_bundle(id, today()).map_err(api_error)?;
            let default_name = format!("{}.pdf", crate::dialogs::file_stem(&dossier.header.title));
            let Some(path) = dialogs.save_file("Exporter le dossier en PDF", &default_name, &PDF) else {
                return Ok(None);
            };
            let logo = s.store.dossier_logo(id).map_err(api_error)?;
            let bytes = fabrique_reports::dossier_pdf(&prepare(&dossier, &facts), &template_title, logo)
                .map_err(|e| ApiError::new("pdf", e.to_string()))?;
            files::write_document(&path, &bytes).map_err(api_error)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

/// Asks for a PNG and prints it on the dossier's title page. `None`: the user cancelled.
#[tauri::command]
pub async fn choose_dossier_logo(state: State<'_, AppState>, id: DossierId) -> CommandResult<Option<DossierView>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let Some(path) = dialogs.open_file("Choisir le logo de la page de titre", &PNG) else {
                return Ok(None);
            };
            let png = files::read_logo(&path).map_err(api_error)?;
            s.store.set_dossier_logo(id, Some(&png)).map_err(api_error)?;
            view(&s.store, id).map(Some)
        })
        .await
}

#[tauri::command]
pub async fn remove_dossier_logo(state: State<'_, AppState>, id: DossierId) -> CommandResult<DossierView> {
    state
        .run(move |s| {
            s.store.set_dossier_logo(id, None).map_err(api_error)?;
            view(&s.store, id)
        })
        .await
}

#[tauri::command]
pub async fn save_template(state: State<'_, AppState>, template: Template) -> CommandResult<Template> {
    state.run(move |s| s.store.save_template(template).map_err(api_error)).await
}

#[tauri::command]
pub async fn export_template(state: State<'_, AppState>, name: String) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let template = s.store.template(&name).map_err(api_error)?;
            let default_name = format!("modele-{}-r{}.json", template.name, template.revision);
            let Some(path) = dialogs.save_file("Exporter le modèle", &default_name, &JSON) else {
                return Ok(None);
            };
            files::write_document(&path, &template::to_file(&template)).map_err(api_error)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

/// Reads a template file and saves it as a new revision (of its name, or a new template).
#[tauri::command]
pub async fn import_template(state: State<'_, AppState>) -> CommandResult<Option<Template>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let Some(path) = dialogs.open_file("Importer un modèle de dossier", &JSON) else {
                return Ok(None);
            };
            let template = files::read_template(&path).map_err(api_error)?;
            Ok(Some(s.store.save_template(template).map_err(api_error)?))
        })
        .await
}

#[tauri::command]
pub async fn federation(state: State<'_, AppState>) -> CommandResult<FederationRecord> {
    state.run(|s| s.store.federation().map_err(api_error)).await
}

#[tauri::command]
pub async fn save_federation(state: State<'_, AppState>, record: FederationRecord) -> CommandResult<()> {
    state.run(move |s| s.store.save_federation(&record).map_err(api_error)).await
}
