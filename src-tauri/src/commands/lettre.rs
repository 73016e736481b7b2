//! « Lettre »: the month's newsletter, proposed, written and kept, duplicated, marked as sent,
//! and exported as the HTML of an e-mail or as a PDF.

use fabrique_api::LetterMonth;
use fabrique_core::lettre::edit::{Newsletter, NewsletterId};
use fabrique_core::lettre::Letter;
use fabrique_store::files;
use fabrique_usecases::lettre;
use tauri::{AppHandle, Runtime, State};

use super::{save_as, today};
use crate::dialogs::{HTML, PDF};
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn lettre_month(state: State<'_, AppState>, year: i32, month: u32) -> CommandResult<LetterMonth> {
    state.run(move |s| Ok(lettre::month(&s.store, year, month)?)).await
}

/// Starts writing the month's letter from what the month gathered.
#[tauri::command]
pub async fn start_lettre(state: State<'_, AppState>, year: i32, month: u32) -> CommandResult<LetterMonth> {
    state.run(move |s| Ok(lettre::start(&mut s.store, year, month)?)).await
}

/// Starts the month's letter from the letter of another month.
#[tauri::command]
pub async fn duplicate_lettre(
    state: State<'_, AppState>,
    from: NewsletterId,
    year: i32,
    month: u32,
) -> CommandResult<LetterMonth> {
    state.run(move |s| Ok(lettre::duplicate(&mut s.store, from, year, month)?)).await
}

/// Saved against the version the editor opened (`openedVersion`): a letter changed since is refused.
#[tauri::command]
pub async fn save_lettre(
    state: State<'_, AppState>,
    id: NewsletterId,
    letter: Letter,
    opened_version: i64,
) -> CommandResult<Newsletter> {
    state.run(move |s| Ok(lettre::save(&mut s.store, id, letter, Some(opened_version))?)).await
}

#[tauri::command]
pub async fn add_fresh_to_lettre(
    state: State<'_, AppState>,
    id: NewsletterId,
    opened_version: i64,
) -> CommandResult<LetterMonth> {
    state.run(move |s| Ok(lettre::add_fresh(&mut s.store, id, opened_version)?)).await
}

/// `sent`: sent today; otherwise not sent.
#[tauri::command]
pub async fn mark_lettre_sent(state: State<'_, AppState>, id: NewsletterId, sent: bool) -> CommandResult<LetterMonth> {
    state.run(move |s| Ok(lettre::mark_sent(&mut s.store, id, sent.then(today))?)).await
}

#[tauri::command]
pub async fn discard_lettre(state: State<'_, AppState>, id: NewsletterId) -> CommandResult<LetterMonth> {
    state.run(move |s| Ok(lettre::discard(&mut s.store, id)?)).await
}

/// Asks where to write the month's newsletter as the HTML of an e-mail. `None`: cancelled.
#[tauri::command]
pub async fn export_lettre_html(state: State<'_, AppState>, year: i32, month: u32) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let name = format!("lettre-{year}-{month:02}.html");
            save_as(&*dialogs, "Exporter la lettre en HTML", &name, &HTML, |path| {
                files::write_document(path, lettre::html(&s.store, year, month)?.as_bytes())?;
                Ok(())
            })
        })
        .await
}

/// Asks where to write the month's newsletter as a PDF. `None`: cancelled.
#[tauri::command]
pub async fn export_lettre_pdf(state: State<'_, AppState>, year: i32, month: u32) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let name = format!("lettre-{year}-{month:02}.pdf");
            save_as(&*dialogs, "Exporter la lettre en PDF", &name, &PDF, |path| {
                files::write_document(path, &lettre::pdf(&s.store, year, month)?)?;
                Ok(())
            })
        })
        .await
}

/// Shows the month's letter as the e-mail it will be, in a window of its own.
#[tauri::command]
pub async fn show_lettre_email<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
    month: u32,
) -> CommandResult<()> {
    let (title, html) = state
        .run(move |s| Ok((lettre::letter(&s.store, year, month)?.title, lettre::html(&s.store, year, month)?)))
        .await?;
    crate::email_window::show(&app, &format!("Courriel — {title}"), html).map_err(|e| {
        crate::error::CommandError::new(
            fabrique_core::ErrorCode::Internal,
            format!("La fenêtre du courriel n'a pas pu s'ouvrir ({e}) : exportez la lettre en HTML pour la voir."),
        )
    })
}
