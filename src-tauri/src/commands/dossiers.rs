//! The Dossiers view's commands: the list, the editor's autosave and header, versions, the PDF,
//! the templates and the federation's record.

use fabrique_api::{DossierOptions, DossierRow, DossierSaved, DossierView, NewDossier};
use fabrique_core::dossier::placeholders::FederationRecord;
use fabrique_core::dossier::template::{self, Template};
use fabrique_core::dossier::{ContentChanges, DossierContent, DossierHeader, DossierId, DossierVersion};
use fabrique_core::survey::FormId;
use fabrique_store::files;
use fabrique_usecases::dossiers;
use tauri::State;

use super::{save_as, today};
use crate::dialogs::{JSON, PDF, PNG};
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn dossier_options(state: State<'_, AppState>) -> CommandResult<DossierOptions> {
    state.run(|s| Ok(DossierOptions::new(s.store.templates()?, &s.store.survey_forms()?))).await
}

#[tauri::command]
pub async fn list_dossiers(state: State<'_, AppState>) -> CommandResult<Vec<DossierRow>> {
    state.run(|s| Ok(dossiers::rows(&s.store, today())?)).await
}

#[tauri::command]
pub async fn create_dossier(state: State<'_, AppState>, new: NewDossier) -> CommandResult<DossierView> {
    state
        .run(move |s| {
            let id = dossiers::create(&mut s.store, new)?;
            Ok(dossiers::view(&s.store, id, today())?)
        })
        .await
}

#[tauri::command]
pub async fn open_dossier(state: State<'_, AppState>, id: DossierId) -> CommandResult<DossierView> {
    state.run(move |s| Ok(dossiers::view(&s.store, id, today())?)).await
}

/// Autosave of the editor: every change of text or budget, debounced by the interface. With
/// `changed`, only those sections and the budget are written, merged with what another window
/// wrote meanwhile; what both changed is left as stored and returned for the writer to choose.
#[tauri::command]
pub async fn save_dossier_content(
    state: State<'_, AppState>,
    id: DossierId,
    content: DossierContent,
    changed: Option<ContentChanges>,
) -> CommandResult<DossierSaved> {
    state.run(move |s| Ok(dossiers::save_content(&mut s.store, id, &content, changed.as_ref(), today())?)).await
}

#[tauri::command]
pub async fn update_dossier_header(
    state: State<'_, AppState>,
    id: DossierId,
    header: DossierHeader,
    opened_version: Option<i64>,
    survey_form_id: Option<FormId>,
) -> CommandResult<DossierView> {
    state
        .run(move |s| Ok(dossiers::update_header(&mut s.store, id, header, opened_version, survey_form_id, today())?))
        .await
}

#[tauri::command]
pub async fn dossier_versions(state: State<'_, AppState>, id: DossierId) -> CommandResult<Vec<DossierVersion>> {
    state.run(move |s| Ok(s.store.dossier_versions(id)?)).await
}

#[tauri::command]
pub async fn save_dossier_version(
    state: State<'_, AppState>,
    id: DossierId,
    label: String,
) -> CommandResult<DossierVersion> {
    state.run(move |s| Ok(s.store.save_dossier_version(id, &label)?)).await
}

#[tauri::command]
pub async fn restore_dossier_version(
    state: State<'_, AppState>,
    id: DossierId,
    version_id: i64,
) -> CommandResult<DossierView> {
    state
        .run(move |s| {
            s.store.restore_dossier_version(id, version_id)?;
            Ok(dossiers::view(&s.store, id, today())?)
        })
        .await
}

#[tauri::command]
pub async fn duplicate_dossier(state: State<'_, AppState>, id: DossierId, year: i32) -> CommandResult<DossierView> {
    state.run(move |s| Ok(dossiers::duplicate(&mut s.store, id, year, today())?)).await
}

#[tauri::command]
pub async fn delete_dossier(state: State<'_, AppState>, id: DossierId) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.delete_dossier(id)?)).await
}

/// Asks where to write the PDF, then writes it whole or not at all. `None`: the user cancelled.
#[tauri::command]
pub async fn export_dossier_pdf(state: State<'_, AppState>, id: DossierId) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let title = dossiers::title(&s.store, id, today())?;
            let default_name = format!("{}.pdf", fabrique_core::text::file_stem(&title, "dossier"));
            save_as(&*dialogs, "Exporter le dossier en PDF", &default_name, &PDF, |path| {
                files::write_document(path, &dossiers::pdf(&s.store, id, today())?)?;
                Ok(())
            })
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
            s.store.set_dossier_logo(id, Some(&files::read_logo(&path)?))?;
            Ok(Some(dossiers::view(&s.store, id, today())?))
        })
        .await
}

#[tauri::command]
pub async fn remove_dossier_logo(state: State<'_, AppState>, id: DossierId) -> CommandResult<DossierView> {
    state
        .run(move |s| {
            s.store.set_dossier_logo(id, None)?;
            Ok(dossiers::view(&s.store, id, today())?)
        })
        .await
}

#[tauri::command]
pub async fn save_template(state: State<'_, AppState>, template: Template) -> CommandResult<Template> {
    // Saved against the revision the editor opened.
    let opened = template.revision;
    state.run(move |s| Ok(s.store.save_template(template, Some(opened))?)).await
}

#[tauri::command]
pub async fn export_template(state: State<'_, AppState>, name: String) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let template = s.store.template(&name)?;
            let default_name = format!(
                "modele-{}-r{}.json",
                fabrique_core::text::file_stem(&template.name, "modele"),
                template.revision
            );
            save_as(&*dialogs, "Exporter le modèle", &default_name, &JSON, |path| {
                files::write_document(path, &template::to_file(&template))?;
                Ok(())
            })
        })
        .await
}

/// Reads a template file and saves it as a new revision (of its name, or a new template).
#[tauri::command]
pub async fn import_template(state: State<'_, AppState>) -> CommandResult<Option<Template>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| match dialogs.open_file("Importer un modèle de dossier", &JSON) {
            Some(path) => Ok(Some(s.store.save_template(files::read_template(&path)?, None)?)),
            None => Ok(None),
        })
        .await
}

#[tauri::command]
pub async fn federation(state: State<'_, AppState>) -> CommandResult<FederationRecord> {
    state.run(|s| Ok(s.store.federation()?)).await
}

#[tauri::command]
pub async fn save_federation(state: State<'_, AppState>, record: FederationRecord) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.save_federation(&record)?)).await
}
