//! What the « Rencontres » view, its « À venir / en retard » list and `fabrique-cli meetings`
//! exchange.

use chrono::NaiveDate;
use fabrique_core::meetings::{FollowUp, Meeting};
use serde::Serialize;
use ts_rs::TS;

use crate::{DossierRow, PartnerRow};

/// A meeting with the names of whom it concerned, and what its follow-ups ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MeetingRow {
    pub meeting: Meeting,
    pub structures: Vec<String>,
    pub partners: Vec<String>,
    /// « 14 h 30, 1 h 30, visio ».
    pub when_and_where: String,
    pub open_follow_ups: u32,
    pub overdue_follow_ups: u32,
}

/// A follow-up past its date, with its meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OverdueFollowUp {
    pub follow_up: FollowUp,
    #[ts(type = "number")]
    pub meeting_id: i64,
    pub meeting_title: String,
    pub held_on: Option<NaiveDate>,
}

/// « À venir / en retard »: what the team has to do next.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Agenda {
    /// Meetings from today on, the soonest first.
    pub upcoming: Vec<MeetingRow>,
    /// Follow-ups past their date, the oldest first.
    pub overdue: Vec<OverdueFollowUp>,
    /// Partners whose « relancer tous les N mois » has come.
    pub to_contact: Vec<PartnerRow>,
    /// Dossiers whose financial report is due within a month, or late.
    pub reports: Vec<DossierRow>,
}
