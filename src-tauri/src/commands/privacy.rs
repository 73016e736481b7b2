//! The personal-data commands (« Données personnelles »): people to check again, a person's data,
//! erasure and its trace.

use fabrique_api::{Erasure, ErasureSummary};
use fabrique_core::privacy::StalePerson;
use fabrique_core::PersonId;
use fabrique_usecases::privacy;
use tauri::State;

use super::{save_as, today};
use crate::dialogs::JSON;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn export_person(state: State<'_, AppState>, id: PersonId) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let data = privacy::export_person(&s.store, id)?;
            save_as(&*dialogs, "Exporter les données de la personne", &format!("personne-{id}.json"), &JSON, |path| {
                let text = serde_json::to_string_pretty(&data).unwrap_or_default();
                fabrique_store::files::write_document(path, text.as_bytes())?;
                Ok(())
            })
        })
        .await
}

#[tauri::command]
pub async fn erasure_preview(state: State<'_, AppState>, id: PersonId) -> CommandResult<ErasureSummary> {
    state.run(move |s| Ok(privacy::erasure_preview(&s.store, id)?.into())).await
}

#[tauri::command]
pub async fn erase_person(state: State<'_, AppState>, id: PersonId) -> CommandResult<ErasureSummary> {
    state.run(move |s| Ok(privacy::erase_person(&mut s.store, id)?.into())).await
}

#[tauri::command]
pub async fn mark_person_reviewed(state: State<'_, AppState>, id: PersonId) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.mark_person_reviewed(id, today())?)).await
}

#[tauri::command]
pub async fn stale_people(state: State<'_, AppState>) -> CommandResult<Vec<StalePerson>> {
    state.run(|s| Ok(privacy::stale_people(&s.store, today())?)).await
}

#[tauri::command]
pub async fn erasures(state: State<'_, AppState>) -> CommandResult<Vec<Erasure>> {
    state
        .run(|s| {
            let erasures = s.store.erasures()?;
            Ok(erasures.into_iter().map(|e| Erasure { erased_at: e.erased_at, structure_id: e.structure_id }).collect())
        })
        .await
}
