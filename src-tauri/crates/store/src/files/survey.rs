//! Framaforms results exports read from disk: every variant the site writes (delimited text with
//! any of its seven delimiters, the legacy UTF-16 "Excel" export, XLSX) and what spreadsheets make
//! of them when re-saved (Windows-1252 or UTF-8 with BOM, `;`, unquoted cells). The rows go to
//! `fabrique_core::survey::parse`, which turns them into questions and submissions.

use std::path::Path;

use fabrique_core::import::TableRow;
use fabrique_core::survey::parse::{check_export, parse_export, CheckedExport};
use fabrique_core::survey::ParsedExport;

use super::delimiter::{self, Layout};
use super::{extension, text, workbook, MAX_FILE_BYTES};
use crate::error::{file_name, Result, StoreError};

const READABLE: &str = "TSV, CSV, TXT, XLS ou XLSX (export des résultats de Framaforms)";

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
        let delimiter = if tsv { '\t' } else { delimiter::detect(&text, Layout::TitleThenHeaders).unwrap_or(';') };
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

#[cfg(test)]
mod tests {
    use super::delimiter::DELIMITERS;
    use super::*;

    #[test]
    fn quoted_exports_give_their_delimiter_whatever_the_answers_hold() {
        for d in DELIMITERS {
            let text = format!(
                "\"Enquête\"{d}\"\"{d}\"\"\n\"Submission Details\"{d}\"\"{d}\"\"\n\"SID\"{d}\"Nom\"{d}\"Notes\"\n\
                 \"12\"{d}\"C.S. du Lac, Pessac\"{d}\"Un « besoin »; deux: trois | quatre\tcinq\"\n"
            );
            assert_eq!(delimiter::detect(&text, Layout::TitleThenHeaders), Some(d), "{d:?}");
        }
    }

    #[test]
    fn resaved_exports_give_the_delimiter_splitting_lines_alike() {
        let text = "Enquête;;;\nSubmission Details;;;\nSID;Date de soumission;Nom;Notes\n\
                    12;22/06/2021 - 14:32;C.S. du Lac;Un besoin: deux, trois\n\
                    13;23/06/2021 - 09:10;EVS;\"Oui; vraiment\"\n";
        assert_eq!(delimiter::detect(text, Layout::TitleThenHeaders), Some(';'));
        assert_eq!(delimiter::detect("SID,Nom\n12,A\n13,B\n", Layout::TitleThenHeaders), Some(','));
        assert_eq!(delimiter::detect("Enquête\n", Layout::TitleThenHeaders), None);
    }
}
