//! The commands the interface invokes. Each one locks the session on a blocking thread, calls one
//! store or core function, and maps the error to `{code, message}`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fabrique_api::{
    ApiError, AppInfo, DirectoryPage, Erasure, ErasureSummary, ImportPreview, ImportResult, ReplaceResult,
    RestoreResult, SavedDraft,
};
use fabrique_core::communes::{gironde, Commune};
use fabrique_core::import::{guess_mapping, ColumnMapping};
use fabrique_core::privacy::StalePerson;
use fabrique_core::search::{SearchIndex, StructureQuery};
use fabrique_core::validate::external_link;
use fabrique_core::{
    Person, PersonDraft, PersonId, Structure, StructureDetail, StructureDraft, StructureId, Visit, VisitDraft, VisitId,
};
use fabrique_store::files;
use tauri::State;

use crate::dialogs::{DATABASES, EXPORTS, JSON, SPREADSHEETS};
use crate::state::{api_error, on_blocking_thread, AppState};

type CommandResult<T> = Result<T, ApiError>;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Autosave: keeps what a form holds (JSON text) until it is saved or discarded.
#[tauri::command]
pub async fn save_form_draft(state: State<'_, AppState>, key: String, content: String) -> CommandResult<()> {
    state.run(move |s| s.store.save_form_draft(&key, &content).map_err(api_error)).await
}

#[tauri::command]
pub async fn form_draft(state: State<'_, AppState>, key: String) -> CommandResult<Option<SavedDraft>> {
    state
        .run(move |s| {
            let draft = s.store.form_draft(&key).map_err(api_error)?;
            Ok(draft.map(|d| SavedDraft { content: d.content, saved_at: d.saved_at }))
        })
        .await
}

#[tauri::command]
pub async fn discard_form_draft(state: State<'_, AppState>, key: String) -> CommandResult<()> {
    state.run(move |s| s.store.discard_form_draft(&key).map_err(api_error)).await
}

/// Opens a structure's website or e-mail with the system's browser or mail program. Only what
/// [`external_link`] accepts is opened: imported text cannot launch a file or a program.
#[tauri::command]
pub fn open_link(target: String) -> CommandResult<()> {
    let url = external_link(&target).ok_or_else(|| {
        ApiError::new(
            "invalid_link",
            format!(
                "« {} » n'est ni une adresse de site web ni une adresse e-mail : corrigez-la dans la fiche.",
                target.trim()
            ),
        )
    })?;
    open::that_detached(&url).map_err(|e| {
        ApiError::new(
            "open_failed",
            format!(
                "Impossible d'ouvrir « {url} » ({e}) : copiez l'adresse dans votre navigateur ou votre messagerie."
            ),
        )
    })
}

/// The interface says whether a form holds unsaved changes, so closing the window can ask first.
#[tauri::command]
pub fn set_unsaved_changes(state: State<'_, AppState>, unsaved: bool) {
    state.set_unsaved_changes(unsaved);
}

/// Quits once the interface has asked about unsaved changes (menu "Quitter" or a guarded close).
#[tauri::command]
pub fn quit<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: State<'_, AppState>) {
    state.set_unsaved_changes(false);
    app.exit(0);
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    let version = env!("CARGO_PKG_VERSION").to_string();
    if let Some(problem) = state.open_problem() {
        let db_path = state.db_path().map(|p| p.display().to_string()).unwrap_or_default();
        return Ok(AppInfo { version, db_path, schema_version: 0, empty: false, problem: Some(problem) });
    }
    state
        .run(|s| {
            Ok(AppInfo {
                version,
                db_path: s.store.path().map(|p| p.display().to_string()).unwrap_or_else(|| "(en mémoire)".into()),
                schema_version: s.store.schema_version().map_err(api_error)?,
                empty: s.store.is_empty().map_err(api_error)?,
                problem: None,
            })
        })
        .await
}

/// Replaces a database that could not be opened by a backup the user picks (`from_backup`) or by
/// an empty base; the unreadable file is set aside, never deleted. None when the dialog is cancelled.
#[tauri::command]
pub async fn replace_database(state: State<'_, AppState>, from_backup: bool) -> CommandResult<Option<ReplaceResult>> {
    if state.open_problem().is_none() {
        return Err(ApiError::new(
            "database_open",
            "La base est ouverte normalement : pour revenir à une sauvegarde, utilisez « Restaurer une sauvegarde… ».",
        ));
    }
    let path = state.db_path().map(Path::to_path_buf).ok_or_else(|| {
        ApiError::new("internal", "Aucun fichier de base n'est associé à cette fenêtre : relancez Fabrique.")
    })?;
    let backup = if from_backup {
        let dialogs = state.dialogs()?;
        match on_blocking_thread(move || Ok(dialogs.open_file("Restaurer une sauvegarde", &DATABASES))).await? {
            Some(p) => Some(p),
            None => return Ok(None),
        }
    } else {
        None
    };
    state
        .reopen(move || {
            let replaced = fabrique_store::Store::replace_unopenable(&path, backup.as_deref()).map_err(api_error)?;
            let set_aside = replaced.set_aside.map(|p| p.display().to_string());
            Ok((replaced.store, Some(ReplaceResult { set_aside })))
        })
        .await
}

#[tauri::command]
pub async fn search_structures(state: State<'_, AppState>, query: StructureQuery) -> CommandResult<DirectoryPage> {
    state
        .run(move |s| {
            let structures = s.structures().map_err(api_error)?;
            Ok(DirectoryPage::for_query(structures, &query, today()))
        })
        .await
}

#[tauri::command]
pub async fn structure_detail(state: State<'_, AppState>, id: StructureId) -> CommandResult<StructureDetail> {
    state.run(move |s| s.store.structure_detail(id).map_err(api_error)).await
}

#[tauri::command]
pub async fn create_structure(state: State<'_, AppState>, draft: StructureDraft) -> CommandResult<Structure> {
    state
        .run(move |s| {
            s.invalidate();
            s.store.create_structure(draft).map_err(api_error)
        })
        .await
}

#[tauri::command]
pub async fn update_structure(
    state: State<'_, AppState>,
    id: StructureId,
    draft: StructureDraft,
) -> CommandResult<Structure> {
    state
        .run(move |s| {
            s.invalidate();
            s.store.update_structure(id, draft).map_err(api_error)
        })
        .await
}

#[tauri::command]
pub async fn delete_structure(state: State<'_, AppState>, id: StructureId) -> CommandResult<()> {
    state
        .run(move |s| {
            s.invalidate();
            s.store.delete_structure(id).map_err(api_error)
        })
        .await
}

#[tauri::command]
pub async fn restore_structure(state: State<'_, AppState>, id: StructureId) -> CommandResult<()> {
    state
        .run(move |s| {
            s.invalidate();
            s.store.restore_structure(id).map_err(api_error)
        })
        .await
}

#[tauri::command]
pub async fn save_person(
    state: State<'_, AppState>,
    structure_id: StructureId,
    id: Option<PersonId>,
    draft: PersonDraft,
) -> CommandResult<Person> {
    state.run(move |s| s.store.save_person(structure_id, id, draft).map_err(api_error)).await
}

#[tauri::command]
pub async fn delete_person(state: State<'_, AppState>, id: PersonId) -> CommandResult<()> {
    state.run(move |s| s.store.delete_person(id).map_err(api_error)).await
}

#[tauri::command]
pub async fn save_visit(
    state: State<'_, AppState>,
    structure_id: StructureId,
    id: Option<VisitId>,
    draft: VisitDraft,
) -> CommandResult<Visit> {
    state.run(move |s| s.store.save_visit(structure_id, id, draft).map_err(api_error)).await
}

#[tauri::command]
pub async fn delete_visit(state: State<'_, AppState>, id: VisitId) -> CommandResult<()> {
    state.run(move |s| s.store.delete_visit(id).map_err(api_error)).await
}

#[tauri::command]
pub fn suggest_communes(query: String) -> Vec<Commune> {
    gironde().suggest(&query, 12).into_iter().cloned().collect()
}

fn import_preview(
    s: &mut crate::state::Session,
    path: &Path,
    mapping: Option<ColumnMapping>,
) -> CommandResult<ImportPreview> {
    let table = files::read_table(path).map_err(api_error)?;
    let mapping = mapping.unwrap_or_else(|| guess_mapping(&table.headers));
    let plan = s.store.plan_import(path, &table, &mapping).map_err(api_error)?;
    Ok(ImportPreview::new(path, &table, mapping, plan))
}

#[tauri::command]
pub async fn pick_import_file(state: State<'_, AppState>) -> CommandResult<Option<ImportPreview>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| match dialogs.open_file("Importer des structures", &SPREADSHEETS) {
            Some(path) => import_preview(s, &path, None).map(Some),
            None => Ok(None),
        })
        .await
}

#[tauri::command]
pub async fn preview_import(
    state: State<'_, AppState>,
    path: PathBuf,
    mapping: ColumnMapping,
) -> CommandResult<ImportPreview> {
    state.run(move |s| import_preview(s, &path, Some(mapping))).await
}

/// Reads and plans the file again: it may have changed since the preview, and the import must
/// apply exactly what its own plan says.
#[tauri::command]
pub async fn apply_import(
    state: State<'_, AppState>,
    path: PathBuf,
    mapping: ColumnMapping,
) -> CommandResult<ImportResult> {
    state
        .run(move |s| {
            let table = files::read_table(&path).map_err(api_error)?;
            let plan = s.store.plan_import(&path, &table, &mapping).map_err(api_error)?;
            s.invalidate();
            let outcome = s.store.apply_import(&plan).map_err(api_error)?;
            Ok(ImportResult { created: outcome.created, updated: outcome.updated })
        })
        .await
}

#[tauri::command]
pub async fn export_structures(state: State<'_, AppState>, query: StructureQuery) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let default_name = format!("annuaire-{}.xlsx", today().format("%Y-%m-%d"));
            let Some(path) = dialogs.save_file("Exporter l'annuaire", &default_name, &EXPORTS) else {
                return Ok(None);
            };
            let structures = s.structures().map_err(api_error)?;
            let hits = SearchIndex::new(structures).query(&query, today());
            let selected: Vec<Structure> = hits.into_iter().map(|i| structures[i].clone()).collect();
            files::write_structures(&path, &selected).map_err(api_error)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

#[tauri::command]
pub async fn backup_database(state: State<'_, AppState>) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let default_name = format!("fabrique-{}.fabrique", today().format("%Y-%m-%d"));
            let Some(path) = dialogs.save_file("Sauvegarder la base", &default_name, &DATABASES) else {
                return Ok(None);
            };
            s.store.backup_to(&path).map_err(api_error)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

#[tauri::command]
pub async fn restore_database(state: State<'_, AppState>) -> CommandResult<Option<RestoreResult>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let Some(path) = dialogs.open_file("Restaurer une sauvegarde", &DATABASES) else {
                return Ok(None);
            };
            s.invalidate();
            let outcome = s.store.restore_from(&path).map_err(api_error)?;
            Ok(Some(RestoreResult { path: path.display().to_string(), erased_again: outcome.erased_again }))
        })
        .await
}

#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>) -> CommandResult<u32> {
    state
        .run(|s| {
            s.invalidate();
            s.store.load_demo(today()).map_err(api_error)
        })
        .await
}

#[tauri::command]
pub async fn export_person(state: State<'_, AppState>, id: PersonId) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let data = s.store.person_export(id).map_err(api_error)?;
            let Some(path) =
                dialogs.save_file("Exporter les données de la personne", &format!("personne-{id}.json"), &JSON)
            else {
                return Ok(None);
            };
            let text = serde_json::to_string_pretty(&data).unwrap_or_default();
            std::fs::write(&path, text).map_err(|e| {
                ApiError::new(
                    "io",
                    format!("Impossible d'écrire « {} » ({e}) : choisissez un autre dossier.", path.display()),
                )
            })?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

#[tauri::command]
pub async fn erasure_preview(state: State<'_, AppState>, id: PersonId) -> CommandResult<ErasureSummary> {
    state.run(move |s| s.store.erasure_preview(id).map(Into::into).map_err(api_error)).await
}

#[tauri::command]
pub async fn erase_person(state: State<'_, AppState>, id: PersonId) -> CommandResult<ErasureSummary> {
    state.run(move |s| s.store.erase_person(id).map(Into::into).map_err(api_error)).await
}

#[tauri::command]
pub async fn mark_person_reviewed(state: State<'_, AppState>, id: PersonId) -> CommandResult<()> {
    state.run(move |s| s.store.mark_person_reviewed(id, today()).map_err(api_error)).await
}

#[tauri::command]
pub async fn stale_people(state: State<'_, AppState>) -> CommandResult<Vec<StalePerson>> {
    state.run(|s| s.store.stale_people(today()).map_err(api_error)).await
}

#[tauri::command]
pub async fn erasures(state: State<'_, AppState>) -> CommandResult<Vec<Erasure>> {
    state
        .run(|s| {
            let erasures = s.store.erasures().map_err(api_error)?;
            Ok(erasures.into_iter().map(|e| Erasure { erased_at: e.erased_at, structure_id: e.structure_id }).collect())
        })
        .await
}
