//! Native file dialogs behind a trait, so command tests can answer them.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// A filter shown in a file dialog: a French name and the extensions it accepts.
pub struct FileFilter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const SPREADSHEETS: FileFilter = FileFilter {
    name: "Tableurs (CSV, Excel, OpenDocument)",
    extensions: &["csv", "tsv", "txt", "xlsx", "xls", "ods"],
};
pub const EXPORTS: FileFilter = FileFilter { name: "Tableur (CSV ou Excel)", extensions: &["xlsx", "csv"] };
pub const DATABASES: FileFilter = FileFilter { name: "Sauvegarde Fabrique", extensions: &["fabrique", "sqlite", "db"] };
pub const PDF: FileFilter = FileFilter { name: "Document PDF", extensions: &["pdf"] };
pub const PNG: FileFilter = FileFilter { name: "Image PNG", extensions: &["png"] };
pub const IMAGES: FileFilter = FileFilter { name: "Images (JPEG, PNG)", extensions: &["jpg", "jpeg", "png"] };
pub const JPEG: FileFilter = FileFilter { name: "Photo JPEG", extensions: &["jpg", "jpeg"] };
pub const SURVEY_EXPORTS: FileFilter =
    FileFilter { name: "Export Framaforms (TSV, CSV, Excel)", extensions: &["tsv", "csv", "txt", "xls", "xlsx"] };
pub const XLSX: FileFilter = FileFilter { name: "Classeur Excel", extensions: &["xlsx"] };
pub const ANY_FILE: FileFilter = FileFilter { name: "Tous les fichiers", extensions: &["*"] };
pub const JSON: FileFilter = FileFilter { name: "JSON", extensions: &["json"] };
pub const ICS: FileFilter = FileFilter { name: "Calendrier (iCalendar)", extensions: &["ics"] };
pub const CSV: FileFilter = FileFilter { name: "Tableau CSV", extensions: &["csv"] };
pub const HTML: FileFilter = FileFilter { name: "Page HTML", extensions: &["html"] };
pub const CERTIFICATES: FileFilter =
    FileFilter { name: "Certificat d'autorité (PEM)", extensions: &["pem", "crt", "cer"] };

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

/// Answers dialogs from a text file instead of asking, one path per line, first line first; an
/// empty line or an empty file answers "cancelled". The end-to-end tests name the file in
/// `FABRIQUE_DIALOG_ANSWERS` and write the next answer before clicking, so the real window's
/// import, export and backup run without a native dialog WebDriver cannot reach.
pub struct AnswerFileDialogs {
    answers: PathBuf,
}

/// The environment variable that turns the native dialogs into [`AnswerFileDialogs`].
pub const ANSWERS_VARIABLE: &str = "FABRIQUE_DIALOG_ANSWERS";

impl AnswerFileDialogs {
    pub fn from_environment() -> Option<Self> {
        std::env::var_os(ANSWERS_VARIABLE).filter(|v| !v.is_empty()).map(|v| AnswerFileDialogs { answers: v.into() })
    }

    fn next(&self) -> Option<PathBuf> {
        let text = std::fs::read_to_string(&self.answers).unwrap_or_default();
        let mut lines = text.lines();
        let answer = lines.next().map(str::trim).filter(|l| !l.is_empty()).map(PathBuf::from);
        let rest: Vec<&str> = lines.collect();
        let _ = std::fs::write(&self.answers, rest.join("\n"));
        answer
    }
}

impl FileDialogs for AnswerFileDialogs {
    fn open_file(&self, _title: &str, _filter: &FileFilter) -> Option<PathBuf> {
        self.next()
    }

    fn save_file(&self, _title: &str, _default_name: &str, _filter: &FileFilter) -> Option<PathBuf> {
        self.next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_taken_in_order_and_an_empty_line_cancels() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("réponses.txt");
        std::fs::write(&file, "/tmp/a.csv\n\n/tmp/b.xlsx\n").unwrap();
        let dialogs = AnswerFileDialogs { answers: file.clone() };
        assert_eq!(dialogs.open_file("", &SPREADSHEETS), Some(PathBuf::from("/tmp/a.csv")));
        assert_eq!(dialogs.save_file("", "", &EXPORTS), None);
        assert_eq!(dialogs.save_file("", "", &EXPORTS), Some(PathBuf::from("/tmp/b.xlsx")));
        assert_eq!(dialogs.open_file("", &SPREADSHEETS), None, "no answer left: cancelled");
    }
}
