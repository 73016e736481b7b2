//! What the news watch (« veille ») and `fabrique-cli veille` exchange.

use fabrique_core::veille::{Item, Source};
use serde::Serialize;
use ts_rs::TS;

/// The feeds followed and every item found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VeilleView {
    pub sources: Vec<Source>,
    pub items: Vec<Item>,
    /// The suggested tags, then those already used.
    pub tags: Vec<String>,
}

/// What fetching one feed did (`fabrique-cli veille fetch --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FetchReport {
    #[ts(type = "number")]
    pub source_id: i64,
    pub url: String,
    pub title: String,
    pub new_items: usize,
    /// Why it failed, in French; `null` when it worked.
    pub error: Option<String>,
}
