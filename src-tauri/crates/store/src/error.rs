use std::fmt;
use std::path::{Path, PathBuf};

use fabrique_core::CoreError;
use thiserror::Error;

/// Everything that can go wrong in the store. The Display text is French and says what to do,
/// because the shell and the command line show it to users as it is; [`StoreError::code`] is what
/// programs switch on.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A structure, person or visit that does not exist (or no longer does).
    #[error("{what} n° {id} est introuvable : elle a peut-être été supprimée entre-temps. Actualisez l'affichage.")]
    NotFound { what: &'static str, id: i64 },

    #[error("Cette base a été créée par une version plus récente de Fabrique (schéma {found}, cette version connaît {known}) : mettez Fabrique à jour.")]
    NewerSchema { found: u32, known: u32 },

    #[error("« {} » n'est pas une base Fabrique : choisissez le fichier de base de données créé par Fabrique, ou l'une de ses sauvegardes.", .path.display())]
    NotAFabriqueDatabase { path: PathBuf },

    /// A file that cannot be read as a table, with the place of the problem when there is one.
    #[error("{}", FilePlace { path, line: *line, column: column.as_deref(), message })]
    File { path: PathBuf, line: Option<usize>, column: Option<String>, message: String },

    /// A file name whose extension the store cannot read or write.
    #[error("« {} » : format non pris en charge. Choisissez un fichier {allowed}.", file_name(.path))]
    UnsupportedFormat { path: PathBuf, allowed: &'static str },

    /// Reading or writing a file failed at the system level (missing folder, rights, full disk).
    #[error("Impossible {action} « {} » ({source}) : vérifiez que le dossier existe, que vous avez le droit d'y écrire et qu'il reste de la place.", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An import plan with refused lines, or one that lost its rows: nothing was written.
    #[error("{summary}")]
    ImportRefused { summary: String },

    #[error("La saisie en cours est trop longue pour être mise de côté ({bytes} octets) : enregistrez le formulaire ou raccourcissez le texte.")]
    DraftTooLarge { bytes: usize },

    /// Demo data only goes into an empty directory, so it never mixes with real structures.
    #[error("Les données de démonstration ne peuvent être chargées que dans un annuaire vide : créez une nouvelle base pour les essayer.")]
    NotEmpty,

    #[error("{0}")]
    Core(#[from] CoreError),

    #[error("La mise à jour de la base vers le schéma {version} (« {description} ») a échoué ({source}). La base n'a pas été modifiée : signalez ce problème à l'équipe Fabrique en joignant le fichier.")]
    Migration {
        version: u32,
        description: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// Another window or command held the base for longer than the busy timeout.
    #[error("Une autre fenêtre ou une commande de Fabrique écrit dans la base depuis plusieurs secondes : rien n'a été enregistré pendant {action}. Réessayez dans un instant.")]
    Busy { action: &'static str },

    #[error("Le disque est plein : rien n'a été enregistré pendant {action}. Libérez de la place sur le disque de la base, puis réessayez.")]
    DiskFull { action: &'static str },

    #[error("La base ne peut pas être modifiée (fichier en lecture seule, ou dossier sans droit d'écriture) : rien n'a été enregistré pendant {action}. Vérifiez les droits du fichier et de son dossier, puis réessayez.")]
    ReadOnly { action: &'static str },

    #[error("Erreur de la base de données pendant {action} ({source}). Réessayez ; si l'erreur persiste, restaurez la dernière sauvegarde.")]
    Database {
        action: &'static str,
        #[source]
        source: rusqlite::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// A stable machine code the interface can switch on.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound { .. } => "not_found",
            StoreError::NewerSchema { .. } => "newer_schema",
            StoreError::NotAFabriqueDatabase { .. } => "not_a_fabrique_database",
            StoreError::File { .. } => "file_unreadable",
            StoreError::UnsupportedFormat { .. } => "unsupported_format",
            StoreError::Io { .. } => "io",
            StoreError::ImportRefused { .. } => "import_refused",
            StoreError::NotEmpty => "not_empty",
            StoreError::DraftTooLarge { .. } => "draft_too_large",
            StoreError::Core(e) => e.code(),
            StoreError::Migration { .. } => "migration_failed",
            StoreError::Busy { .. } => "busy",
            StoreError::DiskFull { .. } => "disk_full",
            StoreError::ReadOnly { .. } => "read_only",
            StoreError::Database { .. } => "database",
        }
    }

    pub(crate) fn file(path: &Path, line: Option<usize>, column: Option<String>, message: impl Into<String>) -> Self {
        StoreError::File { path: path.to_path_buf(), line, column, message: message.into() }
    }

    pub(crate) fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + use<> {
        let path = path.to_path_buf();
        move |source| StoreError::Io { action, path, source }
    }
}

/// Most database calls fail only on a broken or locked file; the action tells the user which step.
impl From<rusqlite::Error> for StoreError {
    fn from(source: rusqlite::Error) -> Self {
        database_error("l'accès aux données", source)
    }
}

/// A lock held too long, a full disk and a read-only file each get their own advice: restoring a
/// backup, right for a damaged file, would lose the latest work in these cases.
fn database_error(action: &'static str, source: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    match source.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { action },
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { action },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { action },
        _ => StoreError::Database { action, source },
    }
}

pub(crate) trait During<T> {
    /// Names the step a database error happened in, for the message.
    fn during(self, action: &'static str) -> Result<T>;
}

impl<T> During<T> for rusqlite::Result<T> {
    fn during(self, action: &'static str) -> Result<T> {
        self.map_err(|source| database_error(action, source))
    }
}

/// The file's name alone reads better in a message box than a long absolute path.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

struct FilePlace<'a> {
    path: &'a Path,
    line: Option<usize>,
    column: Option<&'a str>,
    message: &'a str,
}

impl fmt::Display for FilePlace<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fichier « {} »", file_name(self.path))?;
        if let Some(line) = self.line {
            write!(f, ", ligne {line}")?;
        }
        if let Some(column) = self.column {
            write!(f, ", colonne {column}")?;
        }
        write!(f, " : {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_errors_name_file_line_and_column() {
        let e = StoreError::file(
            Path::new("/tmp/x/annuaire.csv"),
            Some(7),
            Some("K".into()),
            "12 cellules pour 10 colonnes d'en-tête.",
        );
        assert_eq!(
            e.to_string(),
            "Fichier « annuaire.csv », ligne 7, colonne K : 12 cellules pour 10 colonnes d'en-tête."
        );
        assert_eq!(e.code(), "file_unreadable");
        let e = StoreError::NewerSchema { found: 9, known: 2 };
        assert_eq!(
            e.to_string(),
            "Cette base a été créée par une version plus récente de Fabrique (schéma 9, cette version connaît 2) : mettez Fabrique à jour."
        );
        let e = StoreError::Core(CoreError::MissingColumn { column: "Nom".into() });
        assert_eq!(e.code(), "missing_column");
    }
}
