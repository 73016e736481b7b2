use std::fmt;
use std::path::{Path, PathBuf};

use fabrique_core::{CoreError, ErrorCode};
use thiserror::Error;

/// Everything that can go wrong in the store. The Display text is French and says what to do,
/// because the shell and the command line show it to users as it is; [`StoreError::code`] is what
/// programs switch on.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A record that does not exist (or no longer does); `what` is its noun with its article
    /// (« La structure », « Le dossier »), which the rest of the message agrees with.
    #[error(
        "{what} n° {id} est introuvable : {} peut-être été {} entre-temps. Actualisez l'affichage.",
        pronoun(what),
        deleted(what)
    )]
    NotFound { what: &'static str, id: i64 },

    /// Data the base holds that cannot be read back: the file was damaged (or edited by hand).
    #[error("Donnée illisible dans la base ({what} : {detail}). Restaurez la dernière sauvegarde ; si elle est illisible aussi, signalez-le à l'équipe Fabrique en joignant le fichier.")]
    Damaged { what: String, detail: String },

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

    /// Reading or writing a file failed at the system level (missing folder, rights, full disk); the
    /// system's own text is English, so the message says the cause in French from its kind.
    #[error("Impossible {action} « {} » : {}", .path.display(), io_advice(.source))]
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
    #[error("La base contient déjà des structures : les données de démonstration ne se chargent que dans une base vide. Créez-en une nouvelle pour les essayer (en ligne de commande : --db).")]
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

    /// A team base address that cannot be used as written.
    #[error("Adresse de base d'équipe « {address} » inutilisable : {message}")]
    TeamAddress { address: String, message: String },

    #[error("Le serveur de la base d'équipe ({server}) ne répond pas : {cause}. Vérifiez la connexion au réseau et l'adresse du serveur ; si le problème persiste, prévenez le service informatique. Rien n'a été enregistré.")]
    ServerUnreachable { server: String, cause: String },

    #[error("Le serveur de la base d'équipe ({server}) a refusé l'utilisateur « {user} » : vérifiez le nom d'utilisateur et le mot de passe (dans l'écran « Base d'équipe » ; en ligne de commande, la variable PGPASSWORD ou le fichier .pgpass).")]
    AuthenticationFailed { server: String, user: String },

    #[error("Votre compte sur la base d'équipe n'a pas le droit de faire cela ({action}) : demandez-le à un administrateur de la base. Rien n'a été enregistré.")]
    PermissionDenied { action: &'static str },

    #[error("La base d'équipe {server} n'est pas une base Fabrique : préparez-la d'abord avec « fabrique-cli --db ADRESSE team init » (réservé au service informatique).")]
    NotATeamBase { server: String },

    /// `team init` on a database that already holds tables, `team publish` into a team base that
    /// already holds data: both would mix two bases.
    #[error("La base d'équipe {server} {what} : rien n'a été écrit. {advice}")]
    TeamBaseNotEmpty { server: String, what: &'static str, advice: &'static str },

    #[error("La base d'équipe est au schéma {found} et cette version de Fabrique attend le schéma {known} : un administrateur de la base doit la mettre à jour (fabrique-cli --db ADRESSE team upgrade).")]
    OlderTeamSchema { found: u32, known: u32 },

    #[error("La mise à jour de la base d'équipe vers le schéma {version} (« {description} ») a échoué ({detail}). La base n'a pas été modifiée : prévenez le service informatique.")]
    TeamMigration {
        version: u32,
        description: &'static str,
        /// What the server said (`source` alone prints « db error »).
        detail: String,
        #[source]
        source: postgres::Error,
    },

    /// A record saved against a version someone else has changed since it was opened.
    #[error("Quelqu'un d'autre a enregistré {what} entre-temps : rien n'a été enregistré de votre côté. Comparez les deux versions pour garder la vôtre, prendre la sienne ou les fusionner.")]
    Conflict { what: &'static str },

    /// The system's keychain refused to keep, give back or forget a team base's password.
    #[error("Le trousseau de l'ordinateur n'a pas pu {action} le mot de passe de la base d'équipe ({detail}). Le mot de passe n'est écrit dans aucun fichier : il faudra le retaper à la prochaine ouverture.")]
    Keychain { action: &'static str, detail: String },

    /// The file that remembers which base the window opens is unreadable or cannot be written.
    #[error("Le choix de la base (fichier « {path} ») n'a pas pu être {action} ({detail}). Choisissez de nouveau la base dans l'écran « Base d'équipe ».")]
    BaseChoice { path: String, action: &'static str, detail: String },

    /// An operation not yet written for PostgreSQL, asked of a team base.
    #[error("Cette opération n'est pas encore possible sur une base d'équipe : tirez-en une copie locale (fabrique-cli --db ADRESSE team copy FICHIER) et travaillez sur ce fichier.")]
    NotOnTeamBaseYet,

    #[error("Erreur de la base d'équipe pendant {action} ({detail}). Réessayez ; si l'erreur persiste, prévenez le service informatique.")]
    TeamDatabase {
        action: &'static str,
        /// What the server said (`source` alone prints « db error »).
        detail: String,
        #[source]
        source: postgres::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// A stable machine code the interface can switch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::Damaged { .. } => ErrorCode::DamagedData,
            StoreError::NewerSchema { .. } => ErrorCode::NewerSchema,
            StoreError::NotAFabriqueDatabase { .. } => ErrorCode::NotAFabriqueDatabase,
            StoreError::File { .. } => ErrorCode::FileUnreadable,
            StoreError::UnsupportedFormat { .. } => ErrorCode::UnsupportedFormat,
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::ImportRefused { .. } => ErrorCode::ImportRefused,
            StoreError::NotEmpty => ErrorCode::NotEmpty,
            StoreError::DraftTooLarge { .. } => ErrorCode::DraftTooLarge,
            StoreError::Core(e) => e.code(),
            StoreError::Migration { .. } => ErrorCode::MigrationFailed,
            StoreError::Busy { .. } => ErrorCode::Busy,
            StoreError::DiskFull { .. } => ErrorCode::DiskFull,
            StoreError::ReadOnly { .. } => ErrorCode::ReadOnly,
            StoreError::Database { .. } => ErrorCode::Database,
            StoreError::TeamAddress { .. } => ErrorCode::InvalidField,
            StoreError::ServerUnreachable { .. } => ErrorCode::ServerUnreachable,
            StoreError::Keychain { .. } => ErrorCode::KeychainUnavailable,
            StoreError::Conflict { .. } => ErrorCode::Conflict,
            StoreError::BaseChoice { .. } => ErrorCode::Io,
            StoreError::AuthenticationFailed { .. } => ErrorCode::AuthenticationFailed,
            StoreError::PermissionDenied { .. } => ErrorCode::PermissionDenied,
            StoreError::NotATeamBase { .. } => ErrorCode::NotAFabriqueDatabase,
            StoreError::TeamBaseNotEmpty { .. } => ErrorCode::NotEmpty,
            StoreError::TeamDatabase { .. } => ErrorCode::Database,
            StoreError::NotOnTeamBaseYet => ErrorCode::NotOnTeamBaseYet,
            StoreError::OlderTeamSchema { .. } => ErrorCode::OlderSchema,
            StoreError::TeamMigration { .. } => ErrorCode::MigrationFailed,
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

/// The cause of a failed file operation and what to do about it, in French.
fn io_advice(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    if crate::fsutil::is_held_open(error) {
        return "le fichier est ouvert dans un autre programme (Excel, un lecteur de PDF…), ou en lecture seule. Fermez-le dans cet autre programme, puis réessayez.";
    }
    match error.kind() {
        StorageFull | QuotaExceeded | FileTooLarge => "le disque est plein. Libérez de la place, puis réessayez.",
        PermissionDenied | ReadOnlyFilesystem => {
            "accès refusé (fichier en lecture seule, ou dossier sans droit d'écriture). Choisissez un autre dossier ou vérifiez ses droits."
        }
        NotFound => "le fichier ou son dossier est introuvable. Vérifiez le chemin, puis réessayez.",
        IsADirectory => "c'est un dossier, pas un fichier. Choisissez un fichier.",
        _ => "le système a refusé l'opération. Vérifiez que le dossier existe, que vous avez le droit d'y écrire et qu'il reste de la place.",
    }
}

/// « elle a » for « La structure », « il a » for « Le dossier ».
fn pronoun(what: &str) -> &'static str {
    if what.starts_with("Le ") {
        "il a"
    } else {
        "elle a"
    }
}

fn deleted(what: &str) -> &'static str {
    if what.starts_with("Le ") {
        "supprimé"
    } else {
        "supprimée"
    }
}

impl StoreError {
    /// Stored JSON that cannot be read back, naming what it was.
    pub(crate) fn damaged(what: impl Into<String>, e: impl std::fmt::Display) -> Self {
        StoreError::Damaged { what: what.into(), detail: e.to_string() }
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

    /// Finding 9 of the robustness review: a full disk, a read-only file and a lock were all told to
    /// restore a backup, which would lose the latest work. Each condition is produced by SQLite itself.
    #[test]
    fn finding_9_a_full_disk_a_read_only_base_and_a_lock_each_get_their_own_advice() {
        use rusqlite::{Connection, OpenFlags};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("base.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x TEXT); PRAGMA max_page_count = 3;").unwrap();
        let full = conn.execute("INSERT INTO t VALUES (?1)", [&"x".repeat(20_000)]).during("l'essai").unwrap_err();
        assert_eq!(full.code(), "disk_full");
        assert!(full.to_string().starts_with("Le disque est plein"), "{full}");

        let read_only = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let refused = read_only.execute("INSERT INTO t VALUES ('y')", []).during("l'essai").unwrap_err();
        assert_eq!(refused.code(), "read_only");
        assert!(refused.to_string().contains("lecture seule"), "{refused}");

        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        let other = Connection::open(&path).unwrap();
        other.busy_timeout(std::time::Duration::ZERO).unwrap();
        let busy = other.execute_batch("BEGIN IMMEDIATE").during("l'essai").unwrap_err();
        assert_eq!(busy.code(), "busy");
        assert!(busy.to_string().contains("Réessayez dans un instant"), "{busy}");
        for message in [full.to_string(), refused.to_string(), busy.to_string()] {
            assert!(!message.contains("restaurez"), "{message}");
        }

        let missing = StoreError::io("d'écrire", &dir.path().join("absent/export.csv"))(std::io::Error::from(
            std::io::ErrorKind::StorageFull,
        ));
        assert!(
            missing.to_string().ends_with("le disque est plein. Libérez de la place, puis réessayez."),
            "{missing}"
        );
    }

    #[test]
    fn not_found_agrees_with_its_noun_and_damaged_data_says_to_restore() {
        let structure = StoreError::NotFound { what: "La structure", id: 3 }.to_string();
        assert_eq!(
            structure,
            "La structure n° 3 est introuvable : elle a peut-être été supprimée entre-temps. Actualisez l'affichage."
        );
        let dossier = StoreError::NotFound { what: "Le dossier", id: 4 }.to_string();
        assert_eq!(
            dossier,
            "Le dossier n° 4 est introuvable : il a peut-être été supprimé entre-temps. Actualisez l'affichage."
        );
        let damaged = StoreError::damaged("la fiche de la fédération", "expected value at line 1 column 1");
        assert_eq!(damaged.code(), "damaged_data");
        assert!(damaged.to_string().contains("Restaurez la dernière sauvegarde"), "{damaged}");
    }
}
