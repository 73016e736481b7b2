//! A dossier's « Suivi »: its status and decision, the partner it is addressed to, the payments,
//! the financial report owed; and the year's totals, shown and exported as a workbook.

use chrono::NaiveDate;
use fabrique_api::DossierLifeView;
use fabrique_core::dossier::life::{StatusChange, Totals};
use fabrique_core::dossier::DossierId;
use fabrique_core::partners::PartnerId;
use fabrique_usecases::dossier_life;
use tauri::State;

use super::{save_as, today};
use crate::dialogs::XLSX;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn dossier_life(state: State<'_, AppState>, id: DossierId) -> CommandResult<DossierLifeView> {
    state.run(move |s| Ok(dossier_life::view(&s.store, id, today())?)).await
}

#[tauri::command]
pub async fn set_dossier_status(
    state: State<'_, AppState>,
    id: DossierId,
    change: StatusChange,
) -> CommandResult<DossierLifeView> {
    state.run(move |s| Ok(dossier_life::set_status(&mut s.store, id, &change, today())?)).await
}

#[tauri::command]
pub async fn set_dossier_funder(
    state: State<'_, AppState>,
    id: DossierId,
    partner: Option<PartnerId>,
) -> CommandResult<DossierLifeView> {
    state.run(move |s| Ok(dossier_life::set_funder(&mut s.store, id, partner, today())?)).await
}

#[tauri::command]
pub async fn set_dossier_report(
    state: State<'_, AppState>,
    id: DossierId,
    due_on: Option<NaiveDate>,
    sent_on: Option<NaiveDate>,
) -> CommandResult<DossierLifeView> {
    state.run(move |s| Ok(dossier_life::set_report(&mut s.store, id, due_on, sent_on, today())?)).await
}

#[tauri::command]
pub async fn add_dossier_payment(
    state: State<'_, AppState>,
    id: DossierId,
    received_on: NaiveDate,
    amount_cents: i64,
    note: String,
) -> CommandResult<DossierLifeView> {
    state
        .run(move |s| Ok(dossier_life::add_payment(&mut s.store, id, received_on, amount_cents, &note, today())?))
        .await
}

#[tauri::command]
pub async fn delete_dossier_payment(state: State<'_, AppState>, payment: i64) -> CommandResult<DossierLifeView> {
    state.run(move |s| Ok(dossier_life::remove_payment(&mut s.store, payment, today())?)).await
}

#[tauri::command]
pub async fn dossier_totals(state: State<'_, AppState>, year: i32) -> CommandResult<Vec<Totals>> {
    state.run(move |s| Ok(dossier_life::totals(&s.store, year, today())?)).await
}

/// Asks where to write the year's totals as a workbook. `None`: cancelled.
#[tauri::command]
pub async fn export_dossier_totals(state: State<'_, AppState>, year: i32) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            save_as(&*dialogs, "Exporter les totaux", &format!("subventions-{year}.xlsx"), &XLSX, |path| {
                dossier_life::export_totals(&s.store, year, path, today())?;
                Ok(())
            })
        })
        .await
}
