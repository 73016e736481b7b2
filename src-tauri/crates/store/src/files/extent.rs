//! How far a workbook's sheets reach, read from their cells before calamine builds a grid from
//! them: calamine allocates the whole rectangle between the first and the last cell (and, for XLS,
//! what the sheet declares), so one cell placed far away, or a row "repeated" a million times in
//! an ODS file, would make a file of a few kilobytes allocate gigabytes.
//!
//! Each reader here streams the sheet and keeps only four numbers. A file it cannot make sense of
//! is left to calamine, which refuses it with its own (translated) message.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::error::{Result, StoreError};

/// Cells a sheet may span (rows × columns between its first and last cell), and for XLS, declare.
/// calamine keeps about 32 bytes per cell of the rectangle: 4 million cells (a survey of 10,000
/// responses has 1.5 million) stay near 130 Mo.
const MAX_CELLS: u64 = 4_000_000;

/// The rectangle a sheet's non-empty cells cover, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Extent {
    first: (u64, u64),
    last: (u64, u64),
}

impl Extent {
    fn of_cell(row: u64, column: u64) -> Extent {
        Extent { first: (row, column), last: (row, column) }
    }
    fn with(self, other: Extent) -> Extent {
        Extent {
            first: (self.first.0.min(other.first.0), self.first.1.min(other.first.1)),
            last: (self.last.0.max(other.last.0), self.last.1.max(other.last.1)),
        }
    }
    fn rows(&self) -> u64 {
        self.last.0 - self.first.0 + 1
    }
    fn columns(&self) -> u64 {
        self.last.1 - self.first.1 + 1
    }
    fn cells(&self) -> u64 {
        self.rows().saturating_mul(self.columns())
    }
}

fn grow(extent: &mut Option<Extent>, cell: Extent) {
    *extent = Some(extent.map_or(cell, |e| e.with(cell)));
}

/// Refuses a workbook whose first sheet (for XLS, any sheet) spans more than [`MAX_CELLS`].
pub(super) fn check(path: &Path, bytes: &[u8]) -> Result<()> {
    let extent = if bytes.starts_with(b"PK\x03\x04") {
        match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(mut archive) if archive.index_for_name("content.xml").is_some() => ods(&mut archive),
            Ok(_) => xlsx(bytes),
            Err(_) => None,
        }
    } else {
        xls(bytes)
    };
    match extent {
        Some(e) if e.cells() > MAX_CELLS => Err(StoreError::file(
            path,
            Some(usize::try_from(e.last.0 + 1).unwrap_or(usize::MAX)),
            Some(fabrique_core::import::column_letter(usize::try_from(e.last.1).unwrap_or(usize::MAX))),
            format!(
                "la feuille s'étend sur {} lignes et {} colonnes, soit plus de {} millions de cellules : ce n'est pas \
                 un tableau à importer (une cellule isolée très loin du reste ?). Supprimez les cellules en trop, ou \
                 exportez le tableau en CSV.",
                e.rows(),
                e.columns(),
                MAX_CELLS / 1_000_000
            ),
        )),
        _ => Ok(()),
    }
}

/// XLSX: the positions of the first sheet's cells, as calamine's own cell reader gives them.
fn xlsx(bytes: &[u8]) -> Option<Extent> {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).ok()?;
    let name = book.sheet_names().first().cloned()?;
    let mut cells = book.worksheet_cells_reader(&name).ok()?;
    let mut extent = None;
    while let Ok(Some(cell)) = cells.next_cell() {
        let (row, column) = cell.get_position();
        grow(&mut extent, Extent::of_cell(row.into(), column.into()));
    }
    extent
}

/// ODS: the first table of `content.xml`, rows and cells with their repetitions counted. Empty
/// cells at the end of a row and empty rows at the end of the table (which LibreOffice writes by
/// the thousand) do not extend it, as calamine drops them.
fn ods(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<Extent> {
    let content = archive.by_name("content.xml").ok()?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let (mut depth, mut row, mut column) = (0u32, 0u64, 0u64);
    let mut row_repeats = 1u64;
    let mut row_width: Option<(u64, u64)> = None;
    let mut extent = None;
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => match e.name().as_ref() {
                "table:table" => {
                    depth += 1;
                    if empty && depth == 1 {
                        return extent;
                    }
                }
                "table:table-row" if depth == 1 => {
                    row_repeats = repeats(e, "table:number-rows-repeated");
                    (column, row_width) = (0, None);
                    if empty {
                        row = row.saturating_add(row_repeats);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if depth == 1 => {
                    let count = repeats(e, "table:number-columns-repeated");
                    let filled = !empty || e.try_get_attribute("office:value-type").ok().flatten().is_some();
                    if filled {
                        let first = row_width.map_or(column, |(first, _)| first);
                        row_width = Some((first, column.saturating_add(count - 1)));
                    }
                    column = column.saturating_add(count);
                }
                _ => {}
            },
            Event::End(ref e) => match e.name().as_ref() {
                "table:table" => {
                    depth -= 1;
                    if depth == 0 {
                        return extent;
                    }
                }
                "table:table-row" if depth == 1 => {
                    if let Some((first, last)) = row_width {
                        let last_row = row.saturating_add(row_repeats - 1);
                        grow(&mut extent, Extent { first: (row, first), last: (last_row, last) });
                    }
                    row = row.saturating_add(row_repeats);
                }
                _ => {}
            },
            Event::Eof => return extent,
            _ => {}
        }
        buf.clear();
    }
}

fn repeats(element: &BytesStart, name: &str) -> u64 {
    element.try_get_attribute(name).ok().flatten().and_then(|a| a.value.trim().parse::<u64>().ok()).unwrap_or(1).max(1)
}

/// XLS: the records of the `Workbook` stream. Each sheet counts by what it declares (its
/// DIMENSIONS record, which calamine allocates) and by where its cells are.
fn xls(bytes: &[u8]) -> Option<Extent> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = file.open_stream("/Workbook").or_else(|_| file.open_stream("/Book")).ok()?;
    let mut workbook = Vec::new();
    stream.by_ref().take(super::MAX_FILE_BYTES * 4).read_to_end(&mut workbook).ok()?;
    let mut widest: Option<Extent> = None;
    let mut sheet: Option<Extent> = None;
    let mut at = 0usize;
    while at + 4 <= workbook.len() {
        let kind = u16::from_le_bytes([workbook[at], workbook[at + 1]]);
        let len = usize::from(u16::from_le_bytes([workbook[at + 2], workbook[at + 3]]));
        let data = workbook.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        let u16_at = |i: usize| data.get(i..i + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])));
        let u32_at = |i: usize| data.get(i..i + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        let cell = match kind {
            // BOF: a new sheet begins; the previous one is done.
            0x0809 => {
                if let Some(done) = sheet.take() {
                    widest = Some(widest.map_or(done, |w| if done.cells() > w.cells() { done } else { w }));
                }
                None
            }
            // DIMENSIONS: first row, last row + 1, first column, last column + 1.
            0x0200 => {
                let (rows, columns) = match len {
                    10 => ((u16_at(0)?, u16_at(2)?), (u16_at(4)?, u16_at(6)?)),
                    _ => ((u32_at(0)?, u32_at(4)?), (u16_at(8)?, u16_at(10)?)),
                };
                (rows.1 > rows.0 && columns.1 > columns.0)
                    .then(|| Extent { first: (rows.0, columns.0), last: (rows.1 - 1, columns.1 - 1) })
            }
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA: row and column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                Some(Extent::of_cell(u16_at(0)?, u16_at(2)?))
            }
            // MULRK: row, first column, …, last column.
            0x00BD if len >= 6 => {
                Some(Extent { first: (u16_at(0)?, u16_at(2)?), last: (u16_at(0)?, u16_at(len - 2)?) })
            }
            _ => None,
        };
        if let Some(cell) = cell {
            if cell.first.1 <= cell.last.1 {
                grow(&mut sheet, cell);
            }
        }
    }
    match (widest, sheet) {
        (Some(w), Some(s)) => Some(if s.cells() > w.cells() { s } else { w }),
        (w, s) => w.or(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ods_counts_repeated_rows_and_cells_but_not_trailing_empty_ones() {
        let table = |rows: &str| {
            let content = format!(
                "<?xml version=\"1.0\"?><office:document-content><office:body><office:spreadsheet>\
                 <table:table table:name=\"F\">{rows}</table:table><table:table>{rows}{rows}</table:table>\
                 </office:spreadsheet></office:body></office:document-content>"
            );
            let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
            zip.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
            let bytes = zip.finish().unwrap().into_inner();
            ods(&mut zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap())
        };
        let libreoffice = "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Nom</text:p>\
             </table:table-cell><table:table-cell table:number-columns-repeated=\"2\" office:value-type=\"float\"/>\
             <table:table-cell table:number-columns-repeated=\"16381\"/></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>";
        assert_eq!(
            table(libreoffice),
            Some(Extent { first: (0, 0), last: (0, 2) }),
            "as LibreOffice saves a small table"
        );
        let bomb = "<table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell \
             table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>";
        let extent = table(bomb).unwrap();
        assert_eq!((extent.rows(), extent.columns()), (1_048_576, 16_384));
        let after_gap = "<table:table-row table:number-rows-repeated=\"9\"><table:table-cell/></table:table-row>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"3\"/><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>";
        assert_eq!(table(after_gap), Some(Extent { first: (9, 3), last: (9, 3) }));
    }
}
