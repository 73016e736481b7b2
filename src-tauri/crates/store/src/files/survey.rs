//! Framaforms results exports read from disk: every variant the site writes (delimited text with
//! any of its seven delimiters, the legacy UTF-16 "Excel" export, XLSX) and what spreadsheets make
//! of them when re-saved (Windows-1252 or UTF-8 with BOM, `;`, unquoted cells). The rows go to
//! `fabrique_core::survey::parse`, which turns them into questions and submissions.

use std::path::Path;

use fabrique_core::import::TableRow;
use fabrique_core::survey::parse::{check_export, parse_export, CheckedExport};
use fabrique_core::survey::ParsedExport;

use super::{extension, text, workbook, MAX_FILE_BYTES};
use crate::error::{file_name, Result, StoreError};

const READABLE: &str = "TSV, CSV, TXT, XLS ou XLSX (export des résultats de Framaforms)";

/// The delimiters Framaforms offers, in the order ties are broken (spreadsheets' first).
const DELIMITERS: [char; 7] = [';', '\t', ',', '|', ':', '.', ' '];

/// How much of the text the delimiter is sniffed from.
const SNIFF_BYTES: usize = 256 * 1024;

/// The rows of a Framaforms export, each with its 1-based line (or workbook row) number. Workbooks
/// are told by their content, so the legacy "Excel" export — UTF-16 text under a `.xls` name — reads
/// as text. Cells are as written (no trimming), dates of a workbook in ISO form.
pub fn read_rows(path: &Path) -> Result<Vec<TableRow>> {
    if !matches!(extension(path).as_str(), "csv" | "tsv" | "txt" | "xls" | "xlsx" | "xlsm" | "ods") {
        return Err(StoreError::UnsupportedFormat { path: path.to_path_buf(), allowed: READABLE });
    }
    let unreadable = |e: std::io::Error| {
        StoreError::file(
            path,
            None,
            None,
            format!("impossible de lire le fichier ({e}) : vérifiez qu'il existe et qu'il n'est pas ouvert ailleurs."),
        )
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_FILE_BYTES {
        return Err(StoreError::file(
            path,
            None,
            None,
            format!(
                "le fichier pèse {} Mo, au-delà de la limite de {} Mo : ce n'est sans doute pas un export de \
                 Framaforms ; sinon, téléchargez les résultats en plusieurs fois (par plage de dates ou de numéros).",
                size.div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    if bytes.is_empty() {
        return Err(StoreError::file(
            path,
            None,
            None,
            "le fichier est vide : téléchargez à nouveau les résultats depuis la page « Téléchargement » du \
             formulaire sur Framaforms.",
        ));
    }
    if workbook::looks_like_one(&bytes) {
        workbook::read_rows(path, &bytes)
    } else {
        let text = text::decode_owned(path, bytes)?;
        let tsv = extension(path) == "tsv";
        let delimiter = if tsv { '\t' } else { detect_delimiter(&text).unwrap_or(';') };
        text::parse(path, &text, delimiter).map_err(truncated)
    }
}

/// Reads a Framaforms export into its questions and submissions; every refusal names the file.
pub fn read_survey_export(path: &Path) -> Result<ParsedExport> {
    let rows = read_rows(path)?;
    Ok(parse_export(&rows, &file_name(path))?)
}

/// Reads a Framaforms export and hands it, checked, to `then` while its rows are held: an import
/// reads the answers submission by submission, never the whole file's at once.
pub fn with_survey_export<T>(path: &Path, then: impl FnOnce(&CheckedExport) -> Result<T>) -> Result<T> {
    let rows = read_rows(path)?;
    let export = check_export(&rows, &file_name(path))?;
    then(&export)
}

/// Framaforms closes every quote it opens: one left open is a file cut short.
fn truncated(error: StoreError) -> StoreError {
    match error {
        StoreError::File { path, line, column, message } if message.starts_with("un guillemet ouvre") => {
            StoreError::File {
                path,
                line,
                column,
                message: "un guillemet ouvre cette cellule mais n'est jamais refermé : le fichier est tronqué \
                          (téléchargement interrompu) ou a été modifié. Téléchargez à nouveau les résultats depuis \
                          Framaforms."
                    .to_string(),
            }
        }
        other => other,
    }
}

/// The delimiter of a Framaforms text export. Framaforms quotes every cell, so the character
/// after a closing quote is the delimiter (or a line end): this tells `.` and space apart from the
/// same characters inside answers. Files re-saved by a spreadsheet quote few cells or none: the
/// delimiter is then the one splitting the most lines — title, headers and answers alike — into
/// the same number of cells (at least two).
fn detect_delimiter(text: &str) -> Option<char> {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.trim_start().starts_with('"') {
        if let Some(d) = after_closing_quotes(sample) {
            return Some(d);
        }
    }
    consistent_split(sample)
}

fn after_closing_quotes(sample: &str) -> Option<char> {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut others = 0usize;
    let (mut in_quotes, mut field_start, mut closed) = (false, true, false);
    let mut chars = sample.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    in_quotes = false;
                    closed = true;
                }
            }
            continue;
        }
        if std::mem::take(&mut closed) && c != '\r' && c != '\n' {
            match DELIMITERS.iter().position(|d| *d == c) {
                Some(i) => counts[i] += 1,
                None => others += 1,
            }
        }
        if c == '"' && field_start {
            in_quotes = true;
            field_start = false;
            continue;
        }
        field_start = c == '\n' || c == '\r' || DELIMITERS.contains(&c);
    }
    let (i, best) = counts.iter().enumerate().max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))?;
    (*best > 0 && *best > others).then_some(DELIMITERS[i])
}

fn consistent_split(sample: &str) -> Option<char> {
    let mut best: Option<(usize, char)> = None;
    for d in DELIMITERS {
        let counts = field_counts(sample, d);
        // The most common number of cells (the larger on a tie), and how many lines have it.
        let mut tally: Vec<(usize, usize)> = Vec::new();
        for n in counts {
            match tally.iter_mut().find(|(m, _)| *m == n) {
                Some((_, k)) => *k += 1,
                None => tally.push((n, 1)),
            }
        }
        let Some(&(cells, lines)) = tally.iter().max_by_key(|(m, k)| (*k, *m)) else { continue };
        if cells >= 2 && best.is_none_or(|(b, _)| lines > b) {
            best = Some((lines, d));
        }
    }
    best.map(|(_, d)| d)
}

/// The number of cells of each non-blank record of the sample (at most 200) with `delimiter`,
/// quotes opening only at the start of a cell.
fn field_counts(sample: &str, delimiter: char) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut cells, mut blank, mut in_quotes, mut field_start) = (1usize, true, false, true);
    let mut chars = sample.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            if !blank {
                out.push(cells);
                if out.len() == 200 {
                    return out;
                }
            }
            (cells, blank, field_start) = (1, true, true);
        } else if c == delimiter {
            cells += 1;
            field_start = true;
        } else {
            if c == '"' && field_start {
                in_quotes = true;
            }
            blank &= c.is_whitespace();
            field_start = false;
        }
    }
    if !blank {
        out.push(cells);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_exports_give_their_delimiter_whatever_the_answers_hold() {
        for d in DELIMITERS {
            let text = format!(
                "\"Enquête\"{d}\"\"{d}\"\"\n\"Submission Details\"{d}\"\"{d}\"\"\n\"SID\"{d}\"Nom\"{d}\"Notes\"\n\
                 \"12\"{d}\"C.S. du Lac, Pessac\"{d}\"Un « besoin »; deux: trois | quatre\tcinq\"\n"
            );
            assert_eq!(detect_delimiter(&text), Some(d), "{d:?}");
        }
    }

    #[test]
    fn resaved_exports_give_the_delimiter_splitting_lines_alike() {
        let text = "Enquête;;;\nSubmission Details;;;\nSID;Date de soumission;Nom;Notes\n\
                    12;22/06/2021 - 14:32;C.S. du Lac;Un besoin: deux, trois\n\
                    13;23/06/2021 - 09:10;EVS;\"Oui; vraiment\"\n";
        assert_eq!(detect_delimiter(text), Some(';'));
        assert_eq!(detect_delimiter("SID,Nom\n12,A\n13,B\n"), Some(','));
        assert_eq!(detect_delimiter("Enquête\n"), None);
    }
}
