//! Each centre's RGPD tally, kept beside its ratings (schema 11): written with each rating, read
//! by the federation's dashboard and the progress log instead of every rating of every centre.
//! A tally the base holds stale (marked by the triggers, or counted against another checklist
//! version) is counted again from the centre's ratings when read, and kept again by
//! [`Store::refresh_rgpd_tallies`].

use std::collections::HashMap;

use fabrique_core::rgpd::{CentreTally, Checklist, RatingState, Status};
use fabrique_core::StructureId;

use crate::error::Result;
use crate::sql::{query_value, values, Engine, Sql};
use crate::Store;

/// Beyond this many stale tallies, every rating is read in one statement rather than centre by centre.
const RECOUNT_ONE_BY_ONE: usize = 64;

/// Every live centre's tally that has ratings, by centre, and how many had to be counted again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tallies {
    pub by_centre: HashMap<StructureId, CentreTally>,
    pub recounted: usize,
}

impl Store {
    /// Every live centre's tally against `checklist` (the one in force); the stale ones are
    /// counted again from their ratings, without being kept (a read changes nothing).
    pub fn rgpd_tallies(&self, checklist: &Checklist) -> Result<Tallies> {
        live_tallies(self.db(), checklist)
    }

    /// Counts again and keeps the tallies left stale (by a new checklist version, an upgraded,
    /// restored or published base, or a rating changed outside Fabrique), so the next dashboard
    /// reads them as they are. Returns how many were kept; nothing for an account that may only
    /// read (it keeps counting them on the fly).
    pub fn refresh_rgpd_tallies(&mut self, checklist: &Checklist) -> Result<usize> {
        if self.db().engine() == Engine::Postgres
            && !query_value::<bool>(self.db(), "SELECT has_table_privilege('rgpd_tallies', 'UPDATE')", &[])?
        {
            return Ok(0);
        }
        let stale = stale_centres(self.db(), checklist)?;
        if stale.is_empty() {
            return Ok(0);
        }
        let tx = self.begin()?;
        if tx.engine() == Engine::Postgres {
            // Another desktop rating one of these centres meanwhile waits, then marks its tally
            // stale and writes it again: the count kept here is never older than its ratings,
            // which are read after the lock. (SQLite's `BEGIN IMMEDIATE` already holds the base.)
            let ids: Vec<String> = stale.iter().map(|id| id.to_string()).collect();
            tx.query(
                &format!("SELECT structure_id FROM rgpd_tallies WHERE structure_id IN ({}) FOR UPDATE", ids.join(",")),
                &[],
            )?;
        }
        for tally in recount(&*tx, checklist, &stale)? {
            keep_tally(&*tx, &tally)?;
        }
        tx.commit()?;
        Ok(stale.len())
    }
}

pub(crate) fn live_tallies(db: &(impl Sql + ?Sized), checklist: &Checklist) -> Result<Tallies> {
    let (mut by_centre, stale) =
        kept_tallies(db, checklist, " JOIN structures s ON s.id = t.structure_id WHERE s.deleted_at IS NULL")?;
    let recounted = stale.len();
    by_centre.extend(recount(db, checklist, &stale)?.into_iter().map(|t| (t.structure_id, t)));
    Ok(Tallies { by_centre, recounted })
}

/// Every centre whose kept tally cannot be believed, binned ones included (a centre restored
/// from the bin comes back with a true tally).
fn stale_centres(db: &(impl Sql + ?Sized), checklist: &Checklist) -> Result<Vec<StructureId>> {
    Ok(kept_tallies(db, checklist, "")?.1)
}

/// The tallies the base keeps that can be believed (read back whole, counted against
/// `checklist`), and the centres whose tally cannot.
fn kept_tallies(
    db: &(impl Sql + ?Sized),
    checklist: &Checklist,
    which: &str,
) -> Result<(HashMap<StructureId, CentreTally>, Vec<StructureId>)> {
    let rows = db.query(
        &format!("SELECT t.structure_id, t.checklist_version, t.assessed, t.steps FROM rgpd_tallies t{which}"),
        &[],
    )?;
    let mut by_centre = HashMap::with_capacity(rows.len());
    let mut stale = Vec::new();
    for r in rows {
        let (structure_id, version, assessed): (StructureId, u32, u32) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let text: String = r.get(3)?;
        match CentreTally::from_text(structure_id, version, assessed, &text).filter(|_| version == checklist.version) {
            Some(tally) => {
                by_centre.insert(structure_id, tally);
            }
            None => stale.push(structure_id),
        }
    }
    Ok((by_centre, stale))
}

/// Counts the centres' tallies from their ratings.
pub(crate) fn recount(
    db: &(impl Sql + ?Sized),
    checklist: &Checklist,
    centres: &[StructureId],
) -> Result<Vec<CentreTally>> {
    if centres.len() <= RECOUNT_ONE_BY_ONE {
        return centres.iter().map(|&id| Ok(CentreTally::of(checklist, id, &rating_states(db, Some(id))?))).collect();
    }
    let all = rating_states(db, None)?;
    let grouped = fabrique_core::rgpd::assessments_by_structure(&all);
    Ok(centres
        .iter()
        .map(|&id| CentreTally::of(checklist, id, fabrique_core::rgpd::assessments_of(grouped.as_ref(), &all, id)))
        .collect())
}

/// Writes a centre's tally, replacing the one its ratings' triggers marked stale.
pub(crate) fn keep_tally(db: &(impl Sql + ?Sized), tally: &CentreTally) -> Result<()> {
    db.execute(
        "INSERT INTO rgpd_tallies (structure_id, checklist_version, assessed, steps) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (structure_id) DO UPDATE SET checklist_version = excluded.checklist_version, \
         assessed = excluded.assessed, steps = excluded.steps",
        values![tally.structure_id, tally.checklist_version, tally.assessed, tally.steps_text()],
    )?;
    Ok(())
}

/// One centre's ratings, or every centre's ordered by centre, without their texts. The table is
/// read as it lies and sorted here: asking either engine to sort 160,000 rows by their key costs
/// more than the reading itself.
pub(crate) fn rating_states(db: &(impl Sql + ?Sized), centre: Option<StructureId>) -> Result<Vec<RatingState>> {
    const COLUMNS: &str = "SELECT structure_id, item_id, status, due FROM rgpd_assessments";
    let rows = match centre {
        Some(id) => db.query(&format!("{COLUMNS} WHERE structure_id = ?1"), values![id])?,
        None => db.query(COLUMNS, &[])?,
    };
    let mut states = Vec::with_capacity(rows.len());
    for mut r in rows {
        let status: String = r.take(2)?;
        let due: Option<String> = r.take(3)?;
        states.push(RatingState {
            structure_id: r.get(0)?,
            item_id: r.take(1)?,
            status: Status::parse(&status).unwrap_or(Status::AFaire),
            due: due.as_deref().and_then(crate::rows::iso_date),
        });
    }
    states.sort_by_key(|s| s.structure_id);
    Ok(states)
}
