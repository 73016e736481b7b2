//! What the « Lettre » tab and `fabrique-cli lettre` exchange.

use fabrique_core::lettre::edit::{Newsletter, NewsletterSummary};
use fabrique_core::lettre::Letter;
use serde::Serialize;
use ts_rs::TS;

/// A month of the newsletter: the letter written for it if one was started, otherwise the
/// proposal composed from what the month gathered; and the letters of other months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LetterMonth {
    /// `AAAA-MM`.
    pub month: String,
    pub written: Option<Newsletter>,
    /// The month composed now from the shared items and the publications.
    pub proposal: Letter,
    /// Titles of what the proposal has that the written letter does not (nothing without one).
    pub fresh: Vec<String>,
    /// Every written letter, the latest month first.
    pub past: Vec<NewsletterSummary>,
}
