//! Framaforms results exports (Drupal webform 7.x-4.x) turned into questions and submissions.
//!
//! The store reads the file (any encoding, delimiter or workbook) into rows of text; this module
//! only looks at those rows, so every rule is tested without IO.
//!
//! # Header rows
//! Row 1 holds the form title in A, row 2 "Submission Details" (or a translation, or
//! `submission_details`) in A and a question's name over the first column of each 'separate'
//! multiple choice and each grid, row 3 the metadata labels then one header per column. The header
//! rows are found by row 2's first cell or, failing that, by a row whose first cells are metadata
//! labels including the SID; labels match in English, French or as form keys, ignoring case and
//! accents. IP address, UID and username are dropped (only their header is reported).
//!
//! # How columns become questions
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
//! - Any other column is one question: a number when every answer is a number (`,` or `.`
//!   decimals, spaces between thousands; `0123` is a code, not a number); a multiple choice in
//!   'compact' mode when answers are labels joined by commas drawn from a small recurring
//!   vocabulary (see [`looks_compact`]); a single choice when it has at most
//!   [`SINGLE_MAX_DISTINCT`] distinct answers and each is given twice on average (so names and
//!   communes, mostly distinct, stay text); otherwise text.
//!
//! Kinds are a first guess: the user can correct them, not the extent of a question.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::model::{Answer, ParsedExport, QuestionDef, QuestionKind, Submission};
use crate::error::{CoreError, Result};
pub use crate::import::TableRow;
use crate::import::{column_letter, TableRow as Row};
use crate::text::fold;

/// A single choice has at most this many distinct answers.
pub const SINGLE_MAX_DISTINCT: usize = 12;
/// A grid has at most this many column labels.
pub const GRID_MAX_LABELS: usize = 10;

/// The metadata columns, in the order webform writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Meta {
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

/// Folded labels (English, French, form keys) of each metadata column.
const META_LABELS: [(Meta, &[&str]); 9] = [
    (
        Meta::Serial,
        &["serial", "serial number", "n", "no", "num", "numero", "n de serie", "numero de serie", "serie", "n serie"],
    ),
    (
        Meta::Sid,
        &[
            "sid",
            "submission id",
            "id de soumission",
            "id soumission",
            "identifiant de soumission",
            "identifiant de la soumission",
            "numero de soumission",
        ],
    ),
    (
        Meta::Time,
        &[
            "time",
            "submitted time",
            "submitted",
            "submission time",
            "date de soumission",
            "heure de soumission",
            "soumis le",
            "soumise le",
            "envoye le",
            "date d envoi",
        ],
    ),
    (
        Meta::Completed,
        &[
            "completed time",
            "completed",
            "termine le",
            "terminee le",
            "complete le",
            "completee le",
            "date de fin",
            "heure de fin",
            "date d achevement",
            "date de completion",
        ],
    ),
    (
        Meta::Modified,
        &[
            "modified time",
            "modified",
            "modifie le",
            "modifiee le",
            "date de modification",
            "heure de modification",
            "derniere modification",
        ],
    ),
    (Meta::Draft, &["draft", "brouillon"]),
    (Meta::Ip, &["ip address", "ip", "adresse ip"]),
    (Meta::Uid, &["uid", "user id", "id utilisateur", "identifiant utilisateur", "id de l utilisateur"]),
    (Meta::Username, &["username", "user name", "user", "nom d utilisateur", "nom utilisateur", "utilisateur"]),
];

/// Folded first cells of row 2.
const DETAILS_LABELS: [&str; 6] = [
    "submission details",
    "details de la soumission",
    "details de soumission",
    "details des soumissions",
    "details de l envoi",
    "informations de soumission",
];

fn meta_of(header: &str) -> Option<Meta> {
    let folded = fold(header);
    META_LABELS.iter().find(|(_, labels)| labels.contains(&folded.as_str())).map(|(m, _)| *m)
}

fn is_details(cell: &str) -> bool {
    DETAILS_LABELS.contains(&fold(cell).as_str())
}

/// The leading metadata columns of row 3: labels in webform's order, each once, until the first
/// header that is not one.
fn metadata_columns(row3: &[String]) -> Vec<(usize, Meta)> {
    let mut out: Vec<(usize, Meta)> = Vec::new();
    for (i, cell) in row3.iter().enumerate() {
        match meta_of(cell) {
            Some(m) if out.last().is_none_or(|(_, last)| m > *last) => out.push((i, m)),
            _ => break,
        }
    }
    out
}

fn file_error(file: &str, line: Option<usize>, column: Option<usize>, message: impl Into<String>) -> CoreError {
    CoreError::File { file: file.to_string(), line, column: column.map(column_letter), message: message.into() }
}

fn is_blank(row: &Row) -> bool {
    row.cells.iter().all(|c| crate::text::trim(c).is_empty())
}

fn filled_len(cells: &[String]) -> usize {
    cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1)
}

fn cell(row: &Row, index: usize) -> &str {
    row.cells.get(index).map_or("", |c| crate::text::trim(c))
}

const REDOWNLOAD: &str =
    "téléchargez à nouveau les résultats depuis la page « Téléchargement » du formulaire sur Framaforms";

/// Reads the rows of a Framaforms export (`file_name` is only used in messages). Errors name the
/// file, the line and the column, and say what to do.
pub fn parse_export(rows: &[TableRow], file_name: &str) -> Result<ParsedExport> {
    let err =
        |line: Option<usize>, column: Option<usize>, message: String| file_error(file_name, line, column, message);
    let first = rows.iter().position(|r| !is_blank(r)).ok_or_else(|| {
        err(None, None, format!("le fichier est vide : {REDOWNLOAD}, puis importez le fichier obtenu."))
    })?;

    // Row 2 is found by its first cell, or row 3 by its metadata labels (SID among them).
    let scan_end = rows.len().min(first + 6);
    let details = (first..scan_end).find(|&i| is_details(cell(&rows[i], 0)));
    let meta_row = match details {
        Some(d) => d + 1,
        None => {
            match (first..scan_end).find(|&i| metadata_columns(&rows[i].cells).iter().any(|(_, m)| *m == Meta::Sid)) {
                Some(i) if i > 0 => i,
                _ if looks_like_data(&rows[first]) => {
                    return Err(err(
                        Some(rows[first].line),
                        None,
                        format!(
                            "ce fichier n'a pas de lignes d'en-tête (format d'en-tête « Aucun ») : sans elles, les \
                         questions ne peuvent pas être nommées. Pour l'importer, {REDOWNLOAD} en choisissant le \
                         format d'en-tête « Étiquette » ou « Clé du formulaire »."
                        ),
                    ))
                }
                _ => {
                    return Err(err(
                        None,
                        None,
                        format!(
                            "ce fichier n'est pas un export des résultats de Framaforms : on y attend trois lignes \
                         d'en-tête (le titre du formulaire, « Détails de la soumission », puis les colonnes « SID », \
                         « Date de soumission »… et les questions). Pour importer une enquête, {REDOWNLOAD}."
                        ),
                    ))
                }
            }
        }
    };
    let Some(row3) = rows.get(meta_row) else {
        return Err(err(
            Some(rows[rows.len() - 1].line),
            None,
            format!(
                "le fichier s'arrête au milieu des lignes d'en-tête : il est tronqué. {}, puis importez le fichier \
                 obtenu.",
                capitalise(REDOWNLOAD)
            ),
        ));
    };
    let row2 = &rows[meta_row - 1];
    let form_title = if meta_row >= 2 { cell(&rows[meta_row - 2], 0).to_string() } else { String::new() };

    let meta = metadata_columns(&row3.cells);
    let meta_col = |m: Meta| meta.iter().find(|(_, x)| *x == m).map(|(i, _)| *i);
    let Some(sid_col) = meta_col(Meta::Sid) else {
        return Err(err(
            Some(row3.line),
            None,
            format!(
                "la colonne « SID » (le numéro de chaque soumission) est absente : c'est elle qui reconnaît une même \
                 réponse d'un export à l'autre. {} en gardant « SID » parmi les informations de soumission \
                 exportées.",
                capitalise(REDOWNLOAD)
            ),
        ));
    };
    let dropped_columns: Vec<String> = meta
        .iter()
        .filter(|(_, m)| matches!(m, Meta::Ip | Meta::Uid | Meta::Username))
        .map(|(i, _)| row3.cells[*i].trim().to_string())
        .collect();
    let question_start = meta.last().map_or(0, |(i, _)| i + 1);
    let width = filled_len(&row3.cells).max(filled_len(&row2.cells)).max(question_start);

    let data: Vec<&Row> = rows[meta_row + 1..].iter().filter(|r| !is_blank(r)).collect();
    if data.is_empty() {
        return Err(err(
            Some(row3.line),
            None,
            format!(
                "le fichier ne contient que les lignes d'en-tête, aucune réponse : le téléchargement a pu être \
                 interrompu, ou l'export ne portait sur aucune soumission. {}, en choisissant toutes les \
                 soumissions.",
                capitalise(REDOWNLOAD)
            ),
        ));
    }
    for row in &data {
        let filled = filled_len(&row.cells);
        if filled > width {
            return Err(err(
                Some(row.line),
                Some(width),
                format!(
                    "{filled} cellules pour {width} colonnes d'en-tête : une réponse contient sans doute le séparateur \
                     sans être entre guillemets (le fichier a-t-il été modifié dans un tableur ?). Corrigez la ligne, \
                     ou {REDOWNLOAD}."
                ),
            ));
        }
    }

    let columns = Columns { data: &data, row2, row3 };
    let layouts = segment(&columns, question_start, width);
    let mut used_keys: HashSet<String> = HashSet::new();
    let questions: Vec<(QuestionDef, Layout)> = layouts
        .into_iter()
        .map(|(label, kind, layout)| {
            let key = unique_key(&label, layout.first_column(), &mut used_keys);
            let (options, has_other) = match &layout {
                Layout::Separate { options, other } => {
                    (options.iter().map(|&c| columns.header(c).to_string()).collect(), other.is_some())
                }
                Layout::Grid { rows } => (rows.iter().map(|&c| columns.header(c).to_string()).collect(), false),
                Layout::Compact { options, .. } => (options.clone(), false),
                Layout::One { .. } => (Vec::new(), false),
            };
            let label = if label.is_empty() { key.clone() } else { label };
            (QuestionDef { key, label, kind, options, has_other }, layout)
        })
        .collect();

    let mut seen: HashMap<i64, usize> = HashMap::new();
    let mut submissions = Vec::with_capacity(data.len());
    for row in &data {
        let sid_text = cell(row, sid_col);
        if sid_text.is_empty() {
            return Err(err(
                Some(row.line),
                Some(sid_col),
                format!(
                    "le SID de cette réponse est vide : chaque réponse garde le numéro que Framaforms lui a donné. \
                     Complétez la cellule, ou {REDOWNLOAD}."
                ),
            ));
        }
        let sid = parse_integer(sid_text).ok_or_else(|| {
            err(
                Some(row.line),
                Some(sid_col),
                format!(
                    "le SID « {sid_text} » n'est pas un nombre entier : le fichier a sans doute été modifié. Corrigez \
                     la cellule, ou {REDOWNLOAD}."
                ),
            )
        })?;
        if let Some(first_line) = seen.insert(sid, row.line) {
            return Err(err(
                Some(row.line),
                Some(sid_col),
                format!(
                    "le SID {sid} figure déjà ligne {first_line} : une soumission n'apparaît qu'une fois dans un \
                     export. Supprimez la ligne en double, ou {REDOWNLOAD}."
                ),
            ));
        }
        let text_of = |m: Meta| meta_col(m).map(|c| cell(row, c)).filter(|v| !v.is_empty()).map(str::to_string);
        let draft = match meta_col(Meta::Draft) {
            None => false,
            Some(c) => parse_flag(cell(row, c)).ok_or_else(|| {
                err(
                    Some(row.line),
                    Some(c),
                    format!(
                        "« {} » dans la colonne « {} » : on y attend 1 (brouillon) ou 0 (soumission terminée). \
                         Corrigez la cellule, ou {REDOWNLOAD}.",
                        cell(row, c),
                        row3.cells[c].trim()
                    ),
                )
            })?,
        };
        submissions.push(Submission {
            sid,
            serial: meta_col(Meta::Serial).and_then(|c| parse_integer(cell(row, c))),
            submitted_at: text_of(Meta::Time),
            completed_at: text_of(Meta::Completed),
            modified_at: text_of(Meta::Modified),
            draft,
            answers: BTreeMap::new(),
            line: row.line,
        });
    }

    // Every row checked, the answers are read on every core: rows are independent, and a large
    // export is mostly answers.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let share = submissions.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for (subs, rows) in submissions.chunks_mut(share).zip(data.chunks(share)) {
            let (questions, columns) = (&questions, &columns);
            scope.spawn(move || {
                for (submission, row) in subs.iter_mut().zip(rows) {
                    let answers: Vec<(String, Answer)> = questions
                        .iter()
                        .filter_map(|(q, layout)| layout.answer(row, q, columns).map(|a| (q.key.clone(), a)))
                        .collect();
                    submission.answers = answers.into_iter().collect();
                }
            });
        }
    });

    Ok(ParsedExport {
        form_title,
        questions: questions.into_iter().map(|(q, _)| q).collect(),
        submissions,
        dropped_columns,
    })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A first row of numbers or dates: submissions without the header rows.
fn looks_like_data(row: &Row) -> bool {
    row.cells.iter().take(3).any(|c| {
        let c = c.trim();
        (!c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit())) || looks_like_date(c)
    })
}

fn looks_like_date(text: &str) -> bool {
    let digits: String = text.chars().take(10).map(|c| if c.is_ascii_digit() { 'd' } else { c }).collect();
    digits.starts_with("dd/dd/dddd") || digits.starts_with("dddd-dd-dd") || digits.starts_with("dd.dd.dddd")
}

/// "12", or "12.0" as a workbook may hold a whole number.
fn parse_integer(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<i64>() {
        return Some(n);
    }
    let f: f64 = text.parse().ok()?;
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

fn parse_flag(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "" | "0" | "non" | "no" | "false" | "faux" => Some(false),
        "1" | "oui" | "yes" | "true" | "vrai" => Some(true),
        _ => None,
    }
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
    let spaced = body.contains([' ', '\u{a0}', '\u{202f}']);
    let groups: Vec<&str> = if spaced { body.split([' ', '\u{a0}', '\u{202f}']).collect() } else { Vec::new() };
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

fn is_x(value: &str) -> bool {
    value.eq_ignore_ascii_case("x")
}

/// The header of webform's "other" text column (see the module documentation).
fn other_like(header: &str) -> bool {
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
struct Columns<'a> {
    data: &'a [&'a Row],
    row2: &'a Row,
    row3: &'a Row,
}

impl<'a> Columns<'a> {
    fn values(&self, column: usize) -> impl Iterator<Item = &'a str> + '_ {
        self.data.iter().map(move |r| cell(r, column)).filter(|v| !v.is_empty())
    }

    fn is_empty(&self, column: usize) -> bool {
        self.values(column).next().is_none()
    }

    /// Holds values, all of them X.
    fn is_ticks(&self, column: usize) -> bool {
        !self.is_empty(column) && self.values(column).all(is_x)
    }

    fn header(&self, column: usize) -> &'a str {
        cell(self.row3, column)
    }

    fn name(&self, column: usize) -> &'a str {
        cell(self.row2, column)
    }
}

/// Where a question's answers are in a row.
#[derive(Debug)]
enum Layout {
    /// One column: single choice, number or text.
    One {
        column: usize,
    },
    /// Multiple choice in 'compact' mode; `options` is the vocabulary found.
    Compact {
        column: usize,
        options: Vec<String>,
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
    fn first_column(&self) -> usize {
        match self {
            Layout::One { column } | Layout::Compact { column, .. } => *column,
            Layout::Separate { options, other } => options.first().or(other.as_ref()).copied().unwrap_or(0),
            Layout::Grid { rows } => rows.first().copied().unwrap_or(0),
        }
    }

    fn answer(&self, row: &Row, question: &QuestionDef, columns: &Columns) -> Option<Answer> {
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
            Layout::Compact { column, .. } => {
                let selected = split_compact(cell(row, *column));
                (!selected.is_empty()).then_some(Answer::Choices { selected, other: None })
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

fn split_compact(value: &str) -> Vec<String> {
    value.split(',').map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

/// Cuts the question columns into questions: (label, kind, layout).
fn segment(columns: &Columns, start: usize, width: usize) -> Vec<(String, QuestionKind, Layout)> {
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
    if let Some(options) = looks_compact(&values) {
        return (label, QuestionKind::Multi, Layout::Compact { column, options });
    }
    let distinct: HashSet<&str> = values.iter().copied().collect();
    let kind = if looks_single(values.len(), distinct.len()) { QuestionKind::Single } else { QuestionKind::Text };
    (label, kind, Layout::One { column })
}

/// Few distinct answers, each given twice on average.
fn looks_single(answers: usize, distinct: usize) -> bool {
    distinct > 0 && distinct <= SINGLE_MAX_DISTINCT && distinct * 2 <= answers
}

/// A multiple choice in 'compact' mode, told conservatively from the answers: at least two answers
/// (and a fifth of them) list several labels separated by commas; the labels are short and form a
/// small vocabulary (at most 20, each used 1.5 times on average); three quarters of the label uses
/// are of labels found in two answers or more; and some label appears in two different
/// combinations (so "Oui, souvent" used alone is not a list). Returns the labels, most used first.
fn looks_compact(values: &[&str]) -> Option<Vec<String>> {
    // Most columns have no comma at all: decided before splitting anything.
    let with_commas = values.iter().filter(|v| v.contains(',')).count();
    if with_commas < 2 || with_commas * 5 < values.len() {
        return None;
    }
    // Free text with commas is told apart cheaply: a long part, or more than 20 distinct labels,
    // ends the question before anything is built.
    let mut vocabulary: HashSet<&str> = HashSet::new();
    for value in values {
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if part.len() > 240 || (vocabulary.insert(part) && vocabulary.len() > 20) {
                return None;
            }
        }
    }
    let lists: Vec<Vec<String>> = values.iter().map(|v| split_compact(v)).collect();
    let several = lists.iter().filter(|l| l.len() > 1).count();
    if several < 2 || several * 5 < values.len() {
        return None;
    }
    let mut uses: HashMap<&str, (usize, usize)> = HashMap::new(); // label → (answers, first position)
    let mut combinations: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut occurrences = 0;
    for (value, list) in values.iter().zip(&lists) {
        let mut seen_here = HashSet::new();
        for part in list {
            if part.chars().count() > 60 {
                return None;
            }
            occurrences += 1;
            if seen_here.insert(part.as_str()) {
                let next = uses.len();
                uses.entry(part.as_str()).or_insert((0, next)).0 += 1;
                combinations.entry(part.as_str()).or_default().insert(*value);
            }
        }
    }
    let vocabulary = uses.len();
    let recurring: usize = uses.values().filter(|(n, _)| *n >= 2).map(|(n, _)| n).sum();
    let recombined = combinations.values().any(|c| c.len() >= 2);
    if vocabulary > 20 || vocabulary * 3 > occurrences * 2 || recurring * 4 < occurrences * 3 || !recombined {
        return None;
    }
    let mut labels: Vec<(&str, (usize, usize))> = uses.into_iter().collect();
    labels.sort_by_key(|(_, (n, first))| (std::cmp::Reverse(*n), *first));
    Some(labels.into_iter().map(|(l, _)| l.to_string()).collect())
}

/// The header as the question's key, made unique by a suffix (« Commentaire (2) »); an empty
/// header is named after its column.
fn unique_key(label: &str, column: usize, used: &mut HashSet<String>) -> String {
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

/// The rows of a realistic Framaforms export with `submissions` submissions and `columns` columns
/// (at least the SID): the nine metadata columns when there is room for them and a question,
/// then a cycle of text, single choice, multiple choice with an 'other' column, number, grid and
/// long text. Deterministic. For benchmarks and tests.
pub fn synthetic_export(submissions: usize, columns: usize) -> Vec<TableRow> {
    const META_EN: [&str; 9] = [
        "Serial",
        "SID",
        "Submitted Time",
        "Completed Time",
        "Modified Time",
        "Draft",
        "IP Address",
        "UID",
        "Username",
    ];
    let columns = columns.max(1);
    let meta: Vec<&str> = if columns >= 10 { META_EN.to_vec() } else { vec!["SID"] };
    let mut row1 = vec!["Enquête sur les pratiques numériques (synthétique)".to_string()];
    let mut row2 = vec!["Submission Details".to_string()];
    let mut row3: Vec<String> = meta.iter().map(|m| m.to_string()).collect();
    row2.resize(row3.len(), String::new());

    enum Gen {
        Text,
        Single,
        Multi,
        Number,
        Grid,
        Long,
    }
    let cycle = [Gen::Text, Gen::Single, Gen::Multi, Gen::Number, Gen::Grid, Gen::Long];
    let mut plan: Vec<(Gen, usize)> = Vec::new(); // (generator, first column)
    let mut n = 0;
    while row3.len() < columns {
        let left = columns - row3.len();
        let g = &cycle[n % cycle.len()];
        let question = n + 1;
        let first = row3.len();
        let gen = match g {
            Gen::Multi if left >= 5 => {
                row2.push(format!("Q{question}. Outils utilisés"));
                row2.extend(std::iter::repeat_n(String::new(), 4));
                row3.extend(
                    ["Site internet", "Facebook", "Instagram", "Lettre d'information", "Autre..."].map(String::from),
                );
                Gen::Multi
            }
            Gen::Grid if left >= 3 => {
                row2.push(format!("Q{question}. Niveau d'aisance"));
                row2.extend(["", ""].map(String::from));
                row3.extend(["Traitement de texte", "Tableur", "Réseaux sociaux"].map(String::from));
                Gen::Grid
            }
            Gen::Single => {
                row2.push(String::new());
                row3.push(format!("Q{question}. Type de structure"));
                Gen::Single
            }
            Gen::Number => {
                row2.push(String::new());
                row3.push(format!("Q{question}. Nombre d'ordinateurs"));
                Gen::Number
            }
            Gen::Long => {
                row2.push(String::new());
                row3.push(format!("Q{question}. Vos besoins"));
                Gen::Long
            }
            _ => {
                row2.push(String::new());
                row3.push(format!("Q{question}. Nom de la structure"));
                Gen::Text
            }
        };
        plan.push((gen, first));
        n += 1;
    }
    row1.resize(row3.len(), String::new());

    let mut rows = vec![
        TableRow { line: 1, cells: row1 },
        TableRow { line: 2, cells: row2 },
        TableRow { line: 3, cells: row3.clone() },
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const LEVELS: [&str; 3] = ["Débutant", "Intermédiaire", "Avancé"];
    for s in 0..submissions {
        let mut cells = vec![String::new(); row3.len()];
        let sid = 1000 + 3 * s as i64;
        for (i, m) in meta.iter().enumerate() {
            cells[i] = match *m {
                "Serial" => (s + 1).to_string(),
                "SID" => sid.to_string(),
                "Submitted Time" | "Completed Time" | "Modified Time" => {
                    format!("{:02}/{:02}/2021 - {:02}:{:02}", 1 + s % 28, 1 + s % 12, 8 + s % 10, s % 60)
                }
                "Draft" => if next() % 20 == 0 { "1" } else { "0" }.to_string(),
                "IP Address" => format!("192.168.{}.{}", s % 250, (s / 250) % 250),
                "UID" => "0".to_string(),
                _ => String::new(),
            };
        }
        for (gen, first) in &plan {
            let r = next();
            match gen {
                Gen::Text => cells[*first] = format!("Centre social n°{s} « {first} »"),
                Gen::Single => cells[*first] = if r % 3 == 0 { "EVS" } else { "Centre social" }.to_string(),
                Gen::Number => cells[*first] = (r % 40).to_string(),
                Gen::Long => {
                    if r % 4 != 0 {
                        cells[*first] = format!("Besoin n°{s} : formation des bénévoles, [script] et matériel ({r})")
                    }
                }
                Gen::Multi => {
                    for o in 0..4 {
                        if (r >> (o * 3)) % 2 == 0 {
                            cells[first + o] = "X".to_string();
                        }
                    }
                    if r % 7 == 0 {
                        cells[first + 4] = format!("Affichage n°{s}");
                    }
                }
                Gen::Grid => {
                    for o in 0..3 {
                        cells[first + o] = LEVELS[((r >> (o * 4)) % 3) as usize].to_string();
                    }
                }
            }
        }
        rows.push(TableRow { line: 4 + s, cells });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<TableRow> {
        lines
            .iter()
            .enumerate()
            .map(|(i, cells)| TableRow { line: i + 1, cells: cells.iter().map(|c| c.to_string()).collect() })
            .collect()
    }

    /// An export with the EN metadata (SID and Draft), the given question header rows and data.
    fn export(row2: &[&str], row3: &[&str], data: &[&[&str]]) -> Result<ParsedExport> {
        let owned = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<String>>();
        let mut lines = vec![
            TableRow { line: 1, cells: owned(&["Formulaire"]) },
            TableRow { line: 2, cells: [owned(&["Submission Details", ""]), owned(row2)].concat() },
            TableRow { line: 3, cells: [owned(&["SID", "Draft"]), owned(row3)].concat() },
        ];
        for (i, d) in data.iter().enumerate() {
            lines.push(TableRow { line: 4 + i, cells: [vec![(100 + i).to_string(), "0".into()], owned(d)].concat() });
        }
        parse_export(&lines, "t.csv")
    }

    fn kinds(p: &ParsedExport) -> Vec<(&str, QuestionKind)> {
        p.questions.iter().map(|q| (q.key.as_str(), q.kind)).collect()
    }

    #[test]
    fn a_multi_runs_over_its_ticks_and_takes_the_other_column() {
        let p = export(
            &["Outils", "", "", "", "", ""],
            &["Site", "Facebook", "Lettre", "Autre...", "Nombre", "Commune"],
            &[
                &["X", "", "", "Affichage", "3", "Pessac"],
                &["", "x", "", "", "2", "Talence"],
                &["X", "X", "", "", "1", "Cenon"],
            ],
        )
        .unwrap();
        assert_eq!(
            kinds(&p),
            [("Outils", QuestionKind::Multi), ("Nombre", QuestionKind::Number), ("Commune", QuestionKind::Text)]
        );
        let q = &p.questions[0];
        assert_eq!(q.options, ["Site", "Facebook", "Lettre"], "an option never ticked stays an option");
        assert!(q.has_other);
        assert_eq!(
            p.submissions[0].answers["Outils"],
            Answer::Choices { selected: vec!["Site".into()], other: Some("Affichage".into()) }
        );
        assert_eq!(
            p.submissions[1].answers["Outils"],
            Answer::Choices { selected: vec!["Facebook".into()], other: None }
        );
    }

    #[test]
    fn the_other_column_is_told_by_its_header_only() {
        for header in ["Autre...", "Other…", "Autre", "Autre (précisez)", "Autres, lesquels ?", "outils_other"] {
            assert!(other_like(header), "{header}");
        }
        for header in ["Autres remarques", "Commentaire", "Nombre d'ordinateurs", "Site autre", "mon other"] {
            assert!(!other_like(header), "{header}");
        }
        // Without an "other" header, a text column after the options is the next question.
        let p =
            export(&["Outils", "", ""], &["Site", "Facebook", "Remarques"], &[&["X", "", "Rien"], &["", "X", "Bien"]])
                .unwrap();
        assert_eq!(kinds(&p), [("Outils", QuestionKind::Multi), ("Remarques", QuestionKind::Text)]);
        assert!(!p.questions[0].has_other);
        // An option named « Autre » that is ticked is an option, not the 'other' text.
        let p = export(&["Outils", "", ""], &["Site", "Autre", "Nom"], &[&["X", "X", "A"], &["", "X", "B"]]).unwrap();
        assert_eq!(p.questions[0].options, ["Site", "Autre"]);
        assert!(!p.questions[0].has_other);
        // An 'other' column nobody filled is still the 'other' column.
        let p = export(&["Outils", "", ""], &["Site", "Autre...", "Nom"], &[&["X", "", "A"], &["", "", "B"]]).unwrap();
        assert_eq!(p.questions[0].options, ["Site"]);
        assert!(p.questions[0].has_other);
    }

    #[test]
    fn a_multi_stops_at_the_next_named_column_and_trailing_empties_follow_their_header() {
        let p = export(
            &["Outils", "", "", "Matériel", "", ""],
            &["Site", "Facebook", "Lettre", "PC", "Tablette", "Combien de salariés ?"],
            &[&["X", "", "", "", "X", ""], &["X", "", "", "X", "", ""]],
        )
        .unwrap();
        assert_eq!(p.questions[0].options, ["Site", "Facebook", "Lettre"]);
        assert_eq!(p.questions[1].options, ["PC", "Tablette"]);
        assert_eq!(p.questions[2].key, "Combien de salariés ?", "an empty column headed by a question is one");
        assert_eq!(p.questions.len(), 3);
    }

    #[test]
    fn a_grid_runs_while_its_values_stay_within_its_labels() {
        let p = export(
            &["Niveau", "", "", ""],
            &["Texte", "Tableur", "Réseaux", "Vos besoins"],
            &[
                &["Débutant", "Avancé", "Intermédiaire", "Former les bénévoles"],
                &["Avancé", "Avancé", "", "Du matériel"],
                &["Intermédiaire", "", "Débutant", ""],
            ],
        )
        .unwrap();
        assert_eq!(kinds(&p), [("Niveau", QuestionKind::Grid), ("Vos besoins", QuestionKind::Text)]);
        assert_eq!(p.questions[0].options, ["Texte", "Tableur", "Réseaux"]);
        assert_eq!(
            p.submissions[1].answers["Niveau"],
            Answer::Grid { cells: vec![("Texte".into(), "Avancé".into()), ("Tableur".into(), "Avancé".into())] }
        );
        // A grid row nobody answered, between answered ones, belongs to the grid.
        let p = export(
            &["Niveau", "", "", ""],
            &["Texte", "Tableur", "Réseaux", "Nom"],
            &[&["Débutant", "", "Avancé", "CS A"], &["Avancé", "", "Débutant", "CS B"]],
        )
        .unwrap();
        assert_eq!(p.questions[0].options, ["Texte", "Tableur", "Réseaux"]);
        assert_eq!(p.questions[1].kind, QuestionKind::Text);
    }

    #[test]
    fn compact_multis_are_inferred_conservatively() {
        let compact =
            ["Site, Facebook", "Facebook", "Site, Facebook, Instagram", "Instagram,Site", "Site", "Lettre, Facebook"];
        let options = looks_compact(&compact).unwrap();
        assert_eq!(options, ["Site", "Facebook", "Instagram", "Lettre"], "most used first");
        // Free text with commas: no recurring vocabulary.
        let text = ["Des ordinateurs, une imprimante", "Former, accompagner", "Rien", "Un local, du temps"];
        assert!(looks_compact(&text).is_none());
        // A single choice whose label holds a comma: always the same combination.
        let labelled = ["Oui, souvent", "Non, jamais", "Oui, souvent", "Non, jamais", "Oui, souvent"];
        assert!(looks_compact(&labelled).is_none());
        // Only one list among many answers.
        assert!(looks_compact(&["A, B", "A", "B", "A", "B", "A", "B", "A", "B", "A", "B"]).is_none());

        let data: Vec<Vec<&str>> = compact.iter().map(|v| vec![*v]).collect();
        let refs: Vec<&[&str]> = data.iter().map(|d| d.as_slice()).collect();
        let p = export(&[""], &["Outils"], &refs).unwrap();
        assert_eq!(kinds(&p), [("Outils", QuestionKind::Multi)]);
        assert_eq!(
            p.submissions[3].answers["Outils"],
            Answer::Choices { selected: vec!["Instagram".into(), "Site".into()], other: None }
        );
    }

    #[test]
    fn single_versus_text_versus_number() {
        let p = export(
            &["", "", "", "", ""],
            &["Type", "Commune", "Ordinateurs", "Code postal", "Accompagnement"],
            &[
                &["Centre social", "Pessac", "12", "33600", "Oui"],
                &["EVS", "Talence", "1,5", "33400", "Non"],
                &["Centre social", "Pessac", "1 200", "33000", "Oui"],
                &["Centre social", "Cenon", "-3.25", "03100", "Oui"],
            ],
        )
        .unwrap();
        assert_eq!(
            kinds(&p),
            [
                ("Type", QuestionKind::Single),
                ("Commune", QuestionKind::Text),
                ("Ordinateurs", QuestionKind::Number),
                ("Code postal", QuestionKind::Text),
                ("Accompagnement", QuestionKind::Single),
            ]
        );
        let numbers: Vec<Answer> = p.submissions.iter().map(|s| s.answers["Ordinateurs"].clone()).collect();
        assert_eq!(
            numbers,
            [12.0, 1.5, 1200.0, -3.25].map(|value| Answer::Number { value }),
            "comma decimals and thousands"
        );
        assert_eq!(p.submissions[0].answers["Type"], Answer::Choice { value: "Centre social".into() });
        assert_eq!(p.submissions[0].answers["Commune"], Answer::Text { value: "Pessac".into() });
        for bad in ["1.2.3", "12a", "", "1 20", "0123", "1,", ",5", "--1"] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
        assert_eq!(parse_number("0,5"), Some(0.5));
        assert_eq!(parse_number("12 345,5"), Some(12345.5));
    }

    #[test]
    fn french_metadata_and_form_keys_are_recognised_and_personal_columns_dropped() {
        let fr = rows(&[
            &["Mon enquête"],
            &["Détails de la soumission"],
            &[
                "N°",
                "SID",
                "Date de soumission",
                "Terminé le",
                "Modifié le",
                "Brouillon",
                "Adresse IP",
                "UID",
                "Nom d'utilisateur",
                "Type",
            ],
            &["3", "17", "22/06/2021 - 14:32", "22/06/2021 - 14:40", "", "oui", "10.0.0.1", "4", "jdupont", "EVS"],
        ]);
        let keys = rows(&[
            &["Mon enquête"],
            &["submission_details"],
            &[
                "serial",
                "sid",
                "time",
                "completed_time",
                "modified_time",
                "draft",
                "ip_address",
                "uid",
                "username",
                "type",
            ],
            &["3", "17", "22/06/2021 - 14:32", "22/06/2021 - 14:40", "", "1", "10.0.0.1", "4", "jdupont", "EVS"],
        ]);
        for (rows, dropped, key) in [
            (fr, ["Adresse IP", "UID", "Nom d'utilisateur"], "Type"),
            (keys, ["ip_address", "uid", "username"], "type"),
        ] {
            let p = parse_export(&rows, "t.csv").unwrap();
            assert_eq!(p.form_title, "Mon enquête");
            assert_eq!(p.dropped_columns, dropped);
            assert_eq!(kinds(&p), [(key, QuestionKind::Text)]);
            let s = &p.submissions[0];
            assert_eq!((s.sid, s.serial, s.draft, s.line), (17, Some(3), true, 4));
            assert_eq!(s.submitted_at.as_deref(), Some("22/06/2021 - 14:32"));
            assert_eq!(s.completed_at.as_deref(), Some("22/06/2021 - 14:40"));
            assert_eq!(s.modified_at, None);
            let debug = format!("{p:?}");
            assert!(!debug.contains("jdupont") && !debug.contains("10.0.0.1"), "personal data never kept");
        }
    }

    #[test]
    fn metadata_may_be_left_out_but_not_the_sid() {
        let p = parse_export(
            &rows(&[&["F"], &["Submission Details"], &["SID", "Username", "Q"], &["5", "bob", "a"]]),
            "t.csv",
        )
        .unwrap();
        assert_eq!((p.submissions[0].serial, p.submissions[0].draft), (None, false));
        assert_eq!(p.dropped_columns, ["Username"]);
        let err = parse_export(
            &rows(&[&["F"], &["Submission Details"], &["Serial", "Submitted Time", "Q"], &["1", "x", "a"]]),
            "enquete.csv",
        )
        .unwrap_err();
        assert_eq!(err.code(), "survey_file");
        assert!(err.to_string().starts_with("Fichier « enquete.csv », ligne 3 : la colonne « SID »"), "{err}");
    }

    #[test]
    fn headers_are_found_without_row_two_label_and_keys_are_unique() {
        // Row 2's label in an unexpected translation: row 3's metadata still finds the headers.
        let p = parse_export(
            &rows(&[
                &["F"],
                &["Infos"],
                &["SID", "Commentaire", "Commentaire", ""],
                &["5", "a", "b", ""],
                &[],
                &["6", "c"],
            ]),
            "t.csv",
        )
        .unwrap();
        assert_eq!(kinds(&p), [("Commentaire", QuestionKind::Text), ("Commentaire (2)", QuestionKind::Text)]);
        assert_eq!(p.submissions.iter().map(|s| (s.sid, s.line)).collect::<Vec<_>>(), [(5, 4), (6, 6)]);
        assert!(!p.submissions[1].answers.contains_key("Commentaire (2)"), "empty answers are absent");
    }

    #[test]
    fn bad_exports_are_refused_with_the_place_and_what_to_do() {
        let err = |lines: &[&[&str]]| parse_export(&rows(lines), "e.csv").unwrap_err().to_string();
        let head: [&[&str]; 3] = [&["F"], &["Submission Details"], &["SID", "Draft", "Q"]];
        let with = |extra: &[&[&str]]| {
            let mut all: Vec<&[&str]> = head.to_vec();
            all.extend(extra);
            err(&all)
        };
        let cases = [
            (err(&[]), "Fichier « e.csv » : le fichier est vide"),
            (err(&[&[""], &[" "]]), "Fichier « e.csv » : le fichier est vide"),
            (
                err(&[&["1", "17", "22/06/2021 - 14:32", "Oui"]]),
                "Fichier « e.csv », ligne 1 : ce fichier n'a pas de lignes d'en-tête",
            ),
            (err(&[&["Nom", "Commune"], &["CS", "Pessac"]]), "Fichier « e.csv » : ce fichier n'est pas un export"),
            (
                err(&[&["F"], &["Submission Details"]]),
                "Fichier « e.csv », ligne 2 : le fichier s'arrête au milieu des lignes d'en-tête",
            ),
            (with(&[]), "Fichier « e.csv », ligne 3 : le fichier ne contient que les lignes d'en-tête"),
            (
                with(&[&["5", "0", "a"], &["5", "0", "b"]]),
                "Fichier « e.csv », ligne 5, colonne A : le SID 5 figure déjà ligne 4",
            ),
            (
                with(&[&["5a", "0", "a"]]),
                "Fichier « e.csv », ligne 4, colonne A : le SID « 5a » n'est pas un nombre entier",
            ),
            (with(&[&["", "0", "a"]]), "Fichier « e.csv », ligne 4, colonne A : le SID de cette réponse est vide"),
            (
                with(&[&["5", "peut-être", "a"]]),
                "Fichier « e.csv », ligne 4, colonne B : « peut-être » dans la colonne « Draft »",
            ),
            (with(&[&["5", "0", "a", "b"]]), "Fichier « e.csv », ligne 4, colonne D : 4 cellules pour 3 colonnes"),
        ];
        for (message, start) in cases {
            assert!(message.starts_with(start), "{message}\n  should start with: {start}");
            assert!(message.contains("Framaforms") || message.contains("Corrigez"), "says what to do: {message}");
        }
        // Fewer cells than the header: trailing empties.
        let p = parse_export(&rows(&[&["F"], &["Submission Details"], &["SID", "Q", "R"], &["5"]]), "e.csv").unwrap();
        assert!(p.submissions[0].answers.is_empty());
    }

    #[test]
    fn script_is_just_text_and_xlsx_whole_numbers_read_as_integers() {
        let p = parse_export(
            &rows(&[&["F"], &["Submission Details"], &["SID", "Q"], &["12.0", "[script]alert(1)[/script]"]]),
            "e.xlsx",
        )
        .unwrap();
        assert_eq!(p.submissions[0].sid, 12);
        assert_eq!(p.submissions[0].answers["Q"], Answer::Text { value: "[script]alert(1)[/script]".into() });
    }

    #[test]
    fn synthetic_exports_parse_to_their_planned_questions() {
        let rows = synthetic_export(300, 150);
        assert_eq!(rows.len(), 303);
        assert!(rows.iter().all(|r| r.cells.len() == 150));
        let p = parse_export(&rows, "synthétique.tsv").unwrap();
        assert_eq!(p.submissions.len(), 300);
        assert_eq!(p.dropped_columns, ["IP Address", "UID", "Username"]);
        let count = |k: QuestionKind| p.questions.iter().filter(|q| q.kind == k).count();
        // 141 question columns: 11 cycles of 12 columns, then text, single, multi (5), number, and text (1 left: no room for a grid).
        assert_eq!(count(QuestionKind::Multi), 12);
        assert_eq!(count(QuestionKind::Grid), 11);
        assert_eq!(count(QuestionKind::Number), 12);
        assert_eq!(count(QuestionKind::Single), 12);
        assert!(p
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::Multi)
            .all(|q| q.has_other && q.options.len() == 4));
        let small = synthetic_export(3, 4);
        assert_eq!(parse_export(&small, "s.tsv").unwrap().questions.len(), 3);
    }
}
