//! Small helpers shared by the tables' readers and writers.

use chrono::NaiveDate;
use rusqlite::{Connection, Row, ToSql};

use crate::error::{Result, StoreError};

/// Turns "no row changed" into a not-found error naming what was looked for.
pub(crate) fn found(changed: usize, what: &'static str, id: i64) -> Result<()> {
    if changed == 0 {
        Err(StoreError::NotFound { what, id })
    } else {
        Ok(())
    }
}

/// Dates are stored as ISO text; one that does not parse (edited by hand) reads as unknown rather
/// than making the whole list fail.
pub(crate) fn read_date(r: &Row, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.get::<_, Option<String>>(index)?.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
}

pub(crate) fn iso(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

/// Runs `insert` with `values`, or `update` with `values` then the id as last parameter.
pub(crate) fn upsert(
    conn: &Connection,
    id: Option<i64>,
    values: &[&dyn ToSql],
    insert: &str,
    update: &str,
    what: &'static str,
) -> Result<i64> {
    match id {
        None => {
            conn.prepare_cached(insert)?.execute(values)?;
            Ok(conn.last_insert_rowid())
        }
        Some(id) => {
            let mut with_id = values.to_vec();
            with_id.push(&id);
            found(conn.prepare_cached(update)?.execute(&*with_id)?, what, id)?;
            Ok(id)
        }
    }
}
