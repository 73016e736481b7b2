//! « Communication »: the publications' board, writing, moves, comments and exports.

use fabrique_api::{PublicationBoard, PublicationDetail};
use fabrique_core::publications::{PublicationDraft, PublicationId, StatusMove};
use fabrique_store::files;
use fabrique_usecases::publications;
use tauri::State;

use super::save_as;
use crate::dialogs::{CSV, ICS, IMAGES, JPEG, PNG};
use crate::error::CommandResult;
use crate::state::{on_blocking_thread, AppState};

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

/// Asks for a picture and adds it to the publication, reduced and without its metadata. The
/// file is read and prepared before the base is taken. `None`: cancelled.
#[tauri::command]
pub async fn add_publication_image(
    state: State<'_, AppState>,
    id: PublicationId,
) -> CommandResult<Option<PublicationDetail>> {
    let dialogs = state.dialogs()?;
    let prepared = on_blocking_thread(move || {
        let Some(path) = dialogs.open_file("Ajouter une image à la publication", &IMAGES) else { return Ok(None) };
        Ok(Some(publications::prepare_image(&path)?))
    })
    .await?;
    let Some((name, picture)) = prepared else { return Ok(None) };
    state.run(move |s| Ok(Some(publications::add_image(&mut s.store, id, &name, &picture, now())?))).await
}

/// A picture as a `data:` address, for the window to show.
#[tauri::command]
pub async fn publication_image_data(state: State<'_, AppState>, image: i64) -> CommandResult<String> {
    use base64::Engine;
    let (media_type, bytes) = state.run(move |s| Ok(s.store.publication_image_bytes(image)?)).await?;
    Ok(format!("data:{media_type};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

#[tauri::command]
pub async fn delete_publication_image(state: State<'_, AppState>, image: i64) -> CommandResult<PublicationDetail> {
    state.run(move |s| Ok(publications::remove_image(&mut s.store, image, now())?)).await
}

/// Asks where to save a picture, to post it by hand. `None`: cancelled.
#[tauri::command]
pub async fn export_publication_image(
    state: State<'_, AppState>,
    image: i64,
    name: String,
) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let (media_type, bytes) = s.store.publication_image_bytes(image)?;
            let (filter, extension) = if media_type == "image/png" { (&PNG, "png") } else { (&JPEG, "jpg") };
            let stem = std::path::Path::new(&name).file_stem().map(|s| s.to_string_lossy().into_owned());
            let file_name = format!("{}.{extension}", stem.filter(|s| !s.is_empty()).unwrap_or_else(|| "image".into()));
            save_as(&*dialogs, "Enregistrer l'image", &file_name, filter, |path| {
                files::write_document(path, &bytes)?;
                Ok(())
            })
        })
        .await
}
