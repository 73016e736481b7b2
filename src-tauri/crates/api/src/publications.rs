//! What the Communication view and `fabrique-cli publications` exchange.

use fabrique_core::publications::{
    Channel, Flag, Publication, PublicationComment, PublicationImage, PublicationMove, PublicationStatus,
};
use serde::Serialize;
use ts_rs::TS;

/// A publication on the board or the calendar, with what it should point out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PublicationCard {
    pub publication: Publication,
    pub flags: Vec<Flag>,
    /// Where it may move from its status, in the board's order.
    pub moves: Vec<PublicationStatus>,
}

/// Every publication, and how the board should behave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PublicationBoard {
    pub cards: Vec<PublicationCard>,
    /// Days a publication may wait for validation before it is flagged.
    pub waiting_days: u32,
    /// On a team base the account connected validates; on a single desktop a name is asked.
    pub team: bool,
    /// Who is working: the author of what is created here.
    pub who: String,
}

/// One publication opened: its card, its comment thread and its moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PublicationDetail {
    pub card: PublicationCard,
    pub comments: Vec<PublicationComment>,
    /// Newest first.
    pub history: Vec<PublicationMove>,
    /// In the order they were added.
    pub images: Vec<PublicationImage>,
}

/// One line of `fabrique-cli publications list --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PublicationRow {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub status: PublicationStatus,
    pub channels: Vec<Channel>,
    /// Local time, `AAAA-MM-JJTHH:MM`.
    pub planned_at: Option<String>,
    pub author: String,
    pub flags: Vec<Flag>,
}

impl PublicationRow {
    pub fn status_label(&self) -> &'static str {
        self.status.label()
    }

    pub fn new(card: &PublicationCard) -> PublicationRow {
        let p = &card.publication;
        PublicationRow {
            id: p.id,
            title: p.draft.title.clone(),
            status: p.status,
            channels: p.draft.channels.clone(),
            planned_at: p.draft.planned_at.map(|at| at.format("%Y-%m-%dT%H:%M").to_string()),
            author: p.author.clone(),
            flags: card.flags.clone(),
        }
    }
}
