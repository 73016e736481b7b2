//! Spreadsheet files in and out: CSV/TSV/TXT and XLSX/XLS/ODS become a
//! [`Table`] for the import planner, and the directory is exported
//! as CSV or XLSX. Framaforms survey exports are read by [`survey`].
//!
//! Whatever the file holds, reading it never panics: every refusal is a
//! [`StoreError::File`] naming the file and, when there is one, the line
//! and column to fix.

mod delimiter;
mod export;
mod extent;
pub mod picture;
pub mod survey;
mod survey_figures;
mod text;
pub mod totals;
mod workbook;

use std::path::Path;

use fabrique_core::import::{column_letter, Table, TableRow};
use fabrique_core::Structure;

use crate::error::{Result, StoreError};

pub use survey::{read_survey_export, with_survey_export};
pub use survey_figures::write_survey_figures;

/// Larger files are not directories of structures; refusing them keeps memory bounded.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

const READABLE: &str = "CSV, TSV, TXT, XLSX, XLS ou ODS";

/// Reads a CSV/TSV/TXT file (`,` `;` tab or `|` separator, detected from the header line) or the
/// first sheet of an XLSX/XLS/ODS workbook into a [`Table`]: the first non-empty row gives the
/// headers, and each row keeps its 1-based line (or row) number in the file.
///
/// Text may be UTF-8 (with or without BOM), UTF-16 with BOM, or a legacy 8-bit encoding such as
/// Windows-1252, which is detected.
pub fn read_table(path: &Path) -> Result<Table> {
    let kind = match extension(path).as_str() {
        "csv" | "tsv" | "txt" => Kind::Text,
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Kind::Workbook,
        _ => return Err(StoreError::UnsupportedFormat { path: path.to_path_buf(), allowed: READABLE }),
    };
    let size = std::fs::metadata(path)
        .map_err(|e| {
            StoreError::file(
                path,
                None,
                None,
                format!(
                    "impossible de lire le fichier ({e}) : vérifiez qu'il existe et qu'il n'est pas ouvert ailleurs."
                ),
            )
        })?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(StoreError::file(
            path,
            None,
            None,
            format!(
                "le fichier pèse {} Mo, au-delà de la limite de {} Mo : ce n'est sans doute pas l'annuaire ; sinon, découpez-le en plusieurs fichiers.",
                size.div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        StoreError::file(
            path,
            None,
            None,
            format!("impossible de lire le fichier ({e}) : vérifiez qu'il n'est pas ouvert ailleurs."),
        )
    })?;
    if bytes.is_empty() {
        return Err(StoreError::file(
            path,
            None,
            None,
            "le fichier est vide : choisissez le bon fichier, ou exportez à nouveau le tableau depuis votre tableur.",
        ));
    }
    // A workbook saved under a .csv name is common enough to be read for what it is.
    let rows = if kind == Kind::Workbook || workbook::looks_like_one(&bytes) {
        workbook::read_rows(path, &bytes)?
    } else {
        text::read_rows(path, &bytes)?
    };
    build_table(path, rows, kind == Kind::Text)
}

/// Writes the structures as `.csv` (UTF-8 with BOM and `;`, as French Excel expects) or `.xlsx`
/// (every cell a string, never a formula). Cells come neutralised from
/// `fabrique_core::export`, so a value such as `=1+1` cannot run in a spreadsheet.
pub fn write_structures(path: &Path, structures: &[Structure]) -> Result<()> {
    let headers = fabrique_core::export::export_headers();
    let rows = fabrique_core::export::export_rows(structures);
    match extension(path).as_str() {
        "csv" => export::write_csv(path, &headers, &rows),
        "xlsx" => export::write_xlsx(path, &headers, &rows),
        _ => Err(StoreError::UnsupportedFormat { path: path.to_path_buf(), allowed: "CSV ou XLSX" }),
    }
}

/// Writes rows already neutralised (an action plan…) as `.csv` (UTF-8 with BOM, `;`) or `.xlsx`.
pub fn write_table(path: &Path, headers: &[String], rows: &[Vec<String>]) -> Result<()> {
    match extension(path).as_str() {
        "csv" => export::write_csv(path, headers, rows),
        "xlsx" => export::write_xlsx(path, headers, rows),
        _ => Err(StoreError::UnsupportedFormat { path: path.to_path_buf(), allowed: "CSV ou XLSX" }),
    }
}

/// Writes a produced document (a PDF, a template file) whole or not at all.
pub fn write_document(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::fsutil::replace_atomically(path, |tmp| std::fs::write(tmp, bytes).map_err(StoreError::io("d'écrire", path)))
}

/// Reads a file to attach (evidence of compliance), refusing it before reading when it is too big.
pub fn read_attachment(path: &Path, max_bytes: usize) -> Result<Vec<u8>> {
    read_limited(path, max_bytes as u64, |size| {
        format!(
            "le fichier fait {} Mo ; la limite est de {} Mo : joignez un extrait ou une version compressée.",
            size.div_ceil(1 << 20),
            max_bytes >> 20
        )
    })
}

/// Reads a whole file, refusing it before reading when it is bigger than `max_bytes`.
pub(crate) fn read_limited(path: &Path, max_bytes: u64, too_big: impl FnOnce(u64) -> String) -> Result<Vec<u8>> {
    let size = std::fs::metadata(path).map_err(StoreError::io("de lire", path))?.len();
    if size > max_bytes {
        return Err(StoreError::file(path, None, None, too_big(size)));
    }
    std::fs::read(path).map_err(StoreError::io("de lire", path))
}

/// A logo is printed a few centimetres wide: a larger file only makes every PDF heavier.
const MAX_LOGO_BYTES: u64 = 1 << 20;

/// 16 million pixels (64 Mo once decoded): far more than a logo, far less than would exhaust memory.
const MAX_LOGO_PIXELS: u64 = 16_000_000;

/// Reads a PNG image for a title page, refusing other formats and oversized files.
pub fn read_logo(path: &Path) -> Result<Vec<u8>> {
    let bytes = read_limited(path, MAX_LOGO_BYTES, |size| {
        format!("l'image fait {} Ko : choisissez un logo de moins de 1 Mo.", size / 1024)
    })?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.get(12..16) != Some(b"IHDR") {
        return Err(StoreError::file(
            path,
            None,
            None,
            "ce fichier n'est pas une image PNG : enregistrez le logo au format PNG.",
        ));
    }
    // The image is decoded whole when a PDF is made: its declared size is what it would take.
    let side = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let (width, height) = (side(16), side(20));
    if u64::from(width) * u64::from(height) > MAX_LOGO_PIXELS {
        return Err(StoreError::file(
            path,
            None,
            None,
            format!(
                "l'image fait {width} × {height} pixels : réduisez-la (2 000 pixels de côté suffisent pour un logo)."
            ),
        ));
    }
    Ok(bytes)
}

/// A template file is a few tens of kilobytes; anything far bigger is not one.
const MAX_TEMPLATE_BYTES: u64 = 2 << 20;

/// Reads a template exported by Fabrique (`.json`), naming the file, line and column of any problem.
pub fn read_template(path: &Path) -> Result<fabrique_core::dossier::template::Template> {
    let bytes = read_limited(path, MAX_TEMPLATE_BYTES, |_| {
        "ce fichier est bien trop gros pour être un modèle de dossier.".to_string()
    })?;
    let name = crate::error::file_name(path);
    Ok(fabrique_core::dossier::template::from_file(&bytes, &name)?)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Workbook,
}

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// Headers from the first non-blank row; blank rows dropped, short rows padded, and a row with
/// values beyond the last header refused rather than silently shifted or cut.
fn build_table(path: &Path, rows: Vec<TableRow>, text: bool) -> Result<Table> {
    let mut rows = rows.into_iter().filter(|r| !r.is_blank());
    let header_row = rows.next().ok_or_else(|| {
        StoreError::file(path, None, None, "aucune ligne d'en-tête : le fichier ne contient que des lignes vides.")
    })?;
    let mut headers: Vec<String> = header_row.cells().map(|h| h.trim().to_string()).collect();
    let mut body: Vec<(usize, Vec<String>)> = Vec::new();
    for row in rows {
        let filled = row.filled_len();
        if filled > headers.len() {
            let hint = if text {
                "une valeur contient sans doute le séparateur sans être entre guillemets : corrigez la ligne, ou donnez un titre à la colonne en trop."
            } else {
                "des valeurs sont hors des colonnes titrées : donnez un titre à ces colonnes, ou videz ces cellules."
            };
            return Err(StoreError::file(
                path,
                Some(row.line),
                Some(column_letter(headers.len())),
                format!("{filled} cellules pour {} colonnes d'en-tête : {hint}", headers.len()),
            ));
        }
        let mut cells = row.to_vec();
        cells.resize(headers.len(), String::new());
        body.push((row.line, cells));
    }
    // A trailing untitled column is a stray separator, unless some row put a value in it.
    while headers.last().is_some_and(|h| h.is_empty())
        && body.iter().all(|(_, cells)| cells.last().is_none_or(|c| c.trim().is_empty()))
    {
        headers.pop();
        for (_, cells) in &mut body {
            cells.pop();
        }
    }
    let rows = body
        .into_iter()
        .map(|(line, mut cells)| {
            cells.iter_mut().for_each(undo_neutralisation);
            TableRow::new(line, cells)
        })
        .collect();
    Ok(Table { headers, rows })
}

/// Exports prefix cells starting with = + - @ (or tab, carriage return) with an apostrophe so a
/// spreadsheet cannot run them; reading our own export back must give the original value (a phone
/// number "+33 5…" must not come back as "'+33 5…").
fn undo_neutralisation(cell: &mut String) {
    let mut chars = cell.chars();
    if chars.next() == Some('\'') && matches!(chars.next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) {
        cell.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(line: usize, cells: &[&str]) -> TableRow {
        TableRow::new(line, cells)
    }

    #[test]
    fn builds_tables_padding_short_rows_and_trimming_stray_columns() {
        let p = Path::new("t.csv");
        let t = build_table(
            p,
            vec![raw(1, &[]), raw(2, &["Nom", "Commune", ""]), raw(3, &["A", "", "", ""]), raw(4, &["B"])],
            true,
        )
        .unwrap();
        assert_eq!(t.headers, ["Nom", "Commune"]);
        assert_eq!(t.rows.iter().map(|r| (r.line, r.len())).collect::<Vec<_>>(), [(3, 2), (4, 2)]);

        let t = build_table(p, vec![raw(1, &["Nom", ""]), raw(2, &["A", "x"])], true).unwrap();
        assert_eq!(t.headers, ["Nom", ""], "an untitled column with a value is kept");

        let err = build_table(p, vec![raw(1, &["Nom", "Commune"]), raw(2, &["A", "B", "C", ""])], true).unwrap_err();
        assert_eq!(err.to_string().split(" : ").next(), Some("Fichier « t.csv », ligne 2, colonne C"));
        assert!(err.to_string().contains("3 cellules pour 2 colonnes d'en-tête"), "{err}");

        assert!(build_table(p, vec![raw(1, &["", " "])], true)
            .unwrap_err()
            .to_string()
            .contains("aucune ligne d'en-tête"));
    }

    #[test]
    fn arbitrary_text_never_panics() {
        // Short texts from the characters that matter to the parser, deterministic.
        let alphabet: Vec<char> = "a;\",\t|\n\r é'=\u{0}\u{feff}".chars().collect();
        let mut seed = 0x2545_F491_4F6C_DD1D_u64;
        for _ in 0..5_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 40) {
                text.push(alphabet[((seed >> (k % 50)) as usize + k as usize) % alphabet.len()]);
            }
            let p = Path::new("t.csv");
            if let Ok(rows) = text::read_rows(p, text.as_bytes()) {
                let _ = build_table(p, rows, true);
            }
        }
    }

    #[test]
    fn undoes_only_our_own_neutralisation() {
        for (input, want) in
            [("'=1+1", "=1+1"), ("'+33 5 56", "+33 5 56"), ("'Aujourd'hui", "'Aujourd'hui"), ("'", "'")]
        {
            let mut cell = input.to_string();
            undo_neutralisation(&mut cell);
            assert_eq!(cell, want);
        }
    }
}
