//! The directory's commands: search, structures and their people and visits, import and export.

use std::path::PathBuf;

use fabrique_api::{DirectoryPage, ImportPreview, ImportResult};
use fabrique_core::communes::{gironde, Commune};
use fabrique_core::import::ColumnMapping;
use fabrique_core::search::StructureQuery;
use fabrique_core::validate::FieldProblem;
use fabrique_core::{
    Person, PersonDraft, PersonId, Structure, StructureDetail, StructureDraft, StructureId, Visit, VisitDraft, VisitId,
};
use fabrique_usecases::directory;
use tauri::State;

use super::{save_as, today};
use crate::dialogs::{EXPORTS, SPREADSHEETS};
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn search_structures(state: State<'_, AppState>, query: StructureQuery) -> CommandResult<DirectoryPage> {
    state
        .run(move |s| {
            let (structures, people) = s.directory()?;
            Ok(DirectoryPage::for_query(structures, people, &query, today()))
        })
        .await
}

#[tauri::command]
pub async fn structure_detail(state: State<'_, AppState>, id: StructureId) -> CommandResult<StructureDetail> {
    state.run(move |s| Ok(s.store.structure_detail(id)?)).await
}

/// Every reason the structure form cannot be saved as it is, checked as the user types once a
/// save has been tried: the same rules as saving, without touching the base.
#[tauri::command]
pub fn check_structure(draft: StructureDraft) -> Vec<FieldProblem> {
    fabrique_core::validate::structure_problems(&draft)
}

#[tauri::command]
pub async fn create_structure(state: State<'_, AppState>, draft: StructureDraft) -> CommandResult<Structure> {
    state.run(move |s| Ok(s.store.create_structure(draft)?)).await
}

#[tauri::command]
pub async fn update_structure(
    state: State<'_, AppState>,
    id: StructureId,
    draft: StructureDraft,
    opened_version: Option<i64>,
) -> CommandResult<Structure> {
    state.run(move |s| Ok(s.store.update_structure(id, draft, opened_version)?)).await
}

#[tauri::command]
pub async fn delete_structure(state: State<'_, AppState>, id: StructureId) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.delete_structure(id)?)).await
}

#[tauri::command]
pub async fn restore_structure(state: State<'_, AppState>, id: StructureId) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.restore_structure(id)?)).await
}

#[tauri::command]
pub async fn save_person(
    state: State<'_, AppState>,
    structure_id: StructureId,
    id: Option<PersonId>,
    draft: PersonDraft,
    opened_version: Option<i64>,
) -> CommandResult<Person> {
    state.run(move |s| Ok(s.store.save_person(structure_id, id, draft, opened_version)?)).await
}

#[tauri::command]
pub async fn delete_person(state: State<'_, AppState>, id: PersonId) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.delete_person(id)?)).await
}

#[tauri::command]
pub async fn save_visit(
    state: State<'_, AppState>,
    structure_id: StructureId,
    id: Option<VisitId>,
    draft: VisitDraft,
    opened_version: Option<i64>,
) -> CommandResult<Visit> {
    state.run(move |s| Ok(s.store.save_visit(structure_id, id, draft, opened_version)?)).await
}

#[tauri::command]
pub async fn delete_visit(state: State<'_, AppState>, id: VisitId) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.delete_visit(id)?)).await
}

#[tauri::command]
pub fn suggest_communes(query: String) -> Vec<Commune> {
    gironde().suggest(&query, 12).into_iter().cloned().collect()
}

#[tauri::command]
pub async fn pick_import_file(state: State<'_, AppState>) -> CommandResult<Option<ImportPreview>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| match dialogs.open_file("Importer des structures", &SPREADSHEETS) {
            Some(path) => Ok(Some(directory::plan_import(&s.store, &path, None)?)),
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
    state.run(move |s| Ok(directory::plan_import(&s.store, &path, Some(mapping))?)).await
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
            let outcome = directory::import(&mut s.store, &path, Some(mapping))?;
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
            save_as(&*dialogs, "Exporter l'annuaire", &default_name, &EXPORTS, |path| {
                let (structures, people) = s.directory()?;
                directory::export(structures, people, &query, path, today())?;
                Ok(())
            })
        })
        .await
}

#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>) -> CommandResult<u32> {
    state.run(|s| Ok(directory::load_demo(&mut s.store, today())?)).await
}
