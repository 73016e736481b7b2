//! « Communication »: the publications' board, writing, moves, comments and exports.

use fabrique_api::{PublicationBoard, PublicationDetail};
use fabrique_core::publications::{PublicationDraft, PublicationId, StatusMove};
use fabrique_store::files;
use fabrique_usecases::publications;
use tauri::State;

use super::save_as;
use crate::dialogs::{CSV, ICS};
use crate::error::CommandResult;
use crate::state::AppState;

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Local::now().fixed_offset()
}

#[tauri::command]
pub async fn publication_board(state: State<'_, AppState>) -> CommandResult<PublicationBoard> {
    state.run(|s| Ok(publications::board(&s.store, now())?)).await
}

/// How many days a publication may wait for validation before it is pointed out.
#[tauri::command]
pub async fn set_publication_waiting_days(state: State<'_, AppState>, days: u32) -> CommandResult<PublicationBoard> {
    state.run(move |s| Ok(publications::set_waiting_days(&mut s.store, days, now())?)).await
}

#[tauri::command]
pub async fn publication_detail(state: State<'_, AppState>, id: PublicationId) -> CommandResult<PublicationDetail> {
    state.run(move |s| Ok(publications::detail(&s.store, id, now())?)).await
}

#[tauri::command]
pub async fn create_publication(
    state: State<'_, AppState>,
    draft: PublicationDraft,
) -> CommandResult<PublicationDetail> {
    state.run(move |s| Ok(publications::create(&mut s.store, draft, now())?)).await
}

/// Saved against the version the form opened (`openedVersion`): a publication changed since is refused.
#[tauri::command]
pub async fn save_publication(
    state: State<'_, AppState>,
    id: PublicationId,
    draft: PublicationDraft,
    opened_version: Option<i64>,
) -> CommandResult<PublicationDetail> {
    state.run(move |s| Ok(publications::save(&mut s.store, id, draft, opened_version, now())?)).await
}

#[tauri::command]
pub async fn move_publication(
    state: State<'_, AppState>,
    id: PublicationId,
    step: StatusMove,
) -> CommandResult<PublicationDetail> {
    state.run(move |s| Ok(publications::move_to(&mut s.store, id, &step, now())?)).await
}

#[tauri::command]
pub async fn comment_publication(
    state: State<'_, AppState>,
    id: PublicationId,
    text: String,
) -> CommandResult<PublicationDetail> {
    state.run(move |s| Ok(publications::comment(&mut s.store, id, &text, now())?)).await
}

#[tauri::command]
pub async fn delete_publication(state: State<'_, AppState>, id: PublicationId) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.delete_publication(id)?)).await
}

/// Asks where to write the planned publications as iCalendar. `None`: the user cancelled.
#[tauri::command]
pub async fn export_publications_ics(state: State<'_, AppState>) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            save_as(&*dialogs, "Exporter le calendrier des publications", "publications.ics", &ICS, |path| {
                files::write_document(path, publications::calendar(&s.store, now())?.as_bytes())?;
                Ok(())
            })
        })
        .await
}

/// Asks where to write every publication as CSV. `None`: the user cancelled.
#[tauri::command]
pub async fn export_publications_csv(state: State<'_, AppState>) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            save_as(&*dialogs, "Exporter les publications", "publications.csv", &CSV, |path| {
                files::write_document(path, &publications::csv(&s.store, now())?)?;
                Ok(())
            })
        })
        .await
}
