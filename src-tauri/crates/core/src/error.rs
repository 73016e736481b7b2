use thiserror::Error;

use crate::ErrorCode;

/// Errors of the domain rules. Messages are French and say what to do: they reach users as they are.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CoreError {
    /// A field of a structure, person or visit does not hold an acceptable value.
    #[error("{field} : {message}")]
    InvalidField { field: &'static str, message: String },
    /// Several fields of a form at once, in the form's order.
    #[error("{}", problems.iter().map(|p| format!("{} : {}", p.label, p.message)).collect::<Vec<_>>().join(" ; "))]
    InvalidFields { problems: Vec<crate::validate::FieldProblem> },
    /// An imported file lacks a column the import cannot do without.
    #[error("la colonne « {column} » est introuvable : ajoutez-la au fichier ou associez-lui une colonne existante.")]
    MissingColumn { column: String },
    /// A file (a survey export, a template) that cannot be read as expected, with the place of the problem.
    #[error("{}", file_place(file, *line, column.as_deref(), message))]
    File { file: String, line: Option<usize>, column: Option<String>, message: String },
}

impl CoreError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CoreError::InvalidField { field, message: message.into() }
    }

    /// A stable machine code the interface can switch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::InvalidField { .. } | CoreError::InvalidFields { .. } => ErrorCode::InvalidField,
            CoreError::MissingColumn { .. } => ErrorCode::MissingColumn,
            CoreError::File { .. } => ErrorCode::FileUnreadable,
        }
    }
}

/// "Fichier « x.csv », ligne 4, colonne C : message", as the store words its own file errors.
fn file_place(file: &str, line: Option<usize>, column: Option<&str>, message: &str) -> String {
    let mut out = format!("Fichier « {file} »");
    if let Some(line) = line {
        out.push_str(&format!(", ligne {line}"));
    }
    if let Some(column) = column {
        out.push_str(&format!(", colonne {column}"));
    }
    out.push_str(" : ");
    out.push_str(message);
    out
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
