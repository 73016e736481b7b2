//! The news watch (« veille ») in the base: the feeds followed and the items found, on either
//! engine. What a fetch brings is stored in one transaction; an item already known (by its link,
//! or by its id in its feed) is not stored twice.

use fabrique_core::veille::{check_link, FeedRead, Item, ItemId, ItemMarks, Source, SourceId};
use fabrique_core::CoreError;

use crate::error::{Result, StoreError};
use crate::rows::found;
use crate::sql::{query_value, values, Row};
use crate::{now, Store};

/// What a fetch of one feed brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// The feed, and the validators its server gave for the next conditional request.
    Read { feed: FeedRead, etag: String, last_modified: String },
    /// The server said nothing changed since the last fetch (304).
    NotModified,
    /// Why it could not be read, in French.
    Failed(String),
}

/// The validators a conditional request sends back (`If-None-Match`, `If-Modified-Since`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Validators {
    pub etag: String,
    pub last_modified: String,
}

const ITEM_COLUMNS: &str = "id, source_id, link, title, summary, published_at, found_at, read, share, note, tags";

impl Store {
    /// Follows a feed. Its title comes with the first fetch.
    pub fn add_veille_source(&mut self, url: &str) -> Result<Source> {
        let url = check_link(url, "flux")?;
        let known: i64 = query_value(self.db(), "SELECT count(*) FROM veille_sources WHERE url = ?1", values![url])?;
        if known > 0 {
            return Err(CoreError::invalid("flux", format!("le flux « {url} » est déjà suivi.")).into());
        }
        let id: i64 = query_value(
            self.db(),
            "INSERT INTO veille_sources (url, added_at) VALUES (?1, ?2) RETURNING id",
            values![url, now()],
        )?;
        self.veille_source(id)
    }

    pub fn veille_sources(&self) -> Result<Vec<Source>> {
        self.db()
            .query("SELECT id, url, title, fetched_at, error FROM veille_sources ORDER BY id", &[])?
            .iter()
            .map(read_source)
            .collect()
    }

    pub fn veille_source(&self, id: SourceId) -> Result<Source> {
        let row = self.db().query_optional(
            "SELECT id, url, title, fetched_at, error FROM veille_sources WHERE id = ?1",
            values![id],
        )?;
        read_source(&row.ok_or(StoreError::NotFound { what: "Le flux", id })?)
    }

    /// Stops following a feed; the items it brought go with it, except those marked « à partager ».
    pub fn delete_veille_source(&mut self, id: SourceId) -> Result<()> {
        let tx = self.begin()?;
        tx.execute("UPDATE veille_items SET source_id = NULL WHERE source_id = ?1 AND share <> 0", values![id])?;
        found(tx.execute("DELETE FROM veille_sources WHERE id = ?1", values![id])?, "Le flux", id)?;
        tx.commit()
    }

    pub fn veille_validators(&self, id: SourceId) -> Result<Validators> {
        let row =
            self.db().query_optional("SELECT etag, last_modified FROM veille_sources WHERE id = ?1", values![id])?;
        let row = row.ok_or(StoreError::NotFound { what: "Le flux", id })?;
        Ok(Validators { etag: row.get(0)?, last_modified: row.get(1)? })
    }

    /// Keeps what a fetch brought, in one transaction. Returns how many items were new.
    pub fn record_veille_fetch(&mut self, id: SourceId, outcome: &FetchOutcome) -> Result<usize> {
        let stamp = now();
        let tx = self.begin()?;
        let mut new = 0;
        match outcome {
            FetchOutcome::Read { feed, etag, last_modified } => {
                for item in &feed.items {
                    new += tx.execute(
                        "INSERT INTO veille_items (source_id, guid, link, title, summary, published_at, found_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                        values![id, item.guid, item.link, item.title, item.summary, item.published_at, stamp],
                    )?;
                }
                let changed = tx.execute(
                    "UPDATE veille_sources SET title = CASE WHEN title = '' THEN ?1 ELSE title END, etag = ?2, \
                     last_modified = ?3, fetched_at = ?4, error = '' WHERE id = ?5",
                    values![feed.title, etag, last_modified, stamp, id],
                )?;
                found(changed, "Le flux", id)?;
            }
            FetchOutcome::NotModified => {
                let changed = tx.execute(
                    "UPDATE veille_sources SET fetched_at = ?1, error = '' WHERE id = ?2",
                    values![stamp, id],
                )?;
                found(changed, "Le flux", id)?;
            }
            FetchOutcome::Failed(error) => {
                let changed = tx.execute(
                    "UPDATE veille_sources SET fetched_at = ?1, error = ?2 WHERE id = ?3",
                    values![stamp, error, id],
                )?;
                found(changed, "Le flux", id)?;
            }
        }
        tx.commit()?;
        Ok(new)
    }

    /// Every item, the newest first.
    pub fn veille_items(&self) -> Result<Vec<Item>> {
        let sql =
            format!("SELECT {ITEM_COLUMNS} FROM veille_items ORDER BY COALESCE(published_at, found_at) DESC, id DESC");
        self.db().query(&sql, &[])?.iter().map(read_item).collect()
    }

    /// An item added by hand from a link (a LinkedIn or X post), with a title and a note.
    pub fn add_veille_link(&mut self, url: &str, title: &str, note: &str) -> Result<Item> {
        let url = check_link(url, "lien")?;
        let title = title.trim();
        if title.is_empty() {
            return Err(CoreError::invalid("titre", "donnez un titre à ce lien.").into());
        }
        let known: i64 = query_value(self.db(), "SELECT count(*) FROM veille_items WHERE link = ?1", values![url])?;
        if known > 0 {
            return Err(CoreError::invalid("lien", format!("« {url} » est déjà dans la veille.")).into());
        }
        let id: i64 = query_value(
            self.db(),
            "INSERT INTO veille_items (guid, link, title, found_at, note) VALUES (?1, ?1, ?2, ?3, ?4) RETURNING id",
            values![url, title, now(), note.trim()],
        )?;
        self.veille_item(id)
    }

    pub fn veille_item(&self, id: ItemId) -> Result<Item> {
        let row =
            self.db().query_optional(&format!("SELECT {ITEM_COLUMNS} FROM veille_items WHERE id = ?1"), values![id])?;
        read_item(&row.ok_or(StoreError::NotFound { what: "L'article", id })?)
    }

    /// Read or not, « à partager » or not, its note and tags.
    pub fn mark_veille_item(&mut self, id: ItemId, marks: ItemMarks) -> Result<Item> {
        let marks = marks.cleaned();
        let changed = self.db().execute(
            "UPDATE veille_items SET read = ?1, share = ?2, note = ?3, tags = ?4 WHERE id = ?5",
            values![i64::from(marks.read), i64::from(marks.share), marks.note, marks.tags.join("\n"), id],
        )?;
        found(changed, "L'article", id)?;
        self.veille_item(id)
    }
}

fn read_source(r: &Row) -> Result<Source> {
    Ok(Source { id: r.get(0)?, url: r.get(1)?, title: r.get(2)?, fetched_at: r.get(3)?, error: r.get(4)? })
}

fn read_item(r: &Row) -> Result<Item> {
    let tags: String = r.get(10)?;
    Ok(Item {
        id: r.get(0)?,
        source_id: r.get(1)?,
        link: r.get(2)?,
        title: r.get(3)?,
        summary: r.get(4)?,
        published_at: r.get(5)?,
        found_at: r.get(6)?,
        read: r.get::<i64>(7)? != 0,
        share: r.get::<i64>(8)? != 0,
        note: r.get(9)?,
        tags: tags.lines().map(str::to_string).filter(|t| !t.is_empty()).collect(),
    })
}
