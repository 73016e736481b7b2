//! « Activité »: the latest changes of the base with their authors, for the window's view and for
//! `fabrique-cli activity`.

use fabrique_core::activity::ActivityEntry;
use fabrique_store::Store;

use crate::Result;

/// How many changes the view shows when nothing else is asked.
pub const SHOWN: usize = 200;

/// The `limit` latest changes of every history, newest first.
pub fn latest(store: &Store, limit: usize) -> Result<Vec<ActivityEntry>> {
    Ok(store.activity(limit)?)
}
