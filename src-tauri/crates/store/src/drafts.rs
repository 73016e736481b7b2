//! Autosave: what a user is typing in a form, kept in the base until they save or discard it, so
//! that closing or killing the app never loses it.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
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

impl Store {
    /// Keeps `content` as the draft of the form `key`, replacing the previous one.
    pub fn save_form_draft(&self, key: &str, content: &str) -> Result<()> {
        if content.len() > MAX_DRAFT_BYTES {
            return Err(StoreError::DraftTooLarge { bytes: content.len() });
        }
        self.local()?.execute(
            "INSERT INTO form_drafts (key, content, saved_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (key) DO UPDATE SET content = excluded.content, saved_at = excluded.saved_at",
            params![key, content, now()],
        )?;
        Ok(())
    }

    pub fn form_draft(&self, key: &str) -> Result<Option<FormDraft>> {
        let draft = self
            .local()?
            .query_row("SELECT content, saved_at FROM form_drafts WHERE key = ?1", [key], |r| {
                Ok(FormDraft { content: r.get(0)?, saved_at: r.get(1)? })
            })
            .optional()?;
        Ok(draft)
    }

    /// Forgets the draft of `key` (saved, or discarded by the user); nothing happens if there is none.
    pub fn discard_form_draft(&self, key: &str) -> Result<()> {
        self.local()?.execute("DELETE FROM form_drafts WHERE key = ?1", [key])?;
        Ok(())
    }
}
