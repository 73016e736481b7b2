//! The CSV and XLSX writers of a directory export.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use fabrique_core::import::column_letter;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::error::{Result, StoreError};
use crate::fsutil::replace_atomically;

/// UTF-8 with a BOM and `;`: what Excel in French opens correctly with a double click.
pub(super) fn write_csv(path: &Path, headers: &[String], rows: &[Vec<String>]) -> Result<()> {
    replace_atomically(path, |tmp| {
        let io = StoreError::io("d'écrire", path);
        let write = || -> std::io::Result<()> {
            let mut out = BufWriter::new(File::create(tmp)?);
            out.write_all("\u{feff}".as_bytes())?;
            let mut csv =
                csv::WriterBuilder::new().delimiter(b';').quote_style(csv::QuoteStyle::Necessary).from_writer(out);
            csv.write_record(headers).map_err(system_error)?;
            for row in rows {
                csv.write_record(row).map_err(system_error)?;
            }
            csv.into_inner().map_err(|e| e.into_error())?.flush()
        };
        write().map_err(io)
    })
}

/// The system's own error under the CSV writer's, so a full disk is told as such.
fn system_error(error: csv::Error) -> std::io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Every cell written as a string, so nothing in the file is ever evaluated as a formula.
pub(super) fn write_xlsx(path: &Path, headers: &[String], rows: &[Vec<String>]) -> Result<()> {
    let cell_error = |row: usize, column: usize, e: XlsxError| {
        StoreError::file(
            path,
            Some(row + 1),
            Some(column_letter(column)),
            format!("cellule impossible à écrire dans un classeur ({e}) : exportez plutôt en CSV."),
        )
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Structures").map_err(|e| cell_error(0, 0, e))?;
    let bold = Format::new().set_bold();
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, header, &bold).map_err(|e| cell_error(0, c, e))?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            sheet.write_string(r as u32 + 1, c as u16, value).map_err(|e| cell_error(r + 1, c, e))?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| cell_error(0, 0, e))?;
    // About 40 characters at most, so one long note does not push every other column off screen.
    sheet.set_autofit_max_width(300).autofit();
    save_workbook(&mut book, path, " : exportez plutôt en CSV")
}

/// Builds the workbook in memory, then writes it in one step: the zip library writing straight to a
/// full disk would print its own English complaint on the error output.
pub(crate) fn save_workbook(book: &mut Workbook, path: &Path, advice: &str) -> Result<()> {
    let bytes = book
        .save_to_buffer()
        .map_err(|e| StoreError::file(path, None, None, format!("classeur impossible à écrire ({e}){advice}.")))?;
    replace_atomically(path, |tmp| std::fs::write(tmp, &bytes).map_err(StoreError::io("d'écrire", path)))
}
