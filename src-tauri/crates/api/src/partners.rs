//! What the « Partenaires » view and `fabrique-cli partners` exchange.

use chrono::NaiveDate;
use fabrique_core::partners::Partner;
use fabrique_core::Person;
use serde::Serialize;
use ts_rs::TS;

use crate::DossierRow;

/// A partner in the list, with when to get back to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PartnerRow {
    pub partner: Partner,
    /// The last meeting with it, if any.
    pub last_contact: Option<NaiveDate>,
    /// When to get back to it (« relancer tous les N mois »), if a rhythm is set.
    pub contact_due: Option<NaiveDate>,
    /// The due date has come.
    pub to_contact: bool,
    /// Dossiers addressed to it.
    pub dossiers: u32,
}

/// A partner's page: its record, its contacts, and the dossiers addressed to it with their outcome.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PartnerDetail {
    pub row: PartnerRow,
    /// By last name; the same records and RGPD duties as the directory's people.
    pub contacts: Vec<Person>,
    pub dossiers: Vec<DossierRow>,
}
