//! Where the database lives: `--db PATH`, else the FABRIQUE_DB variable, else the user's data folder.

use std::path::PathBuf;

pub const DB_ENV: &str = "FABRIQUE_DB";

pub fn database_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(default_database_path)
}

/// `%APPDATA%\Fabrique` on Windows, `~/Library/Application Support/Fabrique` on macOS,
/// `$XDG_DATA_HOME/fabrique` on Linux.
pub fn default_database_path() -> PathBuf {
    let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
    let folder = if cfg!(target_os = "linux") { "fabrique" } else { "Fabrique" };
    base.join(folder).join("fabrique.sqlite")
}
