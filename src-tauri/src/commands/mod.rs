//! The commands the interface invokes, one module per feature. Each command locks the session on a
//! blocking thread, makes one call (a use case, or the store for a plain read or write), and lets
//! `?` turn any error into the `{code, message}` the interface receives.

use std::path::Path;

use crate::dialogs::{FileDialogs, FileFilter};
use crate::error::CommandResult;

pub mod activity;
pub mod app;
pub mod directory;
pub mod dossier_life;
pub mod dossiers;
pub mod lettre;
pub mod partners;
pub mod privacy;
pub mod publications;
pub mod rgpd;
pub mod survey;
pub mod team_base;
pub mod veille;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Asks where to save (`None`: the user cancelled, nothing is computed or written), then writes
/// there; the path written, for the interface's message.
fn save_as(
    dialogs: &dyn FileDialogs,
    title: &str,
    default_name: &str,
    filter: &FileFilter,
    write: impl FnOnce(&Path) -> CommandResult<()>,
) -> CommandResult<Option<String>> {
    let Some(path) = dialogs.save_file(title, default_name, filter) else { return Ok(None) };
    write(&path)?;
    Ok(Some(path.display().to_string()))
}
