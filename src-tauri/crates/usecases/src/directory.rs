//! The directory of structures: the demo, importing a table all or nothing, exporting a selection.

use std::path::Path;

use chrono::NaiveDate;
use fabrique_api::ImportPreview;
use fabrique_core::import::{guess_mapping, ColumnMapping, ImportPlan};
use fabrique_core::search::{PeopleText, SearchIndex, StructureQuery};
use fabrique_core::Structure;
use fabrique_store::{files, ImportOutcome, Store};

use fabrique_core::ErrorCode;

use crate::{Result, UseCaseError};

/// Loads the demo data (49 fictitious structures of Gironde) into an empty base; returns how many.
pub fn load_demo(store: &mut Store, today: NaiveDate) -> Result<u32> {
    Ok(store.load_demo(today)?)
}

/// Reads the table and plans its import with the mapping given (else the one guessed from its
/// headers): what would be created, updated or refused. Nothing is written.
pub fn plan_import(store: &Store, path: &Path, mapping: Option<ColumnMapping>) -> Result<ImportPreview> {
    let table = files::read_table(path)?;
    let mapping = mapping.unwrap_or_else(|| guess_mapping(&table.headers));
    let plan = store.plan_import(path, &table, &mapping)?;
    Ok(ImportPreview::new(path, &table, mapping, plan))
}

/// Reads and plans the file again (it may have changed since its preview) and applies exactly
/// that plan, all or nothing; a plan with refused lines is refused whole, naming the file.
pub fn import(store: &mut Store, path: &Path, mapping: Option<ColumnMapping>) -> Result<ImportOutcome> {
    let plan = plan_import(store, path, mapping)?.plan;
    refuse_if_any_line_is(&plan, path)?;
    Ok(store.apply_import(&plan)?)
}

/// The refusal of a plan with refused lines: the file, and the first five reasons.
pub fn refuse_if_any_line_is(plan: &ImportPlan, path: &Path) -> Result<()> {
    match plan.refusal_summary(5) {
        Some(summary) => {
            Err(UseCaseError::refused(ErrorCode::ImportRefused, format!("{} : {summary}", path.display())))
        }
        None => Ok(()),
    }
}

/// The structures a search finds, in its order, written as CSV or XLSX (formulas neutralised).
pub fn export(
    structures: &[Structure],
    people: &PeopleText,
    query: &StructureQuery,
    path: &Path,
    today: NaiveDate,
) -> Result<usize> {
    let hits = SearchIndex::new(structures, people).query(query, today);
    let selected: Vec<Structure> = hits.into_iter().map(|i| structures[i].clone()).collect();
    files::write_structures(path, &selected)?;
    Ok(selected.len())
}
