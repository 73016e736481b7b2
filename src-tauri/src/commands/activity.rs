//! « Activité »: the latest changes of the base, with their authors.

use fabrique_core::activity::ActivityEntry;
use fabrique_usecases::activity;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn activity(state: State<'_, AppState>) -> CommandResult<Vec<ActivityEntry>> {
    state.run(|s| Ok(activity::latest(&s.store, activity::SHOWN)?)).await
}
