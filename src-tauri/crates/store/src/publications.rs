//! Publications (« Communication »), their comment threads and the history of their moves, on
//! either engine. The rules of a move are `fabrique_core::publications::apply_move`'s; on a team
//! base the server also refuses, whoever connects, that an author validate their own publication.

use chrono::NaiveDateTime;
use fabrique_core::publications::{
    apply_move, checked_waiting_days, Channel, Mover, Publication, PublicationComment, PublicationDraft, PublicationId,
    PublicationMove, PublicationStatus, StatusMove, WAITING_DAYS_DEFAULT,
};
use fabrique_core::StructureId;

use crate::error::{Result, StoreError};
use crate::rows::{found, Versioned};
use crate::sql::{values, Row, Sql};
use crate::{now, Store};

/// The `settings` key of the days a publication may wait for validation.
const WAITING_DAYS_KEY: &str = "publications.validation_days";

/// Longest comment.
pub const MAX_COMMENT_CHARS: usize = 4_000;

const COLUMNS: &str = "id, title, text, channels, partners, planned_at, status, author, validator, refusal_reason, \
                       link, asked_at, updated_at, version";

const PUBLICATION_VERSION: Versioned = Versioned {
    select: "SELECT version FROM publications WHERE id = ?1",
    missing: "La publication",
    record: "cette publication",
};

/// `AAAA-MM-JJTHH:MM`, as `<input type="datetime-local">` writes it.
const PLANNED_FORMAT: &str = "%Y-%m-%dT%H:%M";

impl Store {
    /// Every publication, the next to go out first, the undated last.
    pub fn publications(&self) -> Result<Vec<Publication>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM publications ORDER BY CASE WHEN planned_at IS NULL THEN 1 ELSE 0 END, planned_at, id"
        );
        let mut publications = self.db().query(&sql, &[])?.iter().map(read_publication).collect::<Result<Vec<_>>>()?;
        let links = self.db().query("SELECT publication_id, structure_id FROM publication_structures", &[])?;
        for link in &links {
            let (publication, structure): (i64, StructureId) = (link.get(0)?, link.get(1)?);
            if let Some(p) = publications.iter_mut().find(|p| p.id == publication) {
                p.draft.structure_ids.push(structure);
            }
        }
        publications.iter_mut().for_each(|p| p.draft.structure_ids.sort_unstable());
        Ok(publications)
    }

    pub fn publication(&self, id: PublicationId) -> Result<Publication> {
        read_one(self.db(), id)
    }

    /// A new publication, an idea until someone starts writing it; its author is whoever is
    /// working (on a team base, the server writes the account).
    pub fn create_publication(&mut self, draft: PublicationDraft) -> Result<Publication> {
        let draft = draft.cleaned()?;
        let stamp = now();
        let tx = self.begin()?;
        let id: i64 = crate::sql::query_value(
            &*tx,
            "INSERT INTO publications (title, text, channels, partners, planned_at, status, author, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, 'idee', ?6, ?7, ?7) RETURNING id",
            values![draft.title, draft.text, channel_codes(&draft.channels), draft.partners.join("\n"),
                planned(draft.planned_at), self.author(), stamp],
        )?;
        write_structures(&*tx, id, &draft.structure_ids)?;
        tx.commit()?;
        self.publication(id)
    }

    /// Changes what a publication says. With `opened_version`, a publication someone else
    /// changed since the form was opened is refused (`StoreError::Conflict`).
    pub fn save_publication(
        &mut self,
        id: PublicationId,
        draft: PublicationDraft,
        opened_version: Option<i64>,
    ) -> Result<Publication> {
        let draft = draft.cleaned()?;
        let tx = self.begin()?;
        if let Some(opened) = opened_version {
            PUBLICATION_VERSION.check(&*tx, id, opened)?;
        }
        let changed = tx.execute(
            "UPDATE publications SET title = ?1, text = ?2, channels = ?3, partners = ?4, planned_at = ?5, \
             updated_at = ?6, version = version + 1 WHERE id = ?7",
            values![
                draft.title,
                draft.text,
                channel_codes(&draft.channels),
                draft.partners.join("\n"),
                planned(draft.planned_at),
                now(),
                id
            ],
        )?;
        found(changed, "La publication", id)?;
        tx.execute("DELETE FROM publication_structures WHERE publication_id = ?1", values![id])?;
        write_structures(&*tx, id, &draft.structure_ids)?;
        tx.commit()?;
        self.publication(id)
    }

    /// Moves a publication on the board (see `apply_move` for what each move needs), and keeps
    /// the move in its history, in one transaction that holds the publication.
    pub fn move_publication(&mut self, id: PublicationId, step: &StatusMove) -> Result<Publication> {
        let who = self.author();
        let team = self.is_team_base();
        let stamp = now();
        let tx = self.begin()?;
        let lock = if team { " FOR UPDATE" } else { "" };
        let row = tx.query_optional(&format!("SELECT {COLUMNS} FROM publications WHERE id = ?1{lock}"), values![id])?;
        let current = read_publication(&row.ok_or(StoreError::NotFound { what: "La publication", id })?)?;
        let outcome = apply_move(&current, step, &Mover { who: &who, team })?;
        let asked_at = if outcome.asks_validation { Some(stamp.clone()) } else { current.asked_at.clone() };
        tx.execute(
            "UPDATE publications SET status = ?1, validator = ?2, refusal_reason = ?3, link = ?4, asked_at = ?5, \
             updated_at = ?6, version = version + 1 WHERE id = ?7",
            values![
                outcome.status.code(),
                outcome.validator,
                outcome.refusal_reason,
                outcome.link,
                asked_at,
                stamp,
                id
            ],
        )?;
        let note = match outcome.status {
            PublicationStatus::Refusee => outcome.refusal_reason.clone(),
            PublicationStatus::Publiee => outcome.link.clone(),
            _ => String::new(),
        };
        tx.execute(
            "INSERT INTO publication_history (publication_id, at, author, before, after, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            values![id, stamp, who, current.status.code(), outcome.status.code(), note],
        )?;
        tx.commit()?;
        self.publication(id)
    }

    /// The days a publication may wait for validation before it is pointed out: the team's
    /// setting, or the default.
    pub fn publication_waiting_days(&self) -> Result<u32> {
        let row = self.db().query_optional("SELECT value FROM settings WHERE key = ?1", values![WAITING_DAYS_KEY])?;
        let value: Option<String> = row.map(|r| r.get(0)).transpose()?;
        match value {
            None => Ok(WAITING_DAYS_DEFAULT),
            Some(text) => text
                .trim()
                .parse::<u32>()
                .ok()
                .and_then(|days| checked_waiting_days(days).ok())
                .ok_or_else(|| StoreError::damaged("le délai de validation des publications", text)),
        }
    }

    pub fn set_publication_waiting_days(&mut self, days: u32) -> Result<u32> {
        let days = checked_waiting_days(days)?;
        self.db().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            values![WAITING_DAYS_KEY, days.to_string()],
        )?;
        Ok(days)
    }

    pub fn delete_publication(&mut self, id: PublicationId) -> Result<()> {
        found(self.db().execute("DELETE FROM publications WHERE id = ?1", values![id])?, "La publication", id)
    }

    /// Adds a comment to a publication's thread.
    pub fn comment_publication(&mut self, id: PublicationId, text: &str) -> Result<Vec<PublicationComment>> {
        let text = text.trim();
        if text.is_empty() {
            return Err(
                fabrique_core::CoreError::invalid("commentaire", "écrivez le commentaire avant de l'envoyer.").into()
            );
        }
        if text.chars().count() > MAX_COMMENT_CHARS {
            return Err(fabrique_core::CoreError::invalid(
                "commentaire",
                format!("le commentaire dépasse {MAX_COMMENT_CHARS} caractères."),
            )
            .into());
        }
        read_one(self.db(), id)?;
        self.db().execute(
            "INSERT INTO publication_comments (publication_id, author, written_at, text) VALUES (?1, ?2, ?3, ?4)",
            values![id, self.author(), now(), text],
        )?;
        self.publication_comments(id)
    }

    /// A publication's thread, oldest first.
    pub fn publication_comments(&self, id: PublicationId) -> Result<Vec<PublicationComment>> {
        self.db()
            .query(
                "SELECT id, author, written_at, text FROM publication_comments WHERE publication_id = ?1 ORDER BY written_at, id",
                values![id],
            )?
            .iter()
            .map(|r| Ok(PublicationComment { id: r.get(0)?, author: r.get(1)?, written_at: r.get(2)?, text: r.get(3)? }))
            .collect()
    }

    /// A publication's moves, newest first.
    pub fn publication_history(&self, id: PublicationId) -> Result<Vec<PublicationMove>> {
        self.db()
            .query(
                "SELECT at, author, before, after, note FROM publication_history WHERE publication_id = ?1 ORDER BY at DESC, id DESC",
                values![id],
            )?
            .iter()
            .map(|r| {
                Ok(PublicationMove {
                    at: r.get(0)?,
                    author: r.get(1)?,
                    before: status(&r.get::<String>(2)?)?,
                    after: status(&r.get::<String>(3)?)?,
                    note: r.get(4)?,
                })
            })
            .collect()
    }
}

fn read_one(db: &(impl Sql + ?Sized), id: PublicationId) -> Result<Publication> {
    let row = db.query_optional(&format!("SELECT {COLUMNS} FROM publications WHERE id = ?1"), values![id])?;
    let mut publication = read_publication(&row.ok_or(StoreError::NotFound { what: "La publication", id })?)?;
    publication.draft.structure_ids = db
        .query(
            "SELECT structure_id FROM publication_structures WHERE publication_id = ?1 ORDER BY structure_id",
            values![id],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect::<Result<_>>()?;
    Ok(publication)
}

fn write_structures(db: &(impl Sql + ?Sized), id: PublicationId, structures: &[StructureId]) -> Result<()> {
    for structure in structures {
        crate::structure_rows::live_structure(db, *structure)?;
        db.execute(
            "INSERT INTO publication_structures (publication_id, structure_id) VALUES (?1, ?2)",
            values![id, *structure],
        )?;
    }
    Ok(())
}

fn channel_codes(channels: &[Channel]) -> String {
    channels.iter().map(|c| c.code()).collect::<Vec<_>>().join(",")
}

fn planned(at: Option<NaiveDateTime>) -> Option<String> {
    at.map(|at| at.format(PLANNED_FORMAT).to_string())
}

fn status(code: &str) -> Result<PublicationStatus> {
    PublicationStatus::from_code(code)
        .ok_or_else(|| StoreError::damaged("le statut d'une publication", code.to_string()))
}

fn read_publication(r: &Row) -> Result<Publication> {
    let channels: String = r.get(3)?;
    let partners: String = r.get(4)?;
    let planned_at: Option<String> = r.get(5)?;
    Ok(Publication {
        id: r.get(0)?,
        draft: PublicationDraft {
            title: r.get(1)?,
            text: r.get(2)?,
            // A code this version does not know (written by a newer one) is left out, not an error.
            channels: channels.split(',').filter_map(Channel::from_code).collect(),
            structure_ids: Vec::new(),
            partners: partners.lines().map(str::to_string).filter(|p| !p.is_empty()).collect(),
            planned_at: planned_at.as_deref().and_then(|t| NaiveDateTime::parse_from_str(t, PLANNED_FORMAT).ok()),
        },
        status: status(&r.get::<String>(6)?)?,
        author: r.get(7)?,
        validator: r.get(8)?,
        refusal_reason: r.get(9)?,
        link: r.get(10)?,
        asked_at: r.get(11)?,
        updated_at: r.get(12)?,
        version: r.get(13)?,
    })
}
