//! Cell values as webform writes them: a cell's trimmed text, integers (SID, serial), draft flags, numbers as typed in a
//! number field, and dates in the site's short format or ISO.

use chrono::NaiveDate;

use crate::import::TableRow;
use crate::text::fold;

/// A cell's text without its surrounding spaces; empty past the end of a short row.
pub(super) fn cell(row: &TableRow, index: usize) -> &str {
    row.get(index).map_or("", crate::text::trim)
}

/// "12", or "12.0" as a workbook may hold a whole number.
pub(super) fn parse_integer(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<i64>() {
        return Some(n);
    }
    let f: f64 = text.parse().ok()?;
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

pub(super) fn parse_flag(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "" | "0" | "non" | "no" | "false" | "faux" => Some(false),
        "1" | "oui" | "yes" | "true" | "vrai" => Some(true),
        _ => None,
    }
}

pub(super) fn is_x(value: &str) -> bool {
    value.eq_ignore_ascii_case("x")
}

/// Which of day and month comes first in a site's short dates (`d/m/Y` on a French site, `m/d/Y`
/// on an English one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DayOrder {
    DayFirst,
    MonthFirst,
}

impl DayOrder {
    /// The order the dates themselves reveal: a first number above 12 is a day, and so is a second one.
    pub(super) fn revealed<'a>(samples: impl IntoIterator<Item = &'a str>) -> Option<DayOrder> {
        samples.into_iter().find_map(|sample| match slashed(sample)? {
            (a, _, _) if a > 12 => Some(DayOrder::DayFirst),
            (_, b, _) if b > 12 => Some(DayOrder::MonthFirst),
            _ => None,
        })
    }
}

/// `14/06/2021`, optionally followed by a time (`14/06/2021 - 09:12`): the three numbers.
fn slashed(text: &str) -> Option<(u32, u32, i32)> {
    let day = text.trim().split([' ', 'T']).next()?;
    let mut parts = day.split(['/', '.']);
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || a.is_empty() || b.is_empty() || a.len() > 2 || b.len() > 2 || y.len() != 4 {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, y.parse().ok()?))
}

/// A date answer: the site's short format, or ISO `2021-06-14` (XLSX, re-saved files), with or
/// without a time.
pub(super) fn parse_date(text: &str, order: DayOrder) -> Option<NaiveDate> {
    if let Some((a, b, y)) = slashed(text) {
        let (d, m) = if order == DayOrder::DayFirst { (a, b) } else { (b, a) };
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    let day = text.trim().split([' ', 'T']).next()?;
    if day.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Dates without a time: what a date question holds (a submission time has one).
pub(super) fn is_plain_date(text: &str, order: DayOrder) -> bool {
    let t = text.trim();
    let day = t.split([' ', 'T']).next().unwrap_or(t);
    let rest = t[day.len()..].trim();
    (rest.is_empty() || rest == "00:00:00" || rest == "00:00") && parse_date(day, order).is_some()
}
