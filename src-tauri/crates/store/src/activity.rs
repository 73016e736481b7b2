//! « Activité »: the latest rows of every history (RGPD ratings, dossier versions, meetings,
//! erasures, imports) with their authors, on either engine. The core groups and describes them.

use fabrique_core::activity::{self, ActivityEntry, ActivityKind, RatingChange};

use crate::error::Result;
use crate::sql::{values, Row, Sql};
use crate::Store;

impl Store {
    /// The `limit` latest changes, newest first.
    pub fn activity(&self, limit: usize) -> Result<Vec<ActivityEntry>> {
        let db = self.db();
        let n = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut entries = ratings(db, n)?;
        let entry = |row: &Row, kind, summary: String| -> Result<ActivityEntry> {
            Ok(ActivityEntry {
                at: row.get(0)?,
                author: row.get(1)?,
                kind,
                structure_id: row.get(2)?,
                structure_name: row.get(3)?,
                summary,
            })
        };
        for row in db.query(
            "SELECT v.saved_at, v.author, d.structure_id, s.name, d.title, v.label FROM dossier_versions v \
             JOIN dossiers d ON d.id = v.dossier_id LEFT JOIN structures s ON s.id = d.structure_id \
             ORDER BY v.saved_at DESC, v.id DESC LIMIT ?1",
            values![n],
        )? {
            let summary = activity::dossier_version(&row.get::<String>(4)?, &row.get::<String>(5)?);
            entries.push(entry(&row, ActivityKind::Dossier, summary)?);
        }
        for row in db.query(
            "SELECT m.created_at, m.author, \
             (SELECT min(ms.structure_id) FROM meeting_structures ms WHERE ms.meeting_id = m.id) AS structure_id, \
             (SELECT s.name FROM meeting_structures ms JOIN structures s ON s.id = ms.structure_id \
              WHERE ms.meeting_id = m.id ORDER BY s.id LIMIT 1), m.held_on, m.title \
             FROM meetings m WHERE m.created_at <> '' ORDER BY m.created_at DESC, m.id DESC LIMIT ?1",
            values![n],
        )? {
            let summary = activity::meeting(&row.get::<String>(5)?, &row.get::<String>(4)?);
            entries.push(entry(&row, ActivityKind::Visit, summary)?);
        }
        for row in db.query(
            "SELECT e.erased_at, e.author, e.structure_id, s.name FROM erasures e \
             LEFT JOIN structures s ON s.id = e.structure_id ORDER BY e.erased_at DESC, e.id DESC LIMIT ?1",
            values![n],
        )? {
            entries.push(entry(&row, ActivityKind::Erasure, activity::erasure())?);
        }
        for row in db.query(
            "SELECT imported_at, author, NULL, NULL, created, updated FROM imports \
             ORDER BY imported_at DESC, id DESC LIMIT ?1",
            values![n],
        )? {
            let summary = activity::import(row.get(4)?, row.get(5)?);
            entries.push(entry(&row, ActivityKind::Import, summary)?);
        }
        Ok(activity::latest(entries, limit))
    }
}

/// The latest `n` rating saves: the fields one save changed share its time, centre, item and
/// author, and make one entry.
fn ratings(db: &(impl Sql + ?Sized), n: i64) -> Result<Vec<ActivityEntry>> {
    let checklist = crate::rgpd::latest_checklist(db)?;
    let rows = db.query(
        "SELECT h.at, h.author, h.structure_id, s.name, h.item_id, h.field, h.before, h.after FROM rgpd_history h \
         JOIN structures s ON s.id = h.structure_id \
         WHERE h.at >= COALESCE((SELECT min(at) FROM \
             (SELECT DISTINCT at FROM rgpd_history ORDER BY at DESC LIMIT ?1) AS latest), '') \
         ORDER BY h.at DESC, h.structure_id, h.item_id, h.id",
        values![n],
    )?;
    let mut entries: Vec<(ActivityEntry, String, Vec<RatingChange>)> = Vec::new();
    for row in &rows {
        let (at, author, structure_id, item_id): (String, String, i64, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(4)?);
        let change = RatingChange { field: row.get(5)?, before: row.get(6)?, after: row.get(7)? };
        match entries.last_mut() {
            Some((last, last_item, changes))
                if last.at == at
                    && last.author == author
                    && last.structure_id == Some(structure_id)
                    && *last_item == item_id =>
            {
                changes.push(change)
            }
            _ => entries.push((
                ActivityEntry {
                    at,
                    author,
                    kind: ActivityKind::Rgpd,
                    structure_id: Some(structure_id),
                    structure_name: row.get(3)?,
                    summary: String::new(),
                },
                item_id,
                vec![change],
            )),
        }
    }
    Ok(entries
        .into_iter()
        .map(|(mut entry, item_id, changes)| {
            let title = checklist.item(&item_id).map(|item| item.title.as_str()).unwrap_or(&item_id);
            entry.summary = activity::rating(title, &changes);
            entry
        })
        .collect())
}
