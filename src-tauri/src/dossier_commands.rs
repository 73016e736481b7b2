//! The Dossiers view's commands. Like the directory's, each one runs on a blocking thread, calls
//! the store (and the pure preparation of a dossier), and maps the error to `{code, message}`.

use fabrique_api::{ApiError, DossierOptions, DossierRow, DossierView, NewDossier};
use fabrique_core::dossier::placeholders::FederationRecord;
use fabrique_core::dossier::template::{self, Template};
use fabrique_core::dossier::{prepare, DossierContent, DossierHeader, DossierId, DossierVersion};
use fabrique_store::{files, Store};
use tauri::State;

use crate::dialogs::{JSON, PDF, PNG};
use crate::state::{api_error, AppState};

type CommandResult<T> = Result<T, ApiError>;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The open dossier as the view draws it: text, budget, preview and completeness.
fn view(store: &Store, id: DossierId) -> CommandResult<DossierView> {
    let (dossier, facts, template_title) = store.dossier_bundle(id, today()).map_err(api_error)?;
    Ok(DossierView::new(&dossier, &facts, &template_title))
}

#[tauri::command]
pub async fn dossier_options(state: State<'_, AppState>) -> CommandResult<DossierOptions> {
    state.run(|s| Ok(DossierOptions::new(s.store.templates().map_err(api_error)?))).await
}

#[tauri::command]
pub async fn list_dossiers(state: State<'_, AppState>) -> CommandResult<Vec<DossierRow>> {
    state
        .run(|s| {
            let dossiers = s.store.dossiers().map_err(api_error)?;
            dossiers
                .iter()
                .map(|d| {
                    let (dossier, facts, title) = s.store.dossier_bundle(d.id, today()).map_err(api_error)?;
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
            let dossier = s.store.create_dossier(&new.template, new.header).map_err(api_error)?;
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

#[tauri::command]
pub async fn update_dossier_header(
    state: State<'_, AppState>,
    id: DossierId,
    header: DossierHeader,
) -> CommandResult<DossierView> {
    state
        .run(move |s| {
            s.store.update_dossier_header(id, header).map_err(api_error)?;
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
            let (dossier, facts, template_title) = s.store.dossier_bundle(id, today()).map_err(api_error)?;
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
