//! « Partenaires »: the partners, their meetings with the follow-ups, the minutes as a PDF, and
//! « À venir / en retard ».

use fabrique_api::{Agenda, MeetingRow, PartnerDetail, PartnerRow};
use fabrique_core::meetings::{MeetingDraft, MeetingId};
use fabrique_core::partners::{PartnerDraft, PartnerId};
use fabrique_store::files;
use fabrique_usecases::{meetings, partners};
use tauri::State;

use super::{save_as, today};
use crate::dialogs::PDF;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn partner_rows(state: State<'_, AppState>) -> CommandResult<Vec<PartnerRow>> {
    state.run(|s| Ok(partners::rows(&s.store, today())?)).await
}

#[tauri::command]
pub async fn partner_detail(state: State<'_, AppState>, id: PartnerId) -> CommandResult<PartnerDetail> {
    state.run(move |s| Ok(partners::detail(&s.store, id, today())?)).await
}

#[tauri::command]
pub async fn create_partner(state: State<'_, AppState>, draft: PartnerDraft) -> CommandResult<PartnerDetail> {
    state.run(move |s| Ok(partners::create(&mut s.store, draft, today())?)).await
}

/// Saved against the version the form opened (`openedVersion`).
#[tauri::command]
pub async fn save_partner(
    state: State<'_, AppState>,
    id: PartnerId,
    draft: PartnerDraft,
    opened_version: i64,
) -> CommandResult<PartnerDetail> {
    state.run(move |s| Ok(partners::save(&mut s.store, id, draft, Some(opened_version), today())?)).await
}

/// A contact of the partner created (`person` null) or changed, against `openedVersion`.
#[tauri::command]
pub async fn save_partner_contact(
    state: State<'_, AppState>,
    partner: PartnerId,
    person: Option<fabrique_core::PersonId>,
    draft: fabrique_core::PersonDraft,
    opened_version: Option<i64>,
) -> CommandResult<PartnerDetail> {
    state.run(move |s| Ok(partners::save_contact(&mut s.store, partner, person, draft, opened_version, today())?)).await
}

#[tauri::command]
pub async fn delete_partner(state: State<'_, AppState>, id: PartnerId) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.delete_partner(id)?)).await
}

#[tauri::command]
pub async fn meeting_rows(state: State<'_, AppState>) -> CommandResult<Vec<MeetingRow>> {
    state.run(|s| Ok(meetings::rows(&s.store, None, None, today())?)).await
}

#[tauri::command]
pub async fn create_meeting(state: State<'_, AppState>, draft: MeetingDraft) -> CommandResult<MeetingRow> {
    state.run(move |s| Ok(meetings::create(&mut s.store, draft, today())?)).await
}

/// Saved against the version the form opened (`openedVersion`).
#[tauri::command]
pub async fn save_meeting(
    state: State<'_, AppState>,
    id: MeetingId,
    draft: MeetingDraft,
    opened_version: i64,
) -> CommandResult<MeetingRow> {
    state.run(move |s| Ok(meetings::save(&mut s.store, id, draft, Some(opened_version), today())?)).await
}

#[tauri::command]
pub async fn delete_meeting(state: State<'_, AppState>, id: MeetingId) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.delete_meeting(id)?)).await
}

/// Closes a follow-up today (`done`), or opens it again.
#[tauri::command]
pub async fn set_follow_up_done(state: State<'_, AppState>, id: i64, done: bool) -> CommandResult<MeetingRow> {
    state.run(move |s| Ok(meetings::set_follow_up_done(&mut s.store, id, done, today())?)).await
}

#[tauri::command]
pub async fn agenda(state: State<'_, AppState>) -> CommandResult<Agenda> {
    state.run(|s| Ok(meetings::agenda(&s.store, today())?)).await
}

/// Asks where to write a meeting's minutes as a PDF. `None`: cancelled.
#[tauri::command]
pub async fn export_meeting_pdf(state: State<'_, AppState>, id: MeetingId) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let day = s.store.meeting(id)?.day();
            save_as(&*dialogs, "Exporter le compte rendu en PDF", &format!("compte-rendu-{day}.pdf"), &PDF, |path| {
                files::write_document(path, &meetings::minutes_pdf(&s.store, id, today())?)?;
                Ok(())
            })
        })
        .await
}
