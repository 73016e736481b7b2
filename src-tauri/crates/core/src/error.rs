use thiserror::Error;

/// Errors of the domain rules. Messages are French and say what to do: they reach users as they are.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CoreError {
    /// A field of a structure, person or visit does not hold an acceptable value.
    #[error("{field} : {message}")]
    InvalidField { field: &'static str, message: String },
    /// An imported file lacks a column the import cannot do without.
    #[error("la colonne « {column} » est introuvable : ajoutez-la au fichier ou associez-lui une colonne existante.")]
    MissingColumn { column: String },
}

impl CoreError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CoreError::InvalidField { field, message: message.into() }
    }

    /// A stable machine code the interface can switch on.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::InvalidField { .. } => "invalid_field",
            CoreError::MissingColumn { .. } => "missing_column",
        }
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
