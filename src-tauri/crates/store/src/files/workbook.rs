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

pub(super) fn read_rows(path: &Path, bytes: &[u8]) -> Result<Vec<TableRow>> {
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
        let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        book.worksheet_range_at(0).ok_or_else(|| "aucune feuille".to_string())?.map_err(|e| e.to_string())
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
