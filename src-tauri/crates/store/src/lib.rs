//! Fabrique's storage: the directory kept in one SQLite file, and the spreadsheets it is imported
//! from and exported to.
//!
//! [`Store`] owns the database connection. It upgrades older files through [`migrations`] (after
//! keeping a copy), refuses files it must not touch (newer schema, not a Fabrique base), and runs
//! every multi-row change in one transaction so a failure never leaves half an import or half an
//! erasure behind. The rules themselves (validation, import planning, export rows, RGPD review)
//! come from `fabrique_core`; this crate only persists their results. [`files`] turns CSV and
//! spreadsheet files into `fabrique_core::import::Table` and writes exports.

mod activity;
mod database;
mod demo;
mod dossier_life;
mod dossiers;
mod drafts;
mod erasure;
mod error;
pub mod files;
mod fsutil;
pub mod location;
mod meetings;
pub mod migrations;
mod newsletters;
mod partners;
mod people;
mod privacy;
mod publication_images;
mod publications;
pub mod rgpd;
pub mod rgpd_tallies;
mod rows;
mod sql;
mod structure_rows;
mod structures;
pub mod survey;
pub mod team;
pub mod veille;
pub mod veille_fetch;

use std::path::PathBuf;

use fabrique_core::StructureId;
use serde::{Deserialize, Serialize};

pub use database::Replacement;
pub use dossiers::{SavedChanges, VERSION_EVERY_MINUTES};
pub use drafts::FormDraft;
pub use error::{Result, StoreError};
pub use fabrique_core::privacy::erasure::ERASED_NAME;
pub use team::choice::BaseChoice;
pub use team::{TeamAddress, TeamBase, TeamServer, TransferReport};

/// The directory database: the local SQLite file or the team base. One per open base; not shared
/// between threads without a lock.
#[derive(Debug)]
pub struct Store {
    connection: Connection,
    path: Option<PathBuf>,
    /// How many times the whole base was replaced (restore, demo): a copy made through the backup
    /// interface counts in neither of SQLite's change counters.
    replacements: u64,
    /// A team base's form drafts, kept in a file on this computer (see [`Store::keep_drafts_in`]).
    team_drafts: Option<rusqlite::Connection>,
}

#[derive(Debug)]
enum Connection {
    Local(rusqlite::Connection),
    Team(Box<sql::TeamConnection>),
}

/// See [`Store::change_stamp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeStamp {
    other_connections: i64,
    this_connection: u64,
    replacements: u64,
}

impl ChangeStamp {
    /// The stamp as text, for a window that asks every few seconds whether anything changed.
    pub fn token(&self) -> String {
        format!("{:x}-{:x}-{:x}", self.other_connections, self.this_connection, self.replacements)
    }
}

impl Store {
    /// The base, whichever engine it is on, for the operations written for both.
    pub(crate) fn db(&self) -> &dyn sql::Sql {
        match &self.connection {
            Connection::Local(conn) => conn,
            Connection::Team(team) => &**team,
        }
    }

    /// The local SQLite connection, for the operations not yet written for the team base.
    pub(crate) fn local(&self) -> Result<&rusqlite::Connection> {
        match &self.connection {
            Connection::Local(conn) => Ok(conn),
            Connection::Team(_) => Err(StoreError::NotOnTeamBaseYet),
        }
    }

    pub(crate) fn local_mut(&mut self) -> Result<&mut rusqlite::Connection> {
        match &mut self.connection {
            Connection::Local(conn) => Ok(conn),
            Connection::Team(_) => Err(StoreError::NotOnTeamBaseYet),
        }
    }

    /// A transaction that writes on the local file: it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), waiting for another window or command that is writing (up to the busy
    /// timeout), rather than reading first and failing when it comes to write.
    pub(crate) fn write(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self.local_mut()?.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// A transaction that writes, on either engine (see [`sql::Write::begin`]).
    pub(crate) fn begin(&self) -> Result<sql::Write<'_>> {
        sql::Write::begin(self.db())
    }

    /// Whether this is a team base on a server rather than a local file.
    pub fn is_team_base(&self) -> bool {
        matches!(self.connection, Connection::Team(_))
    }

    /// Who the histories say did what: the account on a team base (which the server writes
    /// itself anyway), the computer's session user on a local base.
    pub fn author(&self) -> String {
        match &self.connection {
            Connection::Team(team) => team.address().user().to_string(),
            Connection::Local(_) => session_user(),
        }
    }
}

/// The user logged in on this computer (`USERNAME` on Windows, `USER` elsewhere), or empty.
fn session_user() -> String {
    ["USERNAME", "USER", "LOGNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()))
        .unwrap_or_default()
}

/// The trace an erasure leaves: when, and for which structure, never whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    /// RFC 3339, UTC.
    pub erased_at: String,
    pub structure_id: Option<StructureId>,
}

/// What [`Store::restore_from`] did beyond copying the backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RestoreOutcome {
    /// People erased after the backup was made, who came back with it and were erased again.
    pub erased_again: u32,
    /// On a team base: the file the replaced base was copied to first.
    pub kept: Option<PathBuf>,
}

/// What [`Store::apply_import`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImportOutcome {
    pub created: u32,
    pub updated: u32,
}

/// The current time as stored in `updated_at` and `erased_at`: RFC 3339, UTC, to the second.
fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
