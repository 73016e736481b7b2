//! The submission-information columns that open every Framaforms export (webform's
//! `webform_results_download_submission_information_info`), told apart from the questions.
//!
//! Webform writes them first, in a fixed order, each one only if the user kept it in the download
//! form; their headers are English labels, the French site's translations (webform 7.x-4.23's
//! fr.po), or the `webform_*` keys in form-key mode. Older webform versions wrote a single `Time`
//! (« Heure ») instead of the three times. Labels are compared folded (case, accents and
//! punctuation ignored), so a re-saved file that changed an apostrophe still matches.
//!
//! Privacy is checked here, not left to the parsing of questions: IP address, UID and username are
//! personal data never stored, wherever they stand among the submission columns; and a header
//! named like a submission column among the questions means the boundary between the two is
//! unknown, so the file is refused rather than risk storing one of them as a question.

use crate::text::fold;

/// The submission columns, in webform's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Meta {
    Serial,
    Sid,
    Time,
    Completed,
    Modified,
    Draft,
    Ip,
    Uid,
    Username,
}

impl Meta {
    /// Columns holding personal data: never stored.
    pub(super) fn is_personal(self) -> bool {
        matches!(self, Meta::Ip | Meta::Uid | Meta::Username)
    }
}

/// Folded headers of each submission column: English label, French label (4.23, then the wording
/// of older French translations), form key, and the older single time column.
const META_LABELS: [(Meta, &[&str]); 9] = [
    (Meta::Serial, &["serial", "sequentiel", "numero de serie", "n de serie", "webform serial"]),
    (Meta::Sid, &["sid", "webform sid", "submission id"]),
    (
        Meta::Time,
        &["submitted time", "heure de soumission", "webform time", "time", "heure", "date de soumission", "soumis le"],
    ),
    (
        Meta::Completed,
        &["completed time", "heure de completion", "webform completed time", "termine le", "date de fin"],
    ),
    (
        Meta::Modified,
        &["modified time", "heure de modification", "webform modified time", "modifie le", "date de modification"],
    ),
    (Meta::Draft, &["draft", "brouillon", "webform draft"]),
    (Meta::Ip, &["ip address", "adresse ip", "webform ip address", "ip", "adresse ip de l utilisateur"]),
    (Meta::Uid, &["uid", "webform uid", "user id", "id utilisateur"]),
    (Meta::Username, &["username", "nom d utilisateur", "webform username", "user name", "nom utilisateur"]),
];

/// Folded first cells of row 2: English, French, form-key mode.
const DETAILS_LABELS: [&str; 3] = ["submission details", "details de la soumission", "details de soumission"];

pub(super) fn meta_of(header: &str) -> Option<Meta> {
    let folded = fold(header);
    META_LABELS.iter().find(|(_, labels)| labels.contains(&folded.as_str())).map(|(m, _)| *m)
}

/// Row 2's first cell (`submission_details` folds to "submission details").
pub(super) fn is_details(cell: &str) -> bool {
    DETAILS_LABELS.contains(&fold(cell).as_str())
}

/// The leading submission columns of row 3: headers naming a submission column, each once, until
/// the first that does not. Their order is not checked: a spreadsheet may have moved them.
pub(super) fn submission_columns(row3: &[String]) -> Vec<(usize, Meta)> {
    let mut out: Vec<(usize, Meta)> = Vec::new();
    for (i, cell) in row3.iter().enumerate() {
        match meta_of(cell) {
            Some(m) if !out.iter().any(|(_, seen)| *seen == m) => out.push((i, m)),
            _ => break,
        }
    }
    out
}

/// A value as webform writes an IP address (IPv4, IPv6, or Framaforms' anonymised `0.0.0.0`).
pub fn looks_like_ip(value: &str) -> bool {
    let v = value.trim();
    v.parse::<std::net::IpAddr>().is_ok()
}

/// The first IPv4 address (four numbers of one to three digits joined by dots) or IPv6 one (hex
/// groups joined by colons, with `::` or eight groups) found anywhere in `text`: how the tests
/// check that nothing stored from an export is an address, whatever surrounds it.
pub fn ip_address_in(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let runs = |allowed: fn(u8) -> bool| {
        let mut out = Vec::new();
        let mut start = None;
        for (i, &b) in bytes.iter().chain([&b' ']).enumerate() {
            match (allowed(b), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(&text[s..i]);
                    start = None;
                }
                _ => {}
            }
        }
        out
    };
    let v4 = runs(|b| b.is_ascii_digit() || b == b'.').into_iter().find(|run| {
        run.split('.').collect::<Vec<_>>().windows(4).any(|w| w.iter().all(|g| (1..=3).contains(&g.len())))
    });
    let v6 = || {
        runs(|b| b.is_ascii_hexdigit() || b == b':').into_iter().find(|run| {
            let groups: Vec<&str> = run.split(':').collect();
            let filled = groups.iter().filter(|g| !g.is_empty()).count();
            groups.iter().all(|g| g.len() <= 4)
                && filled >= 2
                && ((run.contains("::") && !run.contains(":::")) || groups.len() == 8 && filled == 8)
        })
    };
    v4.or_else(v6)
}

/// Among the question columns, the first whose header names a submission column or whose every
/// answer is an IP address: (column, header). Such an export cannot be read safely.
pub(super) fn misplaced_submission_column<'a>(
    row3: &'a [String],
    question_start: usize,
    width: usize,
    values: impl Fn(usize) -> Vec<&'a str>,
) -> Option<(usize, &'a str)> {
    (question_start..width).find_map(|c| {
        let header = row3.get(c).map_or("", |h| h.trim());
        if meta_of(header).is_some() {
            return Some((c, header));
        }
        let answers = values(c);
        (!answers.is_empty() && answers.iter().all(|v| looks_like_ip(v))).then_some((c, header))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_in_text_and_dates_or_numbers_are_not_taken_for_them() {
        for ip in [
            "0.0.0.0",
            "192.168.1.20",
            "2a01:cb00::1",
            "2a01:e0a:1f3:5c60::7",
            "fe80:0:0:0:0:0:0:1",
            "a 10.0.0.7 b",
            "x86.247.31.112,",
        ] {
            assert!(ip_address_in(ip).is_some(), "{ip}");
        }
        for text in [
            "07/06/2021 - 09:12",
            "2021-06-07T09:12:00",
            "12.5",
            "1.2.3",
            "3.0",
            "v1.2",
            "Facebook",
            "09:12:00",
            "::",
            "a:b",
        ] {
            assert_eq!(ip_address_in(text), None, "{text}");
        }
        assert!(looks_like_ip("0.0.0.0") && !looks_like_ip("a 10.0.0.7 b"), "a whole cell, for the parser");
    }
}
