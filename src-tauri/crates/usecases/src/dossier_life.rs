//! A dossier after it is sent (« Suivi »): its status and decision, the partner it is addressed
//! to, the payments received, the financial report owed; and the year's totals per funder, shown
//! and exported as a workbook.

use std::path::Path;

use chrono::NaiveDate;
use fabrique_api::{DossierLifeView, LifeFacts, PartnerOption};
use fabrique_core::dossier::life::{report_reminder, totals as count_totals, Counted, StatusChange, Totals};
use fabrique_core::dossier::{prepare, DossierId};
use fabrique_core::partners::PartnerId;
use fabrique_store::Store;

use crate::Result;

/// What a dossier's row says of its life.
pub fn facts(store: &Store, id: DossierId, today: NaiveDate) -> Result<LifeFacts> {
    let outcome = store.dossier_outcome(id)?;
    let funder_name = match outcome.funder_partner_id {
        Some(partner) => Some(store.partner(partner)?.draft.name),
        None => None,
    };
    let received_cents = store.dossier_payments(id)?.iter().map(|p| p.amount_cents).sum();
    let reminder = report_reminder(&outcome, today);
    Ok(LifeFacts { outcome, funder_name, received_cents, reminder })
}

/// The « Suivi » panel.
pub fn view(store: &Store, id: DossierId, today: NaiveDate) -> Result<DossierLifeView> {
    let (dossier, facts, _) = store.cited_dossier_bundle(id, today)?;
    let asked_cents = prepare(&dossier, &facts).summary.requested_cents;
    let outcome = store.dossier_outcome(id)?;
    let payments = store.dossier_payments(id)?;
    Ok(DossierLifeView {
        id,
        asked_cents,
        received_cents: payments.iter().map(|p| p.amount_cents).sum(),
        moves: outcome.status.next().to_vec(),
        reminder: report_reminder(&outcome, today),
        outcome,
        payments,
        partners: store.partners()?.into_iter().map(|p| PartnerOption { id: p.id, name: p.draft.name }).collect(),
    })
}

pub fn set_status(
    store: &mut Store,
    id: DossierId,
    change: &StatusChange,
    today: NaiveDate,
) -> Result<DossierLifeView> {
    store.set_dossier_status(id, change)?;
    view(store, id, today)
}

pub fn set_funder(
    store: &mut Store,
    id: DossierId,
    partner: Option<PartnerId>,
    today: NaiveDate,
) -> Result<DossierLifeView> {
    store.set_dossier_funder_partner(id, partner)?;
    view(store, id, today)
}

pub fn set_report(
    store: &mut Store,
    id: DossierId,
    due_on: Option<NaiveDate>,
    sent_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<DossierLifeView> {
    store.set_dossier_report(id, due_on, sent_on)?;
    view(store, id, today)
}

pub fn add_payment(
    store: &mut Store,
    id: DossierId,
    received_on: NaiveDate,
    amount_cents: i64,
    note: &str,
    today: NaiveDate,
) -> Result<DossierLifeView> {
    store.add_dossier_payment(id, received_on, amount_cents, note)?;
    view(store, id, today)
}

pub fn remove_payment(store: &mut Store, payment: i64, today: NaiveDate) -> Result<DossierLifeView> {
    let id = store.delete_dossier_payment(payment)?;
    view(store, id, today)
}

/// The year's totals per funder (the partner a dossier is addressed to, else its budget's
/// funder), then the year's total.
pub fn totals(store: &Store, year: i32, today: NaiveDate) -> Result<Vec<Totals>> {
    let rows = crate::dossiers::rows(store, today)?;
    let counted: Vec<Counted<'_>> = rows
        .iter()
        .map(|r| Counted {
            year: r.year,
            funder: r.funder_name.as_deref().unwrap_or(r.funder.label()),
            status: r.outcome.status,
            asked_cents: r.asked_cents,
            granted_cents: r.outcome.granted_cents,
            received_cents: r.received_cents,
        })
        .collect();
    Ok(count_totals(year, &counted))
}

pub fn export_totals(store: &Store, year: i32, path: &Path, today: NaiveDate) -> Result<()> {
    Ok(fabrique_store::files::totals::write_totals_xlsx(path, year, &totals(store, year, today)?)?)
}
