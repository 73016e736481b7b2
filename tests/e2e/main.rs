//! The real window, driven over WebDriver (tauri-driver + WebKitWebDriver) under a display such as
//! Xvfb. Run by the README's test command: `cargo test -p fabrique-tests --test e2e -- --ignored`.
//! Screenshots land in target/<profile>/e2e-screenshots for people to look at. One module per
//! feature; the helpers they share are here.

use std::path::PathBuf;

use fabrique_tests::webdriver::{Driver, Session};
use fabrique_tests::{binaries_dir, binary, cli, sqlite};

mod directory;
mod dossiers;
mod help;
mod keyboard;
mod layout;
mod lettre;
mod partners;
mod publications;
mod rgpd;
mod robustness;
mod survey;
#[cfg(unix)]
mod team;
mod veille;

#[cfg(unix)]
#[path = "../../src-tauri/crates/store/tests/common/postgres.rs"]
mod pg_server;

fn screenshots_dir() -> PathBuf {
    let dir = binaries_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rows_named(session: &Session, needle: &str) -> Option<Vec<String>> {
    let rows = session.texts("[data-testid=structure-row]")?;
    (!rows.is_empty() && rows.iter().all(|t| t.contains(needle))).then_some(rows)
}

/// A fresh demo base in a folder of its own, and the driver of a window whose file dialogs are
/// answered from a file there (see [`answer_next_dialog`]): `(folder, base, answers, driver)`.
fn demo_with_answered_dialogs(base_name: &str) -> (tempfile::TempDir, PathBuf, PathBuf, Driver) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(base_name);
    cli(&db, &["demo"]).success();
    let answers = dir.path().join("réponses.txt");
    std::fs::write(&answers, "").unwrap();
    let driver = Driver::start_with_env(&[("FABRIQUE_DIALOG_ANSWERS", &answers)]);
    (dir, db, answers, driver)
}

/// Answers the app's next file dialog (see `FABRIQUE_DIALOG_ANSWERS` in src-tauri/src/dialogs.rs).
fn answer_next_dialog(answers: &std::path::Path, path: &std::path::Path) {
    std::fs::write(answers, format!("{}\n", path.display())).unwrap();
}
