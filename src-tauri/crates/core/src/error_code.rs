//! Every stable error code of Fabrique, in one list. The window's interface switches on them (the
//! TypeScript type `ErrorCode` is generated from this enum), the command line turns them into its
//! exit status, and each crate's error names its code here: a code cannot be misspelt or forgotten.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // What the user typed or chose.
    /// A field of a structure, person, visit or rating does not hold an acceptable value.
    InvalidField,
    /// A link that is neither a website nor an e-mail address.
    InvalidLink,
    /// A record (structure, person, dossier, form…) that does not exist, or no longer does.
    NotFound,
    /// The demo only goes into an empty base; a local base is only published into an empty team base.
    NotEmpty,
    /// A form being typed is too long to be set aside.
    DraftTooLarge,

    // A file given to read.
    /// A file that cannot be read as expected, with its line and column when there is one.
    FileUnreadable,
    /// A file whose extension Fabrique neither reads nor writes.
    UnsupportedFormat,
    /// An import lacks a column it cannot do without.
    MissingColumn,
    /// An import with refused lines: nothing was written.
    ImportRefused,

    // The base.
    /// The base was written by a newer Fabrique.
    NewerSchema,
    /// The team base is at an older schema: an administrator upgrades it.
    OlderSchema,
    /// A file that is not a Fabrique base.
    NotAFabriqueDatabase,
    /// An upgrade of the base failed; the base was left as it was.
    MigrationFailed,
    /// Data stored in the base cannot be read back (damaged).
    DamagedData,
    /// The base is open normally (replacing it is for a base that could not be opened).
    DatabaseOpen,
    /// Another window or command held the base for too long.
    Busy,
    /// Any other failure of the database engine.
    Database,

    // The team base (PostgreSQL).
    /// The team base's server cannot be reached (network, address, server stopped).
    ServerUnreachable,
    /// The server refused the user name or password.
    AuthenticationFailed,
    /// The user's role on the team base does not allow this change.
    PermissionDenied,
    /// An operation not yet available on a team base (only on a local file).
    NotOnTeamBaseYet,
    /// A record changed by someone else since it was opened: the window shows both versions.
    Conflict,
    /// The system's keychain could not keep or give back the team base's password.
    KeychainUnavailable,

    // The system.
    /// The disk is full.
    DiskFull,
    /// The base or its folder cannot be written.
    ReadOnly,
    /// Reading or writing a file failed at the system level.
    Io,
    /// The system could not open a link.
    OpenFailed,
    /// A PDF could not be produced.
    Pdf,
    /// A failure inside Fabrique itself (a task that stopped, a window not ready).
    Internal,
}

impl ErrorCode {
    /// Every code, for the lists that must cover them all.
    pub const ALL: [ErrorCode; 29] = [
        ErrorCode::InvalidField,
        ErrorCode::InvalidLink,
        ErrorCode::NotFound,
        ErrorCode::NotEmpty,
        ErrorCode::DraftTooLarge,
        ErrorCode::FileUnreadable,
        ErrorCode::UnsupportedFormat,
        ErrorCode::MissingColumn,
        ErrorCode::ImportRefused,
        ErrorCode::NewerSchema,
        ErrorCode::OlderSchema,
        ErrorCode::NotAFabriqueDatabase,
        ErrorCode::MigrationFailed,
        ErrorCode::DamagedData,
        ErrorCode::DatabaseOpen,
        ErrorCode::Busy,
        ErrorCode::Database,
        ErrorCode::ServerUnreachable,
        ErrorCode::AuthenticationFailed,
        ErrorCode::PermissionDenied,
        ErrorCode::NotOnTeamBaseYet,
        ErrorCode::Conflict,
        ErrorCode::KeychainUnavailable,
        ErrorCode::DiskFull,
        ErrorCode::ReadOnly,
        ErrorCode::Io,
        ErrorCode::OpenFailed,
        ErrorCode::Pdf,
        ErrorCode::Internal,
    ];

    /// The code as the interface and scripts read it: `not_found`, `disk_full`…
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidField => "invalid_field",
            ErrorCode::InvalidLink => "invalid_link",
            ErrorCode::NotFound => "not_found",
            ErrorCode::NotEmpty => "not_empty",
            ErrorCode::DraftTooLarge => "draft_too_large",
            ErrorCode::FileUnreadable => "file_unreadable",
            ErrorCode::UnsupportedFormat => "unsupported_format",
            ErrorCode::MissingColumn => "missing_column",
            ErrorCode::ImportRefused => "import_refused",
            ErrorCode::NewerSchema => "newer_schema",
            ErrorCode::OlderSchema => "older_schema",
            ErrorCode::NotAFabriqueDatabase => "not_a_fabrique_database",
            ErrorCode::MigrationFailed => "migration_failed",
            ErrorCode::DamagedData => "damaged_data",
            ErrorCode::DatabaseOpen => "database_open",
            ErrorCode::Busy => "busy",
            ErrorCode::Database => "database",
            ErrorCode::ServerUnreachable => "server_unreachable",
            ErrorCode::AuthenticationFailed => "authentication_failed",
            ErrorCode::PermissionDenied => "permission_denied",
            ErrorCode::NotOnTeamBaseYet => "not_on_team_base_yet",
            ErrorCode::Conflict => "conflict",
            ErrorCode::KeychainUnavailable => "keychain_unavailable",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::Io => "io",
            ErrorCode::OpenFailed => "open_failed",
            ErrorCode::Pdf => "pdf",
            ErrorCode::Internal => "internal",
        }
    }
}

/// So tests and scripts can compare a code with its text: `assert_eq!(e.code(), "not_found")`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_is_written_as_serde_writes_it_and_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str(), "{code:?}");
            assert!(seen.insert(code), "{code:?} listed twice");
        }
    }
}
