//! How the question columns of an export become questions: which columns belong together (the
//! options of a 'separate' multiple choice, the rows of a grid) and what kind each question is.
//!
//! # Extent
//! - A column with a name in row 2 starts a group that runs until the next named column at most.
//!   The first group column holding a value decides its nature: only `X` (any case) → a multiple
//!   choice in 'separate' mode, anything else → a grid.
//! - Multiple choice: the following columns are options while they hold only `X` or nothing. The
//!   'other' text column is the one whose row-3 header reads like webform's "other" label —
//!   ending with "..." or "…" (webform's default « Autre... »/"Other..."), or « Autre », « Other »,
//!   « Autre (précisez) », « Autres, lesquels ? »…, or a form key ending in `_other`/`_autre` — and
//!   that does not hold only `X` (an option named « Autre » that is ticked stays an option). A text
//!   column without such a header ends the question: every plain question also has an empty row 2,
//!   so a data-only rule would swallow the next question.
//! - Grid: the following columns are grid rows while their values stay within the grid's small set
//!   of labels (at most [`GRID_MAX_LABELS`]): a column whose values are all known, or that shares
//!   one with the labels seen so far, belongs to it. A grid followed by a single choice using the
//!   same labels cannot be told apart from a longer grid.
//! - An empty column inside a group belongs to it when the next column holding a value still does
//!   (or is the 'other' column); a trailing empty column belongs to it unless its header reads
//!   like a question (ends with « ? » or « : », or is longer than 60 characters).
//!
//! # Kinds of a one-column question, in this order
//! 1. Number: every answer is a number (`.` or `,` decimals, spaces between thousands; `0123` is a
//!    code, not a number).
//! 2. Date: every answer is a date without a time, in the site's short format (`d/m/Y` French,
//!    `m/d/Y` English, told from the dates themselves when they can tell) or ISO `Y-m-d`; answers
//!    are stored as ISO dates.
//! 3. Multiple choice in 'compact' mode: only when the cells show it (see [`super::compact`]) — a
//!    comma in a cell is not enough, option labels may hold commas (« Oui, chaque semaine »).
//! 4. Single choice: at most [`SINGLE_MAX_DISTINCT`] distinct answers, each given twice on average
//!    or three quarters of the answers repeated (so names and communes, mostly distinct, stay text).
//! 5. Otherwise free text. A textarea answer of exactly `0` is exported blank by webform: it is a
//!    non-response here too, since nothing tells it from one.
//!
//! Kinds are a first guess: the user can correct them, not the extent of a question.

use rustc_hash::FxHashSet as HashSet;

use super::compact::{looks_compact, split_compact};
use super::values::{cell, is_plain_date, is_x, parse_date, DayOrder};
use crate::french::parse_number;
use crate::import::{column_letter, TableRow as Row};
use crate::survey::model::{Answer, QuestionDef, QuestionKind};
use crate::text::fold;

/// A single choice has at most this many distinct answers.
pub const SINGLE_MAX_DISTINCT: usize = 12;
/// A grid has at most this many column labels.
pub const GRID_MAX_LABELS: usize = 10;

/// The header of webform's "other" text column (see the module documentation).
pub(super) fn other_like(header: &str) -> bool {
    let h = header.trim();
    if h.ends_with("...") || h.ends_with('…') {
        return true;
    }
    let lower = h.to_lowercase();
    if !lower.contains(' ') && ["_other", "_autre", "_autres", "-other", "-autre"].iter().any(|s| lower.ends_with(s)) {
        return true;
    }
    let folded = fold(h);
    let rest = ["autres", "autre", "others", "other"].iter().find_map(|w| folded.strip_prefix(w));
    rest.is_some_and(|r| {
        matches!(
            r.trim(),
            "" | "precisez"
                | "preciser"
                | "a preciser"
                | "lesquels"
                | "lesquelles"
                | "lequel"
                | "laquelle"
                | "please specify"
                | "specify"
        )
    })
}

/// A header that names a question rather than an option or a grid row.
fn looks_like_question(header: &str) -> bool {
    let h = header.trim();
    h.ends_with('?') || h.ends_with(':') || h.chars().count() > 60
}

/// The data rows seen column by column.
pub(super) struct Columns<'a> {
    pub data: &'a [&'a Row],
    pub row2: &'a Row,
    pub row3: &'a Row,
    /// How the site writes its short dates.
    pub day_order: DayOrder,
}

impl<'a> Columns<'a> {
    pub(super) fn values(&self, column: usize) -> impl Iterator<Item = &'a str> + '_ {
        self.data.iter().map(move |r| cell(r, column)).filter(|v| !v.is_empty())
    }

    fn is_empty(&self, column: usize) -> bool {
        self.values(column).next().is_none()
    }

    /// Holds values, all of them X.
    fn is_ticks(&self, column: usize) -> bool {
        !self.is_empty(column) && self.values(column).all(is_x)
    }

    pub(super) fn header(&self, column: usize) -> &'a str {
        cell(self.row3, column)
    }

    fn name(&self, column: usize) -> &'a str {
        cell(self.row2, column)
    }
}

/// Where a question's answers are in a row.
#[derive(Debug)]
pub(super) enum Layout {
    /// One column: single choice, number or text.
    One {
        column: usize,
    },
    /// One column of dates, with the order of day and month they are written in.
    Date {
        column: usize,
        order: DayOrder,
    },
    /// Multiple choice in 'compact' mode; `options` is the vocabulary found, in the form's order.
    Compact {
        column: usize,
        options: Vec<String>,
        has_other: bool,
    },
    /// Multiple choice in 'separate' mode.
    Separate {
        options: Vec<usize>,
        other: Option<usize>,
    },
    Grid {
        rows: Vec<usize>,
    },
}

impl Layout {
    pub(super) fn first_column(&self) -> usize {
        match self {
            Layout::One { column } | Layout::Date { column, .. } | Layout::Compact { column, .. } => *column,
            Layout::Separate { options, other } => options.first().or(other.as_ref()).copied().unwrap_or(0),
            Layout::Grid { rows } => rows.first().copied().unwrap_or(0),
        }
    }

    pub(super) fn answer(&self, row: &Row, question: &QuestionDef, columns: &Columns) -> Option<Answer> {
        match self {
            Layout::One { column } => {
                let value = cell(row, *column);
                if value.is_empty() {
                    return None;
                }
                Some(match question.kind {
                    QuestionKind::Number => match parse_number(value) {
                        Some(value) => Answer::Number { value },
                        None => Answer::Text { value: value.to_string() },
                    },
                    QuestionKind::Single => Answer::Choice { value: value.to_string() },
                    _ => Answer::Text { value: value.to_string() },
                })
            }
            Layout::Date { column, order } => {
                let value = cell(row, *column);
                (!value.is_empty()).then(|| match parse_date(value, *order) {
                    Some(date) => Answer::Text { value: date.format("%Y-%m-%d").to_string() },
                    None => Answer::Text { value: value.to_string() },
                })
            }
            Layout::Compact { column, options, has_other } => {
                let is_option = |p: &str| options.iter().any(|o| o == p);
                let (selected, other) = split_compact(cell(row, *column), &is_option, *has_other);
                (!selected.is_empty() || other.is_some()).then_some(Answer::Choices { selected, other })
            }
            Layout::Separate { options, other } => {
                let selected: Vec<String> =
                    options.iter().filter(|&&c| is_x(cell(row, c))).map(|&c| columns.header(c).to_string()).collect();
                let other = other.map(|c| cell(row, c)).filter(|v| !v.is_empty()).map(str::to_string);
                (!selected.is_empty() || other.is_some()).then_some(Answer::Choices { selected, other })
            }
            Layout::Grid { rows } => {
                let cells: Vec<(String, String)> = rows
                    .iter()
                    .filter(|&&c| !cell(row, c).is_empty())
                    .map(|&c| (columns.header(c).to_string(), cell(row, c).to_string()))
                    .collect();
                (!cells.is_empty()).then_some(Answer::Grid { cells })
            }
        }
    }
}

/// Cuts the question columns into questions: (label, kind, layout).
pub(super) fn segment(columns: &Columns, start: usize, width: usize) -> Vec<(String, QuestionKind, Layout)> {
    let mut out = Vec::new();
    let mut j = start;
    while j < width {
        let name = columns.name(j);
        if name.is_empty() {
            out.push(single_column(columns, j));
            j += 1;
            continue;
        }
        let group_end = (j + 1..width).find(|&k| !columns.name(k).is_empty()).unwrap_or(width);
        let first_filled = (j..group_end).find(|&k| !columns.is_empty(k));
        let is_multi = first_filled.is_none_or(|k| columns.is_ticks(k) || (k > j && other_like(columns.header(k))));
        let (kind, layout, end) = if is_multi { separate(columns, j, group_end) } else { grid(columns, j, group_end) };
        out.push((name.to_string(), kind, layout));
        j = end;
    }
    out
}

/// Whether an empty column at `k` belongs to the group, `continues` telling whether a column with
/// values still does.
fn empty_column_belongs(columns: &Columns, k: usize, end: usize, continues: impl Fn(usize) -> bool) -> bool {
    match (k + 1..end).find(|&m| !columns.is_empty(m)) {
        Some(m) if continues(m) => true,
        _ => !looks_like_question(columns.header(k)),
    }
}

fn separate(columns: &Columns, start: usize, end: usize) -> (QuestionKind, Layout, usize) {
    let mut options = vec![start];
    let mut other = None;
    let mut k = start + 1;
    while k < end {
        if columns.is_ticks(k) {
            options.push(k);
        } else if other_like(columns.header(k))
            && !(columns.is_empty(k)
                && (k + 1..end).find(|&m| !columns.is_empty(m)).is_some_and(|m| columns.is_ticks(m)))
        {
            // (An empty « Autre » followed by ticked columns is an option nobody ticked.)
            other = Some(k);
            k += 1;
            break;
        } else if columns.is_empty(k)
            && empty_column_belongs(columns, k, end, |m| columns.is_ticks(m) || other_like(columns.header(m)))
        {
            options.push(k);
        } else {
            break;
        }
        k += 1;
    }
    (QuestionKind::Multi, Layout::Separate { options, other }, k)
}

/// The grid's labels once `column` is added, or None when the column is not one of its rows.
fn grid_labels<'a>(columns: &Columns<'a>, labels: &HashSet<&'a str>, column: usize) -> Option<HashSet<&'a str>> {
    let values: HashSet<&str> = columns.values(column).collect();
    let known = values.iter().filter(|v| labels.contains(*v)).count();
    let union: HashSet<&str> = labels.union(&values).copied().collect();
    let fits = union.len() <= GRID_MAX_LABELS && (labels.is_empty() || known > 0);
    fits.then_some(union)
}

fn grid(columns: &Columns, start: usize, end: usize) -> (QuestionKind, Layout, usize) {
    let mut rows = vec![start];
    let mut labels: HashSet<&str> = columns.values(start).collect();
    let mut k = start + 1;
    while k < end {
        if columns.is_empty(k) {
            if !empty_column_belongs(columns, k, end, |m| grid_labels(columns, &labels, m).is_some()) {
                break;
            }
        } else {
            match grid_labels(columns, &labels, k) {
                Some(union) => labels = union,
                None => break,
            }
        }
        rows.push(k);
        k += 1;
    }
    (QuestionKind::Grid, Layout::Grid { rows }, k)
}

fn single_column(columns: &Columns, column: usize) -> (String, QuestionKind, Layout) {
    let label = columns.header(column).to_string();
    let values: Vec<&str> = columns.values(column).collect();
    if !values.is_empty() && values.iter().all(|v| parse_number(v).is_some()) {
        return (label, QuestionKind::Number, Layout::One { column });
    }
    let order = DayOrder::revealed(values.iter().copied()).unwrap_or(columns.day_order);
    if !values.is_empty() && values.iter().all(|v| is_plain_date(v, order)) {
        return (label, QuestionKind::Date, Layout::Date { column, order });
    }
    if let Some(compact) = looks_compact(&values) {
        let layout = Layout::Compact { column, options: compact.options, has_other: compact.has_other };
        return (label, QuestionKind::Multi, layout);
    }
    let mut uses: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for v in &values {
        *uses.entry(v).or_default() += 1;
    }
    let repeated: usize = uses.values().filter(|n| **n >= 2).sum();
    let kind = if looks_single(values.len(), uses.len(), repeated) { QuestionKind::Single } else { QuestionKind::Text };
    (label, kind, Layout::One { column })
}

/// Few distinct answers, each given twice on average — or, in a small export (a later download of a
/// few new submissions), three quarters of the answers given more than once.
fn looks_single(answers: usize, distinct: usize, repeated: usize) -> bool {
    distinct > 0 && distinct <= SINGLE_MAX_DISTINCT && (distinct * 2 <= answers || repeated * 4 >= answers * 3)
}

/// The header as the question's key, made unique by a suffix (« Commentaire (2) »); an empty
/// header is named after its column.
pub(super) fn unique_key(label: &str, column: usize, used: &mut HashSet<String>) -> String {
    let base = if label.is_empty() { format!("Colonne {}", column_letter(column)) } else { label.to_string() };
    let mut key = base.clone();
    let mut n = 2;
    while used.contains(&key) {
        key = format!("{base} ({n})");
        n += 1;
    }
    used.insert(key.clone());
    key
}
