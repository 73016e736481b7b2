//! Autosave: what a user is typing in a form, kept in the base until they save or discard it, so
//! that closing or killing the app never loses it. On a team base, drafts stay on this computer
//! (a small SQLite file, [`Store::keep_drafts_in`]): half-typed text is nobody else's, and it is
//! kept even while the server cannot be reached.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{During, Result, StoreError};
use crate::{now, Store};

/// A form's unsaved content, as the interface wrote it (JSON text the store does not read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDraft {
    pub content: String,
    /// RFC 3339, UTC.
    pub saved_at: String,
}

/// Far above any form's content: a guard against filling the base by mistake.
const MAX_DRAFT_BYTES: usize = 1 << 20;

/// The drafts table, as the local base has it.
const DRAFTS_TABLE: &str = "CREATE TABLE IF NOT EXISTS form_drafts (
    key TEXT PRIMARY KEY,
    content TEXT NOT NULL,
    saved_at TEXT NOT NULL
)";

impl Store {
    /// Keeps a team base's form drafts in the SQLite file at `path` (created if need be).
    pub fn keep_drafts_in(&mut self, path: &std::path::Path) -> Result<()> {
        let action = "l'ouverture des brouillons de ce poste";
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(StoreError::io("de créer le dossier", folder))?;
        }
        let conn = rusqlite::Connection::open(path).during(action)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).during(action)?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).during(action)?;
        conn.execute_batch(DRAFTS_TABLE).during(action)?;
        self.team_drafts = Some(conn);
        Ok(())
    }

    /// The drafts kept on this computer, if any (a team base without a drafts file has none).
    pub(crate) fn drafts_on_this_computer(&self) -> Option<&rusqlite::Connection> {
        self.drafts().ok()
    }

    /// Where this base's drafts are kept.
    fn drafts(&self) -> Result<&rusqlite::Connection> {
        match &self.team_drafts {
            Some(conn) => Ok(conn),
            None => self.local(),
        }
    }

    /// Keeps `content` as the draft of the form `key`, replacing the previous one.
    pub fn save_form_draft(&self, key: &str, content: &str) -> Result<()> {
        if content.len() > MAX_DRAFT_BYTES {
            return Err(StoreError::DraftTooLarge { bytes: content.len() });
        }
        self.drafts()?.execute(
            "INSERT INTO form_drafts (key, content, saved_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (key) DO UPDATE SET content = excluded.content, saved_at = excluded.saved_at",
            params![key, content, now()],
        )?;
        Ok(())
    }

    pub fn form_draft(&self, key: &str) -> Result<Option<FormDraft>> {
        let draft = self
            .drafts()?
            .query_row("SELECT content, saved_at FROM form_drafts WHERE key = ?1", [key], |r| {
                Ok(FormDraft { content: r.get(0)?, saved_at: r.get(1)? })
            })
            .optional()?;
        Ok(draft)
    }

    /// Forgets the draft of `key` (saved, or discarded by the user); nothing happens if there is none.
    pub fn discard_form_draft(&self, key: &str) -> Result<()> {
        self.drafts()?.execute("DELETE FROM form_drafts WHERE key = ?1", [key])?;
        Ok(())
    }
}
