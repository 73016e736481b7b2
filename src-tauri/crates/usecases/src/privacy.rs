//! Personal data under the RGPD: the people to check again, everything about a person, and erasure.

use chrono::NaiveDate;
use fabrique_core::privacy::erasure::ErasureReport;
use fabrique_core::privacy::StalePerson;
use fabrique_core::PersonId;
use fabrique_store::Store;

use crate::Result;

/// The people whose data has not been checked for three years.
pub fn stale_people(store: &Store, today: NaiveDate) -> Result<Vec<StalePerson>> {
    Ok(store.stale_people(today)?)
}

/// Everything recorded about a person, as JSON (the right of access).
pub fn export_person(store: &Store, id: PersonId) -> Result<serde_json::Value> {
    Ok(store.person_export(id)?)
}

/// What erasing the person would remove, place by place; nothing is written.
pub fn erasure_preview(store: &Store, id: PersonId) -> Result<ErasureReport> {
    Ok(store.erasure_preview(id)?)
}

/// Erases the person everywhere (only the trace of the erasure stays) and says what was removed.
pub fn erase_person(store: &mut Store, id: PersonId) -> Result<ErasureReport> {
    Ok(store.erase_person(id)?)
}
