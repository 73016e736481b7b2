//! The federation's partners: the list with when to get back to each, a partner's page with the
//! dossiers addressed to it, and its form.

use chrono::NaiveDate;
use fabrique_api::{PartnerDetail, PartnerRow};
use fabrique_core::partners::{contact_due, Partner, PartnerDraft, PartnerId};
use fabrique_store::Store;

use crate::Result;

fn row(
    partner: Partner,
    recorded: NaiveDate,
    last_contact: Option<NaiveDate>,
    dossiers: u32,
    today: NaiveDate,
) -> PartnerRow {
    let due = contact_due(partner.draft.follow_up_months, last_contact, recorded);
    PartnerRow { partner, last_contact, contact_due: due, to_contact: due.is_some_and(|d| d <= today), dossiers }
}

/// Every partner, by name.
pub fn rows(store: &Store, today: NaiveDate) -> Result<Vec<PartnerRow>> {
    let recorded = store.partners_recorded_on()?;
    let outcomes = store.dossier_outcomes()?;
    let last_contacts = store.partners_last_met(today)?;
    Ok(store
        .partners()?
        .into_iter()
        .map(|p| {
            let on = recorded
                .iter()
                .find(|(id, _)| *id == p.id)
                .and_then(|(_, day)| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
                .unwrap_or(today);
            let dossiers = outcomes.values().filter(|o| o.funder_partner_id == Some(p.id)).count() as u32;
            let last = last_contacts.get(&p.id).copied();
            row(p, on, last, dossiers, today)
        })
        .collect())
}

pub fn detail(store: &Store, id: PartnerId, today: NaiveDate) -> Result<PartnerDetail> {
    let partner = store.partner(id)?;
    let row = rows(store, today)?.into_iter().find(|r| r.partner.id == id).unwrap_or(PartnerRow {
        partner,
        last_contact: None,
        contact_due: None,
        to_contact: false,
        dossiers: 0,
    });
    let dossiers =
        crate::dossiers::rows(store, today)?.into_iter().filter(|d| d.outcome.funder_partner_id == Some(id)).collect();
    Ok(PartnerDetail { row, contacts: store.partner_contacts(id)?, dossiers })
}

pub fn create(store: &mut Store, draft: PartnerDraft, today: NaiveDate) -> Result<PartnerDetail> {
    let id = store.create_partner(draft)?.id;
    detail(store, id, today)
}

pub fn save(
    store: &mut Store,
    id: PartnerId,
    draft: PartnerDraft,
    opened_version: Option<i64>,
    today: NaiveDate,
) -> Result<PartnerDetail> {
    store.save_partner(id, draft, opened_version)?;
    detail(store, id, today)
}

/// Creates (`person` None) or changes a partner's contact, against the version the form opened.
pub fn save_contact(
    store: &mut Store,
    partner: PartnerId,
    person: Option<fabrique_core::PersonId>,
    draft: fabrique_core::PersonDraft,
    opened_version: Option<i64>,
    today: NaiveDate,
) -> Result<PartnerDetail> {
    store.save_partner_contact(partner, person, draft, opened_version)?;
    detail(store, partner, today)
}
