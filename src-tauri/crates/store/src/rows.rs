//! Small helpers shared by the tables' readers and writers.

use chrono::NaiveDate;

use crate::error::{Result, StoreError};
use crate::sql::{query_value, Row, Sql, Value};

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
pub(crate) fn read_date(r: &Row, index: usize) -> Result<Option<NaiveDate>> {
    Ok(r.get::<Option<String>>(index)?.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
}

pub(crate) fn iso(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

/// Runs `insert` (which ends with `RETURNING id`, on both engines) with `values`, or `update`
/// with `values` then the id as last parameter.
pub(crate) fn upsert(
    db: &(impl Sql + ?Sized),
    id: Option<i64>,
    values: &[Value],
    insert: &str,
    update: &str,
    what: &'static str,
) -> Result<i64> {
    match id {
        None => query_value(db, insert, values),
        Some(id) => {
            let mut with_id = values.to_vec();
            with_id.push(Value::Integer(id));
            found(db.execute(update, &with_id)?, what, id)?;
            Ok(id)
        }
    }
}
