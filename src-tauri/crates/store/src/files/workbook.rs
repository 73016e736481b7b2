//! XLSX, XLS and ODS workbooks, through calamine: the first sheet, every cell as text.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use crate::error::{Result, StoreError};
use fabrique_core::import::TableRow;

/// Zip (XLSX, ODS) and OLE (XLS, or an XLSX protected by a password) containers.
pub(super) fn looks_like_one(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// What a workbook may hold, whatever it declares: far beyond a directory or a survey export, far
/// below what would exhaust the machine.
const MAX_UNZIPPED_BYTES: u64 = 300 * 1024 * 1024;
/// Spreadsheet XML compresses about 10 to 1; a zip bomb, thousands to 1.
const MAX_RATIO: u64 = 200;

/// Refuses, before anything is unpacked, an archive whose entries would unpack to more than
/// [`MAX_UNZIPPED_BYTES`] or at a ratio no spreadsheet has.
fn check_archive(path: &Path, bytes: &[u8]) -> Result<()> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else { continue };
        total = total.saturating_add(entry.size());
        let ratio = entry.size() / entry.compressed_size().max(1);
        if total > MAX_UNZIPPED_BYTES || (entry.size() > 1024 * 1024 && ratio > MAX_RATIO) {
            return Err(StoreError::file(
                path,
                None,
                None,
                format!(
                    "ce classeur se décompresserait en {} Mo ou plus (« {} »), bien au-delà de ce que contient un \
                     tableau : il est abîmé ou piégé, et n'est pas ouvert. Exportez le tableau en CSV depuis votre \
                     tableur.",
                    total.max(entry.size()).div_ceil(1024 * 1024),
                    entry.name().unwrap_or_default()
                ),
            ));
        }
    }
    Ok(())
}

pub(super) fn read_rows(path: &Path, bytes: &[u8]) -> Result<Vec<TableRow>> {
    if bytes.starts_with(b"PK\x03\x04") {
        check_archive(path, bytes)?;
    }
    super::extent::check(path, bytes)?;
    let unreadable = |detail: String| {
        StoreError::file(
            path,
            None,
            None,
            format!(
                "classeur illisible ({detail}) : ouvrez-le dans votre tableur et enregistrez-le à nouveau en .xlsx, \
                 sans mot de passe, ou exportez-le en CSV."
            ),
        )
    };
    // The format is told from the content, not the name: a workbook renamed .csv reads too.
    // A malformed archive must not take the application down, whatever the parser does with it.
    let range = catch_unwind(AssertUnwindSafe(|| {
        let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| in_french(&e))?;
        book.worksheet_range_at(0).ok_or_else(|| "aucune feuille".to_string())?.map_err(|e| in_french(&e))
    }))
    .map_err(|_| unreadable("contenu inattendu".into()))?
    .map_err(unreadable)?;
    let Some((first_row, first_column)) = range.start() else {
        return Err(StoreError::file(
            path,
            None,
            None,
            "la première feuille du classeur est vide : placez l'annuaire dans la première feuille.",
        ));
    };
    // Leading empty columns are kept so column letters in messages match what the user sees.
    let padding = first_column as usize;
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let cells = std::iter::repeat_n(String::new(), padding).chain(row.iter().map(cell_text));
            TableRow::new(first_row as usize + i + 1, cells)
        })
        .collect())
}

/// What went wrong in a workbook, said in French: the library's own text is English and technical.
fn in_french(error: &impl std::fmt::Display) -> String {
    let text = error.to_string().to_lowercase();
    let detail = if text.contains("password") || text.contains("encrypt") || text.contains("cfb") {
        "protégé par un mot de passe, ou d'un format Excel trop ancien"
    } else if text.contains("zip") {
        "archive abîmée ou incomplète"
    } else if text.contains("xml") {
        "contenu abîmé"
    } else if text.contains("sheet") || text.contains("not found") {
        "aucune feuille lisible"
    } else {
        "format inattendu"
    };
    detail.to_string()
}

/// Text as the import planner parses it: dates in ISO form, whole numbers without decimals,
/// booleans as oui/non.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "oui" } else { "non" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => e.to_string(),
    }
}
