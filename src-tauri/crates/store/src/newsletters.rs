//! The monthly letters once a delegate writes them (« Lettre »), on either engine: one per month,
//! its articles in their sections and order. A save replaces the letter's articles in one
//! transaction, against the version the editor opened.

use chrono::NaiveDate;
use fabrique_core::lettre::edit::{Newsletter, NewsletterId, NewsletterSummary};
use fabrique_core::lettre::{parse_month, Letter, LetterEntry, LetterSection, SECTIONS};
use fabrique_core::CoreError;

use crate::error::{Result, StoreError};
use crate::rows::{found, Versioned};
use crate::sql::{values, Sql};
use crate::{now, Store};

const NEWSLETTER_VERSION: Versioned =
    Versioned { select: "SELECT version FROM newsletters WHERE id = ?1", missing: "La lettre", record: "cette lettre" };

impl Store {
    /// Every letter written, the latest month first.
    pub fn newsletters(&self) -> Result<Vec<NewsletterSummary>> {
        self.db()
            .query(
                "SELECT n.id, n.month, n.title, n.sent_on, \
                 (SELECT count(*) FROM newsletter_entries e WHERE e.newsletter_id = n.id) \
                 FROM newsletters n ORDER BY n.month DESC",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok(NewsletterSummary {
                    id: r.get(0)?,
                    month: r.get(1)?,
                    title: r.get(2)?,
                    sent_on: r.get(3)?,
                    entries: u32::try_from(r.get::<i64>(4)?).unwrap_or(u32::MAX),
                })
            })
            .collect()
    }

    /// What the letters of other months than `month` were made from (`veille:12`…): an item
    /// shared once is not proposed again.
    pub fn newsletter_origins_besides(&self, month: &str) -> Result<std::collections::HashSet<String>> {
        self.db()
            .query(
                "SELECT DISTINCT e.origin FROM newsletter_entries e JOIN newsletters n ON n.id = e.newsletter_id \
                 WHERE n.month <> ?1 AND e.origin <> ''",
                values![month],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect()
    }

    /// The letter written for `month` (`AAAA-MM`), if one was started.
    pub fn newsletter_of_month(&self, month: &str) -> Result<Option<Newsletter>> {
        let id: Option<i64> = self
            .db()
            .query_optional("SELECT id FROM newsletters WHERE month = ?1", values![month])?
            .map(|r| r.get(0))
            .transpose()?;
        id.map(|id| read_one(self.db(), id)).transpose()
    }

    pub fn newsletter(&self, id: NewsletterId) -> Result<Newsletter> {
        read_one(self.db(), id)
    }

    /// Starts the letter of `month` with `letter`; refused when that month has one already.
    pub fn create_newsletter(&mut self, month: &str, letter: Letter) -> Result<Newsletter> {
        if parse_month(month).is_none() {
            return Err(
                CoreError::invalid("mois", format!("« {month} » n'est pas un mois : écrivez-le AAAA-MM.")).into()
            );
        }
        let letter = letter.cleaned()?;
        let stamp = now();
        let tx = self.begin()?;
        if tx.query_optional("SELECT id FROM newsletters WHERE month = ?1", values![month])?.is_some() {
            return Err(CoreError::invalid(
                "mois",
                format!("la lettre de {month} est déjà commencée : ouvrez-la plutôt que d'en commencer une autre."),
            )
            .into());
        }
        let id: i64 = crate::sql::query_value(
            &*tx,
            "INSERT INTO newsletters (month, title, intro, author, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
            values![month, letter.title, letter.intro, self.author(), stamp],
        )?;
        write_entries(&*tx, id, &letter)?;
        tx.commit()?;
        self.newsletter(id)
    }

    /// Saves what the letter says. With `opened_version`, a letter someone else saved since the
    /// editor opened it is refused (`StoreError::Conflict`).
    pub fn save_newsletter(
        &mut self,
        id: NewsletterId,
        letter: Letter,
        opened_version: Option<i64>,
    ) -> Result<Newsletter> {
        let letter = letter.cleaned()?;
        let tx = self.begin()?;
        if let Some(opened) = opened_version {
            NEWSLETTER_VERSION.check(&*tx, id, opened)?;
        }
        let changed = tx.execute(
            "UPDATE newsletters SET title = ?1, intro = ?2, updated_at = ?3, version = version + 1 WHERE id = ?4",
            values![letter.title, letter.intro, now(), id],
        )?;
        found(changed, "La lettre", id)?;
        tx.execute("DELETE FROM newsletter_entries WHERE newsletter_id = ?1", values![id])?;
        write_entries(&*tx, id, &letter)?;
        tx.commit()?;
        self.newsletter(id)
    }

    /// Records the day the letter was sent, or that it was not (`None`).
    pub fn mark_newsletter_sent(&mut self, id: NewsletterId, sent_on: Option<NaiveDate>) -> Result<Newsletter> {
        let changed = self.db().execute(
            "UPDATE newsletters SET sent_on = ?1, updated_at = ?2, version = version + 1 WHERE id = ?3",
            values![sent_on.map(|d| d.format("%Y-%m-%d").to_string()), now(), id],
        )?;
        found(changed, "La lettre", id)?;
        self.newsletter(id)
    }

    /// Forgets a written letter: its month goes back to the proposal composed from the month.
    pub fn delete_newsletter(&mut self, id: NewsletterId) -> Result<()> {
        found(self.db().execute("DELETE FROM newsletters WHERE id = ?1", values![id])?, "La lettre", id)
    }
}

fn write_entries(db: &(impl Sql + ?Sized), id: NewsletterId, letter: &Letter) -> Result<()> {
    let mut position: i64 = 0;
    for section in &letter.sections {
        for entry in &section.entries {
            position += 1;
            db.execute(
                "INSERT INTO newsletter_entries (newsletter_id, section, position, title, text, link, date_label, origin) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                values![id, section.title, position, entry.title, entry.text, entry.link, entry.date, entry.origin],
            )?;
        }
    }
    Ok(())
}

fn read_one(db: &(impl Sql + ?Sized), id: NewsletterId) -> Result<Newsletter> {
    let row = db
        .query_optional(
            "SELECT id, month, title, intro, sent_on, author, updated_at, version FROM newsletters WHERE id = ?1",
            values![id],
        )?
        .ok_or(StoreError::NotFound { what: "La lettre", id })?;
    let mut sections: Vec<LetterSection> =
        SECTIONS.iter().map(|t| LetterSection { title: t.to_string(), entries: Vec::new() }).collect();
    let entries = db.query(
        "SELECT section, title, text, link, date_label, origin FROM newsletter_entries \
         WHERE newsletter_id = ?1 ORDER BY position, id",
        values![id],
    )?;
    for r in &entries {
        let section: String = r.get(0)?;
        let entry =
            LetterEntry { title: r.get(1)?, text: r.get(2)?, link: r.get(3)?, date: r.get(4)?, origin: r.get(5)? };
        // A section a newer version added is shown at the end rather than lost.
        match sections.iter_mut().find(|s| s.title == section) {
            Some(place) => place.entries.push(entry),
            None => sections.push(LetterSection { title: section, entries: vec![entry] }),
        }
    }
    Ok(Newsletter {
        id: row.get(0)?,
        month: row.get(1)?,
        letter: Letter { title: row.get(2)?, intro: row.get(3)?, sections },
        sent_on: row.get(4)?,
        author: row.get(5)?,
        updated_at: row.get(6)?,
        version: row.get(7)?,
    })
}
