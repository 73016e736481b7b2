//! Numbers, amounts, percentages and dates written and read the French way: the one place that
//! knows a decimal comma, the narrow no-break space between thousands (U+202F), the no-break space
//! before « % » and « € » (U+00A0), `JJ/MM/AAAA` and « 5 décembre 2026 ».
//!
//! Everything a user reads goes through here, so that the window, the reports and the dossiers
//! print a figure the same way. Money stays integer cents, never floating point.

use chrono::{Datelike, NaiveDate};

use crate::error::{CoreError, Result};

/// Before « % », « € » and « pts ».
pub const NO_BREAK_SPACE: char = '\u{a0}';

/// Between groups of three digits.
pub const NARROW_NO_BREAK_SPACE: char = '\u{202f}';

/// The spaces people (and spreadsheets) put between groups of digits.
pub const DIGIT_SPACES: [char; 3] = [' ', NO_BREAK_SPACE, NARROW_NO_BREAK_SPACE];

/// Above a billion euros an amount is a typing slip, and the bound keeps every sum far from overflow.
pub const MAX_AMOUNT_CENTS: i64 = 100_000_000_000;

/// French month names, for every date the app writes out in words.
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// "12", "3,5": the shortest form of the value, decimal comma, no grouping.
pub fn format_number(value: f64) -> String {
    let text = format!("{value}");
    text.replace('.', ",")
}

/// "12", "12,5", "1 234,6" (one decimal at most, narrow no-break spaces between thousands).
pub fn format_decimal(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let tenths = tenths.unsigned_abs();
    let grouped = group_thousands(tenths / 10);
    if tenths.is_multiple_of(10) {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{}", tenths % 10)
    }
}

/// `part` of `whole` in whole percent, the one rule for every progress and share the app shows
/// (RGPD, dossier completeness, response rates; the interface's `wholePercent` is the same):
/// the nearest unit, halves up (2/3 → 67, 1/6 → 17), except that only what is complete shows
/// 100 and only what has not started shows 0 (199/200 → 99, 1/1000 → 1). An empty whole is 0.
pub fn whole_percent(part: u64, whole: u64) -> u8 {
    if whole == 0 || part == 0 {
        return 0;
    }
    if part >= whole {
        return 100;
    }
    let nearest = (part * 200 + whole) / (whole * 2);
    nearest.clamp(1, 99) as u8
}

/// "78 %" (rounded to the unit, U+00A0 before the sign); "0,4 %" below 1 % but not 0.
pub fn format_percent(value: f64) -> String {
    if value > 0.0 && value < 0.95 {
        return format!("{}{NO_BREAK_SPACE}%", format_decimal((value * 10.0).round() / 10.0));
    }
    format!("{}{NO_BREAK_SPACE}%", format_decimal(value.round()))
}

/// A change in percentage points: "+12 pts", "−3,5 pts", "0 pt".
pub fn format_points(change: f64) -> String {
    let rounded = (change * 10.0).round() / 10.0;
    if rounded == 0.0 {
        return "0 pt".to_string();
    }
    let sign = if rounded > 0.0 { "+" } else { "−" };
    format!("{sign}{}{NO_BREAK_SPACE}pts", format_decimal(rounded.abs()))
}

/// Thousandths as a percentage, always with one decimal so that shares printed side by side read
/// alike: 385 → "38,5 %", 400 → "40,0 %".
pub fn format_permille(permille: i64) -> String {
    let (units, tenths) = (permille / 10, permille % 10);
    format!("{units},{tenths}{NO_BREAK_SPACE}%")
}

/// Cents as euros: 1234567 → "12 345,67 €", with narrow no-break spaces between thousands.
pub fn format_amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{},{:02}{NO_BREAK_SPACE}€", group_thousands(cents / 100), cents % 100)
}

/// Reads what people type: "1 234,5", "1234.50 €", "12000". Never goes through floating point.
pub fn parse_amount(text: &str) -> Result<i64> {
    let invalid = || {
        CoreError::invalid(
            "montant",
            format!("« {text} » n'est pas un montant : écrivez par exemple 1 234,50 (en euros)."),
        )
    };
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(*c, '€' | NO_BREAK_SPACE | NARROW_NO_BREAK_SPACE))
        .collect();
    if cleaned.is_empty() {
        return Ok(0);
    }
    let (whole, fraction) = match cleaned.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    if whole.is_empty() && fraction.is_empty() {
        return Err(invalid());
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid());
    }
    if fraction.len() > 2 {
        return Err(CoreError::invalid("montant", format!("« {text} » : deux chiffres au plus après la virgule.")));
    }
    if whole.len() > 12 {
        return Err(CoreError::invalid("montant", "le montant dépasse un milliard d'euros.".to_string()));
    }
    let euros: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| invalid())? };
    let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
    let total = euros * 100 + cents;
    if total > MAX_AMOUNT_CENTS {
        return Err(CoreError::invalid("montant", "le montant dépasse un milliard d'euros.".to_string()));
    }
    Ok(total)
}

/// A number as typed in a form: optional sign, `,` or `.` decimals, spaces (or narrow spaces)
/// between groups of three digits. A leading zero before another digit marks a code (postal code,
/// phone), not a number.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    let spaced = body.contains(DIGIT_SPACES);
    let groups: Vec<&str> = if spaced { body.split(DIGIT_SPACES).collect() } else { Vec::new() };
    let joined: std::borrow::Cow<str> = if groups.len() > 1 {
        let whole = |g: &str| g.chars().all(|c| c.is_ascii_digit());
        let (first, rest) = groups.split_first()?;
        let last = rest.len() - 1;
        let ok = (1..=3).contains(&first.len())
            && whole(first)
            && rest.iter().enumerate().all(|(i, g)| {
                let int = if i == last { g.split(['.', ',']).next().unwrap_or("") } else { g };
                int.len() == 3 && whole(int)
            });
        if !ok {
            return None;
        }
        groups.concat().into()
    } else {
        body.into()
    };
    let (int, frac) = match joined.split_once([',', '.']) {
        Some((i, f)) => (i, Some(f)),
        None => (&*joined, None),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    let value: f64 = match frac {
        Some(f) => format!("{int}.{f}").parse().ok()?,
        None => int.parse().ok()?,
    };
    Some(sign * value)
}

/// "14/06/2021": how a date is written in a table or a spreadsheet cell.
pub fn short_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// "2021-06-14" (how dates are stored) → "14/06/2021"; any other text as it is.
pub fn short_date_of_iso(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(short_date).unwrap_or_else(|_| iso.to_string())
}

/// Accepts JJ/MM/AAAA (the French way), AAAA-MM-JJ (ISO, and what XLSX cells give), JJ-MM-AAAA
/// and JJ.MM.AAAA, with or without a time after.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let t = raw.trim();
    let t = t.split(['T', ' ']).next().unwrap_or(t);
    ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"].iter().find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}

/// "29 novembre 2026", "1er mai 2027".
pub fn long_date(date: NaiveDate) -> String {
    let day = if date.day() == 1 { "1er".to_string() } else { date.day().to_string() };
    format!("{day} {}", month_label(date))
}

/// « juin 2021 ».
pub fn month_label(date: NaiveDate) -> String {
    format!("{} {}", MONTHS[date.month0() as usize], date.year())
}

/// "1234567" → "1 234 567", narrow no-break spaces between groups of three.
fn group_thousands(units: u64) -> String {
    let digits = units.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(NARROW_NO_BREAK_SPACE);
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_with_a_comma_and_narrow_spaces() {
        assert_eq!(format_number(2.5), "2,5");
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_decimal(1_234_567.0), "1\u{202f}234\u{202f}567");
        assert_eq!(format_decimal(-0.04), "0");
        assert_eq!(format_decimal(f64::NAN), "–");
    }

    #[test]
    fn whole_percent_follows_the_shared_cases() {
        #[derive(serde::Deserialize)]
        struct Case {
            part: u64,
            whole: u64,
            percent: u8,
        }
        let cases: Vec<Case> = serde_json::from_str(include_str!("../data/whole-percent-cases.json")).unwrap();
        assert!(cases.len() > 10);
        for c in cases {
            assert_eq!(whole_percent(c.part, c.whole), c.percent, "{} / {}", c.part, c.whole);
        }
    }

    #[test]
    fn dates_print_short_long_and_by_month() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(short_date(date), "05/12/2026");
        assert_eq!(long_date(date), "5 décembre 2026");
        assert_eq!(long_date(NaiveDate::from_ymd_opt(2027, 5, 1).unwrap()), "1er mai 2027");
        assert_eq!(month_label(date), "décembre 2026");
        assert_eq!(parse_date(&short_date(date)), Some(date));
        assert_eq!(parse_date("05.12.2026 10:00"), Some(date));
    }

    #[test]
    fn what_is_printed_reads_back() {
        for cents in [0, 5, 123_456, MAX_AMOUNT_CENTS] {
            assert_eq!(parse_amount(&format_amount(cents)).unwrap(), cents);
        }
        assert_eq!(parse_number(&format_decimal(1234.5)), Some(1234.5));
    }
}
