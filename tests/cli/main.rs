//! The command line, run as a user or a script would: real binary, real files, real database.
//! One module per feature; the helpers they share are here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fabrique_core::survey::parse::submission_columns::ip_address_in;
use fabrique_tests::{binary, cli, count, pdf_text, sqlite, sqlite_dump, stored_texts};
use serde_json::Value;

mod directory;
mod dossiers;
// Reads the letter back with xmllint and pdftotext, programs of this system (not of Wine).
#[cfg(unix)]
mod lettre;
mod partners;
mod publications;
mod rgpd;
mod robustness;
mod survey;
#[cfg(unix)]
mod team;
#[cfg(unix)]
mod veille;
#[cfg(windows)]
mod windows;

fn framaforms(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/crates/store/tests/fixtures/framaforms").join(name)
}

fn import_survey(db: &Path, file: &Path, wave: &str) -> fabrique_tests::Run {
    cli(db, &["survey", "import", file.to_str().unwrap(), "--wave", wave, "--json"])
}

/// A PDF's text on one line, spaces of every kind made plain, so a sentence broken across lines
/// still reads whole.
fn flat_pdf_text(pdf: &Path) -> String {
    pdf_text(pdf).replace(['\u{a0}', '\u{202f}'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "67,3 %": a share in thousandths, as dossiers print it.
fn permille_text(part: u64, whole: u64) -> String {
    let permille = (part * 1000 + whole / 2) / whole;
    if permille.is_multiple_of(10) {
        format!("{} %", permille / 10)
    } else {
        format!("{},{} %", permille / 10, permille % 10)
    }
}

fn form_id(db: &Path, title_part: &str) -> String {
    let forms = cli(db, &["survey", "forms", "--json"]).success().json();
    forms
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"].as_str().unwrap().contains(title_part))
        .unwrap_or_else(|| panic!("{title_part} in {forms}"))["id"]
        .to_string()
}
