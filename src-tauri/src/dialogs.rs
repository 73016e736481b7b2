//! Native file dialogs behind a trait, so command tests can answer them.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// A filter shown in a file dialog: a French name and the extensions it accepts.
pub struct FileFilter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const SPREADSHEETS: FileFilter = FileFilter { name: "Tableurs (CSV, Excel, OpenDocument)", extensions: &["csv", "tsv", "txt", "xlsx", "xls", "ods"] };
pub const EXPORTS: FileFilter = FileFilter { name: "Tableur (CSV ou Excel)", extensions: &["xlsx", "csv"] };
pub const DATABASES: FileFilter = FileFilter { name: "Sauvegarde Fabrique", extensions: &["fabrique", "sqlite", "db"] };
pub const JSON: FileFilter = FileFilter { name: "JSON", extensions: &["json"] };

/// Blocking dialogs: call them from a blocking thread, never from the main thread.
pub trait FileDialogs: Send + Sync {
    fn open_file(&self, title: &str, filter: &FileFilter) -> Option<PathBuf>;
    fn save_file(&self, title: &str, default_name: &str, filter: &FileFilter) -> Option<PathBuf>;
}

pub struct NativeDialogs<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> NativeDialogs<R> {
    pub fn new(app: AppHandle<R>) -> Self {
        NativeDialogs { app }
    }
}

impl<R: Runtime> FileDialogs for NativeDialogs<R> {
    fn open_file(&self, title: &str, filter: &FileFilter) -> Option<PathBuf> {
        self.app
            .dialog()
            .file()
            .set_title(title)
            .add_filter(filter.name, filter.extensions)
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok())
    }

    fn save_file(&self, title: &str, default_name: &str, filter: &FileFilter) -> Option<PathBuf> {
        self.app
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(default_name)
            .add_filter(filter.name, filter.extensions)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
    }
}
