//! Small helpers shared by the tables' readers and writers.

use chrono::NaiveDate;

use crate::error::{Result, StoreError};
use crate::sql::{query_value, values, Engine, Row, Sql, Value};

/// Turns "no row changed" into a not-found error naming what was looked for.
pub(crate) fn found(changed: usize, what: &'static str, id: i64) -> Result<()> {
    if changed == 0 {
        Err(StoreError::NotFound { what, id })
    } else {
        Ok(())
    }
}

/// A record's `version` column, which every change moves by one.
pub(crate) struct Versioned {
    /// `SELECT version FROM … WHERE id = ?1`.
    pub select: &'static str,
    /// For « not found »: « La visite ».
    pub missing: &'static str,
    /// For the conflict: « cette visite ».
    pub record: &'static str,
}

impl Versioned {
    /// Refuses a save against a record someone else changed since it was opened (`opened`), as
    /// [`StoreError::Conflict`]. Call inside the write's transaction: the row is held on
    /// PostgreSQL, and a SQLite write transaction holds the whole base.
    pub(crate) fn check(&self, tx: &(impl Sql + ?Sized), id: i64, opened: i64) -> Result<()> {
        let lock = if tx.engine() == Engine::Postgres { " FOR UPDATE" } else { "" };
        let row = tx.query_optional(&format!("{}{lock}", self.select), values![id])?;
        match row.map(|r| r.get::<i64>(0)).transpose()? {
            None => Err(StoreError::NotFound { what: self.missing, id }),
            Some(current) if current != opened => Err(StoreError::Conflict { what: self.record }),
            Some(_) => Ok(()),
        }
    }
}

/// Dates are stored as ISO text; one that does not parse (edited by hand) reads as unknown rather
/// than making the whole list fail.
pub(crate) fn read_date(r: &Row, index: usize) -> Result<Option<NaiveDate>> {
    Ok(r.get::<Option<String>>(index)?.as_deref().and_then(iso_date))
}

/// A stored `AAAA-MM-JJ` date, read without a format parser (a view of every centre reads one per
/// rating, 160,000 at national scale); any other text goes through chrono's parser, so both read
/// alike.
pub(crate) fn iso_date(text: &str) -> Option<NaiveDate> {
    padded_iso_date(text).or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
}

fn padded_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates_read_as_chrono_reads_them() {
        for text in [
            "2026-12-31",
            "2024-02-29",
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "2026-01-0x",
            "",
            "31/12/2026",
            "2026-12-31 ",
        ] {
            assert_eq!(iso_date(text), NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(), "{text:?}");
        }
    }
}
