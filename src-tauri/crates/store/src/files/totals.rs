//! The year's subsidy totals as a workbook: one line per funder, then the year's total, amounts
//! as numbers in euros (so the spreadsheet can add them), every name as text.

use std::path::Path;

use fabrique_core::dossier::life::Totals;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::export::save_workbook;
use crate::error::{Result, StoreError};

pub fn write_totals_xlsx(path: &Path, year: i32, totals: &[Totals]) -> Result<()> {
    let failed = |e: XlsxError| StoreError::file(path, None, None, format!("classeur impossible à écrire ({e})."));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(format!("Subventions {year}")).map_err(failed)?;
    let bold = Format::new().set_bold();
    let euros = Format::new().set_num_format("# ##0.00\\ \"€\"");
    let euros_bold = euros.clone().set_bold();
    for (c, header) in ["Financeur", "Dossiers envoyés", "Demandé", "Accordé", "Reçu"].iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *header, &bold).map_err(failed)?;
    }
    for (r, t) in totals.iter().enumerate() {
        let row = r as u32 + 1;
        let total = t.funder.is_empty();
        let name = if total { format!("Total {year}") } else { t.funder.clone() };
        let (text, money) = if total { (&bold, &euros_bold) } else { (&Format::new(), &euros) };
        sheet.write_string_with_format(row, 0, &name, text).map_err(failed)?;
        sheet.write_number_with_format(row, 1, f64::from(t.dossiers), text).map_err(failed)?;
        for (c, cents) in [(2, t.asked_cents), (3, t.granted_cents), (4, t.received_cents)] {
            // Cents as euros: exact for any amount a subsidy reaches (below 2^53 cents).
            sheet.write_number_with_format(row, c, cents as f64 / 100.0, money).map_err(failed)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    sheet.autofit();
    save_workbook(&mut book, path, "")
}
