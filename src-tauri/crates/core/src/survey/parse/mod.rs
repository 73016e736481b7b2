//! Framaforms results exports (Drupal webform 7.x-4.x) turned into questions and submissions.
//!
//! The store reads the file (any encoding, delimiter or workbook) into rows of text; this module
//! only looks at those rows, so every rule is tested without IO. The rules follow what webform's
//! exporter writes (`webform_results_download_headers`, the components' `_webform_csv_headers_*`
//! and `_webform_csv_data_*`), described in the project's note on the Framaforms export.
//!
//! # Header rows
//! Row 1 holds the form title in A, row 2 « Submission Details » (« Détails de la soumission » on a
//! French site, `submission_details` with form keys) in A and a question's name over the first
//! column of each 'separate' multiple choice and each grid, row 3 the submission-information
//! labels then one header per column. The header rows are found by row 2's first cell or, failing
//! that, by a row whose first cells are submission labels including the SID. An export with no
//! header rows (header format « None ») is refused: its questions cannot be named.
//!
//! # Submission columns and privacy
//! See [`submission_columns`]: IP address, UID and username are dropped by their header in any
//! language or key form (only their header is reported), and an export whose submission columns
//! cannot be told apart from its questions is refused, never stored.
//!
//! # Questions
//! See [`columns`] for how columns become questions and how each question's kind is inferred, and
//! [`compact`] for multiple choices written in one column.

mod columns;
mod compact;
pub mod submission_columns;
mod synthetic;
#[cfg(test)]
mod tests;
mod values;

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::model::{Answer, ParsedExport, QuestionDef, Submission, SurveyExport};
use crate::error::{CoreError, Result};
pub use crate::french::parse_number;
pub use crate::import::TableRow;
use crate::import::{column_letter, TableRow as Row};
use columns::{segment, unique_key, Columns, Layout};
pub use columns::{GRID_MAX_LABELS, SINGLE_MAX_DISTINCT};
use submission_columns::{is_details, misplaced_submission_column, submission_columns, Meta};
pub use synthetic::synthetic_export;
use values::{cell, parse_flag, parse_integer, DayOrder};

fn file_error(file: &str, line: Option<usize>, column: Option<usize>, message: impl Into<String>) -> CoreError {
    CoreError::File { file: file.to_string(), line, column: column.map(column_letter), message: message.into() }
}

fn is_blank(row: &Row) -> bool {
    row.cells().all(|c| crate::text::trim(c).is_empty())
}

const REDOWNLOAD: &str =
    "téléchargez à nouveau les résultats depuis la page « Téléchargement » du formulaire sur Framaforms";

/// Reads the rows of a Framaforms export (`file_name` is only used in messages). Errors name the
/// file, the line and the column, and say what to do.
pub fn parse_export(rows: &[TableRow], file_name: &str) -> Result<ParsedExport> {
    Ok(check_export(rows, file_name)?.into_parsed())
}

/// A Framaforms export whose every row has been checked and whose questions are known, its
/// answers not read yet: an import reads them submission by submission, so a large export is
/// never held twice (as cells and as answers).
pub struct CheckedExport<'r> {
    pub form_title: String,
    pub questions: Vec<QuestionDef>,
    /// The headers of the columns not kept (IP address, UID, username), as the file names them.
    pub dropped_columns: Vec<String>,
    /// The submissions in file order, without their answers (see [`CheckedExport::answers`]).
    pub submissions: Vec<Submission>,
    layouts: Vec<Layout>,
    data: Vec<&'r Row>,
    row2: &'r Row,
    row3: &'r Row,
    day_order: DayOrder,
}

impl CheckedExport<'_> {
    /// The answers of submission `index` (in file order), by question key.
    pub fn answers(&self, index: usize) -> BTreeMap<String, Answer> {
        let columns = Columns { data: &self.data, row2: self.row2, row3: self.row3, day_order: self.day_order };
        let row = self.data[index];
        self.questions
            .iter()
            .zip(&self.layouts)
            .filter_map(|(q, layout)| layout.answer(row, q, &columns).map(|a| (q.key.clone(), a)))
            .collect()
    }

    /// Every answer read, on every core: rows are independent.
    pub fn into_parsed(mut self) -> ParsedExport {
        let mut submissions = std::mem::take(&mut self.submissions);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let share = submissions.len().div_ceil(threads).max(1);
        let this = &self;
        std::thread::scope(|scope| {
            for (chunk, subs) in submissions.chunks_mut(share).enumerate() {
                scope.spawn(move || {
                    for (offset, submission) in subs.iter_mut().enumerate() {
                        submission.answers = this.answers(chunk * share + offset);
                    }
                });
            }
        });
        ParsedExport {
            form_title: self.form_title,
            questions: self.questions,
            submissions,
            dropped_columns: self.dropped_columns,
        }
    }
}

impl SurveyExport for CheckedExport<'_> {
    fn form_title(&self) -> &str {
        &self.form_title
    }
    fn questions(&self) -> &[QuestionDef] {
        &self.questions
    }
    fn dropped_columns(&self) -> &[String] {
        &self.dropped_columns
    }
    fn len(&self) -> usize {
        self.submissions.len()
    }
    fn submission(&self, index: usize) -> &Submission {
        &self.submissions[index]
    }
    fn for_each_answer(&self, index: usize, each: &mut dyn FnMut(usize, &Answer)) {
        let columns = Columns { data: &self.data, row2: self.row2, row3: self.row3, day_order: self.day_order };
        let row = self.data[index];
        for (i, (question, layout)) in self.questions.iter().zip(&self.layouts).enumerate() {
            if let Some(answer) = layout.answer(row, question, &columns) {
                each(i, &answer);
            }
        }
    }
}

/// [`parse_export`] up to the answers, which [`CheckedExport`] reads when asked.
pub fn check_export<'r>(rows: &'r [TableRow], file_name: &str) -> Result<CheckedExport<'r>> {
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
            match (first..scan_end)
                .find(|&i| submission_columns(&rows[i].to_vec()).iter().any(|(_, m)| *m == Meta::Sid))
            {
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
                         « Heure de soumission »… et les questions). Pour importer une enquête, {REDOWNLOAD}."
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

    let row3_cells = row3.to_vec();
    let meta = submission_columns(&row3_cells);
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
    let dropped_columns: Vec<String> =
        meta.iter().filter(|(_, m)| m.is_personal()).map(|(i, _)| row3_cells[*i].trim().to_string()).collect();
    let question_start = meta.last().map_or(0, |(i, _)| i + 1);
    let width = row3.filled_len().max(row2.filled_len()).max(question_start);

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
        let filled = row.filled_len();
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

    let column_values = |c: usize| data.iter().map(|r| cell(r, c)).filter(|v| !v.is_empty()).collect::<Vec<_>>();
    if let Some((column, header)) = misplaced_submission_column(&row3_cells, question_start, width, column_values) {
        return Err(err(
            Some(row3.line),
            Some(column),
            format!(
                "la colonne « {header} » se trouve parmi les questions mais ressemble à une information de \
                 soumission (adresse IP, utilisateur, dates…) : les informations de soumission ne se distinguent \
                 pas des questions, et rien n'est importé pour ne pas garder de données personnelles. {}, sans \
                 modifier le fichier.",
                capitalise(REDOWNLOAD)
            ),
        ));
    }

    // English labels mean an English site, whose short dates put the month first (Framaforms' sites
    // are French: form keys say nothing, so day first unless the dates show otherwise).
    let english_site = cell(row2, 0) == "Submission Details";
    let time_samples = [Meta::Time, Meta::Completed, Meta::Modified]
        .into_iter()
        .filter_map(meta_col)
        .flat_map(|c| data.iter().take(200).map(move |r| cell(r, c)));
    let day_order = DayOrder::revealed(time_samples).unwrap_or(if english_site {
        DayOrder::MonthFirst
    } else {
        DayOrder::DayFirst
    });
    let columns = Columns { data: &data, row2, row3, day_order };
    let layouts = segment(&columns, question_start, width);
    let mut used_keys: HashSet<String> = HashSet::default();
    let questions: Vec<(QuestionDef, Layout)> = layouts
        .into_iter()
        .map(|(label, kind, layout)| {
            let key = unique_key(&label, layout.first_column(), &mut used_keys);
            let (options, has_other) = match &layout {
                Layout::Separate { options, other } => {
                    (options.iter().map(|&c| columns.header(c).to_string()).collect(), other.is_some())
                }
                Layout::Grid { rows } => (rows.iter().map(|&c| columns.header(c).to_string()).collect(), false),
                Layout::Compact { options, has_other, .. } => (options.clone(), *has_other),
                Layout::One { .. } | Layout::Date { .. } => (Vec::new(), false),
            };
            let label = if label.is_empty() { key.clone() } else { label };
            (QuestionDef { key, label, kind, options, has_other }, layout)
        })
        .collect();

    let mut seen: HashMap<i64, usize> = HashMap::default();
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
                        row3_cells[c].trim()
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

    let (questions, layouts) = questions.into_iter().unzip();
    Ok(CheckedExport { form_title, questions, dropped_columns, submissions, layouts, data, row2, row3, day_order })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A first row of numbers or dates: submissions without the header rows.
fn looks_like_data(row: &Row) -> bool {
    row.cells().take(3).any(|c| {
        let c = c.trim();
        (!c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit())) || looks_like_date(c)
    })
}

fn looks_like_date(text: &str) -> bool {
    let digits: String = text.chars().take(10).map(|c| if c.is_ascii_digit() { 'd' } else { c }).collect();
    digits.starts_with("dd/dd/dddd") || digits.starts_with("dddd-dd-dd") || digits.starts_with("dd.dd.dddd")
}
